import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InvalidInputError, detectImageType, recogniseImageFormat } from '../../nodes/protocol';
import { GIF87A, GIF89A_1X1, JPEG, PNG, WEBP } from '../support/protocolSamples';

function refusal(bytes: Uint8Array): InvalidInputError {
	try {
		detectImageType(bytes, 'frames', 'Frame 1 image');
	} catch (error) {
		assert.ok(error instanceof InvalidInputError);
		return error;
	}
	assert.fail('expected a refusal');
}

describe('detectImageType', () => {
	it('recognises JPEG by FF D8 FF', () => {
		assert.equal(detectImageType(JPEG, 'frames'), 'jpg');
		assert.equal(detectImageType(new Uint8Array([0xff, 0xd8, 0xff]), 'frames'), 'jpg');
	});

	it('recognises GIF87a and GIF89a', () => {
		assert.equal(detectImageType(GIF87A, 'frames'), 'gif');
		assert.equal(detectImageType(GIF89A_1X1, 'frames'), 'gif');
	});

	it('refuses PNG by name, saying only GIF and JPEG are accepted', () => {
		const error = refusal(PNG);
		assert.equal(error.field, 'frames');
		assert.match(error.message, /^Frame 1 image is a PNG file/);
		assert.match(error.hint, /only GIF and JPEG/);
	});

	it('refuses WebP by name', () => {
		assert.match(refusal(WEBP).message, /WebP/);
	});

	it('refuses what it cannot recognise, and empty data', () => {
		assert.match(refusal(Buffer.from('hello world')).message, /neither a JPEG nor a GIF/);
		assert.match(refusal(new Uint8Array(0)).message, /empty/);
		assert.match(refusal(Buffer.from('GIF88a')).message, /neither/);
		assert.match(refusal(Buffer.from([0xff, 0xd8])).message, /neither/);
	});

	it('names other formats people try', () => {
		assert.equal(recogniseImageFormat(Buffer.from('%PDF-1.7')), 'PDF');
		assert.equal(recogniseImageFormat(Buffer.from('BM\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00', 'latin1')), 'BMP');
	});
});
