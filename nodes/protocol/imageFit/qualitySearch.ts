// The search for the highest JPEG quality whose encoding fits a byte target. Encodes are the
// cost, so it guesses from what it has measured instead of halving blindly. The guesses use the
// quantiser scale libjpeg derives from the quality (5000/q below 50, 200-2q above): a JPEG's
// size is close to a power of that scale (about scale^-0.6 for photos, -0.45 for flat graphics,
// -0.65 for noise), so log(size) is nearly linear in log(scale) and interpolating there lands
// within a quality step or two.

export interface QualityRange {
	min: number;
	max: number;
}

export interface QualitySearchResult {
	/** The highest quality found whose size fits, or undefined when even `min` does not fit. */
	quality: number | undefined;
	/** Qualities encoded, in order (each once). */
	probes: number[];
}

/** The exponent of the power law, for the first guess when only one size is known. */
const TYPICAL_EXPONENT = 0.58;

function logScale(quality: number): number {
	return Math.log(quality < 50 ? 5000 / quality : 200 - 2 * quality);
}

function qualityAtLogScale(value: number): number {
	const scale = Math.exp(value);
	return scale > 100 ? 5000 / scale : (200 - scale) / 2;
}

/** The quality at which an image measured at `knownSize` bytes for `knownQuality` should take
 *  `target` bytes, with the typical exponent: a first guess from one measurement. */
export function estimateQuality(knownQuality: number, knownSize: number, target: number): number {
	return Math.floor(qualityAtLogScale(logScale(knownQuality) + Math.log(knownSize / target) / TYPICAL_EXPONENT) + 1e-9);
}

function clamp(value: number, low: number, high: number): number {
	return Math.min(high, Math.max(low, value));
}

/**
 * Largest q in [min, max] with sizeAt(q) <= target, assuming size grows with quality (JPEG sizes
 * almost always do; where they do not, the answer is a quality that fits whose next one does not).
 * Starts at `firstGuess` (default `max`: small or simple images fit there with one encode; after a
 * scale-down step the caller knows the answer is near `min`), then
 * narrows a bracket (the highest quality known to fit, the lowest known not to) with secant
 * guesses on the power law, halving it instead when three guesses in a row land on the same side.
 */
export async function searchQuality(
	sizeAt: (quality: number) => Promise<number>,
	target: number,
	range: QualityRange,
	firstGuess: number = range.max,
): Promise<QualitySearchResult> {
	const probes: number[] = [];
	const sizes = new Map<number, number>();
	const logSize = (quality: number): number => Math.log(sizes.get(quality) ?? target);
	const logTarget = Math.log(target);
	// Outside the range means "not known yet": nothing fits below min, everything fits above max.
	let fits = range.min - 1;
	let tooBig = range.max + 1;
	// Guesses that keep landing on one side are creeping towards the answer (the curve bends
	// away from the line they follow): then one halving step cuts the bracket for sure.
	let sameSide = 0;
	let lastFitted: boolean | undefined;
	let guess = Math.round(firstGuess);
	while (tooBig - fits > 1) {
		guess = clamp(guess, fits + 1, tooBig - 1);
		const size = await sizeAt(guess);
		sizes.set(guess, size);
		probes.push(guess);
		const fitted = size <= target;
		if (fitted) fits = guess;
		else tooBig = guess;
		sameSide = fitted === lastFitted ? sameSide + 1 : 1;
		lastFitted = fitted;
		if (sameSide >= 3) {
			guess = Math.floor((fits + tooBig) / 2);
			sameSide = 0;
			continue;
		}
		// The local exponent from the last two sizes (secant), the typical one until there are two.
		const [previous, last] = probes.slice(-2);
		const local = probes.length >= 2 ? (logSize(last) - logSize(previous)) / (logScale(previous) - logScale(last)) : 0;
		const exponent = Number.isFinite(local) && local > 0 ? local : TYPICAL_EXPONENT;
		// From the measured end of the bracket whose size is nearer the target.
		const ends = [fits, tooBig].filter((quality) => sizes.has(quality));
		const anchor = ends.reduce((best, quality) => (Math.abs(logSize(quality) - logTarget) < Math.abs(logSize(best) - logTarget) ? quality : best));
		guess = Math.floor(qualityAtLogScale(logScale(anchor) + (logSize(anchor) - logTarget) / exponent) + 1e-9);
	}
	return { quality: fits >= range.min ? fits : undefined, probes };
}
