import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import sharp from 'sharp';

import {
	InvalidInputError,
	MIN_JPEG_QUALITY,
	fitImages,
	loadSharp,
	type FittedImage,
	type ImageToFit,
	type SharpLoader,
} from '../../../nodes/protocol';
import { JPEG as MAGIC_ONLY_JPEG } from '../../support/protocolSamples';
import { animatedGif, encode, noise, photoLike } from '../../support/sharpImages';
import { rejected } from '../../support/thrown';

/** A loader that counts how often it is asked for sharp. */
function countingLoader(): { load: SharpLoader; calls: () => number } {
	let calls = 0;
	return {
		load: () => {
			calls++;
			return loadSharp();
		},
		calls: () => calls,
	};
}

/** A loader that fails the test when anything asks for sharp. */
const forbidden: SharpLoader = () => assert.fail('sharp was loaded');

function toFit(...images: Buffer[]): ImageToFit[] {
	return images.map((bytes, index) => ({ bytes, label: `Frame ${index + 1} image`, source: `binary property "image${index}"`, frame: index + 1 }));
}

const refusal = (promise: Promise<unknown>): Promise<InvalidInputError> => rejected(promise, InvalidInputError);

function totalBytes(fitted: FittedImage[]): number {
	return fitted.reduce((sum, image) => sum + image.bytes.length, 0);
}

/** CRC-32 as PNG chunks use it. */
function crc32(bytes: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of bytes) {
		crc ^= byte;
		for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
	}
	return (crc ^ 0xffffffff) >>> 0;
}

/** A PNG that declares width × height pixels but holds no image data: a decompression bomb's header. */
function pngHeaderOnly(width: number, height: number): Buffer {
	const chunk = (type: string, data: Buffer): Buffer => {
		const head = Buffer.alloc(4);
		head.writeUInt32BE(data.length);
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body));
		return Buffer.concat([head, body, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
	return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', Buffer.from('789c030000000001', 'hex')), chunk('IEND', Buffer.alloc(0))]);
}

/** The pixel at (x, y) of a decoded image, RGB. */
async function pixel(bytes: Buffer, x: number, y: number): Promise<number[]> {
	const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
	const at = (y * info.width + x) * info.channels;
	return [data[at], data[at + 1], data[at + 2]];
}

let phoneJpeg: Buffer; // 400x300 stored, EXIF orientation 6 (shown 300x400), GPS tags
let alphaPng: Buffer; // 600x450, left third transparent, with an ICC profile
let smallJpeg: Buffer; // 120x90
let flatGif: Buffer; // 3 frames 800x600 of moving flat-coloured bars: shrinks well
let busyGif: Buffer; // 3 frames 240x180 of grain: does not

before(async () => {
	// Top-left quarter red, rest blue: after orientation 6 (rotate 90° clockwise) the red is top-right.
	const stored = Buffer.alloc(400 * 300 * 3);
	for (let y = 0; y < 300; y++) {
		for (let x = 0; x < 400; x++) {
			const red = x < 200 && y < 150;
			stored.set(red ? [220, 20, 20] : [20, 20, 220], (y * 400 + x) * 3);
		}
	}
	phoneJpeg = await encode({ data: stored, width: 400, height: 300, channels: 3 }, 'jpeg', { orientation: 6, exif: true });
	const alpha = await photoLike(600, 450, { seed: 2, alpha: true });
	alphaPng = await sharp(alpha.data, { raw: { width: 600, height: 450, channels: 4 } }).withIccProfile('p3').png().toBuffer();
	smallJpeg = await encode(await photoLike(120, 90, { seed: 3 }), 'jpeg', { quality: 80 });
	flatGif = await animatedGif(800, 600, 3);
	busyGif = await animatedGif(240, 180, 3, { grain: 120 });
});

describe('fitImages: what passes unchanged', () => {
	it('GIF and JPEG that fit together go out byte for byte, without loading sharp, metadata included', async () => {
		const inputs = toFit(phoneJpeg, flatGif, smallJpeg);
		const fitted = await fitImages(inputs, { budgetBytes: phoneJpeg.length + flatGif.length + smallJpeg.length, loadSharp: forbidden });
		fitted.forEach((image, index) => {
			assert.ok(image.bytes.equals(inputs[index].bytes));
			assert.equal(image.report.changed, false);
			assert.deepEqual(image.report.sent, { ...image.report.original, format: image.report.original.format });
			assert.equal(image.report.jpegQuality, null);
			assert.equal(image.report.frame, index + 1);
			assert.equal(image.report.source, `binary property "image${index}"`);
		});
		assert.deepEqual(fitted.map((image) => image.type), ['jpg', 'gif', 'jpg']);
		// Dimensions from the headers alone, as stored.
		assert.deepEqual(fitted[0].report.original, { format: 'JPEG', bytes: phoneJpeg.length, width: 400, height: 300, animationFrames: 1 });
		assert.deepEqual(fitted[1].report.original, { format: 'GIF', bytes: flatGif.length, width: 800, height: 600, animationFrames: 3 });
		assert.match(fitted[1].report.summary, /^GIF 800×600 sent unchanged/);
		// The phone's EXIF (GPS included) goes out as it is: documented, the bytes are untouched.
		assert.ok((await sharp(fitted[0].bytes).metadata()).exif !== undefined);
	});

	it('passes a JPEG whose headers it cannot read (dimensions unknown) when it fits, as strict mode would', async () => {
		const [image] = await fitImages(toFit(MAGIC_ONLY_JPEG), { budgetBytes: 102_400, loadSharp: forbidden });
		assert.ok(image.bytes.equals(MAGIC_ONLY_JPEG));
		assert.equal(image.report.original.width, null);
	});

	it('accepts Uint8Array views as well as Buffers, and returns views without copying unchanged bytes', async () => {
		const backing = new Uint8Array(smallJpeg.length + 10);
		backing.set(smallJpeg, 10);
		const view = backing.subarray(10);
		const [image] = await fitImages([{ bytes: view, label: 'Frame 1 image', source: 'test' }], { budgetBytes: 102_400, loadSharp: forbidden });
		assert.ok(Buffer.from(view).equals(image.bytes));
		assert.equal(image.bytes.buffer, backing.buffer);
		assert.equal(image.report.frame, null);
	});

	it('over the budget, a JPEG within its share stays unchanged beside a PNG that is converted (sharp loaded once)', async () => {
		const loader = countingLoader();
		const fitted = await fitImages(toFit(alphaPng, smallJpeg), { budgetBytes: 60_000, loadSharp: loader.load });
		assert.equal(loader.calls(), 1);
		assert.equal(fitted[0].report.changed, true);
		assert.equal(fitted[0].type, 'jpg');
		assert.ok(fitted[1].bytes.equals(smallJpeg));
		assert.ok(totalBytes(fitted) <= 60_000);
	});
});

describe('fitImages: what a re-encoded image looks like', () => {
	it('applies the EXIF orientation and strips all metadata (no GPS, no EXIF, no ICC, no XMP)', async () => {
		const input = await sharp(phoneJpeg).metadata();
		assert.equal(input.orientation, 6);
		assert.ok(input.exif?.includes(Buffer.from([0x25, 0x88]))); // the GPS IFD pointer tag, little-endian
		const [image] = await fitImages(toFit(phoneJpeg), { budgetBytes: phoneJpeg.length - 1 });
		assert.equal(image.report.changed, true);
		const meta = await sharp(image.bytes).metadata();
		assert.equal(meta.format, 'jpeg');
		assert.ok(meta.orientation === undefined || meta.orientation === 1);
		assert.equal(meta.exif, undefined);
		assert.equal(meta.icc, undefined);
		assert.equal(meta.xmp, undefined);
		assert.deepEqual([meta.width, meta.height], [300, 400]);
		assert.deepEqual([image.report.sent.width, image.report.sent.height], [300, 400]);
		// Red was top-left as stored; shown rotated 90° clockwise it is top-right.
		const [r, , b] = await pixel(image.bytes, 280, 20);
		assert.ok(r > 150 && b < 100, `top-right pixel ${r},${b}`);
		const [r2, , b2] = await pixel(image.bytes, 20, 20);
		assert.ok(b2 > 150 && r2 < 100, `top-left pixel ${r2},${b2}`);
	});

	it('flattens transparency on white and drops the ICC profile', async () => {
		assert.ok((await sharp(alphaPng).metadata()).icc !== undefined);
		const [image] = await fitImages(toFit(alphaPng), { budgetBytes: 102_400 });
		const meta = await sharp(image.bytes).metadata();
		assert.equal(meta.hasAlpha, false);
		assert.equal(meta.icc, undefined);
		// The left third was fully transparent.
		const left = await pixel(image.bytes, 20, 200);
		assert.ok(left.every((channel) => channel >= 245), `left ${left.join(',')}`);
	});

	it('keeps the longest side within maxSide and never enlarges', async () => {
		const [big] = await fitImages(toFit(alphaPng), { budgetBytes: 102_400, maxSide: 200 });
		assert.deepEqual([big.report.sent.width, big.report.sent.height], [200, 150]);
		const tinyPng = await encode(await photoLike(100, 80, { seed: 8 }), 'png');
		const [tiny] = await fitImages(toFit(tinyPng), { budgetBytes: 102_400, maxSide: 640 });
		assert.deepEqual([tiny.report.sent.width, tiny.report.sent.height], [100, 80]);
		assert.equal(tiny.report.jpegQuality, 90);
	});

	it('converts WebP, AVIF and TIFF to JPEG', async () => {
		const pixels = await photoLike(320, 240, { seed: 12 });
		for (const format of ['webp', 'avif', 'tiff'] as const) {
			const [image] = await fitImages(toFit(await encode(pixels, format)), { budgetBytes: 30_000 });
			assert.equal(image.type, 'jpg');
			assert.equal((await sharp(image.bytes).metadata()).format, 'jpeg');
			assert.equal(image.report.original.format, { webp: 'WebP', avif: 'AVIF', tiff: 'TIFF' }[format]);
			assert.deepEqual([image.report.original.width, image.report.original.height], [320, 240]);
			assert.ok(image.bytes.length <= 30_000);
		}
	});

	it('turns every pixel layout into a 3-channel sRGB JPEG: grey, grey + alpha, 16-bit, palette, CMYK, 1×1', async () => {
		const size = { width: 90, height: 60 };
		const inputs = {
			grey: await sharp(Buffer.alloc(90 * 60, 90), { raw: { ...size, channels: 1 } }).png().toBuffer(),
			greyAlpha: await sharp(Buffer.alloc(90 * 60 * 2, 90), { raw: { ...size, channels: 2 } }).png().toBuffer(),
			sixteenBit: await sharp({ create: { ...size, channels: 3, background: '#345' } }).toColourspace('rgb16').png().toBuffer(),
			palette: await sharp({ create: { ...size, channels: 3, background: '#a0b' } }).png({ palette: true }).toBuffer(),
			cmyk: await sharp((await photoLike(90, 60, { seed: 13 })).data, { raw: { ...size, channels: 3 } }).toColourspace('cmyk').jpeg().toBuffer(),
			onePixel: await sharp({ create: { width: 1, height: 1, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer(),
		};
		assert.equal((await sharp(inputs.cmyk).metadata()).space, 'cmyk');
		assert.ok(inputs.cmyk.length > 2_000);
		for (const [name, bytes] of Object.entries(inputs)) {
			// A budget below the CMYK JPEG's own size, so that it is converted too.
			const [image] = await fitImages(toFit(bytes), { budgetBytes: inputs.cmyk.length - 1 });
			const meta = await sharp(image.bytes).metadata();
			assert.deepEqual([meta.format, meta.channels, meta.space], ['jpeg', 3, 'srgb'], name);
			assert.equal(image.report.changed, true, name);
		}
		const [transparent] = await fitImages(toFit(inputs.onePixel), { budgetBytes: 3_000 });
		assert.ok((await pixel(transparent.bytes, 0, 0)).every((channel) => channel >= 245));
	});

	it('sends the first frame of an animated WebP as a JPEG and says so', async () => {
		const frames = await Promise.all(['#c33', '#33c'].map((background) => sharp({ create: { width: 120, height: 80, channels: 3, background } }).png().toBuffer()));
		const webp = await sharp(frames, { join: { animated: true } }).webp().toBuffer();
		const [image] = await fitImages(toFit(webp), { budgetBytes: 102_400 });
		assert.equal(image.report.original.animationFrames, 2);
		assert.equal(image.report.sent.animationFrames, 1);
		assert.equal(image.report.summary, 'WebP 120×80 (2 frames): its first frame converted to JPEG 120×80 at quality 90 (only GIF animations can be sent)');
	});

	it('gives the same bytes for the same input', async () => {
		const images = toFit(phoneJpeg, alphaPng, flatGif, await encode(noise(300, 200, 4), 'png'));
		const first = await fitImages(images, { budgetBytes: 40_000 });
		const second = await fitImages(images, { budgetBytes: 40_000 });
		assert.deepEqual(
			second.map((image) => image.bytes.toString('base64')),
			first.map((image) => image.bytes.toString('base64')),
		);
		assert.deepEqual(second.map((image) => image.report), first.map((image) => image.report));
	});
});

describe('fitImages: GIF', () => {
	it('resizes an animated GIF that does not fit, and it stays an animated GIF', async () => {
		const budget = Math.floor(flatGif.length * 0.5);
		const [image] = await fitImages(toFit(flatGif), { budgetBytes: budget });
		assert.equal(image.type, 'gif');
		assert.ok(image.bytes.length <= budget);
		const meta = await sharp(image.bytes).metadata();
		assert.equal(meta.format, 'gif');
		assert.equal(meta.pages, 3);
		assert.ok(Math.max(meta.width ?? 0, meta.pageHeight ?? meta.height ?? 0) <= 640);
		assert.equal(image.report.sent.animationFrames, 3);
		assert.equal(image.report.jpegQuality, null);
		assert.match(image.report.summary, /^GIF 800×600 \(3 frames\) re-encoded as GIF \d+×\d+ \(3 frames\)$/);
	});

	it('sends the first frame as a JPEG when the animation does not fit even at half its size, and says so', async () => {
		const budget = 8_000;
		assert.ok(busyGif.length > budget * 4);
		const [image] = await fitImages(toFit(busyGif), { budgetBytes: budget });
		assert.equal(image.type, 'jpg');
		assert.ok(image.bytes.length <= budget);
		assert.equal((await sharp(image.bytes).metadata()).pages ?? 1, 1);
		assert.equal(image.report.original.animationFrames, 3);
		assert.equal(image.report.sent.animationFrames, 1);
		assert.ok((image.report.jpegQuality ?? 0) >= MIN_JPEG_QUALITY);
		assert.match(image.report.summary, /its first frame converted to JPEG .*the animation does not fit/);
	});
});

describe('fitImages: refusals', () => {
	it('refuses HEIC naming the frame and what to do, before loading sharp', async () => {
		const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(100)]);
		const error = await refusal(fitImages(toFit(smallJpeg, heic), { budgetBytes: 102_400, loadSharp: forbidden }));
		assert.equal(error.message, 'Frame 2 image is a HEIC photo, which Fit Images cannot convert');
		assert.equal(error.field, 'frames');
		assert.match(error.hint, /JPEG/);
	});

	it('refuses an image that cannot be made small enough, naming it and its share', async () => {
		// Noise that is already 64 px: it cannot shrink (a bigger one would, and scaling down smooths noise).
		const noisy = await encode(noise(64, 64, 6), 'png');
		const error = await refusal(fitImages(toFit(noisy, noisy, noisy), { budgetBytes: 1_500 }));
		assert.match(error.message, /^Frame 1 image cannot be made small enough: its share is 500 of the 1,500 bytes that the title and texts leave for images, and even at 64×64 pixels and JPEG quality 40 it takes [\d,]+ bytes$/);
		assert.match(error.hint, /Shorten the texts/);
	});

	it('refuses at once, without loading sharp, when the title and texts leave nothing', async () => {
		const error = await refusal(fitImages(toFit(alphaPng), { budgetBytes: -10, loadSharp: forbidden }));
		assert.equal(error.message, 'The title and texts take 102,410 of the 102,400 bytes an MMS may have, leaving no room for Frame 1 image');
	});

	it('refuses a damaged image naming the frame and the format', async () => {
		const damaged = Buffer.concat([alphaPng.subarray(0, 40), Buffer.alloc(200, 7)]);
		const error = await refusal(fitImages(toFit(smallJpeg, damaged), { budgetBytes: 102_400 }));
		assert.match(error.message, /^Frame 2 image could not be read as a PNG image \(.+\)$/);
		assert.match(error.hint, /damaged or incomplete/);
	});

	it('refuses an image over the 268-megapixel decoding limit as too large, not as damaged', async () => {
		const error = await refusal(fitImages(toFit(pngHeaderOnly(20_000, 20_000)), { budgetBytes: 102_400 }));
		assert.equal(error.message, 'Frame 1 image has too many pixels to convert (more than 268 megapixels)');
		assert.match(error.hint, /Scale the image down/);
	});

	it('refuses a maxSide outside 64–4,096 on the maxImageSide parameter', async () => {
		for (const maxSide of [0, 63, 4097, 640.5, Number.NaN]) {
			const error = await refusal(fitImages(toFit(smallJpeg), { budgetBytes: 102_400, maxSide }));
			assert.equal(error.field, 'maxImageSide');
			assert.match(error.message, /^The maximum image side .+ is not a whole number of pixels from 64 to 4,096$/);
		}
	});

	it('asks for sharp only when an image needs converting, so a broken sharp still lets fitting GIF/JPEG through', async () => {
		const missing: SharpLoader = () => {
			throw new Error('unreachable');
		};
		const fitting = await fitImages(toFit(smallJpeg), { budgetBytes: 102_400, loadSharp: missing });
		assert.equal(fitting[0].report.changed, false);
		await assert.rejects(fitImages(toFit(alphaPng), { budgetBytes: 102_400, loadSharp: missing }), /unreachable/);
	});
});
