import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InvalidInputError, decodeGb2312, encodeGb2312, findUnencodableCharacters, isValidGb2312 } from '../../nodes/protocol';
import { thrown } from '../support/thrown';

const invalid = (run: () => unknown): InvalidInputError => thrown(run, InvalidInputError);

describe('encodeGb2312', () => {
	it('encodes Chinese as GB2312 bytes', () => {
		assert.equal(encodeGb2312('文本', 'frames').toString('hex'), 'cec4b1be');
		assert.equal(encodeGb2312('abc 123', 'frames').toString('latin1'), 'abc 123');
	});

	it('keeps real question marks', () => {
		assert.equal(encodeGb2312('好吗?？', 'title').toString('hex'), 'bac3c2f03fa3bf');
	});

	it('refuses an emoji, naming it, its code point and its position', () => {
		const error = invalid(() => encodeGb2312('你好😀', 'frames'));
		assert.equal(error.field, 'frames');
		assert.match(error.message, /"😀" \(U\+1F600\) at position 3/);
		assert.ok(error.hint.length > 0);
	});

	it('counts positions in characters as the user sees them, not UTF-16 units', () => {
		const error = invalid(() => encodeGb2312('😀a😀', 'title'));
		assert.match(error.message, /U\+1F600\) at position 1/);
		assert.match(error.message, /U\+1F600\) at position 3/);
		assert.match(error.message, /2 characters/);
	});

	it('names every offending character, invisible ones by code point', () => {
		const error = invalid(() => encodeGb2312('a\u00a0b?ǹ', 'frames', 'Frame 2 text'));
		assert.ok(error.message.startsWith('Frame 2 text contains 2 characters'));
		assert.match(error.message, /U\+00A0 \(no-break space\) at position 2/);
		assert.match(error.message, /"ǹ" \(U\+01F9\) at position 5/);
	});

	it('refuses a lone surrogate', () => {
		const error = invalid(() => encodeGb2312('a\ud83d', 'title'));
		assert.match(error.message, /U\+D83D at position 2/);
	});

	it('caps a long list', () => {
		const error = invalid(() => encodeGb2312('😀'.repeat(25), 'frames'));
		assert.match(error.message, /and 5 more/);
	});
});

describe('decodeGb2312 / isValidGb2312', () => {
	it('decodes what encodeGb2312 made', () => {
		const text = '彩信 MMS 测试，一二三！';
		assert.equal(decodeGb2312(encodeGb2312(text, 'x')), text);
	});

	it('spots bytes that are not GB2312', () => {
		assert.equal(isValidGb2312(Buffer.from('cec4b1be', 'hex')), true);
		assert.equal(isValidGb2312(Buffer.from('ff', 'hex')), false);
		assert.equal(isValidGb2312(Buffer.from('cec4b1', 'hex')), false);
	});

	it('finds nothing to complain about in encodable text', () => {
		assert.deepEqual(findUnencodableCharacters('中文?'), []);
	});
});
