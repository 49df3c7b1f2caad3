// A delivery report as both nodes output it, and the vendor's time format read into ISO 8601.

export type ReportStatus = 'delivered' | 'failed' | 'unknown';

export interface DeliveryReport {
	mobile: string;
	taskId: string;
	/** `unknown`: the <statusbox> was not fully understood (see `problem` and `raw`). */
	status: ReportStatus;
	/** 10 or 20; for an unknown report the vendor's value when it is a whole number, else null. */
	statusCode: number | null;
	/** ISO 8601 in China time, e.g. '2011-12-02T22:12:11+08:00'; an unrecognised time as the vendor wrote it;
	 *  null when an unknown report has none. */
	receivedAt: string | null;
	/** The upstream gateway's code (the vendor's errorcode field, e.g. DELIVRD); only informative. */
	gatewayCode: string;
	extNo: string;
	/** Only on unknown reports: why the parser did not understand the <statusbox>. */
	problem?: string;
	/** Only on unknown reports: every child element as the vendor sent it (repeated ones as lists). */
	raw?: Record<string, string | string[]>;
}

const VENDOR_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/;

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
