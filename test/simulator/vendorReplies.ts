// Reply bodies, built as strings: the 10,000-report reply must not cost more than the client's
// parse of it, so no XML library is involved. Line breaks are CRLF as an ASP.NET page writes them.
import type { Account } from './accounts';
import { oddStatusBox } from './reportOddities';
import { sliceCount } from './reportQueue';
import type { ReportSlice } from './reportQueue';
import { BALANCE_MESSAGES, PAYINFO, REPORT_ERROR_TEXT } from './vendorText';

export type BalanceProlog = 'malformed' | 'correct' | 'none';
export type EmptyReportsReply = 'emptyBody' | 'emptyReturnsms' | 'selfClosing';
/** How <overage> and <sendTotal> of a successful balance reply are written: 1000 (the document),
 *  1,000, 1000.00, <overage></overage>, or no element at all. */
export type BalanceNumbers = 'plain' | 'grouped' | 'decimal' | 'empty' | 'missing';
export const BALANCE_NUMBERS: readonly BalanceNumbers[] = ['plain', 'grouped', 'decimal', 'empty', 'missing'];

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

/** Thousands separated by commas, without relying on the machine's locale data. */
function groupThousands(value: number): string {
	const plain = formatPoints(Math.abs(value));
	const [whole, fraction] = plain.split('.');
	const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
	return (value < 0 ? '-' : '') + grouped + (fraction === undefined ? '' : `.${fraction}`);
}

function numberElement(name: string, value: number, style: BalanceNumbers): string {
	if (style === 'missing') return '';
	const text = style === 'plain' ? formatPoints(value) : style === 'grouped' ? groupThousands(value) : style === 'decimal' ? value.toFixed(2) : '';
	return `<${name}>${text}</${name}>` + NL;
}

export function balanceSuccessReply(account: Account, kind: BalanceProlog, numbers: BalanceNumbers = 'plain'): string {
	return (
		prolog(kind) +
		'<returnsms>' + NL +
		'<returnstatus>Success</returnstatus>' + NL +
		`<message>${BALANCE_MESSAGES.success}</message>` + NL +
		`<payinfo>${PAYINFO[account.billing]}</payinfo>` + NL +
		numberElement('overage', account.balance, numbers) +
		numberElement('sendTotal', account.sendTotal, numbers) +
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
	/** Add <total>N</total> (an element the document does not have) right inside <returnsms>. */
	extraElement?: boolean;
}

/** The odd statusboxes of one slice: rare, so built report by report through the general writer. */
function oddStatusBoxes(slice: ReportSlice, style: ReportStyle, open: string, close: string): string {
	const seg = slice.segment;
	const odd = seg.odd!;
	const receiveTime = style.slashDates ? seg.receiveTimeSlashed : seg.receiveTime;
	let out = '';
	for (let i = slice.start; i < slice.end; i++) {
		const errorCode = seg.errorCode(i);
		out += oddStatusBox(
			odd.oddity,
			{
				mobile: seg.mobile(i),
				taskId: seg.taskId,
				status: seg.failed(i) ? 20 : 10,
				receiveTime,
				errorCode,
				errorCodeXml: `${open}${errorCode}${close}`,
				extNoXml: `${open}${seg.extNo(i)}${close}`,
			},
			NL,
		);
	}
	return out;
}

export function reportsReply(slices: readonly ReportSlice[], style: ReportStyle): string {
	const open = style.cdata ? '<![CDATA[' : '';
	const close = style.cdata ? ']]>' : '';
	let out = REPORT_PROLOG + NL + '<returnsms>' + NL;
	if (style.extraElement) out += `<total>${sliceCount(slices)}</total>` + NL;
	for (const slice of slices) {
		const seg = slice.segment;
		if (seg.odd) {
			out += oddStatusBoxes(slice, style, open, close);
			continue;
		}
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
