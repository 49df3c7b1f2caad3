import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as iconv from 'iconv-lite';
import sharp from 'sharp';

import { InvalidInputError, MAX_MMS_BYTES, PATHS, assertMmsSize, encodeFrames, fitFrameImages, sendBodyBuilder, type FrameInput } from '../../../nodes/protocol';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { DEMO } from '../../simulator/testHelpers';
import { encode, photoLike } from '../../support/sharpImages';
import { rejected } from '../../support/thrown';

let sim: RunningSimulator;
let bigPng: Buffer; // 1600x1200 photo-like, about 5 MB
let webp: Buffer;
let smallJpeg: Buffer;

before(async () => {
	sim = await startSimulator();
	bigPng = await encode(await photoLike(1600, 1200, { seed: 31, grain: 24 }), 'png');
	webp = await encode(await photoLike(900, 700, { seed: 32 }), 'webp');
	smallJpeg = await encode(await photoLike(160, 120, { seed: 33 }), 'jpeg', { quality: 80 });
});
after(async () => {
	await sim.close();
});

const refusal = (promise: Promise<unknown>): Promise<InvalidInputError> => rejected(promise, InvalidInputError);

describe('fitFrameImages', () => {
	it('gives the images what the title (UTF-8) and the texts (GB2312) leave of 102,400 bytes', async () => {
		const title = '新品 launch';
		const texts = ['你好，世界', 'plain ascii'];
		const frames: FrameInput[] = [
			{ durationSeconds: 3, text: texts[0], images: [{ bytes: bigPng }] },
			{ durationSeconds: 5, text: texts[1] },
		];
		const fitted = await fitFrameImages(title, frames);
		const expected = MAX_MMS_BYTES - Buffer.byteLength(title, 'utf8') - texts.reduce((sum, text) => sum + iconv.encode(text, 'gb2312').length, 0);
		assert.equal(fitted.budgetBytes, expected);
		const { frames: encoded } = encodeFrames(fitted.frames);
		assert.ok(assertMmsSize(title, encoded, 'frames') <= MAX_MMS_BYTES);
		// Texts and durations untouched; the caller's frames untouched.
		assert.deepEqual(fitted.frames.map((frame) => [frame.durationSeconds, frame.text]), [[3, texts[0]], [5, texts[1]]]);
		assert.equal(frames[0].images?.[0].bytes, bigPng);
	});

	it('labels images as encodeFrames does and reports the source given', async () => {
		const fitted = await fitFrameImages('t', [
			{ durationSeconds: 1, text: 'x' },
			{ durationSeconds: 1, images: [{ bytes: webp, source: 'URL http://127.0.0.1/a.webp' }, { bytes: smallJpeg }] },
		]);
		assert.deepEqual(
			fitted.reports.map((report) => [report.frame, report.label, report.source]),
			[
				[2, 'Frame 2 image 1', 'URL http://127.0.0.1/a.webp'],
				[2, 'Frame 2 image 2', 'Frame 2 image 2'],
			],
		);
		assert.deepEqual(fitted.frames[1].images?.map((image) => image.type), ['jpg', 'jpg']);
		const heic = Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from('ftypheic\0\0\0\0mif1', 'latin1'), Buffer.alloc(64)]);
		const error = await refusal(fitFrameImages('t', [{ durationSeconds: 1, images: [{ bytes: smallJpeg }, { bytes: heic }] }]));
		assert.match(error.message, /^Frame 1 image 2 is a HEIC photo/);
	});

	it('leaves malformed frames to encodeFrames, which refuses them with its usual message', async () => {
		const malformed = [{ durationSeconds: 1, images: [{ bytes: 'not bytes' }] }] as unknown as FrameInput[];
		const fitted = await fitFrameImages('t', malformed);
		assert.deepEqual(fitted.reports, []);
		assert.throws(() => encodeFrames(fitted.frames), /Frame 1 image has no image data/);
	});

	it('refuses texts the vendor encoding cannot hold, as encodeFrames would', async () => {
		const error = await refusal(fitFrameImages('t', [{ durationSeconds: 1, text: 'smile 😀', images: [{ bytes: bigPng }] }]));
		assert.equal(error.field, 'frames');
		assert.match(error.message, /Frame 1 text/);
	});

	it('a 5 MB PNG, a WebP and a small JPEG go out as one MMS the simulator accepts', async () => {
		const title = '图片测试';
		const fitted = await fitFrameImages(title, [
			{ durationSeconds: 3, text: '大图', images: [{ bytes: bigPng }] },
			{ durationSeconds: 3, images: [{ bytes: webp }] },
			{ durationSeconds: 2, text: 'small', images: [{ bytes: smallJpeg }] },
		]);
		assert.ok(bigPng.length > 4_000_000);
		const { content } = encodeFrames(fitted.frames);
		const body = sendBodyBuilder({ userId: DEMO.userid, account: DEMO.account, password: DEMO.password }, { title, content })(['13800000000']);
		const reply = await fetch(sim.url + PATHS.send, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
		assert.equal(reply.status, 200);
		assert.match(await reply.text(), /^\d+:\d+$/);
		const submission = sim.state.submissions().at(-1);
		assert.ok(submission);
		assert.ok(submission.sizeBytes <= MAX_MMS_BYTES);
		const images = submission.frames.flatMap((frame) => frame.parts.filter((part) => part.type !== 'txt'));
		assert.deepEqual(images.map((part) => part.type), ['jpg', 'jpg', 'jpg']);
		// The small JPEG fitted its share and went out as it was; the others were converted.
		assert.ok(images[2].bytes.equals(smallJpeg));
		assert.deepEqual(fitted.reports.map((report) => report.changed), [true, true, false]);
		for (const part of images) assert.equal((await sharp(part.bytes).metadata()).format, 'jpeg');
	});
});
