import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { type FrameInput, Inter28Error, InvalidInputError, decodeContent, decodeGb2312, encodeFrames, frameText, mmsSize } from '../../nodes/protocol';

// GB2312 rows 0xB0-0xD6 are fully assigned hanzi; row 0xA1 holds punctuation. Together with printable ASCII
// and new lines they give text the vendor encoding can always hold.
const hanzi = fc.tuple(fc.integer({ min: 0xb0, max: 0xd6 }), fc.integer({ min: 0xa1, max: 0xfe })).map(([row, col]) => decodeGb2312(Buffer.from([row, col])));
const punctuation = fc.integer({ min: 0xa2, max: 0xfe }).map((col) => decodeGb2312(Buffer.from([0xa1, col])));
const ascii = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const gbText = fc.string({ unit: fc.oneof(ascii, hanzi, punctuation, fc.constant('\n')), minLength: 1, maxLength: 200 });

const jpegBlob = fc.uint8Array({ maxLength: 600 }).map((tail) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), tail]));
const gifBlob = fc
	.tuple(fc.constantFrom('GIF87a', 'GIF89a'), fc.uint8Array({ maxLength: 600 }))
	.map(([magic, tail]) => Buffer.concat([Buffer.from(magic, 'latin1'), tail]));
const image = fc.oneof(
	jpegBlob.map((bytes) => ({ bytes })),
	gifBlob.map((bytes) => ({ bytes })),
	jpegBlob.map((bytes) => ({ bytes: new Uint8Array(bytes), type: 'jpg' as const })),
);

const frame: fc.Arbitrary<FrameInput> = fc
	.record({
		durationSeconds: fc.integer({ min: 1, max: 1_000_000 }),
		text: fc.option(gbText, { nil: undefined }),
		images: fc.array(image, { maxLength: 3 }),
	})
	.filter((f) => f.text !== undefined || f.images.length > 0);

describe('content properties', () => {
	it('decodeContent(encodeFrames(x)) gives back the frames, text and image bytes', () => {
		fc.assert(
			fc.property(fc.array(frame, { minLength: 1, maxLength: 5 }), (input) => {
				const { content, frames } = encodeFrames(input);
				const decoded = decodeContent(content);
				assert.deepEqual(decoded, frames);
				decoded.forEach((f, index) => {
					assert.equal(f.durationSeconds, input[index].durationSeconds);
					assert.equal(frameText(f), input[index].text ?? '');
					const images = f.parts.filter((p) => p.type !== 'txt');
					assert.deepEqual(
						images.map((p) => p.bytes),
						(input[index].images ?? []).map((i) => Buffer.from(i.bytes)),
					);
				});
				assert.equal(mmsSize('', decoded), mmsSize('', frames));
			}),
			{ numRuns: 300 },
		);
	});

	it('decodeContent only ever throws InvalidInputError, on random and mutated content', () => {
		const contentChars = fc.constantFrom(...'0123456789,;|txtjpggif+/= \nABCDEFzsSxvg9j4'.split(''));
		const randomContent = fc.oneof(fc.string({ unit: contentChars, maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }));
		const mutated = fc.tuple(fc.array(frame, { minLength: 1, maxLength: 3 }), fc.nat(), fc.string({ maxLength: 3 })).map(([input, at, insert]) => {
			const { content } = encodeFrames(input);
			const cut = at % (content.length + 1);
			return content.slice(0, cut) + insert + content.slice(cut + (at % 3));
		});
		fc.assert(
			fc.property(fc.oneof(randomContent, mutated), (content) => {
				try {
					decodeContent(content);
				} catch (error) {
					assert.ok(error instanceof InvalidInputError, `${String(error)} for ${JSON.stringify(content.slice(0, 80))}`);
				}
			}),
			{ numRuns: 1500 },
		);
	});

	it('encodeFrames only ever throws InvalidInputError, whatever it is given', () => {
		fc.assert(
			fc.property(fc.anything(), (input) => {
				try {
					encodeFrames(input as FrameInput[]);
				} catch (error) {
					assert.ok(error instanceof Inter28Error, String(error));
				}
			}),
			{ numRuns: 500 },
		);
	});
});
