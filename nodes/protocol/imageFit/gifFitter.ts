// Fitting a GIF as a GIF: all its frames resized together, so an animation stays animated.
import { BACKGROUND, FAIL_ON, decodeFailure, type ImageFacts } from './decodeImage';
import { cappedSize, longestSide, nextSide, scaledTo, type Size } from './imageSize';
import { MAX_GIF_PIXELS, MIN_GIF_SCALE } from './limits';
import type { Sharp } from './sharpLoader';

export interface FittedGif {
	bytes: Buffer;
	width: number;
	height: number;
	animationFrames: number;
}

// libvips' default palette search (effort 7) takes about two seconds per 320×240 frame here; the
// fastest (1) is five times quicker for files about a fifth larger, and a GIF may need a few tries.
const GIF_EFFORT = 1;

function area(size: Size): number {
	return size.width * size.height;
}

/**
 * The first longest side to try: where the input's own bytes per pixel say the GIF lands just
 * under `target`, but not above the cap nor beyond MAX_GIF_PIXELS of work. Undefined when even
 * `minSide` is hopeless: the estimate is more than twice the target there (a re-encode can beat
 * the input's compression, but not by that much), or it is too much work.
 */
function firstSide(bytes: number, original: ImageFacts, capped: number, minSide: number, target: number): number | undefined {
	const bytesPerPixel = bytes / (original.animationFrames * area(original));
	const estimate = (side: number): number => bytesPerPixel * original.animationFrames * area(scaledTo(original, side));
	if (estimate(minSide) > 2 * target) return undefined;
	let side = capped;
	if (estimate(side) > target) side = Math.floor(side * 0.95 * Math.sqrt(target / estimate(side)));
	const pixels = original.animationFrames * area(scaledTo(original, side));
	if (pixels > MAX_GIF_PIXELS) side = Math.floor(side * Math.sqrt(MAX_GIF_PIXELS / pixels));
	if (original.animationFrames * area(scaledTo(original, minSide)) > MAX_GIF_PIXELS) return undefined;
	return Math.max(minSide, side);
}

/**
 * The GIF at its capped size or, when its own compression says that cannot fit, at the size
 * where it should; then smaller (sides shrunk by the square root of the overshoot, at least by
 * MAX_SCALE_STEP) down to MIN_GIF_SCALE of the capped size. Undefined when it does not fit even
 * there: the caller then sends the first frame as a JPEG. Transparency is flattened on white
 * like every re-encoded image.
 */
export async function fitGif(
	sharp: Sharp,
	bytes: Uint8Array,
	original: ImageFacts,
	maxSide: number,
	target: number,
	label: string,
	field: string,
): Promise<FittedGif | undefined> {
	const capped = longestSide(cappedSize(original, maxSide));
	const minSide = Math.max(1, Math.ceil(capped * MIN_GIF_SCALE));
	let side = firstSide(bytes.length, original, capped, minSide, target);
	while (side !== undefined) {
		const size = scaledTo(original, side);
		let encoded: { data: Buffer; info: { pages?: number } };
		try {
			encoded = await sharp(bytes, { animated: true, failOn: FAIL_ON })
				.resize({ width: size.width, height: size.height, fit: 'fill' })
				.flatten({ background: BACKGROUND })
				.gif({ effort: GIF_EFFORT })
				.toBuffer({ resolveWithObject: true });
		} catch (error) {
			throw decodeFailure(label, 'GIF', error, field);
		}
		if (encoded.data.length <= target) {
			return { bytes: encoded.data, width: size.width, height: size.height, animationFrames: Math.max(1, encoded.info.pages ?? 1) };
		}
		side = nextSide(side, encoded.data.length, target, minSide);
	}
	return undefined;
}
