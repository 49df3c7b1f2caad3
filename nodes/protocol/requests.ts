import { InvalidInputError } from './errors';
import { buildFormBody } from './formBody';
import { MAX_RECIPIENTS_PER_SUBMISSION } from './recipients';
import { checkNumber, type NumberRule } from './numberParameter';
import { formatCount } from './showValue';

/** Form fields of the three vendor requests, in the order of the vendor document. Pass them to buildFormBody. */

export interface AccountCredentials {
	userId: string;
	account: string;
	password: string;
}

export interface SendMessage {
	title: string;
	/** The frame content (encodeFrames().content or validated raw content). */
	content: string;
	/** 'YYYY-MM-DD HH:mm:ss' China time from toVendorStartTime; absent or '' sends at once. */
	startTime?: string;
}

/** statusNum: the vendor document allows at most 10,000 and defaults to 4,000. */
export const MAX_STATUS_NUM = 10_000;
export const DEFAULT_STATUS_NUM = 4000;

function credentialFields(c: AccountCredentials): Record<string, string> {
	return { userid: c.userId, account: c.account, password: c.password };
}

function checkBatch(mobiles: string[]): void {
	if (mobiles.length === 0) throw new InvalidInputError('No recipients to send to', 'recipients', 'Enter at least one mobile number.');
	if (mobiles.length > MAX_RECIPIENTS_PER_SUBMISSION) {
		throw new InvalidInputError(
			`${mobiles.length} recipients in one submission, more than the vendor's ${MAX_RECIPIENTS_PER_SUBMISSION}`,
			'recipients',
			`Split the list into submissions of at most ${MAX_RECIPIENTS_PER_SUBMISSION} numbers (chunk()).`,
		);
	}
}

/**
 * The send body of every submission of one message, fields in the vendor document's order
 * (action, userid, account, password, mobile, title, starttime, content). The title and content —
 * up to 100 KB, about 140 KB once percent-encoded — are encoded once, not once per batch of 2,000.
 */
export function sendBodyBuilder(c: AccountCredentials, m: SendMessage): (mobiles: string[]) => string {
	const head = buildFormBody({ action: 'send', ...credentialFields(c) });
	const tail = buildFormBody({ title: m.title, starttime: m.startTime ?? '', content: m.content });
	return (mobiles) => {
		checkBatch(mobiles);
		return `${head}&${buildFormBody({ mobile: mobiles.join(',') })}&${tail}`;
	};
}

export function balanceFields(c: AccountCredentials): Record<string, string> {
	return { action: 'overage', ...credentialFields(c) };
}

/** The rule for every count of reports asked for in one request (Limit, Page Size, statusNum). */
export function statusNumRule(field: string, label: string): NumberRule {
	return {
		field,
		label,
		min: 1,
		max: MAX_STATUS_NUM,
		whole: true,
		hint: `28inter hands out 1 to ${formatCount(MAX_STATUS_NUM)} reports per request: use a whole number in that range (the vendor's default is ${formatCount(DEFAULT_STATUS_NUM)}).`,
	};
}

export function reportsFields(c: AccountCredentials, statusNum: number): Record<string, string> {
	checkNumber(statusNum, statusNumRule('statusNum', 'The number of reports to fetch'));
	return { action: 'query', ...credentialFields(c), statusNum: String(statusNum) };
}
