import { UnexpectedReplyError, VendorError } from '../errors';
import { bodyText, childText, parseReturnsms } from './xmlReply';

export interface BalanceInfo {
	billing: 'prepaid' | 'postpaid';
	balance: number;
	/** The vendor's sendTotal (总点数); for prepaid accounts the total points ever recharged. */
	totalPoints: number;
	message: string;
}

const BILLING: Record<string, BalanceInfo['billing']> = {
	预付费: 'prepaid',
	后付费: 'postpaid',
	prepaid: 'prepaid',
	postpaid: 'postpaid',
};
const NUMBER = /^[+-]?\d{1,15}(?:\.\d{1,10})?$/;

function requiredNumber(text: string | undefined, name: string, body: string): number {
	if (text === undefined || !NUMBER.test(text)) {
		throw new UnexpectedReplyError('balance', body, text === undefined ? `<${name}> is missing` : `<${name}> is not a number`);
	}
	return Number(text);
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
		balance: requiredNumber(childText(root, 'overage', 'balance', body), 'overage', body),
		totalPoints: requiredNumber(childText(root, 'sendTotal', 'balance', body), 'sendTotal', body),
		message,
	};
}
