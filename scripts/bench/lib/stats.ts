export function median(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Linear-interpolated quantile (q in 0..1). */
export function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const position = (sorted.length - 1) * q;
	const low = Math.floor(position);
	const high = Math.ceil(position);
	return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export interface Summary {
	median: number;
	min: number;
	max: number;
	q1: number;
	q3: number;
	n: number;
}

export function summarize(values: readonly number[]): Summary {
	return {
		median: median(values),
		min: Math.min(...values),
		max: Math.max(...values),
		q1: quantile(values, 0.25),
		q3: quantile(values, 0.75),
		n: values.length,
	};
}

/**
 * The order of the sides in round `round`: rotated by one each round, and reversed every other
 * cycle, so for two sides it is ABBA and for three every side is first, middle and last alike.
 */
export function roundOrder<T>(sides: readonly T[], round: number): T[] {
	const n = sides.length;
	const rotated = sides.map((_, i) => sides[(i + round) % n]);
	return Math.floor(round / n) % 2 === 1 ? rotated.reverse() : rotated;
}
