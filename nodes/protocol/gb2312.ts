import * as iconv from 'iconv-lite';
import { InvalidInputError } from './errors';

// iconv-lite maps 'gb2312' to cp936 (GBK), a superset that phones also display.
const ENCODING = 'gb2312';
const QUESTION_MARK = 0x3f;
const MAX_LISTED = 20;

// Shown by name because printing them would show nothing useful.
const INVISIBLE_NAMES: Record<number, string> = {
	0x00a0: 'no-break space',
	0x2007: 'figure space',
	0x202f: 'narrow no-break space',
	0x200b: 'zero-width space',
	0x200c: 'zero-width non-joiner',
	0x200d: 'zero-width joiner',
	0x2060: 'word joiner',
	0xfe0f: 'emoji variation selector',
	0xfeff: 'byte order mark',
};

function codePointLabel(codePoint: number): string {
	return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

function describeCharacter(char: string, codePoint: number): string {
	const name = INVISIBLE_NAMES[codePoint];
	if (name !== undefined) return `${codePointLabel(codePoint)} (${name})`;
	const invisible = codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0) || (codePoint >= 0xd800 && codePoint <= 0xdfff);
	return invisible ? codePointLabel(codePoint) : `"${char}" (${codePointLabel(codePoint)})`;
}

function countQuestionMarks(text: string): number {
	let count = 0;
	for (let at = text.indexOf('?'); at !== -1; at = text.indexOf('?', at + 1)) count++;
	return count;
}

function countQuestionMarkBytes(bytes: Buffer): number {
	let count = 0;
	for (let at = bytes.indexOf(QUESTION_MARK); at !== -1; at = bytes.indexOf(QUESTION_MARK, at + 1)) count++;
	return count;
}

/** Characters (with their 1-based code point positions) that GB2312/GBK cannot hold. */
export function findUnencodableCharacters(text: string): Array<{ position: number; char: string; codePoint: number }> {
	const found: Array<{ position: number; char: string; codePoint: number }> = [];
	let position = 0;
	// for..of walks code points, so an emoji counts as one character as the user sees it.
	for (const char of text) {
		position++;
		if (char === '?') continue;
		const bytes = iconv.encode(char, ENCODING);
		if (bytes.length === 1 && bytes[0] === QUESTION_MARK) {
			found.push({ position, char, codePoint: char.codePointAt(0) ?? 0 });
		}
	}
	return found;
}

/** iconv-lite 'gb2312' (GBK superset). A character it cannot hold would silently become '?': this throws
 *  InvalidInputError(field) naming every such character and its 1-based position (counting code points).
 *  `label` starts the message (e.g. 'Frame 2 text'); default 'The text'. */
export function encodeGb2312(text: string, field: string, label = 'The text'): Buffer {
	if (typeof text !== 'string') throw new InvalidInputError(`${label} is not text`, field, 'Give plain text.');
	const bytes = iconv.encode(text, ENCODING);
	// In GBK the byte 0x3F never occurs inside a two-byte character, so every extra 0x3F is a replaced character.
	if (countQuestionMarkBytes(bytes) === countQuestionMarks(text)) return bytes;
	const bad = findUnencodableCharacters(text);
	const listed = bad.slice(0, MAX_LISTED).map((b) => `${describeCharacter(b.char, b.codePoint)} at position ${b.position}`);
	const more = bad.length > MAX_LISTED ? ` and ${bad.length - MAX_LISTED} more` : '';
	const noun = bad.length === 1 ? 'a character' : `${bad.length} characters`;
	throw new InvalidInputError(
		`${label} contains ${noun} that the vendor's GB2312 text encoding cannot hold: ${listed.join(', ')}${more}`,
		field,
		'Remove or replace them (emoji and some symbols cannot be sent as MMS text; put them in an image instead).',
	);
}

export function decodeGb2312(bytes: Uint8Array): string {
	return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), ENCODING);
}

/** True when the bytes decode without replacement characters, i.e. they really are GB2312/GBK text. */
export function isValidGb2312(bytes: Uint8Array): boolean {
	return !decodeGb2312(bytes).includes('\ufffd');
}
