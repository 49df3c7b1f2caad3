// The smallest images with real headers, for tests of what the node sends. Their bytes are chosen
// so that the base64 holds '+' and '/' (a '+' sent without percent-encoding arrives as a space and
// corrupts the image). Images of a chosen size are made by imageFixtures.mjs.
const PLUS_SLASH_FILLER = Buffer.from([0xfb, 0xef, 0xbe, 0xff, 0xfe, 0x3e, 0xf8, 0x00, 0x7f]);

/** A minimal JFIF JPEG: SOI, APP0, filler bytes, EOI. */
export const JPEG = Buffer.concat([
	Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
	// One byte so the filler starts on a 3-byte boundary (the 20-byte header is not one).
	Buffer.from([0x00]),
	PLUS_SLASH_FILLER,
	PLUS_SLASH_FILLER,
	Buffer.from('ffd9', 'hex'),
]);
/** A 1×1 GIF89a. */
export { GIF89A_1X1 as GIF } from './protocolSamples';
/** The first bytes of a PNG: 28inter does not accept PNG. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
