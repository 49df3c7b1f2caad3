// What the gateway does with one request once the transport has delivered it: the vendor rules
// of the document, in the order the simulator checks them. The document gives no order; this one
// answers the most specific code a client could act on.
//
// send:    action -> 0 | credentials -> 1, 2 | MMS permission -> 10 | mobile empty -> 3 |
//          more than 2000 -> 5 | malformed number -> 0 | starttime format -> 0 | content empty -> 4 |
//          content malformed -> 0 | over 100 KB -> 9 | balance -> 6 | forced 7/8 -> 7, 8 | accepted
// balance: credentials -> Faild | Success
// reports: action -> 4 | credentials -> 1, 2 | report permission -> 3 | statusNum -> 4 | reports
import { decodeContent, frameText, mmsSize, MAX_MMS_BYTES } from './core';
import type { Frame } from './core';
import type { AnyFaultKind } from './faults';
import type { Handout, SimulatorState, SubmissionFrame } from './state';
import {
	balanceFailedReply,
	balanceSuccessReply,
	emptyReportsReply,
	reportErrorReply,
	reportsReply,
} from './vendorReplies';
import { decodeWireContent, isMobile, isVendorStartTime, wireSize } from './wireFormat';
import type { WireFrame, WireResult } from './wireFormat';

export const MAX_RECIPIENTS = 2000;
export const DEFAULT_STATUS_NUM = 4000;
export const MAX_STATUS_NUM = 10_000;

export interface VendorResult {
	body: string;
	/** 200, or 500 when the core and the wire check disagree (strictAgreement). */
	httpStatus: number;
	vendorCode: string;
	/** Did vendor state change? */
	effect: boolean;
	note?: string;
	taskId?: string;
	handout?: Handout;
}

type Fields = Readonly<Record<string, string>>;

function refuse(state: SimulatorState, code: number, note: string): VendorResult {
	state.refusedSend();
	return { body: String(code), httpStatus: 200, vendorCode: String(code), effect: false, note };
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function wireText(frame: WireFrame): string {
	let text = '';
	for (const part of frame.parts) if (part.text !== undefined) text += part.text;
	return text;
}

/** Compares the core's decodeContent with the simulator's own reading; returns what differs. */
export function compareWithCore(content: string, title: string, wire: WireResult<WireFrame[]>): string | null {
	let core: Frame[];
	try {
		core = decodeContent(content, 'rawContent');
	} catch (error) {
		if (wire.ok) return `the core refused content the wire check accepts: ${messageOf(error)}`;
		return null;
	}
	if (!wire.ok) return `the core accepted content the wire check refuses: ${wire.problem}`;
	const frames = wire.value;
	if (core.length !== frames.length) return `frame count: core ${core.length}, wire ${frames.length}`;
	for (let f = 0; f < frames.length; f++) {
		const a = core[f];
		const b = frames[f];
		if (a.durationSeconds !== b.durationSeconds) return `frame ${f + 1} duration: core ${a.durationSeconds}, wire ${b.durationSeconds}`;
		if (a.parts.length !== b.parts.length) return `frame ${f + 1} part count: core ${a.parts.length}, wire ${b.parts.length}`;
		for (let p = 0; p < b.parts.length; p++) {
			if (a.parts[p].type !== b.parts[p].type) return `frame ${f + 1} part ${p + 1} type: core ${a.parts[p].type}, wire ${b.parts[p].type}`;
			if (!Buffer.from(a.parts[p].bytes).equals(b.parts[p].bytes)) return `frame ${f + 1} part ${p + 1}: decoded bytes differ`;
		}
		const coreText = frameText(a);
		if (coreText !== wireText(b)) return `frame ${f + 1} text: core ${JSON.stringify(coreText.slice(0, 40))}, wire ${JSON.stringify(wireText(b).slice(0, 40))}`;
	}
	const coreSize = mmsSize(title, core);
	const size = wireSize(title, frames);
	if (coreSize !== size) return `size: core ${coreSize}, wire ${size}`;
	return null;
}

export function handleSend(state: SimulatorState, fields: Fields, now = Date.now()): VendorResult {
	if (fields.action !== 'send') return refuse(state, 0, `action ${JSON.stringify(fields.action ?? '')} is neither send nor overage`);
	const check = state.accountBook.check(fields.userid, fields.account, fields.password);
	if (!check.ok) {
		return check.reason === 'empty'
			? refuse(state, 1, 'userid, account or password is empty')
			: refuse(state, 2, 'no account with this userid, account and password');
	}
	const account = check.account;
	if (!account.mms) return refuse(state, 10, `account ${account.account} has no MMS permission`);

	const mobileField = fields.mobile ?? '';
	if (mobileField.trim() === '') return refuse(state, 3, 'mobile is empty');
	const mobiles = mobileField.split(',');
	if (mobiles.length > MAX_RECIPIENTS) return refuse(state, 5, `${mobiles.length} numbers in one submission, the limit is ${MAX_RECIPIENTS}`);
	const badMobile = mobiles.findIndex((m) => !isMobile(m));
	if (badMobile >= 0) {
		return refuse(state, 0, `mobile entry ${badMobile + 1} ${JSON.stringify(mobiles[badMobile].slice(0, 30))} is not an 11-digit mobile number (numbers are separated by ',' only)`);
	}

	const startTime = fields.starttime ?? '';
	if (startTime !== '' && !isVendorStartTime(startTime)) {
		return refuse(state, 0, `starttime ${JSON.stringify(startTime.slice(0, 40))} is not a real date in the format YYYY-MM-DD HH:mm:ss`);
	}

	const content = fields.content ?? '';
	if (content.trim() === '') return refuse(state, 4, 'content is empty');
	const title = fields.title ?? '';
	const wire = decodeWireContent(content);
	const disagreement = compareWithCore(content, title, wire);
	if (disagreement !== null) {
		state.recordDisagreement(disagreement);
		if (state.config.strictAgreement) {
			state.refusedSend();
			return {
				body: `28inter simulator: the protocol core and the simulator's wire check disagree about this content: ${disagreement}`,
				httpStatus: 500,
				vendorCode: 'disagreement',
				effect: false,
				note: disagreement,
			};
		}
	}
	if (!wire.ok) return refuse(state, 0, `content: ${wire.problem}`);

	const size = wireSize(title, wire.value);
	if (size > MAX_MMS_BYTES) return refuse(state, 9, `title + decoded content is ${size} bytes, the limit is ${MAX_MMS_BYTES}`);

	if (account.billing === 'prepaid' && account.balance < mobiles.length) {
		return refuse(state, 6, `balance ${account.balance} is less than the ${mobiles.length} points this send costs`);
	}
	const forced = state.config.forceSendCode;
	if (forced !== null) return refuse(state, forced, `forceSendCode ${forced} is set`);

	const frames: SubmissionFrame[] = wire.value.map((frame) => ({
		durationSeconds: frame.durationSeconds,
		parts: frame.parts.map((part) => (part.text !== undefined ? { type: part.type, bytes: part.bytes, text: part.text } : { type: part.type, bytes: part.bytes })),
	}));
	const submission = state.acceptSend(
		account,
		{
			account: account.account,
			userId: account.userId,
			mobiles,
			title,
			startTime: startTime === '' ? null : startTime,
			content,
			frames,
			sizeBytes: size,
		},
		now,
	);
	const balance = Number.isInteger(submission.balanceAfter) ? String(submission.balanceAfter) : submission.balanceAfter.toFixed(2);
	return { body: `${balance}:${submission.taskId}`, httpStatus: 200, vendorCode: 'accepted', effect: true, taskId: submission.taskId };
}

export function handleBalance(state: SimulatorState, fields: Fields): VendorResult {
	const prolog = state.config.balanceProlog;
	const check = state.accountBook.check(fields.userid, fields.account, fields.password);
	if (!check.ok) {
		return {
			body: balanceFailedReply(check.reason, prolog),
			httpStatus: 200,
			vendorCode: 'Faild',
			effect: false,
			note: check.reason === 'empty' ? 'userid, account or password is empty' : 'no account with this userid, account and password',
		};
	}
	return { body: balanceSuccessReply(check.account, prolog, state.config.balanceNumbers), httpStatus: 200, vendorCode: 'Success', effect: false };
}

function reportError(code: 1 | 2 | 3 | 4, note: string): VendorResult {
	return { body: reportErrorReply(code), httpStatus: 200, vendorCode: `errorstatus ${code}`, effect: false, note };
}

export function handleReports(state: SimulatorState, fields: Fields, requestId: number, fault: AnyFaultKind | null): VendorResult {
	if (fields.action !== 'query') return reportError(4, `action ${JSON.stringify(fields.action ?? '')} is not query`);
	const check = state.accountBook.check(fields.userid, fields.account, fields.password);
	if (!check.ok) {
		return check.reason === 'empty'
			? reportError(1, 'userid, account or password is empty')
			: reportError(2, 'no account with this userid, account and password');
	}
	if (!check.account.reports) return reportError(3, `account ${check.account.account} may not read delivery reports`);
	const raw = fields.statusNum ?? '';
	let statusNum = DEFAULT_STATUS_NUM;
	if (raw !== '') {
		// "必须为数字": digits only; 0 asks for nothing and is refused like any other bad value.
		if (!/^[0-9]{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_STATUS_NUM) {
			return reportError(4, `statusNum ${JSON.stringify(raw.slice(0, 20))} is not a number from 1 to ${MAX_STATUS_NUM}`);
		}
		statusNum = Number(raw);
	}
	const handout = state.takeReports(check.account.account, statusNum, requestId, fault);
	if (handout.count === 0) {
		return { body: emptyReportsReply(state.config.emptyReports), httpStatus: 200, vendorCode: 'empty', effect: false, handout };
	}
	const settings = state.config;
	return {
		body: reportsReply(handout.slices, { cdata: settings.reportCdata, slashDates: settings.reportSlashDates, extraElement: settings.reportExtraElement }),
		httpStatus: 200,
		vendorCode: `reports ${handout.count}`,
		effect: true,
		handout,
	};
}
