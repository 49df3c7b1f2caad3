import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InvalidInputError, detectImageType, recogniseImageFormat, withArticle } from '../../nodes/protocol';
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

	it('names other formats with the right article', () => {
		assert.match(refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')).message, /is an SVG file$/);
		assert.equal(withArticle('PNG'), 'a PNG');
		assert.equal(withArticle('AVIF'), 'an AVIF');
	});
});

/** An ISO media file's leading 'ftyp' box: size, 'ftyp', major brand, minor version, compatible brands. */
function ftyp(major: string, compatible: string[]): Buffer {
	const size = 16 + 4 * compatible.length;
	const head = Buffer.alloc(8);
	head.writeUInt32BE(size);
	head.write('ftyp', 4, 'latin1');
	return Buffer.concat([head, Buffer.from(major, 'latin1'), Buffer.alloc(4), ...compatible.map((brand) => Buffer.from(brand, 'latin1')), Buffer.alloc(32)]);
}

describe('recogniseImageFormat: the ISO media family by its ftyp brands', () => {
	it('tells AVIF (convertible) from HEIC (not) by the brands, major or compatible', () => {
		assert.equal(recogniseImageFormat(ftyp('avif', ['mif1', 'avif', 'miaf'])), 'AVIF');
		assert.equal(recogniseImageFormat(ftyp('avis', ['msf1'])), 'AVIF');
		assert.equal(recogniseImageFormat(ftyp('mif1', ['mif1', 'avif'])), 'AVIF');
		assert.equal(recogniseImageFormat(ftyp('heic', ['mif1', 'heic'])), 'HEIC');
		assert.equal(recogniseImageFormat(ftyp('mif1', ['mif1', 'heic'])), 'HEIC');
		assert.equal(recogniseImageFormat(ftyp('hevc', ['msf1'])), 'HEIC');
		assert.equal(recogniseImageFormat(ftyp('mif1', ['mif1'])), 'HEIF');
		assert.equal(recogniseImageFormat(ftyp('isom', ['isom', 'mp42'])), 'MP4/MOV video');
		assert.equal(recogniseImageFormat(ftyp('qt  ', [])), 'MP4/MOV video');
	});

	it('reads only the brands inside the box, not what follows it', () => {
		const bytes = ftyp('isom', ['mp42']);
		bytes.write('heic', 20, 'latin1'); // just past the 20-byte box
		assert.equal(recogniseImageFormat(bytes), 'MP4/MOV video');
	});

	it('strict mode still refuses them by name', () => {
		assert.match(refusal(ftyp('avif', ['mif1'])).message, /^Frame 1 image is an AVIF file$/);
		assert.match(refusal(ftyp('heic', ['mif1'])).message, /^Frame 1 image is a HEIC file$/);
		assert.match(refusal(ftyp('heic', ['mif1'])).hint, /only GIF and JPEG/);
	});
});
