// What a JPEG or GIF says about itself in its headers, read without decoding: an image sent
// unchanged is reported with its size and frame count without loading the image library.

export interface HeaderFacts {
	width: number;
	height: number;
	/** Animation frames: 1 for a JPEG or a still GIF. */
	animationFrames: number;
}

// Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
function isStartOfFrame(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegFacts(bytes: Uint8Array): HeaderFacts | undefined {
	let at = 2;
	while (at + 4 <= bytes.length) {
		if (bytes[at] !== 0xff) return undefined;
		const marker = bytes[at + 1];
		if (marker === 0xff) {
			at++; // fill byte before a marker
			continue;
		}
		// Markers without a length: TEM and the restart markers.
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			at += 2;
			continue;
		}
		// Start of scan or end of image before any frame header: not a picture we can describe.
		if (marker === 0xda || marker === 0xd9) return undefined;
		const length = (bytes[at + 2] << 8) | bytes[at + 3];
		if (length < 2) return undefined;
		if (isStartOfFrame(marker)) {
			if (at + 9 > bytes.length) return undefined;
			const height = (bytes[at + 5] << 8) | bytes[at + 6];
			const width = (bytes[at + 7] << 8) | bytes[at + 8];
			return width > 0 && height > 0 ? { width, height, animationFrames: 1 } : undefined;
		}
		at += 2 + length;
	}
	return undefined;
}

/** Offset just past a chain of GIF data sub-blocks starting at `at`, or undefined when cut short. */
function skipSubBlocks(bytes: Uint8Array, at: number): number | undefined {
	while (at < bytes.length) {
		const size = bytes[at];
		at += 1 + size;
		if (size === 0) return at;
	}
	return undefined;
}

function gifFacts(bytes: Uint8Array): HeaderFacts | undefined {
	if (bytes.length < 13) return undefined;
	const width = bytes[6] | (bytes[7] << 8);
	const height = bytes[8] | (bytes[9] << 8);
	const flags = bytes[10];
	let at = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
	let animationFrames = 0;
	while (at < bytes.length) {
		const block = bytes[at];
		if (block === 0x3b) break; // trailer
		if (block === 0x21) {
			const next = skipSubBlocks(bytes, at + 2);
			if (next === undefined) return undefined;
			at = next;
		} else if (block === 0x2c) {
			if (at + 10 > bytes.length) return undefined;
			const localFlags = bytes[at + 9];
			at += 10 + (localFlags & 0x80 ? 3 * 2 ** ((localFlags & 0x07) + 1) : 0);
			// One byte of LZW minimum code size, then the image data sub-blocks.
			const next = skipSubBlocks(bytes, at + 1);
			if (next === undefined) return undefined;
			at = next;
			animationFrames++;
		} else {
			return undefined;
		}
	}
	return width > 0 && height > 0 && animationFrames > 0 ? { width, height, animationFrames } : undefined;
}

/** Width, height and frame count from a JPEG's frame header or a GIF's screen descriptor and
 *  image blocks; undefined when the headers cannot be read (the bytes may still be sent as they are). */
export function readHeaderFacts(bytes: Uint8Array, format: 'JPEG' | 'GIF'): HeaderFacts | undefined {
	return format === 'JPEG' ? jpegFacts(bytes) : gifFacts(bytes);
}
