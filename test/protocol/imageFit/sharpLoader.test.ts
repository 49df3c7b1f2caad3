import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { SharpUnavailableError, loadSharp } from '../../../nodes/protocol';
import { encode, photoLike } from '../../support/sharpImages';

const FIXTURES = join(__dirname, 'fixtures');

describe('loadSharp', () => {
	it('loads sharp where it is installed, once', () => {
		const sharp = loadSharp();
		assert.equal(typeof sharp, 'function');
		assert.equal(loadSharp(), sharp);
		assert.equal(typeof sharp.versions.vips, 'string');
	});

	it('where sharp cannot load: the core still loads, a fitting JPEG goes out, a PNG gets a clear error on how to install sharp', async () => {
		const pixels = await photoLike(80, 60);
		const [jpeg, png] = await Promise.all([encode(pixels, 'jpeg'), encode(pixels, 'png')]);
		const child = spawnSync(
			process.execPath,
			['--require', join(FIXTURES, 'breakSharp.cjs'), '--import', 'tsx', join(FIXTURES, 'withoutSharp.ts'), jpeg.toString('base64'), png.toString('base64')],
			{ encoding: 'utf8', timeout: 60_000 },
		);
		assert.equal(child.status, 0, child.stderr);
		const result = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}');
		assert.equal(result.attemptsAfterLoad, 0, 'loading the core must not load sharp');
		assert.equal(result.attemptsAfterJpeg, 0, 'a JPEG that fits must not load sharp');
		assert.equal(result.jpegUnchanged, true);
		assert.equal(result.isSharpUnavailable, true, result.message);
		assert.equal(result.isInvalidInput, true);
		assert.equal(result.message, 'Fit Images needs the image library sharp, which could not be loaded on this system (Could not load the "sharp" module using the linux-x64 runtime)');
		assert.equal(result.field, 'fitImages');
		assert.match(result.hint, /Reinstall the community package n8n-nodes-28inter/);
		assert.match(result.hint, /@img\/sharp-linux-x64/);
		assert.match(result.hint, /turn Fit Images off/);
	});

	it('is an InvalidInputError, so the node reports it like any input problem (nothing sent)', () => {
		const error = new SharpUnavailableError('test');
		assert.equal(error.kind, 'invalidInput');
		assert.equal(error.name, 'SharpUnavailableError');
		assert.doesNotMatch(error.message, /\.$/);
		assert.match(error.hint, /\.$/);
	});
});
