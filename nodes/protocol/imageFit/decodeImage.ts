// Reading an image's pixels with sharp, and the one place that turns sharp's decode failures
// into errors that name the frame.
import { InvalidInputError } from '../errors';
import { withArticle } from '../imageType';
import type { FittableFormat } from './inputFormat';
import type { Sharp } from './sharpLoader';

/** 8-bit sRGB pixels without alpha: what the JPEG encoder is fed, as often as the search needs. */
export interface RawImage {
	data: Buffer;
	width: number;
	height: number;
	channels: 3;
}

/** As the file stores it (before EXIF orientation, which changes neither the area nor the longest side). */
export interface ImageFacts {
	width: number;
	height: number;
	animationFrames: number;
}

// 'error' rather than sharp's default 'warning': phones and cameras write files with harmless
// warnings (a few bytes missing at the end) that every viewer shows; only what cannot be decoded fails.
export const FAIL_ON = 'error';
/** sharp's default input limit, 0x3FFF × 0x3FFF pixels, kept: it is what stops a decompression bomb. */
const MAX_INPUT_PIXELS = 0x3fff * 0x3fff;
/** Transparency is flattened on white: handsets show transparent pixels as black. */
export const BACKGROUND = { r: 255, g: 255, b: 255 };

export function decodeFailure(label: string, format: FittableFormat, error: unknown, field: string): InvalidInputError {
	const reason = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0].trim();
	// libvips refuses more than 268 megapixels (0x3FFF²): a decompression bomb, or a poster-sized scan.
	if (/pixel limit/i.test(reason)) {
		return new InvalidInputError(
			`${label} has too many pixels to convert (more than ${Math.floor(MAX_INPUT_PIXELS / 1e6)} megapixels)`,
			field,
			'Scale the image down to a few thousand pixels per side before this node.',
		);
	}
	return new InvalidInputError(
		`${label} could not be read as ${withArticle(format)} image (${reason})`,
		field,
		'The file is probably damaged or incomplete: check that it opens in an image viewer, or download or export it again.',
	);
}

export async function readImageFacts(sharp: Sharp, bytes: Uint8Array, format: FittableFormat, label: string, field: string): Promise<ImageFacts> {
	try {
		const meta = await sharp(bytes, { failOn: FAIL_ON }).metadata();
		const { width, height } = meta;
		if (!(width > 0 && height > 0)) throw new Error('no dimensions in the file');
		// TIFF pages are separate pictures, not an animation; the other formats' pages are frames.
		return { width, height, animationFrames: format === 'TIFF' ? 1 : Math.max(1, meta.pages ?? 1) };
	} catch (error) {
		throw decodeFailure(label, format, error, field);
	}
}

/**
 * The first frame, EXIF orientation applied, transparency flattened on white, in sRGB, shrunk so
 * its longest side is at most `maxSide` (never enlarged). Decoding and shrinking run in one
 * pipeline so that JPEG and WebP shrink while they decode (a 12-megapixel photo never exists in
 * memory at full size); the quality search then re-encodes only these few hundred kilobytes.
 */
export async function decodeCapped(sharp: Sharp, bytes: Uint8Array, maxSide: number, format: FittableFormat, label: string, field: string): Promise<RawImage> {
	try {
		const { data, info } = await sharp(bytes, { failOn: FAIL_ON })
			.autoOrient()
			.resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
			.flatten({ background: BACKGROUND })
			.toColourspace('srgb')
			.raw({ depth: 'uchar' })
			.toBuffer({ resolveWithObject: true });
		if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels instead of 3`);
		return { data, width: info.width, height: info.height, channels: 3 };
	} catch (error) {
		throw decodeFailure(label, format, error, field);
	}
}
