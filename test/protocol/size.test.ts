import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { type Frame, InvalidInputError, MAX_MMS_BYTES, assertMmsSize, decodeContent, encodeFrames, mmsSize } from '../../nodes/protocol';

function frameOf(...sizes: Array<[type: 'txt' | 'jpg' | 'gif', bytes: number]>): Frame {
	return { durationSeconds: 1, parts: sizes.map(([type, bytes]) => ({ type, bytes: Buffer.alloc(bytes) })) };
}

describe('MMS size', () => {
	it('is 100 x 1024 bytes', () => {
		assert.equal(MAX_MMS_BYTES, 102_400);
	});

	it('counts the title in UTF-8 plus decoded part bytes, not the frame syntax', () => {
		const { content, frames } = encodeFrames([{ durationSeconds: 3, text: '文本' }]);
		assert.equal(mmsSize('标题', frames), 6 + 4);
		assert.equal(mmsSize('标题', decodeContent(content)), 10);
		assert.ok(content.length > 4);
	});

	it('passes at exactly 102,400 bytes and returns the total', () => {
		const frames = [frameOf(['jpg', 102_400 - 5])];
		assert.equal(assertMmsSize('title', frames, 'frames'), 102_400);
	});

	it('fails at 102,401 bytes, naming total, limit and the largest parts', () => {
		const frames = [frameOf(['txt', 1_000], ['gif', 20_000]), frameOf(['jpg', 80_112]), frameOf(['txt', 1_259])];
		const title = 't'.repeat(30);
		const total = 30 + 1_000 + 20_000 + 80_112 + 1_259;
		assert.equal(total, 102_401);
		try {
			assertMmsSize(title, frames, 'rawContent');
			assert.fail('expected a refusal');
		} catch (error) {
			assert.ok(error instanceof InvalidInputError);
			assert.equal(error.field, 'rawContent');
			assert.match(error.message, /102,401 bytes/);
			assert.match(error.message, /102,400 bytes/);
			assert.match(error.message, /frame 2 jpg 80,112 bytes, frame 1 gif 20,000 bytes, frame 3 txt 1,259 bytes/);
			assert.match(error.hint, /1 bytes smaller/);
		}
	});

	it('lists the title among the largest parts when it is one', () => {
		assert.throws(() => assertMmsSize('标'.repeat(40_000), [frameOf(['jpg', 1_000])], 'frames'), /title 120,000 bytes, frame 1 jpg 1,000 bytes/);
	});
});
