// How the bytes that the title and texts leave are shared among the images of one MMS.
import { MIN_IMAGE_SHARE } from './limits';

export interface BudgetClaim {
	/** Pixels the image will show: its area after the longest-side cap, never enlarged. */
	area: number;
	/** Its size when it could go out unchanged (a GIF or JPEG), else undefined. */
	unchangedBytes: number | undefined;
}

export interface BudgetPlan {
	/** Per image: true = sent byte for byte as it is. */
	unchanged: boolean[];
	/** What the images that are re-encoded share: the budget minus the unchanged images' bytes. */
	bytesToShare: number;
}

/**
 * Per image, in bytes: `bytes` split in proportion to `areas`, except that no image gets less than
 * `floor` while the bytes allow it (a small picture beside a big one still gets what even its
 * worst case needs; the others share the rest by area). Rounded down: the sum never exceeds `bytes`.
 */
export function shareByArea(bytes: number, areas: readonly number[], floor = MIN_IMAGE_SHARE): number[] {
	const least = Math.max(0, Math.min(floor, Math.floor(bytes / Math.max(1, areas.length))));
	const atFloor = areas.map(() => false);
	for (;;) {
		const open = areas.filter((_, index) => !atFloor[index]);
		const openArea = open.reduce((sum, area) => sum + area, 0);
		const rest = bytes - least * (areas.length - open.length);
		const shares = areas.map((area, index) => (atFloor[index] ? least : openArea > 0 ? Math.floor((rest * area) / openArea) : 0));
		const lifted = shares.map((share, index) => !atFloor[index] && share < least);
		if (!lifted.includes(true)) return shares;
		// Lifting some to the floor takes bytes from the others, which may then fall below it: again.
		lifted.forEach((lift, index) => {
			if (lift) atFloor[index] = true;
		});
	}
}

/**
 * A GIF or JPEG stays unchanged when it is within its share of the budget; the others share
 * what is left, by area. Keeping one only ever frees bytes for the rest (it used no more than
 * its share), so the shares of the others grow and the rule is applied again until nothing
 * changes: at most one round per image.
 */
export function planBudget(budget: number, claims: readonly BudgetClaim[]): BudgetPlan {
	const unchanged = claims.map(() => false);
	let bytesToShare = budget;
	for (;;) {
		const open = claims.map((_, index) => index).filter((index) => !unchanged[index]);
		const shares = shareByArea(bytesToShare, open.map((index) => claims[index].area));
		const keep = open.filter((index, position) => {
			const bytes = claims[index].unchangedBytes;
			return bytes !== undefined && bytes <= shares[position];
		});
		if (keep.length === 0) return { unchanged, bytesToShare };
		for (const index of keep) {
			unchanged[index] = true;
			bytesToShare -= claims[index].unchangedBytes ?? 0;
		}
	}
}
