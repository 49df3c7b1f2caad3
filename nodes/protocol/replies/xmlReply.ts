import { XMLParser } from 'fast-xml-parser';
import { UnexpectedReplyError, type VendorOperation } from '../errors';

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
	[key: string]: XmlValue;
}

// Built once: constructing a parser per reply would cost more than parsing a small reply.
// parseTagValue false keeps mobile numbers and task IDs as strings (a number would drop leading zeros and
// lose digits past 2^53); jPath false skips building path strings nobody reads, which is most of the speed-up
// over a default parse.
const parser = new XMLParser({
	ignoreAttributes: true,
	ignoreDeclaration: true,
	ignorePiTags: true,
	parseTagValue: false,
	trimValues: true,
	processEntities: true,
	jPath: false,
});

const BOM = '\ufeff';
const ROOT = 'returnsms';
// The vendor never sends a DTD; refusing one rules out entity-expansion tricks from a hostile proxy.
const DTD = /<!(?:doctype|entity)/i;
const COMPLETE_ROOT_END = /(?:<\/returnsms\s*>|<returnsms\s*\/>)$/;
const MALFORMED_PROLOG_START = /^<xml[\s>]/;
const MALFORMED_PROLOG_END = /<\/xml\s*>$/;

/** The body as text. Typed as a string, but a transport may hand over a Buffer (read as UTF-8, the vendor's
 *  encoding) or, misconfigured, a parsed object: that is a reply we cannot read, not a crash. */
export function bodyText(body: unknown, operation: VendorOperation): string {
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
	throw new UnexpectedReplyError(operation, '', `the body is ${body === null || body === undefined ? 'missing' : 'not text'}`);
}

/** BOM and surrounding white space removed. */
export function cleanBody(body: string): string {
	return (body.startsWith(BOM) ? body.slice(1) : body).trim();
}

/**
 * The content of the single <returnsms> root: an object, or '' for <returnsms/> and <returnsms></returnsms>;
 * undefined for an empty body. Accepts the document's malformed prolog `<xml version="1.0" encoding="utf-8">`
 * (an element that is never closed, not a processing instruction), a correct `<?xml ?>` prolog, or none.
 * Anything else, truncated XML included, is an UnexpectedReplyError.
 */
export function parseReturnsms(body: string, operation: VendorOperation): XmlObject | '' | undefined {
	let text = cleanBody(bodyText(body, operation));
	if (text === '') return undefined;
	if (MALFORMED_PROLOG_START.test(text)) {
		const end = text.indexOf('>');
		text = text.slice(end + 1);
		// Some deployments may close the pseudo-element; the tail check below looks at the last 40 characters only.
		const tail = text.slice(-40);
		const closing = MALFORMED_PROLOG_END.exec(tail);
		if (closing !== null) text = text.slice(0, text.length - tail.length + closing.index);
		text = text.trim();
	}
	if (!text.startsWith('<')) throw new UnexpectedReplyError(operation, body, 'it is not XML');
	// A cut-off reply can still parse (the parser closes open elements by itself), so check the end explicitly.
	if (!COMPLETE_ROOT_END.test(text.slice(-40))) {
		throw new UnexpectedReplyError(operation, body, 'it does not end with </returnsms>, so it is truncated or another document');
	}
	if (DTD.test(text)) throw new UnexpectedReplyError(operation, body, 'it contains a DTD');
	let parsed: unknown;
	try {
		parsed = parser.parse(text);
	} catch {
		throw new UnexpectedReplyError(operation, body, 'it is not well-formed XML');
	}
	if (typeof parsed !== 'object' || parsed === null) throw new UnexpectedReplyError(operation, body, 'it is not well-formed XML');
	const document = parsed as XmlObject;
	const names = Object.keys(document);
	if (names.length !== 1 || names[0] !== ROOT) {
		throw new UnexpectedReplyError(operation, body, `its root element is not a single <${ROOT}>`);
	}
	const root = document[ROOT];
	if (root === '') return '';
	if (typeof root !== 'object' || Array.isArray(root)) {
		throw new UnexpectedReplyError(operation, body, `<${ROOT}> holds ${typeof root === 'string' ? 'text' : 'several roots'} instead of elements`);
	}
	return root;
}

/** The text of a child element; undefined when absent. Several same-named children or nested elements throw. */
export function childText(parent: XmlObject, name: string, operation: VendorOperation, body: string): string | undefined {
	if (!Object.prototype.hasOwnProperty.call(parent, name)) return undefined;
	const value = parent[name];
	if (typeof value === 'string') return value;
	throw new UnexpectedReplyError(operation, body, `<${name}> ${Array.isArray(value) ? 'appears more than once' : 'holds elements instead of text'}`);
}
