import { UnexpectedReplyError, VendorError } from '../errors';
import { bodyText, childText, parseReturnsms, type XmlObject, type XmlValue } from './xmlReply';

export interface DeliveryReport {
	mobile: string;
	taskId: string;
	status: 'delivered' | 'failed';
	statusCode: 10 | 20;
	/** ISO 8601 in China time, e.g. '2011-12-02T22:12:11+08:00'. */
	receivedAt: string;
	/** The upstream gateway's code (the vendor's errorcode field, e.g. DELIVRD); only informative. */
	gatewayCode: string;
	extNo: string;
}

const VENDOR_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/;
const ALLOWED_CHILDREN = new Set(['statusbox', 'errorstatus']);

function two(text: string): string {
	return text.length === 1 ? `0${text}` : text;
}

/** '2011-12-02 22:12:11' or '2020/6/8 18:21:21' (China time) -> '2011-12-02T22:12:11+08:00'.
 *  An unrecognised time is kept as the vendor wrote it: a report is handed out only once, and losing it over
 *  a date format would be worse than an odd date. */
export function vendorTimeToIso(text: string): string {
	const match = VENDOR_TIME.exec(text);
	if (match === null) return text;
	const [, year, month, day, hour, minute, second = '0'] = match;
	const m = Number(month);
	const d = Number(day);
	if (m < 1 || m > 12 || d < 1 || d > 31 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return text;
	return `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}+08:00`;
}

function toReport(box: XmlValue, body: string): DeliveryReport {
	if (typeof box !== 'object' || Array.isArray(box)) throw new UnexpectedReplyError('reports', body, '<statusbox> holds no fields');
	const mobile = childText(box, 'mobile', 'reports', body);
	const taskId = childText(box, 'taskid', 'reports', body);
	const status = childText(box, 'status', 'reports', body);
	const receiveTime = childText(box, 'receivetime', 'reports', body);
	if (mobile === undefined || mobile === '' || taskId === undefined || taskId === '' || receiveTime === undefined) {
		throw new UnexpectedReplyError('reports', body, 'a <statusbox> lacks its mobile, taskid or receivetime');
	}
	if (status !== '10' && status !== '20') {
		throw new UnexpectedReplyError('reports', body, `a <statusbox> has status "${String(status).slice(0, 10)}", neither 10 nor 20`);
	}
	return {
		mobile,
		taskId,
		status: status === '10' ? 'delivered' : 'failed',
		statusCode: status === '10' ? 10 : 20,
		receivedAt: vendorTimeToIso(receiveTime),
		gatewayCode: childText(box, 'errorcode', 'reports', body) ?? '',
		extNo: childText(box, 'extno', 'reports', body) ?? '',
	};
}

function throwErrorStatus(value: XmlValue, body: string): never {
	if (typeof value !== 'object' || Array.isArray(value)) throw new UnexpectedReplyError('reports', body, '<errorstatus> holds no <error>');
	const code = childText(value, 'error', 'reports', body)?.trim();
	if (code === undefined || code === '') throw new UnexpectedReplyError('reports', body, '<errorstatus> holds no <error>');
	throw new VendorError('reports', code, childText(value, 'remark', 'reports', body));
}

/** Report XML -> reports in the vendor's order. Empty body, white space, <returnsms/> -> []. Values stay strings. */
export function parseReportsReply(reply: string): DeliveryReport[] {
	const body = bodyText(reply, 'reports');
	const root = parseReturnsms(body, 'reports');
	if (root === undefined || root === '') return [];
	const names = Object.keys(root);
	for (const name of names) {
		if (!ALLOWED_CHILDREN.has(name)) {
			throw new UnexpectedReplyError('reports', body, `<returnsms> holds ${name === '#text' ? 'loose text' : `<${name.slice(0, 20)}>`}, not <statusbox> elements`);
		}
	}
	const errorStatus = (root as XmlObject).errorstatus;
	if (errorStatus !== undefined) throwErrorStatus(errorStatus, body);
	const boxes = root.statusbox;
	if (boxes === undefined) return [];
	if (!Array.isArray(boxes)) return [toReport(boxes, body)];
	const reports = new Array<DeliveryReport>(boxes.length);
	for (let i = 0; i < boxes.length; i++) reports[i] = toReport(boxes[i], body);
	return reports;
}
