import { UnexpectedReplyError, VendorError } from '../errors';
import { vendorTimeToIso, type DeliveryReport } from './deliveryReport';
import { scanReports } from './reportsScanner';
import { bodyText, childText, parseReturnsms, type XmlObject, type XmlValue } from './xmlReply';

export { vendorTimeToIso, type DeliveryReport, type ReportStatus } from './deliveryReport';

/** One reply: its reports in the vendor's order, and what was odd about it (for a warning). */
export interface ReportsPage {
	reports: DeliveryReport[];
	notes: string[];
}

const WHOLE_NUMBER = /^-?\d{1,15}$/;
const MAX_NOTES = 10;

function isElement(value: XmlValue | undefined): value is XmlObject {
	return typeof value === 'object' && !Array.isArray(value);
}

function rawText(value: XmlValue): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

function rawFields(box: XmlValue): Record<string, string | string[]> {
	if (!isElement(box)) return { '#text': rawText(box) };
	const raw: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(box)) raw[name] = Array.isArray(value) ? value.map(rawText) : rawText(value);
	return raw;
}

/** The text of a child that occurs once and holds only text; undefined otherwise. */
function singleText(box: XmlObject, name: string): string | undefined {
	if (!Object.prototype.hasOwnProperty.call(box, name)) return undefined;
	const value = box[name];
	return typeof value === 'string' ? value : undefined;
}

function whyNotUnderstood(box: XmlValue): string | undefined {
	if (!isElement(box)) return box === '' ? 'the <statusbox> is empty' : 'the <statusbox> holds text instead of fields';
	for (const name of ['mobile', 'taskid', 'status', 'receivetime', 'errorcode', 'extno']) {
		if (!Object.prototype.hasOwnProperty.call(box, name)) {
			if (name === 'errorcode' || name === 'extno') continue;
			return `<${name}> is missing`;
		}
		const value = box[name];
		if (typeof value !== 'string') return `<${name}> ${Array.isArray(value) ? 'appears more than once' : 'holds elements instead of text'}`;
	}
	if (box.mobile === '' || box.taskid === '') return `<${box.mobile === '' ? 'mobile' : 'taskid'}> is empty`;
	if (box.status !== '10' && box.status !== '20') return `<status> is "${String(box.status).slice(0, 20)}", neither 10 nor 20`;
	return undefined;
}

/** A report the parser did not fully understand: still one item, never dropped (it cannot be fetched again). */
function unknownReport(box: XmlValue, problem: string): DeliveryReport {
	const fields = isElement(box) ? box : {};
	const status = singleText(fields, 'status')?.trim();
	const time = singleText(fields, 'receivetime');
	return {
		mobile: singleText(fields, 'mobile') ?? '',
		taskId: singleText(fields, 'taskid') ?? '',
		status: 'unknown',
		statusCode: status !== undefined && WHOLE_NUMBER.test(status) ? Number(status) : null,
		receivedAt: time === undefined ? null : vendorTimeToIso(time),
		gatewayCode: singleText(fields, 'errorcode') ?? '',
		extNo: singleText(fields, 'extno') ?? '',
		problem,
		raw: rawFields(box),
	};
}

function toReport(box: XmlValue): DeliveryReport {
	// The common shape is checked with a few property reads; only an odd box takes the slow path.
	if (isElement(box)) {
		const { mobile, taskid, status, receivetime, errorcode, extno } = box;
		if (
			typeof mobile === 'string' && mobile !== '' &&
			typeof taskid === 'string' && taskid !== '' &&
			(status === '10' || status === '20') &&
			typeof receivetime === 'string' &&
			(errorcode === undefined || typeof errorcode === 'string') &&
			(extno === undefined || typeof extno === 'string')
		) {
			return {
				mobile,
				taskId: taskid,
				status: status === '10' ? 'delivered' : 'failed',
				statusCode: status === '10' ? 10 : 20,
				receivedAt: vendorTimeToIso(receivetime),
				gatewayCode: errorcode ?? '',
				extNo: extno ?? '',
			};
		}
	}
	return unknownReport(box, whyNotUnderstood(box) ?? 'the <statusbox> has an unexpected shape');
}

function errorStatus(value: XmlValue, body: string): VendorError | UnexpectedReplyError {
	if (!isElement(value)) return new UnexpectedReplyError('reports', body, '<errorstatus> holds no <error>');
	const code = childText(value, 'error', 'reports', body)?.trim();
	if (code === undefined || code === '') return new UnexpectedReplyError('reports', body, '<errorstatus> holds no <error>');
	return new VendorError('reports', code, childText(value, 'remark', 'reports', body));
}

/**
 * Report XML -> the reports in the vendor's order. Empty body, white space, <returnsms/> -> none.
 * Every <statusbox> becomes a report: one the parser does not fully understand is an `unknown` report that
 * keeps the raw fields, because the vendor hands each report out once. Only a reply that is not the
 * protocol at all (HTML, cut-off XML, another root) is an error; an <errorstatus> alone is the vendor's error.
 * The shape 28inter sends is read by scanReports; anything else by the XML parser (readReportsXml).
 */
export function parseReportsReply(reply: string): ReportsPage {
	const body = bodyText(reply, 'reports');
	const scanned = scanReports(body);
	return scanned === undefined ? readReportsXml(body) : { reports: scanned, notes: [] };
}

/** The full reading of a report reply with fast-xml-parser: every form, odd boxes included. */
export function readReportsXml(body: string): ReportsPage {
	const root = parseReturnsms(body, 'reports');
	if (root === undefined || root === '') return { reports: [], notes: [] };
	const notes: string[] = [];
	const boxes = root.statusbox;
	for (const name of Object.keys(root)) {
		if (name === 'statusbox' || name === 'errorstatus') continue;
		const what = name === '#text' ? 'loose text' : `<${name.slice(0, 20)}>`;
		// Beside reports, an unknown element must not cost them; without any, the reply is something else.
		if (boxes === undefined && root.errorstatus === undefined) throw new UnexpectedReplyError('reports', body, `<returnsms> holds ${what}, not <statusbox> elements`);
		if (notes.length < MAX_NOTES) notes.push(`<returnsms> also held ${what}, which was ignored`);
	}
	if (root.errorstatus !== undefined) {
		const error = errorStatus(root.errorstatus, body);
		// Reports beside an error are still reports taken off the vendor's queue: keep them, note the error.
		if (boxes === undefined) throw error;
		notes.push(`<returnsms> held an <errorstatus> beside the reports: ${error.message}`);
	}
	if (boxes === undefined) return { reports: [], notes };
	const list = Array.isArray(boxes) ? boxes : [boxes];
	const reports = new Array<DeliveryReport>(list.length);
	let unknown = 0;
	for (let i = 0; i < list.length; i++) {
		const report = toReport(list[i]);
		if (report.status === 'unknown') {
			unknown++;
			if (notes.length < MAX_NOTES) notes.push(`<statusbox> ${i + 1} was not understood (${report.problem}); it is output with status "unknown"`);
		}
		reports[i] = report;
	}
	if (unknown > MAX_NOTES) notes.push(`${unknown} <statusbox> elements in all were not understood`);
	return { reports, notes };
}
