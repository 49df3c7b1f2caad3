// Shared by the simulator's own tests: plain HTTP with form bodies built here, not by the core,
// so the tests exercise the simulator the way any client would.
import * as iconv from 'iconv-lite';

export const DEMO = { userid: '1001', account: 'demo', password: 'demo-secret-pw' } as const;

export function form(fields: Readonly<Record<string, string>>): string {
	return Object.entries(fields)
		.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
		.join('&');
}

export interface Reply {
	status: number;
	text: string;
	headers: Headers;
}

/** POST a form body; `body` may be a ready-made string to send bytes exactly as given. */
export async function post(baseUrl: string, path: string, body: Readonly<Record<string, string>> | string): Promise<Reply> {
	const response = await fetch(baseUrl + path, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: typeof body === 'string' ? body : form(body),
	});
	return { status: response.status, text: await response.text(), headers: response.headers };
}

export function sendFields(overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
	return { action: 'send', ...DEMO, mobile: '13800000000', title: 'hello', starttime: '', content: textContent('你好'), ...overrides };
}

export function textContent(text: string, seconds = 3): string {
	return `${seconds},txt|${iconv.encode(text, 'gb2312').toString('base64')}`;
}

/** A minimal JPEG-looking byte string of the given length: the magic bytes, then filler. */
export function jpegBytes(length: number, fill = 0x2b): Buffer {
	const bytes = Buffer.alloc(length, fill);
	bytes[0] = 0xff;
	bytes[1] = 0xd8;
	bytes[2] = 0xff;
	bytes[3] = 0xe0;
	return bytes;
}

export function gifBytes(length: number): Buffer {
	const bytes = Buffer.alloc(Math.max(length, 6), 0x3e);
	bytes.write('GIF89a', 0, 'latin1');
	return bytes;
}

/** Digits 13900000000 + i, comma-separated. */
export function mobiles(count: number, base = 13_900_000_000): string {
	return Array.from({ length: count }, (_, i) => String(base + i)).join(',');
}


export const REPORTS_PATH = '/mmsStatusApi.aspx';
export const SEND_PATH = '/sendmms.aspx';

export function queryFields(overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
	return { action: 'query', ...DEMO, ...overrides };
}

/** Reads <statusbox> elements with a regular expression: independent of the core's parser. */
export function statusBoxes(xml: string): Array<Record<string, string>> {
	const boxes: Array<Record<string, string>> = [];
	for (const match of xml.matchAll(/<statusbox>([\s\S]*?)<\/statusbox>/g)) {
		const box: Record<string, string> = {};
		for (const field of match[1].matchAll(/<(\w+)>([\s\S]*?)<\/\1>/g)) box[field[1]] = field[2];
		boxes.push(box);
	}
	return boxes;
}

/** Resolves when the request fails at the transport level; returns the error's message chain. */
export async function transportError(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		const parts: string[] = [];
		let current: unknown = error;
		while (current instanceof Error) {
			parts.push(current.message);
			current = (current as Error & { cause?: unknown }).cause;
		}
		return parts.join(' <- ');
	}
	throw new Error('expected a transport error, the request succeeded');
}
