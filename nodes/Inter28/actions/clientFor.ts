import type { IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS, Inter28Client, connectionFromCredentials, postFormWithHttpRequest } from '../transport';

/** Builds the vendor client for one execution from the node's `inter28Api` credential. */
export async function clientFor(context: IExecuteFunctions, timeoutSeconds?: number): Promise<Inter28Client> {
	const credentials = await context.getCredentials('inter28Api');
	const timeoutMs = timeoutSeconds && timeoutSeconds > 0 ? Math.round(timeoutSeconds * 1000) : DEFAULT_TIMEOUT_MS;
	return new Inter28Client(postFormWithHttpRequest(context), connectionFromCredentials(credentials), timeoutMs);
}

export const timeoutOption = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number' as const,
	typeOptions: { minValue: 1, maxValue: 600 },
	default: 30,
	description: 'How long to wait for 28inter to answer one request',
};
