/** Strict standard base64 (RFC 4648 section 4, padded). Buffer.from(text, 'base64') silently skips bad
 *  characters, so a '+' turned into a space would corrupt an image without any error: checked here first. */

export type Base64Result = { ok: true; bytes: Buffer } | { ok: false; problem: string; hint: string };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const OUTSIDE_ALPHABET = /[^A-Za-z0-9+/=]/;

function fail(problem: string, hint: string): Base64Result {
	return { ok: false, problem, hint };
}

function describeBadCharacter(text: string, at: number): Base64Result {
	const char = text[at];
	const position = at + 1;
	if (char === ' ') {
		return fail(
			`has a space at character ${position}`,
			"A base64 '+' turns into a space when it is sent without percent-encoding: replace every space with '+'.",
		);
	}
	if (char === '\n' || char === '\r') {
		return fail(`has a line break at character ${position}`, 'Remove the line breaks: base64 must be one unbroken line.');
	}
	if (char === '\t' || /\s/.test(char)) {
		return fail(`has white space at character ${position}`, 'Remove spaces, tabs and line breaks from the base64.');
	}
	if (char === '-' || char === '_') {
		return fail(
			`uses the URL-safe character "${char}" at character ${position}`,
			"Use standard base64 ('+' and '/'), not the URL-safe variant ('-' and '_').",
		);
	}
	const codePoint = text.codePointAt(at) ?? 0;
	const shown = String.fromCodePoint(codePoint);
	return fail(
		`has the character "${shown}" (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}) at character ${position}, which base64 does not use`,
		'Base64 holds only A-Z, a-z, 0-9, + and /, with = padding at the end.',
	);
}

export function decodeStrictBase64(text: string): Base64Result {
	if (text.length === 0) return fail('is empty', 'Put the base64-encoded bytes after the "|".');
	const bad = text.search(OUTSIDE_ALPHABET);
	if (bad !== -1) return describeBadCharacter(text, bad);
	const firstPad = text.indexOf('=');
	const padding = firstPad === -1 ? 0 : text.length - firstPad;
	// With at most two characters from the first '=' to the end, both being '=' follows from the last one being '='.
	if (firstPad !== -1 && (padding > 2 || text.charCodeAt(text.length - 1) !== 0x3d)) {
		return fail(`has "=" at character ${firstPad + 1}`, 'The "=" padding may appear only as the last one or two characters.');
	}
	if (text.length % 4 !== 0) {
		return fail(
			`is ${text.length} characters long, not a multiple of 4`,
			'The base64 looks truncated or lost its "=" padding: copy the complete value again.',
		);
	}
	if (padding > 0) {
		// Padded base64 leaves 2 or 4 unused bits in the last data character; an encoder always writes them as 0.
		const lastData = ALPHABET.indexOf(text[text.length - padding - 1]);
		const unusedMask = padding === 1 ? 0b11 : 0b1111;
		if ((lastData & unusedMask) !== 0) {
			return fail(
				'does not end the way an encoder writes it (the character before "=" has stray bits)',
				'The base64 was probably cut or altered: copy the complete value again.',
			);
		}
	}
	return { ok: true, bytes: Buffer.from(text, 'base64') };
}
