import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { cappedSize, longestSide, scaledTo } from '../../../nodes/protocol/imageFit/imageSize';

const size = fc.record({ width: fc.integer({ min: 1, max: 20_000 }), height: fc.integer({ min: 1, max: 20_000 }) });

describe('cappedSize', () => {
	it('never enlarges, keeps the longest side within the cap, keeps the aspect ratio within rounding', () => {
		fc.assert(
			fc.property(size, fc.integer({ min: 64, max: 4096 }), (original, maxSide) => {
				const capped = cappedSize(original, maxSide);
				assert.ok(capped.width <= original.width && capped.height <= original.height);
				assert.ok(longestSide(capped) <= maxSide);
				assert.ok(capped.width >= 1 && capped.height >= 1);
				if (longestSide(original) <= maxSide) assert.deepEqual(capped, { width: original.width, height: original.height });
				else assert.equal(longestSide(capped), maxSide);
				// Rounding moves each side by at most half a pixel of the exact scaled size.
				const scale = longestSide(capped) / longestSide(original);
				assert.ok(Math.abs(capped.width - original.width * scale) <= 0.5 || capped.width === 1);
				assert.ok(Math.abs(capped.height - original.height * scale) <= 0.5 || capped.height === 1);
			}),
			{ numRuns: 500 },
		);
	});

	it('turns a 12-megapixel 4000×3000 photo into 640×480', () => {
		assert.deepEqual(cappedSize({ width: 4000, height: 3000 }, 640), { width: 640, height: 480 });
		assert.deepEqual(scaledTo({ width: 3000, height: 4000 }, 64), { width: 48, height: 64 });
	});
});
