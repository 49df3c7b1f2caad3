// Width and height arithmetic shared by the fitters: every size is computed here, from the
// original, so that the same input always gives the same pixel dimensions.

import { MAX_SCALE_STEP } from './limits';

export interface Size {
	width: number;
	height: number;
}

export function longestSide(size: Size): number {
	return Math.max(size.width, size.height);
}

/** `size` scaled so its longest side is `side`, aspect ratio kept, each side at least 1 px. */
export function scaledTo(size: Size, side: number): Size {
	const scale = side / longestSide(size);
	return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/** Longest side at most `maxSide`, never enlarged. */
export function cappedSize(size: Size, maxSide: number): Size {
	return longestSide(size) <= maxSide ? { width: size.width, height: size.height } : scaledTo(size, maxSide);
}

/**
 * The next longest side to try after an encoding of `bytes` (for a JPEG, at the lowest quality)
 * missed `target`; undefined once `side` is down to `minSide`.
 * Bytes grow about with the area, so the sides shrink by the square root of the overshoot, a
 * little more to land under it, and always by at least MAX_SCALE_STEP so the steps stay few.
 */
export function nextSide(side: number, bytes: number, target: number, minSide: number): number | undefined {
	if (side <= minSide) return undefined;
	const factor = Math.min(MAX_SCALE_STEP, 0.95 * Math.sqrt(target / bytes));
	return Math.max(minSide, Math.floor(side * factor));
}
