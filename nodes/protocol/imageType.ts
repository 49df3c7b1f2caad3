import { InvalidInputError } from './errors';

export type ImageType = 'jpg' | 'gif';

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
	if (bytes.length < at + signature.length) return false;
	for (let i = 0; i < signature.length; i++) {
		if (bytes[at + i] !== signature[i]) return false;
	}
	return true;
}

function ascii(text: string): number[] {
	return Array.from(text, (c) => c.charCodeAt(0));
}

const JPEG = [0xff, 0xd8, 0xff];
const GIF87A = ascii('GIF87a');
const GIF89A = ascii('GIF89a');

// Formats people commonly try to send; naming them makes the refusal actionable.
const OTHER_FORMATS: Array<{ name: string; test: (bytes: Uint8Array) => boolean }> = [
	{ name: 'PNG', test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
	{ name: 'WebP', test: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
	{ name: 'BMP', test: (b) => startsWith(b, ascii('BM')) && b.length >= 14 },
	{ name: 'PDF', test: (b) => startsWith(b, ascii('%PDF')) },
	{ name: 'TIFF', test: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) },
	{ name: 'HEIC/AVIF', test: (b) => startsWith(b, ascii('ftyp'), 4) },
	{ name: 'SVG', test: (b) => startsWith(b, ascii('<svg')) || startsWith(b, ascii('<?xml')) },
	{ name: 'ICO', test: (b) => startsWith(b, [0x00, 0x00, 0x01, 0x00]) },
	{ name: 'ZIP', test: (b) => startsWith(b, ascii('PK')) },
];

/** Names the format the bytes look like, 'JPEG'/'GIF' included, or undefined when unrecognisable. */
export function recogniseImageFormat(bytes: Uint8Array): string | undefined {
	if (startsWith(bytes, JPEG)) return 'JPEG';
	if (startsWith(bytes, GIF87A) || startsWith(bytes, GIF89A)) return 'GIF';
	return OTHER_FORMATS.find((f) => f.test(bytes))?.name;
}

/** JPEG FF D8 FF, GIF 'GIF87a'/'GIF89a'. Anything else -> InvalidInputError that names what it looks like
 *  when recognisable and says the vendor accepts only GIF and JPEG. `label` starts the message. */
export function detectImageType(bytes: Uint8Array, field: string, label = 'The image'): ImageType {
	const format = recogniseImageFormat(bytes);
	if (format === 'JPEG') return 'jpg';
	if (format === 'GIF') return 'gif';
	const hint = 'The vendor accepts only GIF and JPEG images: convert it to JPEG or GIF first (for example with an image editing node).';
	if (bytes.length === 0) throw new InvalidInputError(`${label} is empty (0 bytes)`, field, hint);
	const what = format === undefined ? 'is neither a JPEG nor a GIF image (its first bytes match no known image format)' : `is a ${format} file`;
	throw new InvalidInputError(`${label} ${what}`, field, hint);
}
