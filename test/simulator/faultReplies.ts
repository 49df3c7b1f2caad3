// What a client sees instead of a protocol reply when a fault answers: the pages of the vendor's
// IIS/ASP.NET server, of an nginx proxy in front of it, and junk bytes. All fixed strings, so a test
// can compare them exactly.
import { STATUS_CODES } from 'node:http';

/** Headers of every page the vendor's own server writes (an .aspx page answers text/html). */
export const VENDOR_HEADERS: Readonly<Record<string, string>> = {
	'Content-Type': 'text/html; charset=utf-8',
	'Cache-Control': 'private',
	Server: 'Microsoft-IIS/7.5',
	'X-Powered-By': 'ASP.NET',
};

/** Headers of an nginx reverse proxy's own error page. */
export const PROXY_HEADERS: Readonly<Record<string, string>> = {
	'Content-Type': 'text/html',
	Server: 'nginx',
};

export const HTTP500_PAGE =
	'<!DOCTYPE html>\r\n<html>\r\n<head><title>Runtime Error</title></head>\r\n<body bgcolor="white">\r\n' +
	'<span><H1>Server Error in \'/\' Application.<hr width=100% size=1 color=silver></H1>\r\n' +
	'<h2> <i>Runtime Error</i> </h2></span>\r\n</body>\r\n</html>\r\n';

export const HTML200_PAGE =
	'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n' +
	'<html xmlns="http://www.w3.org/1999/xhtml">\r\n<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>\r\n' +
	'<title>系统维护中</title></head>\r\n<body><h2>系统维护中，请稍后再试。</h2><p>The service is under maintenance.</p></body>\r\n</html>\r\n';

/** nginx's own reason phrases where they differ from Node's (nginx still says "Time-out"). */
const NGINX_REASONS: Readonly<Record<number, string>> = {
	500: 'Internal Server Error',
	501: 'Not Implemented',
	502: 'Bad Gateway',
	503: 'Service Temporarily Unavailable',
	504: 'Gateway Time-out',
	507: 'Insufficient Storage',
};

/** IIS 7.5's short error texts for the 4xx a client of the gateway can meet. */
const IIS_TEXTS: Readonly<Record<number, string>> = {
	400: '400 - Bad Request.',
	401: '401 - Unauthorized: Access is denied due to invalid credentials.',
	403: '403 - Forbidden: Access is denied.',
	404: '404 - File or directory not found.',
	405: '405 - HTTP verb used to access this page is not allowed.',
	413: '413 - Request Entity Too Large.',
};

export interface FaultPage {
	status: number;
	/** The status line's reason phrase, as the answering server writes it. */
	reason: string;
	headers: Readonly<Record<string, string>>;
	body: string | Buffer;
}

function reasonOf(status: number): string {
	return STATUS_CODES[status] ?? 'Error';
}

/** IIS answers a 4xx itself: the request reached the vendor's server (and did nothing there). */
export function iisErrorPage(status: number): FaultPage {
	const text = IIS_TEXTS[status] ?? `${status} - ${reasonOf(status)}.`;
	return {
		status,
		reason: reasonOf(status),
		headers: VENDOR_HEADERS,
		body: `<html><head><title>${text}</title></head><body><h2>${text}</h2></body></html>`,
	};
}

/** A 5xx comes from the proxy in front of the gateway, which may have forwarded the request. */
export function proxyErrorPage(status: number): FaultPage {
	const line = `${status} ${NGINX_REASONS[status] ?? reasonOf(status)}`;
	return {
		status,
		reason: NGINX_REASONS[status] ?? reasonOf(status),
		headers: PROXY_HEADERS,
		body: `<html>\r\n<head><title>${line}</title></head>\r\n<body>\r\n<center><h1>${line}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
	};
}

/** The page a `status` fault answers: IIS for 4xx, nginx for 5xx. */
export function statusFaultPage(status: number): FaultPage {
	return status < 500 ? iisErrorPage(status) : proxyErrorPage(status);
}

/**
 * The body of a `garbage` fault: a gzip header (as from a proxy that compresses without saying
 * so), a few bytes that are not UTF-8, and the start of a protocol reply that breaks off inside a
 * tag. It names no mobile number or task ID a test could mistake for a real one.
 */
export const GARBAGE_BODY: Buffer = Buffer.concat([
	Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0xff, 0xfe, 0xfd]),
	Buffer.from('<returnsms>\r\n<statusbox>\r\n<mobile>139', 'latin1'),
	Buffer.from([0x00, 0x00, 0x9c]),
	Buffer.from('</mob', 'latin1'),
]);

export function garbagePage(): FaultPage {
	return { status: 200, reason: 'OK', headers: VENDOR_HEADERS, body: GARBAGE_BODY };
}
