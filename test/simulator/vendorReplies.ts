// Reply bodies, built as strings: the 10,000-report reply must not cost more than the client's
// parse of it, so no XML library is involved. Line breaks are CRLF as an ASP.NET page writes them.
import type { Account } from './accounts';
import type { ReportSlice } from './reportQueue';
import { BALANCE_MESSAGES, PAYINFO, REPORT_ERROR_TEXT } from './vendorText';

export type BalanceProlog = 'malformed' | 'correct' | 'none';
export type EmptyReportsReply = 'emptyBody' | 'emptyReturnsms' | 'selfClosing';

const NL = '\r\n';
/** Exactly as the document prints it for the balance reply: not a processing instruction at all. */
const MALFORMED_PROLOG = '<xml version="1.0" encoding="utf-8">';
/** As the document prints it for the report reply, trailing space included. */
const REPORT_PROLOG = '<?xml version="1.0" encoding="utf-8" ?> ';

function prolog(kind: BalanceProlog): string {
	if (kind === 'malformed') return MALFORMED_PROLOG + NL;
	if (kind === 'correct') return '<?xml version="1.0" encoding="utf-8"?>' + NL;
	return '';
}

function formatPoints(value: number): string {
	return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function balanceSuccessReply(account: Account, kind: BalanceProlog): string {
	return (
		prolog(kind) +
		'<returnsms>' + NL +
		'<returnstatus>Success</returnstatus>' + NL +
		`<message>${BALANCE_MESSAGES.success}</message>` + NL +
		`<payinfo>${PAYINFO[account.billing]}</payinfo>` + NL +
		`<overage>${formatPoints(account.balance)}</overage>` + NL +
		`<sendTotal>${formatPoints(account.sendTotal)}</sendTotal>` + NL +
		'</returnsms>'
	);
}

export function balanceFailedReply(reason: 'empty' | 'wrong', kind: BalanceProlog): string {
	return (
		prolog(kind) +
		'<returnsms>' + NL +
		'<returnstatus>Faild</returnstatus>' + NL +
		`<message>${BALANCE_MESSAGES[reason]}</message>` + NL +
		'<payinfo></payinfo>' + NL +
		'<overage></overage>' + NL +
		'<sendTotal></sendTotal>' + NL +
		'</returnsms>'
	);
}

export function reportErrorReply(code: 1 | 2 | 3 | 4): string {
	return (
		REPORT_PROLOG + NL +
		'<returnsms>' + NL +
		'<errorstatus>' + NL +
		`<error>${code}</error>` + NL +
		`<remark>${REPORT_ERROR_TEXT[code]}</remark>` + NL +
		'</errorstatus>' + NL +
		'</returnsms>'
	);
}

export function emptyReportsReply(kind: EmptyReportsReply): string {
	if (kind === 'emptyBody') return '';
	if (kind === 'selfClosing') return REPORT_PROLOG + NL + '<returnsms/>';
	return REPORT_PROLOG + NL + '<returnsms>' + NL + '</returnsms>';
}

export interface ReportStyle {
	cdata: boolean;
	slashDates: boolean;
}

export function reportsReply(slices: readonly ReportSlice[], style: ReportStyle): string {
	const open = style.cdata ? '<![CDATA[' : '';
	const close = style.cdata ? ']]>' : '';
	let out = REPORT_PROLOG + NL + '<returnsms>' + NL;
	for (const slice of slices) {
		const seg = slice.segment;
		// The per-segment parts are the same for every report of the segment: build them once.
		const taskAndTime = `</mobile>${NL}<taskid>${seg.taskId}</taskid>${NL}`;
		const time = `<receivetime>${style.slashDates ? seg.receiveTimeSlashed : seg.receiveTime}</receivetime>${NL}`;
		const tail = `<extno>${open}${close}</extno>${NL}</statusbox>${NL}`;
		for (let i = slice.start; i < slice.end; i++) {
			out +=
				`<statusbox>${NL}<mobile>${seg.mobile(i)}${taskAndTime}` +
				`<status>${seg.failed(i) ? 20 : 10}</status>${NL}${time}` +
				`<errorcode>${open}${seg.errorCode(i)}${close}</errorcode>${NL}${tail}`;
		}
	}
	return out + '</returnsms>';
}
