import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';

import { MAX_JPEG_QUALITY, MIN_IMAGE_SHARE, MIN_IMAGE_SIDE, MIN_JPEG_QUALITY, loadSharp } from '../../../nodes/protocol';
import type { RawImage } from '../../../nodes/protocol/imageFit/decodeImage';
import { fitJpeg } from '../../../nodes/protocol/imageFit/jpegFitter';
import { noise, photoLike, type RawPixels } from '../../support/sharpImages';

function asRaw(pixels: RawPixels): RawImage {
	assert.equal(pixels.channels, 3);
	return { data: pixels.data, width: pixels.width, height: pixels.height, channels: 3 };
}

async function jpegSize(image: RawImage, quality: number): Promise<number> {
	const bytes = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).jpeg({ quality }).toBuffer();
	return bytes.length;
}

describe('fitJpeg', () => {
	it('at full size takes the highest quality that fits: one more would not', async () => {
		const base = asRaw(await photoLike(480, 360, { seed: 21, grain: 20 }));
		const atMin = await jpegSize(base, MIN_JPEG_QUALITY);
		const atMax = await jpegSize(base, MAX_JPEG_QUALITY);
		for (const target of [atMin, Math.round((atMin + atMax) / 2), atMax - 1, atMax + 100]) {
			const fit = await fitJpeg(loadSharp(), base, target);
			assert.ok(fit.fits);
			const { jpeg } = fit;
			assert.deepEqual([jpeg.width, jpeg.height], [480, 360]);
			assert.ok(jpeg.bytes.length <= target);
			assert.equal(jpeg.bytes.length, await jpegSize(base, jpeg.quality));
			if (jpeg.quality < MAX_JPEG_QUALITY) assert.ok((await jpegSize(base, jpeg.quality + 1)) > target);
			const meta = await sharp(jpeg.bytes).metadata();
			assert.equal(meta.format, 'jpeg');
			assert.equal(meta.isProgressive, false);
		}
	});

	it('shrinks only when even the lowest quality does not fit, and then fits', async () => {
		const base = asRaw(noise(400, 300, 3));
		const atMin = await jpegSize(base, MIN_JPEG_QUALITY);
		const target = Math.round(atMin / 3);
		const fit = await fitJpeg(loadSharp(), base, target);
		assert.ok(fit.fits);
		assert.ok(fit.jpeg.width < 400 && fit.jpeg.height < 300);
		assert.ok(Math.abs(fit.jpeg.width / fit.jpeg.height - 4 / 3) < 0.02);
		assert.ok(fit.jpeg.bytes.length <= target);
	});

	it('MIN_IMAGE_SHARE holds the worst case: pure noise at the smallest size and lowest quality', async () => {
		const worst = asRaw(noise(MIN_IMAGE_SIDE, MIN_IMAGE_SIDE, 9));
		assert.ok((await jpegSize(worst, MIN_JPEG_QUALITY)) <= MIN_IMAGE_SHARE);
		const fit = await fitJpeg(loadSharp(), asRaw(noise(640, 480, 9)), MIN_IMAGE_SHARE);
		assert.ok(fit.fits);
		assert.ok(fit.jpeg.bytes.length <= MIN_IMAGE_SHARE);
	});

	it('reports what the smallest size takes when nothing fits', async () => {
		const fit = await fitJpeg(loadSharp(), asRaw(await photoLike(640, 480, { seed: 4 })), 150);
		assert.equal(fit.fits, false);
		if (fit.fits) return;
		assert.equal(Math.max(fit.smallest.width, fit.smallest.height), MIN_IMAGE_SIDE);
		assert.ok(fit.smallest.bytes > 150);
	});
});
