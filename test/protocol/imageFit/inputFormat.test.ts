import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InvalidInputError, fittableFormat } from '../../../nodes/protocol';
import { JPEG, GIF89A_1X1, PNG, WEBP } from '../../support/protocolSamples';

function refusal(bytes: Uint8Array): InvalidInputError {
	try {
		fittableFormat(bytes, 'Frame 2 image', 'frames');
	} catch (error) {
		assert.ok(error instanceof InvalidInputError);
		assert.equal(error.field, 'frames');
		return error;
	}
	assert.fail('expected a refusal');
}

function ftyp(major: string, compatible: string): Buffer {
	return Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from(`ftyp${major}\0\0\0\0${compatible}`, 'latin1'), Buffer.alloc(16)]);
}

describe('fittableFormat', () => {
	it('accepts JPEG, GIF, PNG, WebP, AVIF and TIFF by their first bytes', () => {
		assert.equal(fittableFormat(JPEG, 'x', 'frames'), 'JPEG');
		assert.equal(fittableFormat(GIF89A_1X1, 'x', 'frames'), 'GIF');
		assert.equal(fittableFormat(PNG, 'x', 'frames'), 'PNG');
		assert.equal(fittableFormat(WEBP, 'x', 'frames'), 'WebP');
		assert.equal(fittableFormat(ftyp('avif', 'mif1'), 'x', 'frames'), 'AVIF');
		assert.equal(fittableFormat(Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'x', 'frames'), 'TIFF');
		assert.equal(fittableFormat(Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'x', 'frames'), 'TIFF');
	});

	it('refuses HEIC and HEIF naming the format and how to get a JPEG from a phone', () => {
		for (const [bytes, name] of [[ftyp('heic', 'mif1'), 'HEIC'], [ftyp('mif1', 'miaf'), 'HEIF']] as const) {
			const error = refusal(bytes);
			assert.equal(error.message, `Frame 2 image is a ${name} photo, which Fit Images cannot convert`);
			assert.match(error.hint, /JPEG/);
			assert.match(error.hint, /Most Compatible/);
		}
	});

	it('refuses other known formats by name, saying which ones it reads', () => {
		const error = refusal(Buffer.from('%PDF-1.7\n'));
		assert.equal(error.message, 'Frame 2 image is a PDF file, which Fit Images cannot convert');
		assert.match(error.hint, /JPEG, GIF, PNG, WebP, AVIF and TIFF/);
		assert.match(refusal(ftyp('isom', 'mp42')).message, /is an MP4\/MOV video file, not a picture$/);
	});

	it('refuses empty and unrecognisable data', () => {
		assert.equal(refusal(new Uint8Array(0)).message, 'Frame 2 image is empty (0 bytes)');
		const error = refusal(Buffer.from('<html><body>404</body></html>'));
		assert.match(error.message, /^Frame 2 image is not an image Fit Images can read/);
		assert.match(error.hint, /web page/);
	});
});
