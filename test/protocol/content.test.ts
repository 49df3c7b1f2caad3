import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InvalidInputError, decodeContent, decodeStrictBase64, encodeFrames, frameText } from '../../nodes/protocol';
import { GIF87A, GIF89A_1X1, JPEG, PNG, TEXT_BYTES_OF_WENBEN, VENDOR_EXAMPLE_CONTENT, VENDOR_EXAMPLE_TEXT_PART } from '../support/protocolSamples';
import { thrown } from '../support/thrown';

const invalid = (run: () => unknown): InvalidInputError => thrown(run, InvalidInputError);

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('encodeFrames', () => {
	it('writes the vendor frame format: txt first, then images, frames joined by ;', () => {
		const { content, frames } = encodeFrames([
			{ durationSeconds: 3, text: '文本', images: [{ bytes: JPEG }] },
			{ durationSeconds: 5, images: [{ bytes: GIF89A_1X1, type: 'gif' }] },
		]);
		assert.equal(content, `3,txt|zsSxvg==,jpg|${b64(JPEG)};5,gif|${b64(GIF89A_1X1)}`);
		assert.equal(frames.length, 2);
		assert.deepEqual(
			frames.map((f) => f.parts.map((p) => p.type)),
			[['txt', 'jpg'], ['gif']],
		);
		assert.deepEqual(frames[0].parts[0].bytes, TEXT_BYTES_OF_WENBEN);
	});

	it('accepts a plain Uint8Array image', () => {
		const { content } = encodeFrames([{ durationSeconds: 1, images: [{ bytes: new Uint8Array(GIF87A) }] }]);
		assert.equal(content, `1,gif|${b64(GIF87A)}`);
	});

	it('treats empty text as no text', () => {
		assert.equal(encodeFrames([{ durationSeconds: 2, text: '', images: [{ bytes: JPEG }] }]).content, `2,jpg|${b64(JPEG)}`);
	});

	it('refuses no frames', () => {
		assert.equal(invalid(() => encodeFrames([])).field, 'frames');
	});

	it('refuses a frame with neither text nor image, naming the frame', () => {
		const error = invalid(() => encodeFrames([{ durationSeconds: 1, text: 'a' }, { durationSeconds: 1, text: '', images: [] }]));
		assert.match(error.message, /^Frame 2 has neither text nor an image/);
		assert.equal(error.field, 'frames');
	});

	for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
		it(`refuses the duration ${bad}`, () => {
			const error = invalid(() => encodeFrames([{ durationSeconds: 1, text: 'a' }, { durationSeconds: bad, text: 'b' }]));
			assert.match(error.message, /^Frame 2: the duration/);
		});
	}

	it('refuses text GB2312 cannot hold, naming frame, character and position', () => {
		const error = invalid(() => encodeFrames([{ durationSeconds: 1, text: 'ok' }, { durationSeconds: 1, text: 'hi 😀' }]));
		assert.match(error.message, /^Frame 2 text contains a character/);
		assert.match(error.message, /"😀" \(U\+1F600\) at position 4/);
		assert.equal(error.field, 'frames');
	});

	it('refuses a PNG image, naming the frame', () => {
		const error = invalid(() => encodeFrames([{ durationSeconds: 1, text: 'a', images: [{ bytes: JPEG }, { bytes: PNG }] }]));
		assert.match(error.message, /^Frame 1 image 2 is a PNG file/);
	});

	it('refuses a declared type that the bytes contradict', () => {
		const error = invalid(() => encodeFrames([{ durationSeconds: 1, images: [{ bytes: JPEG, type: 'gif' }] }]));
		assert.match(error.message, /declared as gif but its bytes are a JPEG image/);
	});
});

describe('decodeContent', () => {
	it('accepts the text part of the vendor example: "文本"', () => {
		const frames = decodeContent(VENDOR_EXAMPLE_TEXT_PART);
		assert.equal(frames.length, 1);
		assert.equal(frames[0].durationSeconds, 3);
		assert.equal(frameText(frames[0]), '文本');
	});

	it('refuses the vendor example as a whole (truncated JPEG, space after ;, truncated GIF)', () => {
		const error = invalid(() => decodeContent(VENDOR_EXAMPLE_CONTENT));
		assert.equal(error.field, 'rawContent');
		assert.match(error.message, /^Frame 1, part 2 \(jpg\) does not start like a JPEG image/);
		assert.match(error.hint, /cut/);
	});

	it('refuses the space after ";" in the vendor example', () => {
		const error = invalid(() => decodeContent(`3,txt|zsSxvg==; 3,gif|${b64(GIF89A_1X1)}`));
		assert.match(error.message, /^Frame 2 starts with a space/);
	});

	it('refuses the truncated GIF of the vendor example', () => {
		const error = invalid(() => decodeContent('3,gif|ExghIhcXGRcXIiQdIB8fIB0kJCssLywrJDk5Pj45OUFBQ'));
		assert.match(error.message, /^Frame 1, part 1 \(gif\): the base64 is 45 characters long, not a multiple of 4/);
	});

	it('round-trips encodeFrames', () => {
		const input = [
			{ durationSeconds: 3, text: '你好，世界', images: [{ bytes: JPEG }, { bytes: GIF87A }] },
			{ durationSeconds: 10, text: 'second' },
		];
		const { content, frames } = encodeFrames(input);
		const decoded = decodeContent(content);
		assert.deepEqual(decoded, frames);
		assert.equal(frameText(decoded[0]), '你好，世界');
		assert.equal(frameText(decoded[1]), 'second');
	});

	it('uses the field it is given', () => {
		assert.equal(invalid(() => decodeContent('', 'frames')).field, 'frames');
	});

	const syntax: Array<[string, string, RegExp]> = [
		['empty content', '', /empty/],
		['trailing ;', `3,txt|zsSxvg==;`, /ends with ";"/],
		['empty frame', `3,txt|zsSxvg==;;3,txt|zsSxvg==`, /^Frame 2 is empty/],
		['no duration', 'txt|zsSxvg==', /^Frame 1 does not start with its duration/],
		['zero duration', '0,txt|zsSxvg==', /^Frame 1: the duration "0"/],
		['decimal duration', '1.5,txt|zsSxvg==', /^Frame 1: the duration "1.5"/],
		['negative duration', '-3,txt|zsSxvg==', /^Frame 1: the duration "-3"/],
		['duration only', '3', /no text or image/],
		['missing |', '3,txt', /has no "\|"/],
		['unknown type png', `3,png|${b64(PNG)}`, /type "png"/],
		['upper-case type', '3,TXT|zsSxvg==', /type "TXT"/],
		['jpeg instead of jpg', `3,jpeg|${b64(JPEG)}`, /type "jpeg"/],
		['empty base64', '3,txt|', /base64 is empty/],
		['bad base64 character', '3,txt|zsSx*g==', /"\*"/],
		['url-safe base64', '3,txt|zs-xvg==', /URL-safe/],
		['= in the middle', '3,txt|zs=xvg==', /"=" at character 3/],
		['length not multiple of 4', '3,txt|zsSxvg=', /not a multiple of 4/],
		['stray padding bits', '3,txt|zsSxvh==', /stray bits/],
		['line break in base64', '3,txt|zsSx\nvg==', /line break/],
	];
	for (const [name, content, pattern] of syntax) {
		it(`refuses ${name}`, () => {
			const error = invalid(() => decodeContent(content));
			assert.match(error.message, pattern);
			assert.equal(error.field, 'rawContent');
			assert.ok(error.hint.length > 0);
		});
	}

	it('gives the hint about "+" sent unencoded when base64 holds a space', () => {
		const original = `3,jpg|${b64(Buffer.concat([JPEG, Buffer.from([0, 0, 0xfb, 0xef, 0xbe])]))}`;
		assert.ok(original.includes('+'), 'sample must contain a +');
		const error = invalid(() => decodeContent(original.replace(/\+/g, ' ')));
		assert.match(error.message, /^Frame 1, part 1 \(jpg\): the base64 has a space at character \d+/);
		assert.match(error.hint, /'\+'/);
		assert.equal(decodeContent(original).length, 1);
	});

	it('refuses an image declared with the wrong type', () => {
		assert.match(invalid(() => decodeContent(`3,jpg|${b64(GIF87A)}`)).hint, /gif\|/);
	});

	it('refuses a PNG inside a jpg part by name', () => {
		assert.match(invalid(() => decodeContent(`3,jpg|${b64(PNG)}`)).message, /PNG/);
	});

	it('refuses a truncated image whose base64 still has a valid length', () => {
		const cut = b64(JPEG.subarray(3));
		assert.match(invalid(() => decodeContent(`3,jpg|${cut}`)).message, /does not start like a JPEG/);
	});

	it('refuses txt that is not GB2312, recognising UTF-8', () => {
		// '中' in UTF-8 (e4 b8 ad) ends with a lone GBK lead byte; many UTF-8 texts happen to be valid GBK.
		const error = invalid(() => decodeContent(`3,txt|${Buffer.from('中').toString('base64')}`));
		assert.match(error.message, /not valid GB2312/);
		assert.match(error.hint, /UTF-8/);
	});

	it('is linear: 4 MB of content decodes quickly', () => {
		const big = Buffer.concat([JPEG.subarray(0, 4), Buffer.alloc(3_000_000, 7)]);
		const content = `3,jpg|${b64(big)}`;
		const started = performance.now();
		decodeContent(content);
		assert.ok(performance.now() - started < 2000);
	});
});

describe('decodeStrictBase64', () => {
	it('decodes canonical base64 and refuses the rest', () => {
		const ok = decodeStrictBase64('zsSxvg==');
		assert.ok(ok.ok && ok.bytes.equals(TEXT_BYTES_OF_WENBEN));
		assert.equal(decodeStrictBase64('zsSxvg=').ok, false);
		assert.equal(decodeStrictBase64('====').ok, false);
		assert.equal(decodeStrictBase64('zsSxv===').ok, false);
		assert.equal(decodeStrictBase64('zsSx').ok, true);
	});
});
