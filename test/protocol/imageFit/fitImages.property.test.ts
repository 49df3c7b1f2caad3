// Random MMS (title, texts, 1-5 frames, images of every format and random sizes, maxSide) through
// Fit Images, then through the simulator's own wire-format decoder: always a payload within
// 102,400 bytes that it accepts, or a clear InvalidInputError only where the rules allow one.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import * as iconv from 'iconv-lite';
import sharp from 'sharp';

import {
	InvalidInputError,
	MAX_MMS_BYTES,
	MIN_IMAGE_SHARE,
	assertMmsSize,
	decodeGb2312,
	encodeFrames,
	fitFrameImages,
	fitImages,
	type FrameToFit,
	type SharpLoader,
} from '../../../nodes/protocol';
import { decodeWireContent, wireSize } from '../../simulator/wireFormat';
import { animatedGif, encode, noise, photoLike, type TestFormat } from '../../support/sharpImages';

interface PoolImage {
	name: string;
	bytes: Buffer;
}

const pool: PoolImage[] = [];
const sendable: PoolImage[] = [];

before(async () => {
	const add = (name: string, bytes: Buffer): void => {
		pool.push({ name, bytes });
		if (/^(jpeg|gif)/.test(name)) sendable.push({ name, bytes });
	};
	add('png with alpha 500x400', await encode(await photoLike(500, 400, { seed: 41, alpha: true }), 'png'));
	add('webp 600x450', await encode(await photoLike(600, 450, { seed: 42 }), 'webp'));
	add('avif 300x300', await encode(await photoLike(300, 300, { seed: 43 }), 'avif'));
	add('tiff 200x150', await encode(await photoLike(200, 150, { seed: 44 }), 'tiff'));
	add('jpeg 800x600 orientation 6 + GPS', await encode(await photoLike(800, 600, { seed: 45, grain: 30 }), 'jpeg', { orientation: 6, exif: true }));
	add('jpeg 120x90', await encode(await photoLike(120, 90, { seed: 46 }), 'jpeg', { quality: 80 }));
	add('gif animated 320x240x4', await animatedGif(320, 240, 4));
	add('gif animated busy 160x120x3', await animatedGif(160, 120, 3, { grain: 80 }));
	add('gif still 100x100', await animatedGif(100, 100, 1));
	add('png noise 64x64', await encode(noise(64, 64, 47), 'png'));
	add('png noise 500x500', await encode(noise(500, 500, 48), 'png'));
});

// GB2312 text the vendor encoding always holds: hanzi rows 0xB0-0xD6, ASCII, new lines.
const hanzi = fc.tuple(fc.integer({ min: 0xb0, max: 0xd6 }), fc.integer({ min: 0xa1, max: 0xfe })).map(([row, col]) => decodeGb2312(Buffer.from([row, col])));
const ascii = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const shortText = fc.string({ unit: fc.oneof(ascii, hanzi, fc.constant('\n')), maxLength: 60 });
// Long texts squeeze the images: up to the whole limit (then nothing is left for them).
const text = fc.oneof(
	{ weight: 3, arbitrary: shortText },
	{ weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1_000, max: 110_000 }), fc.boolean()).map(([bytes, wide]) => (wide ? '字'.repeat(Math.ceil(bytes / 2)) : 'A'.repeat(bytes))) },
);

const randomImage = fc.record({
	width: fc.integer({ min: 1, max: 700 }),
	height: fc.integer({ min: 1, max: 700 }),
	kind: fc.constantFrom('photo', 'noise'),
	format: fc.constantFrom<TestFormat>('png', 'webp', 'jpeg', 'tiff', 'gif'),
	seed: fc.integer({ min: 1, max: 1_000_000 }),
});
type RandomImage = typeof randomImage extends fc.Arbitrary<infer T> ? T : never;

async function makeImage(spec: RandomImage): Promise<Buffer> {
	const pixels = spec.kind === 'noise' ? noise(spec.width, spec.height, spec.seed) : await photoLike(spec.width, spec.height, { seed: spec.seed });
	return await encode(pixels, spec.format);
}

const imageChoice = fc.oneof({ weight: 3, arbitrary: fc.nat().map((n) => ({ pool: n })) }, { weight: 1, arbitrary: randomImage.map((spec) => ({ spec })) });

const mms = fc.record({
	title: shortText,
	frames: fc.array(fc.record({ text: fc.option(text, { nil: undefined }), images: fc.array(imageChoice, { maxLength: 2 }) }), { minLength: 1, maxLength: 5 }),
	maxSide: fc.constantFrom(64, 160, 320, 640, 1024),
});

function formatOf(type: string): string {
	return type === 'jpg' ? 'jpeg' : 'gif';
}

describe('Fit Images properties', () => {
	it('any mix of formats, sizes, texts and frames gives a payload within 102,400 bytes that the simulator accepts, or a clear error only where allowed', async () => {
		await fc.assert(
			fc.asyncProperty(mms, async ({ title, frames: specs, maxSide }) => {
				const frames: FrameToFit[] = [];
				const inputs: Buffer[] = [];
				for (const [index, spec] of specs.entries()) {
					const images: Buffer[] = [];
					for (const choice of spec.images) images.push('pool' in choice ? pool[choice.pool % pool.length].bytes : await makeImage(choice.spec));
					inputs.push(...images);
					const textOrNone = spec.text === undefined || spec.text === '' ? undefined : spec.text;
					frames.push({ durationSeconds: index + 1, text: textOrNone ?? (images.length === 0 ? 'x' : undefined), images: images.map((bytes) => ({ bytes })) });
				}
				let fitted;
				try {
					fitted = await fitFrameImages(title, frames, { maxSide });
				} catch (error) {
					assert.ok(error instanceof InvalidInputError, String(error));
					assert.equal(error.field, 'frames');
					assert.match(error.hint, /\.$/);
					const budget = MAX_MMS_BYTES - Buffer.byteLength(title) - frames.reduce((sum, frame) => sum + iconv.encode(frame.text ?? '', 'gb2312').length, 0);
					if (/cannot be made small enough/.test(error.message)) {
						assert.match(error.message, /^Frame \d+ image( \d+)? cannot be made small enough/);
						// With MIN_IMAGE_SHARE per image, every image fits at least at its smallest size.
						assert.ok(budget < inputs.length * MIN_IMAGE_SHARE, `refused with ${budget} bytes for ${inputs.length} images: ${error.message}`);
					} else {
						assert.match(error.message, /^The title and texts take [\d,]+ of the 102,400 bytes/);
						assert.ok(budget <= 0);
					}
					return;
				}
				assert.equal(fitted.reports.length, inputs.length);
				const { content, frames: encoded } = encodeFrames(fitted.frames);
				if (inputs.length === 0 && fitted.budgetBytes < 0) {
					// Texts alone over the limit and no image to fit: the usual size check refuses it.
					assert.throws(() => assertMmsSize(title, encoded, 'frames'), InvalidInputError);
					return;
				}
				const wire = decodeWireContent(content);
				assert.ok(wire.ok, wire.ok ? '' : wire.problem);
				if (!wire.ok) return;
				assert.ok(wireSize(title, wire.value) <= MAX_MMS_BYTES);
				const sent = wire.value.flatMap((frame) => frame.parts.filter((part) => part.type !== 'txt'));
				assert.equal(sent.length, inputs.length);
				for (const [index, part] of sent.entries()) {
					const report = fitted.reports[index];
					const meta = await sharp(part.bytes).metadata();
					assert.equal(meta.format, formatOf(part.type));
					assert.equal(report.sent.bytes, part.bytes.length);
					if (!report.changed) {
						assert.ok(part.bytes.equals(inputs[index]));
						continue;
					}
					const height = meta.pageHeight ?? meta.height ?? 0;
					assert.ok(Math.max(meta.width ?? 0, height) <= maxSide, `${meta.width}x${height} over ${maxSide}`);
					assert.deepEqual([meta.width, height], [report.sent.width, report.sent.height]);
					assert.equal(meta.exif, undefined);
					assert.equal(meta.icc, undefined);
					assert.equal(meta.xmp, undefined);
					assert.ok(meta.orientation === undefined || meta.orientation === 1);
				}
			}),
			{ numRuns: 20 },
		);
	});

	it('GIF and JPEG that fit together are sent byte for byte and never load sharp', async () => {
		const forbidden: SharpLoader = () => assert.fail('sharp was loaded');
		await fc.assert(
			fc.asyncProperty(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.nat({ max: 50_000 }), async (picks, spare) => {
				const images = picks.map((n, index) => ({ bytes: sendable[n % sendable.length].bytes, label: `Frame ${index + 1} image`, source: 'pool' }));
				const total = images.reduce((sum, image) => sum + image.bytes.length, 0);
				const fitted = await fitImages(images, { budgetBytes: total + spare, loadSharp: forbidden });
				fitted.forEach((image, index) => {
					assert.ok(image.bytes.equals(images[index].bytes));
					assert.equal(image.report.changed, false);
				});
			}),
			{ numRuns: 100 },
		);
	});
});
