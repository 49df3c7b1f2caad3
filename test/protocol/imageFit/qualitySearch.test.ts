import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import sharp from 'sharp';

import { estimateQuality, searchQuality } from '../../../nodes/protocol/imageFit/qualitySearch';
import { noise, photoLike } from '../../support/sharpImages';

const RANGE = { min: 40, max: 90 };

/** A size curve like JPEG's: growing with quality, exponentially with a random rate, plus steps. */
const sizeCurve = fc
	.record({ base: fc.integer({ min: 200, max: 400_000 }), gain: fc.double({ min: 0.001, max: 0.08, noNaN: true }), step: fc.integer({ min: 0, max: 50 }) })
	.map(({ base, gain, step }) => (quality: number) => Math.round(base * Math.exp(gain * (quality - 40))) + step * quality);

/** The answer by brute force: the highest quality in range whose size fits. */
function bestByBruteForce(size: (quality: number) => number, target: number): number | undefined {
	for (let quality = RANGE.max; quality >= RANGE.min; quality--) if (size(quality) <= target) return quality;
	return undefined;
}

describe('searchQuality', () => {
	it('finds exactly the highest fitting quality of any growing size curve from any first guess, with few probes, each once', async () => {
		await fc.assert(
			fc.asyncProperty(sizeCurve, fc.integer({ min: 100, max: 3_000_000 }), fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }), async (size, target, first) => {
				const { quality, probes } = await searchQuality(async (q) => size(q), target, RANGE, first);
				assert.equal(quality, bestByBruteForce(size, target));
				assert.equal(new Set(probes).size, probes.length);
				assert.ok(probes.every((q) => q >= RANGE.min && q <= RANGE.max));
				// Plain bisection needs 7 (the first probe, then 6 halvings of 51 values); a guess that
				// creeps costs at most a few more before a halving.
				assert.ok(probes.length <= 10, `probes ${probes.join(',')}`);
			}),
			{ numRuns: 500 },
		);
	});

	it('needs one encode when the highest quality fits', async () => {
		const { quality, probes } = await searchQuality(async () => 1000, 1000, RANGE);
		assert.equal(quality, RANGE.max);
		assert.deepEqual(probes, [RANGE.max]);
	});

	it('reports no quality when even the lowest is too big, having tried the lowest', async () => {
		const { quality, probes } = await searchQuality(async (q) => 5000 + q, 4000, RANGE);
		assert.equal(quality, undefined);
		assert.ok(probes.includes(RANGE.min));
	});

	it('on real JPEG sizes it needs fewer encodes than bisection (7) and is exact', async () => {
		// Every quality of one photo-like and one noise picture encoded once, then searched for many targets.
		for (const pixels of [await photoLike(480, 360, { seed: 11, grain: 20 }), noise(320, 240, 5)]) {
			const sizes = new Map<number, number>();
			for (let q = RANGE.min; q <= RANGE.max; q++) {
				const jpeg = await sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } }).jpeg({ quality: q }).toBuffer();
				sizes.set(q, jpeg.length);
			}
			const size = (q: number): number => sizes.get(q) ?? Number.NaN;
			const counts: number[] = [];
			const low = size(RANGE.min);
			const high = size(RANGE.max);
			for (let i = 0; i <= 40; i++) {
				const target = Math.round(low + ((high - low) * i) / 40);
				const { quality, probes } = await searchQuality(async (q) => size(q), target, RANGE);
				assert.equal(quality, bestByBruteForce(size, target), `target ${target}`);
				counts.push(probes.length);
			}
			assert.ok(Math.max(...counts) <= 7, `probes per search: ${counts.join(',')}`);
			assert.ok(counts.reduce((a, b) => a + b, 0) / counts.length <= 5, `probes per search: ${counts.join(',')}`);
		}
	});

	it('estimateQuality keeps a size that fits at its quality, and goes lower the smaller the target', () => {
		assert.equal(estimateQuality(90, 50_000, 50_000), 90);
		const guesses = [45_000, 35_000, 25_000, 15_000].map((target) => estimateQuality(90, 50_000, target));
		guesses.slice(1).forEach((guess, i) => assert.ok(guess < guesses[i], guesses.join(',')));
		assert.ok(estimateQuality(60, 20_000, 40_000) > 60);
	});
});
