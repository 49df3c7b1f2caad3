import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { MIN_IMAGE_SHARE } from '../../../nodes/protocol';
import { planBudget, shareByArea } from '../../../nodes/protocol/imageFit/budgetShares';

const claim = fc.record({
	area: fc.integer({ min: 1, max: 640 * 640 }),
	unchangedBytes: fc.option(fc.integer({ min: 1, max: 150_000 }), { nil: undefined }),
});

describe('shareByArea', () => {
	it('splits by area above a floor per image, and never hands out more than there is', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 200_000 }),
				fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 12 }),
				fc.integer({ min: 0, max: 5_000 }),
				(bytes, areas, floor) => {
					const shares = shareByArea(bytes, areas, floor);
					const least = Math.min(floor, Math.floor(bytes / areas.length));
					assert.ok(shares.reduce((a, b) => a + b, 0) <= bytes);
					assert.ok(shares.every((share) => share >= least));
					// Above the floor, bytes per pixel are the same for all (within rounding), and an
					// image held at the floor would have had less at that rate.
					const above = areas.map((_, i) => i).filter((i) => shares[i] > least);
					for (const i of above) {
						for (const j of above) assert.ok(shares[i] / areas[i] <= (shares[j] + 1) / areas[j] + 1e-12);
						areas.forEach((area, k) => {
							if (shares[k] === least && !above.includes(k)) assert.ok((shares[i] / areas[i]) * area <= least + 1 + 1e-9 * area);
						});
					}
				},
			),
			{ numRuns: 500 },
		);
	});

	it('gives a twice as large picture twice the bytes', () => {
		assert.deepEqual(shareByArea(90_000, [200, 100]), [60_000, 30_000]);
	});

	it('gives a small picture beside a big one at least MIN_IMAGE_SHARE, the big one the rest', () => {
		assert.deepEqual(shareByArea(100_000, [640 * 480, 64 * 64]), [100_000 - MIN_IMAGE_SHARE, MIN_IMAGE_SHARE]);
		// Too few bytes for the floor: an equal split is the most anyone can have.
		assert.deepEqual(shareByArea(3_000, [640 * 480, 64 * 64, 64 * 64]), [1_000, 1_000, 1_000]);
	});
});

describe('planBudget', () => {
	it('keeps an image unchanged only if it fits its share of what the others leave, and the kept ones fit the budget', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 102_400 }), fc.array(claim, { minLength: 1, maxLength: 8 }), (budget, claims) => {
				const plan = planBudget(budget, claims);
				const keptBytes = claims.reduce((sum, c, i) => sum + (plan.unchanged[i] ? (c.unchangedBytes ?? 0) : 0), 0);
				assert.equal(plan.bytesToShare, budget - keptBytes);
				assert.ok(plan.bytesToShare >= 0);
				// Only GIF/JPEG (those with unchangedBytes) can be kept.
				claims.forEach((c, i) => {
					if (plan.unchanged[i]) assert.notEqual(c.unchangedBytes, undefined);
				});
				// Stable: with the final shares, no other GIF/JPEG fits its share.
				const open = claims.map((_, i) => i).filter((i) => !plan.unchanged[i]);
				const shares = shareByArea(plan.bytesToShare, open.map((i) => claims[i].area));
				open.forEach((i, position) => {
					const bytes = claims[i].unchangedBytes;
					assert.ok(bytes === undefined || bytes > shares[position]);
				});
			}),
			{ numRuns: 500 },
		);
	});

	it('keeps a small JPEG beside a big PNG, and gives the PNG all the rest', () => {
		const plan = planBudget(100_000, [
			{ area: 640 * 480, unchangedBytes: undefined },
			{ area: 640 * 480, unchangedBytes: 20_000 },
		]);
		assert.deepEqual(plan.unchanged, [false, true]);
		assert.equal(plan.bytesToShare, 80_000);
	});

	it('keeps a JPEG that fits only once another one was kept (the shares grow)', () => {
		// Shares of 33,333 at first: only the 10,000-byte one fits; then 45,000 each, and the 40,000 one fits too.
		const plan = planBudget(100_000, [
			{ area: 1, unchangedBytes: 10_000 },
			{ area: 1, unchangedBytes: 40_000 },
			{ area: 1, unchangedBytes: undefined },
		]);
		assert.deepEqual(plan.unchanged, [true, true, false]);
		assert.equal(plan.bytesToShare, 50_000);
	});
});
