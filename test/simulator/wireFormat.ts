// The simulator's own reading of the wire format. It deliberately shares no code with the
// protocol core (nodes/protocol): the server checks every send with both, so a bug that the
// core's encoder and decoder share (a wrong base64 alphabet, lax padding, a missing magic-byte
// check) still shows up as a refusal or a disagreement instead of passing silently.
import * as iconv from 'iconv-lite';

export type WirePartType = 'txt' | 'jpg' | 'gif';

export interface WirePart {
	type: WirePartType;
	bytes: Buffer;
	/** txt parts only: the GB2312 (GBK) bytes decoded. */
	text?: string;
}

export interface WireFrame {
	durationSeconds: number;
	parts: WirePart[];
}

export type WireResult<T> = { ok: true; value: T } | { ok: false; problem: string };

const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
// Digits as an integer parse at the vendor reads them (a leading zero is harmless), at least 1.
const DURATION = /^[0-9]{1,9}$/;

/** Strict base64: standard alphabet, '=' only as the final one or two characters, length a
 *  multiple of 4, and canonical (no stray bits in the last character), which is what any correct
 *  encoder produces. A space is called out on its own: in a form body a raw '+' arrives as a
 *  space, and that is the usual way real clients corrupt their images. */
export function decodeStrictBase64(text: string): WireResult<Buffer> {
	if (text === '') return { ok: false, problem: 'empty base64' };
	const space = text.indexOf(' ');
	if (space >= 0) {
		return {
			ok: false,
			problem: `space at base64 offset ${space}: a '+' was probably sent without percent-encoding (it must travel as %2B)`,
		};
	}
	if (!BASE64_CHARS.test(text)) {
		const bad = [...text].findIndex((ch) => !/[A-Za-z0-9+/=]/.test(ch));
		if (bad >= 0) return { ok: false, problem: `character ${JSON.stringify(text[bad])} at base64 offset ${bad} is outside the base64 alphabet` };
		return { ok: false, problem: "'=' padding in the middle of base64" };
	}
	if (text.length % 4 !== 0) return { ok: false, problem: `base64 length ${text.length} is not a multiple of 4 (missing or extra padding)` };
	const bytes = Buffer.from(text, 'base64');
	// Buffer's decoder ignores stray bits; re-encoding exposes them.
	if (bytes.toString('base64') !== text) return { ok: false, problem: 'base64 is not canonical (non-zero bits after the last byte)' };
	return { ok: true, value: bytes };
}

export function isJpeg(bytes: Uint8Array): boolean {
	return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

export function isGif(bytes: Uint8Array): boolean {
	if (bytes.length < 6) return false;
	const head = Buffer.from(bytes.subarray(0, 6)).toString('latin1');
	return head === 'GIF87a' || head === 'GIF89a';
}

/** Byte structure of GBK as Windows code page 936 writes it (GB2312 is a subset): ASCII single
 *  bytes, 0x80 (the euro sign), or a lead byte 0x81-0xFE followed by a trail byte 0x40-0x7E or
 *  0x80-0xFE. Returns the offset of the first byte that breaks that, or -1. */
export function firstNonGbkByte(bytes: Uint8Array): number {
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i];
		if (b <= 0x80) continue;
		if (b === 0xff) return i;
		const t = bytes[i + 1];
		if (t === undefined || t < 0x40 || t === 0x7f || t === 0xff) return i;
		i++;
	}
	return -1;
}

export function decodeGbkText(bytes: Uint8Array): WireResult<string> {
	const bad = firstNonGbkByte(bytes);
	if (bad >= 0) return { ok: false, problem: `byte 0x${bytes[bad].toString(16).padStart(2, '0')} at offset ${bad} is not valid GB2312/GBK text` };
	// iconv-lite's 'gb2312' table (code page 936) decodes every byte pair a GBK encoder can write;
	// pairs it does not assign come out as U+FFFD, and those are refused.
	const text = iconv.decode(Buffer.from(bytes), 'gb2312');
	const unmapped = text.indexOf('\ufffd');
	if (unmapped >= 0) return { ok: false, problem: `text contains a byte pair that GB2312/GBK does not assign (character ${unmapped + 1})` };
	return { ok: true, value: text };
}

/** `3,txt|BASE64,jpg|BASE64;5,gif|BASE64` — frames split by ';', a frame is a duration followed by
 *  `type|base64` parts split by ','. Nothing else is tolerated: no spaces, no empty frames, no
 *  trailing separators, no upper-case types. Problems name the frame and part (1-based). */
export function decodeWireContent(content: string): WireResult<WireFrame[]> {
	if (content === '') return { ok: false, problem: 'content is empty' };
	const frames: WireFrame[] = [];
	const frameTexts = content.split(';');
	for (let f = 0; f < frameTexts.length; f++) {
		const where = `frame ${f + 1}`;
		const items = frameTexts[f].split(',');
		const duration = items[0];
		if (frameTexts[f] === '') return { ok: false, problem: `${where} is empty (stray ';')` };
		if (!DURATION.test(duration) || Number(duration) < 1) return { ok: false, problem: `${where}: duration ${JSON.stringify(duration.slice(0, 20))} is not a whole number of seconds >= 1` };
		if (items.length < 2) return { ok: false, problem: `${where} has no parts` };
		const parts: WirePart[] = [];
		for (let p = 1; p < items.length; p++) {
			const at = `${where} part ${p}`;
			const bar = items[p].indexOf('|');
			if (bar < 0) return { ok: false, problem: `${at}: expected type|base64, found no '|'` };
			const type = items[p].slice(0, bar);
			if (type !== 'txt' && type !== 'jpg' && type !== 'gif') return { ok: false, problem: `${at}: type ${JSON.stringify(type.slice(0, 20))} is not txt, jpg or gif` };
			const decoded = decodeStrictBase64(items[p].slice(bar + 1));
			if (!decoded.ok) return { ok: false, problem: `${at} (${type}): ${decoded.problem}` };
			const bytes = decoded.value;
			if (type === 'jpg' && !isJpeg(bytes)) return { ok: false, problem: `${at}: jpg part does not start with the JPEG bytes FF D8 FF` };
			if (type === 'gif' && !isGif(bytes)) return { ok: false, problem: `${at}: gif part does not start with GIF87a or GIF89a` };
			if (type === 'txt') {
				const text = decodeGbkText(bytes);
				if (!text.ok) return { ok: false, problem: `${at} (txt): ${text.problem}` };
				parts.push({ type, bytes, text: text.value });
			} else {
				parts.push({ type, bytes });
			}
		}
		frames.push({ durationSeconds: Number(duration), parts });
	}
	return { ok: true, value: frames };
}

/** "100K" as the project reads it: title UTF-8 bytes plus every decoded part byte. */
export function wireSize(title: string, frames: readonly WireFrame[]): number {
	let total = Buffer.byteLength(title, 'utf8');
	for (const frame of frames) for (const part of frame.parts) total += part.bytes.length;
	return total;
}

const START_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** `2011-07-11 00:00:00` exactly, and a date that exists on the calendar. */
export function isVendorStartTime(value: string): boolean {
	const m = START_TIME.exec(value);
	if (!m) return false;
	const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
	if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || day < 1) return false;
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	return day <= daysInMonth;
}

/** A mainland mobile number as the vendor routes them: 11 digits starting with 1. */
export function isMobile(value: string): boolean {
	return /^1[0-9]{10}$/.test(value);
}
