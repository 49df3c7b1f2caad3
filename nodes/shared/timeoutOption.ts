import type { INodeProperties } from 'n8n-workflow';

import { checkNumber } from '../protocol';

const MAX_TIMEOUT_SECONDS = 600;

/** The "Timeout (Seconds)" option every operation and the trigger offer; read it with timeoutMsOf(). */
export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_SECONDS },
	default: 30,
	description: 'How long to wait for 28inter to answer one request',
};

/** The option in milliseconds; unset means `defaultSeconds`. Checked, because an expression can give anything. */
export function timeoutMsOf(value: unknown, defaultSeconds: number): number {
	if (value === undefined || value === null || value === '') return defaultSeconds * 1000;
	const seconds = checkNumber(value, {
		field: 'timeout',
		label: 'Timeout (Seconds)',
		min: 1,
		max: MAX_TIMEOUT_SECONDS,
		whole: false,
		hint: `Give the seconds to wait for 28inter, from 1 to ${MAX_TIMEOUT_SECONDS}.`,
	});
	return Math.round(seconds * 1000);
}
