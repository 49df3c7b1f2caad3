import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InvalidInputError, checkNumber, showValue } from '../../../protocol';
import { timeoutMsOf } from '../../../shared/timeoutOption';

/** Options that shape the whole execution, read once (from the first item): how submissions go out. */
export interface SendSettings {
	concurrency: number;
	timeoutMs: number;
	dryRun: boolean;
	/** undefined: decided by the plan (on when the execution makes more than one submission). */
	checkBalance: boolean | undefined;
	pointsPerRecipient: number;
	pauseMs: number;
	outputPerRecipient: boolean;
	/** Input item fields copied into each per-recipient item. */
	recipientFields: string[];
	combineItems: boolean;
}

const MAX_PAUSE_MS = 3_600_000;
/** Submissions in flight at once by default: enough to keep the connection busy while the node and
 *  28inter work on the next ones, few enough not to flood an account. */
export const DEFAULT_CONCURRENCY = 4;

function flag(value: unknown, name: string, label: string, fallback: boolean): boolean {
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new InvalidInputError(`${label} ${showValue(value)} is neither true nor false`, name, `Turn ${label} on or off (an expression must give true or false).`);
}

function fieldList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String).map((name) => name.trim()).filter(Boolean);
	return typeof value === 'string' ? value.split(/[,\s]+/).filter(Boolean) : [];
}

export function readSendSettings(this: IExecuteFunctions): SendSettings {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		concurrency: checkNumber(options.concurrency ?? DEFAULT_CONCURRENCY, {
			field: 'concurrency',
			label: 'Batch Concurrency',
			min: 1,
			max: 10,
			whole: true,
			hint: 'Give how many submissions may be in flight at once, a whole number from 1 to 10.',
		}),
		timeoutMs: timeoutMsOf(options.timeout, 60),
		dryRun: flag(options.dryRun, 'dryRun', 'Preview Only', false),
		checkBalance: options.checkBalance === undefined ? undefined : flag(options.checkBalance, 'checkBalance', 'Check Balance First', true),
		pointsPerRecipient: checkNumber(options.pointsPerRecipient ?? 1, {
			field: 'pointsPerRecipient',
			label: 'Points per Recipient',
			min: 0,
			whole: false,
			hint: 'Give the points 28inter charges for one recipient of one MMS (usually 1).',
		}),
		pauseMs: checkNumber(options.pauseBetweenSubmissions ?? 0, {
			field: 'pauseBetweenSubmissions',
			label: 'Pause Between Submissions (Ms)',
			min: 0,
			max: MAX_PAUSE_MS,
			whole: true,
			hint: 'Give the milliseconds between the starts of two submissions, from 0 to 3,600,000.',
		}),
		outputPerRecipient: flag(options.outputPerRecipient, 'outputPerRecipient', 'One Item per Recipient', false),
		recipientFields: fieldList(options.recipientFields),
		combineItems: flag(options.combineItems, 'combineItems', 'Combine Identical Messages', true),
	};
}
