import { vendorTimeToIso, type DeliveryReport } from './deliveryReport';

/**
 * A fast reading of the one reply shape 28inter actually sends for reports:
 *
 *   [<?xml …?>] <returnsms> (<statusbox> <mobile>…</mobile> <taskid>…</taskid> <status>10|20</status>
 *   <receivetime>…</receivetime> <errorcode>…</errorcode> <extno>…</extno> </statusbox>)* </returnsms>
 *
 * with the values as plain text or one CDATA section. A full XML parse of a 10,000-report page builds
 * a tree of 70,000 objects only to read them once; this walks the string with indexOf and builds each
 * report object once. Anything else — an entity, a comment, an attribute, another order, an odd status,
 * a missing field — returns undefined, and the caller parses the reply with fast-xml-parser, which
 * reads every form and turns an odd <statusbox> into an "unknown" report. A property test holds the
 * two readings equal wherever this one answers.
 */

const FIELDS = ['mobile', 'taskid', 'status', 'receivetime', 'errorcode', 'extno'] as const;
const OPEN = FIELDS.map((name) => `<${name}>`);
const CLOSE = FIELDS.map((name) => `</${name}>`);
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
const ROOT_OPEN = '<returnsms>';
const ROOT_CLOSE = '</returnsms>';
const BOX_OPEN = '<statusbox>';
const BOX_CLOSE = '</statusbox>';

// White space as XML defines it (and as fast-xml-parser trims it).
function isSpace(code: number): boolean {
	return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function skipSpace(text: string, at: number): number {
	while (at < text.length && isSpace(text.charCodeAt(at))) at++;
	return at;
}

/** Position after `token` at `at` (white space before it skipped), or -1. */
function expect(text: string, at: number, token: string): number {
	const start = skipSpace(text, at);
	return text.startsWith(token, start) ? start + token.length : -1;
}

/** The text of one field ending at `close`, and the position after it; undefined for anything but
 *  plain text or one CDATA section. */
function fieldValue(text: string, at: number, close: string): [string, number] | undefined {
	const end = text.indexOf(close, at);
	if (end === -1) return undefined;
	const value = text.slice(at, end);
	if (value.startsWith(CDATA_OPEN)) {
		// Exactly one section filling the element; its text is taken as it is, as the parser takes it.
		const inner = value.slice(CDATA_OPEN.length, -CDATA_CLOSE.length);
		if (!value.endsWith(CDATA_CLOSE) || value.length < CDATA_OPEN.length + CDATA_CLOSE.length || inner.includes(CDATA_CLOSE)) return undefined;
		return [inner, end + close.length];
	}
	// Entities, markup, or white space around a CDATA section: leave it to the parser.
	if (value.includes('<') || value.includes('&')) return undefined;
	return [value.trim(), end + close.length];
}

export function scanReports(body: string): DeliveryReport[] | undefined {
	let at = skipSpace(body, body.charCodeAt(0) === 0xfeff ? 1 : 0);
	if (body.startsWith('<?xml', at)) {
		const end = body.indexOf('?>', at);
		if (end === -1) return undefined;
		at = end + 2;
	}
	at = expect(body, at, ROOT_OPEN);
	if (at === -1) return undefined;
	const reports: DeliveryReport[] = [];
	const values: string[] = new Array<string>(FIELDS.length);
	// A page holds a few tasks and times for thousands of numbers: one string each, not one per report
	// (100,000 reports stay in memory until the execution ends).
	const shared = new Map<string, string>();
	const once = (text: string): string => {
		const known = shared.get(text);
		if (known !== undefined) return known;
		shared.set(text, text);
		return text;
	};
	const isoTimes = new Map<string, string>();
	for (;;) {
		const box = expect(body, at, BOX_OPEN);
		if (box === -1) break;
		at = box;
		for (let f = 0; f < FIELDS.length; f++) {
			at = expect(body, at, OPEN[f]);
			if (at === -1) return undefined;
			const field = fieldValue(body, at, CLOSE[f]);
			if (field === undefined) return undefined;
			values[f] = field[0];
			at = field[1];
		}
		at = expect(body, at, BOX_CLOSE);
		if (at === -1) return undefined;
		const [mobile, taskId, status, receiveTime, errorCode, extNo] = values;
		if (mobile === '' || taskId === '' || (status !== '10' && status !== '20')) return undefined;
		let receivedAt = isoTimes.get(receiveTime);
		if (receivedAt === undefined) {
			receivedAt = vendorTimeToIso(receiveTime);
			isoTimes.set(receiveTime, receivedAt);
		}
		reports.push({
			mobile,
			taskId: once(taskId),
			status: status === '10' ? 'delivered' : 'failed',
			statusCode: status === '10' ? 10 : 20,
			receivedAt,
			gatewayCode: once(errorCode),
			extNo: once(extNo),
		});
	}
	at = expect(body, at, ROOT_CLOSE);
	if (at === -1 || skipSpace(body, at) !== body.length) return undefined;
	return reports;
}
