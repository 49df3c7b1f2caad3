// Width and height arithmetic shared by the fitters: every size is computed here, from the
// original, so that the same input always gives the same pixel dimensions.

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
