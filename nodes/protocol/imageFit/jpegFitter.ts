// Fitting decoded pixels into a byte target as a JPEG: the highest quality that fits at the
// largest size, and when even the lowest quality is too big, smaller sizes step by step.
import type { RawImage } from './decodeImage';
import { longestSide, nextSide, scaledTo, type Size } from './imageSize';
import { MAX_JPEG_QUALITY, MIN_IMAGE_SIDE, MIN_JPEG_QUALITY } from './limits';
import { estimateQuality, searchQuality } from './qualitySearch';
import type { Sharp } from './sharpLoader';

export interface FittedJpeg {
	bytes: Buffer;
	width: number;
	height: number;
	quality: number;
}

export type JpegFit =
	| { fits: true; jpeg: FittedJpeg }
	/** Even the smallest size at the lowest quality is too big: the bytes it would take. */
	| { fits: false; smallest: { bytes: number } & Size };

/** Baseline (not progressive) JPEG, which every handset decodes; with Huffman tables optimised for
 *  the image (what is sent), or the standard ones (half the time, never smaller: a quick bound). */
async function encodeJpeg(sharp: Sharp, image: RawImage, quality: number, optimiseCoding = true): Promise<Buffer> {
	return await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
		.jpeg({ quality, optimiseCoding })
		.toBuffer();
}

// At quality 90, optimised Huffman tables save 7-10 % over the standard ones on 640-px photos (more
// on small images, where the tables weigh more): only the first guess depends on it.
const OPTIMISED_SHARE = 0.93;

/**
 * Where to start the search at full size, from one quick encode at the top quality with the
 * standard tables: when even that fits, the real one does too and is the answer (two encodes,
 * the second the one sent); otherwise the quality that should fit, so that the search does not
 * spend a full encode learning that the top quality does not.
 */
async function firstQuality(sharp: Sharp, image: RawImage, target: number): Promise<{ fitsAtMax: Buffer | undefined; guess: number }> {
	const quick = await encodeJpeg(sharp, image, MAX_JPEG_QUALITY, false);
	if (quick.length <= target) {
		const bytes = await encodeJpeg(sharp, image, MAX_JPEG_QUALITY);
		if (bytes.length <= target) return { fitsAtMax: bytes, guess: MAX_JPEG_QUALITY };
	}
	return { fitsAtMax: undefined, guess: estimateQuality(MAX_JPEG_QUALITY, quick.length * OPTIMISED_SHARE, target) };
}

async function shrink(sharp: Sharp, image: RawImage, size: Size): Promise<RawImage> {
	const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
		.resize({ width: size.width, height: size.height, fit: 'fill' })
		.raw()
		.toBuffer();
	return { data, width: size.width, height: size.height, channels: 3 };
}

/** Every size tried is scaled from `base` itself (never from a previous step), so steps do not add blur. */
export async function fitJpeg(sharp: Sharp, base: RawImage, target: number): Promise<JpegFit> {
	const minSide = Math.min(MIN_IMAGE_SIDE, longestSide(base));
	const start = await firstQuality(sharp, base, target);
	if (start.fitsAtMax !== undefined) {
		return { fits: true, jpeg: { bytes: start.fitsAtMax, width: base.width, height: base.height, quality: MAX_JPEG_QUALITY } };
	}
	let image = base;
	for (;;) {
		const encoded = new Map<number, Buffer>();
		const current = image;
		const { quality } = await searchQuality(
			async (q) => {
				const bytes = await encodeJpeg(sharp, current, q);
				encoded.set(q, bytes);
				return bytes.length;
			},
			target,
			{ min: MIN_JPEG_QUALITY, max: MAX_JPEG_QUALITY },
			// A smaller size was chosen for the lowest quality to just fit: start there, not at the top.
			image === base ? start.guess : MIN_JPEG_QUALITY,
		);
		if (quality !== undefined) {
			const bytes = encoded.get(quality) as Buffer;
			return { fits: true, jpeg: { bytes, width: image.width, height: image.height, quality } };
		}
		const bytesAtMin = (encoded.get(MIN_JPEG_QUALITY) as Buffer).length;
		const side = nextSide(longestSide(image), bytesAtMin, target, minSide);
		if (side === undefined) return { fits: false, smallest: { bytes: bytesAtMin, width: image.width, height: image.height } };
		image = await shrink(sharp, base, scaledTo(base, side));
	}
}
