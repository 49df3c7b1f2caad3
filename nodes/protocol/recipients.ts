import { InvalidInputError } from './errors';

export const MAX_RECIPIENTS_PER_SUBMISSION = 2000;
export interface RecipientList {
	numbers: string[];
	duplicatesRemoved: number;
}

const FIELD = 'recipients';
const MAX_LISTED = 20;
const MAX_SHOWN_CHARS = 40;
/** Half- and full-width commas and semicolons, the ideographic comma, and any white space (new lines
 *  included): what separates the entries of every list a user types (recipients, report filters). */
export const LIST_SEPARATORS = /[,;，；、\s]+/;
const MOBILE = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/;
const PLAIN_MOBILE = /^1[3-9]\d{9}$/;
const COUNTRY_CODES = new Set(['+86', '86', '0086']);

/** The entries as given, in order. `display` is set only where an entry shows differently from `raw`
 *  (a split country code, a non-string value): 100,000 numbers must not cost 100,000 objects. */
interface Entries {
	raw: string[];
	display: Map<number, string>;
}

function addEntry(into: Entries, raw: string, display?: string): void {
	if (display !== undefined) into.display.set(into.raw.length, display);
	into.raw.push(raw);
}

function entriesOf(input: unknown, into: Entries): void {
	if (input === undefined || input === null) return;
	if (typeof input === 'string') {
		const tokens = input.split(LIST_SEPARATORS);
		for (let i = 0; i < tokens.length; i++) {
			const token = tokens[i];
			if (token === '') continue;
			// '+86 138 0013 8000' style: a lone country code followed by the number counts as one entry.
			if (COUNTRY_CODES.has(token) && i + 1 < tokens.length && MOBILE.test(tokens[i + 1])) {
				addEntry(into, `${token}${tokens[i + 1]}`, `${token} ${tokens[i + 1]}`);
				i++;
			} else {
				addEntry(into, token);
			}
		}
		return;
	}
	if (typeof input === 'number' || typeof input === 'bigint') {
		// A spreadsheet column of numbers arrives as numbers; 1.38e10 is still a whole number worth keeping.
		const text = typeof input === 'bigint' || Number.isSafeInteger(input) ? String(input) : '';
		addEntry(into, text, String(input));
		return;
	}
	if (Array.isArray(input)) {
		for (const element of input) {
			if (Array.isArray(element)) addEntry(into, '', '(a nested list)');
			else if (element === null || element === undefined) continue;
			else if (typeof element === 'string' || typeof element === 'number' || typeof element === 'bigint') entriesOf(element, into);
			else addEntry(into, '', `(${typeof element})`);
		}
		return;
	}
	addEntry(into, '', `(${typeof input})`);
}

function shown(text: string): string {
	return JSON.stringify(text.length <= MAX_SHOWN_CHARS ? text : `${text.slice(0, MAX_SHOWN_CHARS)}…`);
}

/** How a list names its entries in errors: recipients, or the numbers of a report filter. */
export interface MobileListWording {
	field: string;
	/** 'recipient' -> "A recipient is not …" */
	one: string;
	/** 'recipients' -> "3 recipients are not …" */
	many: string;
}

const RECIPIENTS: MobileListWording = { field: FIELD, one: 'recipient', many: 'recipients' };
const HINT = 'Use 11-digit mobile numbers starting with 13-19 (a +86, 86 or 0086 prefix is fine), separated by commas, semicolons, spaces or new lines.';

const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const FULL_COMMA = 0xff0c;
const FULL_SEMICOLON = 0xff1b;
const IDEOGRAPHIC_COMMA = 0x3001;

function isSeparator(code: number): boolean {
	return code === COMMA || code === SEMICOLON || code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === FULL_COMMA || code === FULL_SEMICOLON || code === IDEOGRAPHIC_COMMA;
}

/**
 * The numbers of one list seen so far, kept as values: 11 digits fit a double exactly, so an
 * open-addressing table of doubles dedupes 100,000 numbers with no string hashing and no object per
 * number (a Set of strings was most of the time of a pasted 100,000-number list). Mobile numbers
 * are never 0, so 0 marks a free slot.
 */
class SeenMobileNumbers {
	private readonly slots: Float64Array;

	/** `most`: how many numbers there can be. The table stays at most half full, so a probe always ends. */
	constructor(most: number) {
		let capacity = 16;
		while (capacity < most * 2) capacity *= 2;
		this.slots = new Float64Array(capacity);
	}

	/** Adds `value`; false when it was already there. Fibonacci hashing, linear probing. */
	add(value: number): boolean {
		const mask = this.slots.length - 1;
		let at = (Math.imul(value % 0x7fffffff, 0x9e3779b1) >>> 0) & mask;
		while (this.slots[at] !== 0) {
			if (this.slots[at] === value) return false;
			at = (at + 1) & mask;
		}
		this.slots[at] = value;
		return true;
	}
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const MOBILE_LENGTH = 11;

/**
 * One pass over a list that holds only bare 11-digit mobile numbers and separators — what a column of
 * numbers mapped into Recipients is. 100,000 numbers then cost no split, no regex and no second list.
 * Anything else (a prefix, an invalid entry, another character) returns undefined for the full parser,
 * which names every problem.
 */
function scanPlainNumbers(text: string): RecipientList | undefined {
	// Each number takes 11 characters and a separator (the last one none).
	const seen = new SeenMobileNumbers(Math.floor((text.length + 1) / (MOBILE_LENGTH + 1)));
	const numbers: string[] = [];
	let duplicatesRemoved = 0;
	let start = -1;
	let value = 0;
	for (let at = 0; at <= text.length; at++) {
		const code = at < text.length ? text.charCodeAt(at) : COMMA;
		if (code >= DIGIT_0 && code <= DIGIT_9) {
			if (start === -1) {
				start = at;
				value = 0;
			}
			value = value * 10 + (code - DIGIT_0);
		} else if (isSeparator(code)) {
			if (start === -1) continue;
			if (at - start !== MOBILE_LENGTH) return undefined;
			const second = text.charCodeAt(start + 1);
			if (text.charCodeAt(start) !== 0x31 || second < 0x33 || second > DIGIT_9) return undefined;
			if (seen.add(value)) numbers.push(text.slice(start, at));
			else duplicatesRemoved++;
			start = -1;
		} else {
			return undefined;
		}
	}
	return { numbers, duplicatesRemoved };
}

/** A string (split on commas, semicolons incl. full-width ，；、, white space and new lines), a number, or an
 *  array of strings/numbers. Drops a +86 / 86 / 0086 prefix, keeps mainland mobile numbers /^1[3-9]\d{9}$/,
 *  removes duplicates keeping first-occurrence order. Every invalid entry is reported at once. An empty
 *  input gives an empty list: the caller decides whether that is an error. */
export function parseMobileNumbers(input: unknown, wording: MobileListWording = RECIPIENTS): RecipientList {
	if (typeof input === 'string') {
		const plain = scanPlainNumbers(input);
		if (plain !== undefined) return plain;
	}
	const entries: Entries = { raw: [], display: new Map() };
	entriesOf(input, entries);
	const invalid: string[] = [];
	const seen = new Set<string>();
	const numbers: string[] = [];
	let duplicatesRemoved = 0;
	for (let index = 0; index < entries.raw.length; index++) {
		const raw = entries.raw[index];
		// The common case, a bare 11-digit number, skips trim() and the regex's capture.
		const number = raw.length === 11 && PLAIN_MOBILE.test(raw) ? raw : MOBILE.exec(raw.trim())?.[1];
		if (number === undefined) {
			const display = entries.display.get(index) ?? raw;
			invalid.push(`position ${index + 1}: ${raw === '' && display.startsWith('(') ? display : shown(display)}`);
			continue;
		}
		if (seen.has(number)) {
			duplicatesRemoved++;
			continue;
		}
		seen.add(number);
		numbers.push(number);
	}
	if (invalid.length > 0) {
		const listed = invalid.slice(0, MAX_LISTED).join(', ');
		const more = invalid.length > MAX_LISTED ? ` and ${invalid.length - MAX_LISTED} more` : '';
		const problem =
			invalid.length === 1
				? `A ${wording.one} is not a mainland China mobile number`
				: `${invalid.length} ${wording.many} are not mainland China mobile numbers`;
		throw new InvalidInputError(`${problem}: ${listed}${more}`, wording.field, HINT);
	}
	return { numbers, duplicatesRemoved };
}

/** The Recipients parameter: parseMobileNumbers, and at least one number. */
export function parseRecipients(input: unknown): RecipientList {
	const list = parseMobileNumbers(input);
	if (list.numbers.length === 0) {
		throw new InvalidInputError(
			'No recipients given',
			FIELD,
			'Enter at least one mobile number, e.g. 13800138000; separate several with commas, spaces, semicolons or new lines.',
		);
	}
	return list;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
	if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`chunk size must be a whole number of at least 1, got ${size}`);
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
	return chunks;
}
