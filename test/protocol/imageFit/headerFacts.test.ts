import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import sharp from 'sharp';

import { readHeaderFacts } from '../../../nodes/protocol/imageFit/headerFacts';
import { GIF89A_1X1, JPEG } from '../../support/protocolSamples';
import { animatedGif, encode, photoLike } from '../../support/sharpImages';

describe('readHeaderFacts', () => {
	it('reads the same width and height as sharp from JPEGs of any size (baseline, progressive, with EXIF before the frame header)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 }), fc.boolean(), fc.boolean(), async (width, height, progressive, exif) => {
				const pixels = await photoLike(width, height, { seed: width * 401 + height, grain: 10 });
				let image = sharp(pixels.data, { raw: { width, height, channels: pixels.channels } });
				if (exif) image = image.withMetadata({ orientation: 6 });
				const bytes = await image.jpeg({ progressive }).toBuffer();
				assert.deepEqual(readHeaderFacts(bytes, 'JPEG'), { width, height, animationFrames: 1 });
			}),
			{ numRuns: 25 },
		);
	});

	it('reads size and frame count of GIFs, still and animated, as sharp does', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 4 }), async (width, height, frames) => {
				const bytes = frames === 1 ? await encode(await photoLike(width, height, { grain: 0 }), 'gif') : await animatedGif(width, height, frames);
				const meta = await sharp(bytes).metadata();
				assert.deepEqual(readHeaderFacts(bytes, 'GIF'), { width, height, animationFrames: meta.pages ?? 1 });
				assert.equal(meta.pages ?? 1, frames);
			}),
			{ numRuns: 15 },
		);
		assert.deepEqual(readHeaderFacts(GIF89A_1X1, 'GIF'), { width: 1, height: 1, animationFrames: 1 });
	});

	it('says nothing (undefined) for headers it cannot read, instead of guessing', async () => {
		const jpeg = await encode(await photoLike(64, 48), 'jpeg');
		const gif = await animatedGif(32, 32, 2);
		// The project's magic-bytes-only JPEG sample has no frame header.
		assert.equal(readHeaderFacts(JPEG, 'JPEG'), undefined);
		// Cut inside the headers.
		assert.equal(readHeaderFacts(jpeg.subarray(0, 40), 'JPEG'), undefined);
		assert.equal(readHeaderFacts(gif.subarray(0, gif.length - 20), 'GIF'), undefined);
		// A zero width.
		const zero = Buffer.from(GIF89A_1X1);
		zero[6] = 0;
		assert.equal(readHeaderFacts(zero, 'GIF'), undefined);
	});
});
