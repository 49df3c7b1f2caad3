import { UnexpectedReplyError, VendorError } from '../errors';
import { bodyText, childText, parseReturnsms } from './xmlReply';

export interface BalanceInfo {
	billing: 'prepaid' | 'postpaid';
	/** Remaining points; null when the vendor left the number out or wrote something that is not one. */
	balance: number | null;
	/** The vendor's sendTotal (总点数); for prepaid accounts the total points ever recharged; null as above. */
	totalPoints: number | null;
	message: string;
}

const BILLING: Record<string, BalanceInfo['billing']> = {
	预付费: 'prepaid',
	后付费: 'postpaid',
	prepaid: 'prepaid',
	postpaid: 'postpaid',
};
const NUMBER = /^[+-]?\d{1,15}(?:\.\d{1,10})?$/;
// Thousands separators as deployments write them: '1,000', '1，000', '1 000'.
const GROUPING = /[,，\s]/g;

/** '1000', '1,000', '1000.00' -> a number; empty, missing or not a number -> null. A balance reply that
 *  says Success is still a success when one figure is blank: failing the whole query (and with it the
 *  credential test) over a display detail would be worse than showing the figure as unknown. */
function tolerantNumber(text: string | undefined): number | null {
	if (text === undefined) return null;
	const plain = text.replace(GROUPING, '');
	return NUMBER.test(plain) ? Number(plain) : null;
}

/** Balance XML -> BalanceInfo; returnstatus Faild -> VendorError('balance', 'Faild', vendor message). */
export function parseBalanceReply(reply: string): BalanceInfo {
	const body = bodyText(reply, 'balance');
	const root = parseReturnsms(body, 'balance');
	if (root === undefined) throw new UnexpectedReplyError('balance', '', 'the body is empty');
	if (root === '') throw new UnexpectedReplyError('balance', body, '<returnsms> is empty');
	const status = childText(root, 'returnstatus', 'balance', body)?.trim();
	const message = childText(root, 'message', 'balance', body) ?? '';
	if (status === 'Faild' || status?.toLowerCase() === 'failed' || status?.toLowerCase() === 'faild') {
		throw new VendorError('balance', 'Faild', message);
	}
	if (status !== 'Success') {
		throw new UnexpectedReplyError('balance', body, status === undefined ? '<returnstatus> is missing' : `<returnstatus> is "${status.slice(0, 20)}", neither Success nor Faild`);
	}
	const payinfo = childText(root, 'payinfo', 'balance', body)?.trim() ?? '';
	const billing = Object.prototype.hasOwnProperty.call(BILLING, payinfo) ? BILLING[payinfo] : undefined;
	if (billing === undefined) {
		throw new UnexpectedReplyError('balance', body, `<payinfo> "${payinfo.slice(0, 20)}" is neither 预付费 (prepaid) nor 后付费 (postpaid)`);
	}
	return {
		billing,
		balance: tolerantNumber(childText(root, 'overage', 'balance', body)),
		totalPoints: tolerantNumber(childText(root, 'sendTotal', 'balance', body)),
		message,
	};
}
