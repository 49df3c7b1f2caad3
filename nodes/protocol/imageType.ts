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

// AVIF and HEIC share the ISO media container: only the brands in its leading 'ftyp' box tell them
// apart, and it matters because AVIF can be converted here while HEIC (HEVC) cannot.
const AVIF_BRANDS = ['avif', 'avis'];
const HEIC_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs'];

/** The major brand and the compatible brands of a leading 'ftyp' box. */
function ftypBrands(bytes: Uint8Array): string[] {
	if (!startsWith(bytes, ascii('ftyp'), 4)) return [];
	const boxSize = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
	// A real ftyp box lists a handful of brands; the cap keeps a hostile size field cheap.
	const end = Math.min(bytes.length, boxSize, 16 + 4 * 32);
	const brands: string[] = [];
	// Offset 12 holds the minor version, not a brand.
	for (let at = 8; at + 4 <= end; at += at === 8 ? 8 : 4) brands.push(String.fromCharCode(...bytes.subarray(at, at + 4)));
	return brands;
}

function hasBrand(bytes: Uint8Array, wanted: readonly string[]): boolean {
	return ftypBrands(bytes).some((brand) => wanted.includes(brand));
}

// Formats people commonly try to send; naming them makes the refusal actionable.
const OTHER_FORMATS: Array<{ name: string; test: (bytes: Uint8Array) => boolean }> = [
	{ name: 'PNG', test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
	{ name: 'WebP', test: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
	{ name: 'BMP', test: (b) => startsWith(b, ascii('BM')) && b.length >= 14 },
	{ name: 'PDF', test: (b) => startsWith(b, ascii('%PDF')) },
	{ name: 'TIFF', test: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) },
	{ name: 'AVIF', test: (b) => hasBrand(b, AVIF_BRANDS) },
	{ name: 'HEIC', test: (b) => hasBrand(b, HEIC_BRANDS) },
	// The generic still-image brands without AVIF or HEVC ones: some HEIF encoders write only these.
	{ name: 'HEIF', test: (b) => hasBrand(b, ['mif1', 'msf1']) },
	// Any other ISO media file (MP4, MOV, 3GP): a video, often a phone's live photo.
	{ name: 'MP4/MOV video', test: (b) => startsWith(b, ascii('ftyp'), 4) },
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

// Names read as letters or a vowel take "an": "an AVIF file", "an SVG file".
const AN_FORMATS = ['AVIF', 'ICO', 'MP4/MOV video', 'SVG'];

/** 'PNG' -> 'a PNG', 'AVIF' -> 'an AVIF'. */
export function withArticle(format: string): string {
	return `${AN_FORMATS.includes(format) ? 'an' : 'a'} ${format}`;
}

/** JPEG FF D8 FF, GIF 'GIF87a'/'GIF89a'. Anything else -> InvalidInputError that names what it looks like
 *  when recognisable and says the vendor accepts only GIF and JPEG. `label` starts the message. */
export function detectImageType(bytes: Uint8Array, field: string, label = 'The image'): ImageType {
	const format = recogniseImageFormat(bytes);
	if (format === 'JPEG') return 'jpg';
	if (format === 'GIF') return 'gif';
	const hint = 'The vendor accepts only GIF and JPEG images: convert it to JPEG or GIF first (for example with an image editing node).';
	if (bytes.length === 0) throw new InvalidInputError(`${label} is empty (0 bytes)`, field, hint);
	const what = format === undefined ? 'is neither a JPEG nor a GIF image (its first bytes match no known image format)' : `is ${withArticle(format)} file`;
	throw new InvalidInputError(`${label} ${what}`, field, hint);
}
