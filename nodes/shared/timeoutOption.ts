import type { INodeProperties } from 'n8n-workflow';

/** The "Timeout (Seconds)" option both nodes offer; read it with timeoutFromSeconds(). */
export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 600 },
	default: 30,
	description: 'How long to wait for 28inter to answer one request',
};
