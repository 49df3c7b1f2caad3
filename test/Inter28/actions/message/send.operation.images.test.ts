// Message → Send with pictures that 28inter would refuse as they are: Fit Images (on by default) turns
// them into JPEG/GIF within 102,400 bytes; Image URL downloads them first. Through n8n's real engine
// (binary-data helpers, helpers.httpRequest) against the simulator, which decodes what arrives.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import sharp from 'sharp';

import { runNode } from '../../../support/engine/engine';
import { credentials } from '../../../support/credentials';
import { NODE_TYPE, sendParameters } from '../../../support/nodeParameters';
import { assertNodeError } from '../../../support/runAssertions';
import { assertRunHasNoSecret } from '../../../support/secrets';
import { encode, photoLike } from '../../../support/sharpImages';
import { requestsOf, useSimulator } from '../../../support/simulatorFixture';

const sim = useSimulator();
let images: Server;
let imagesUrl = '';
let png = Buffer.alloc(0);
let webp = Buffer.alloc(0);

before(async () => {
	png = await encode(await photoLike(2400, 1600, { seed: 3 }), 'png');
	webp = await encode(await photoLike(1200, 900, { seed: 4 }), 'webp', { quality: 95 });
	images = createServer((req, res) => {
		if (req.url === '/promo.webp') {
			res.writeHead(200, { 'Content-Type': 'image/webp', 'Content-Length': webp.length });
			res.end(webp);
		} else if (req.url === '/huge.jpg') {
			res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': 25 * 1024 * 1024 });
			res.end();
		} else if (req.url === '/redirect') {
			res.writeHead(302, { Location: '/promo.webp' });
			res.end();
		} else {
			res.writeHead(404);
			res.end('not here');
		}
	});
	await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
	imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
});

after(async () => {
	await new Promise<void>((resolve) => images.close(() => resolve()));
});

const pngItem = () => ({ json: {}, binary: { photo: { data: png, mimeType: 'image/png', fileName: 'screenshot.png' } } });

describe('Fit Images (default): a picture 28inter would refuse goes out as a valid MMS', () => {
	it('a multi-megapixel PNG becomes a JPEG within the limit; the output says what was done', async () => {
		assert.ok(png.length > 1_000_000, `the PNG is ${png.length} bytes`);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000', title: '新品', frames: [{ duration: 3, text: '春季新品' }, { duration: 5, binaryPropertyName: 'photo' }] }),
			credentials: credentials(sim),
			items: [pngItem()],
		});
		assert.equal(result.error, undefined, result.error?.message);
		assertRunHasNoSecret(result);
		const [submission] = sim.state.submissions();
		assert.ok(submission.sizeBytes <= 102_400);
		const image = submission.frames[1].parts[0];
		assert.equal(image.type, 'jpg');
		const meta = await sharp(image.bytes).metadata();
		assert.equal(meta.format, 'jpeg');
		assert.ok(Math.max(meta.width ?? 0, meta.height ?? 0) <= 640);
		const report = (result.items[0].json.images as Array<Record<string, unknown>>)[0];
		assert.equal((report.original as { format: string }).format, 'PNG');
		assert.equal((report.sent as { format: string; bytes: number }).format, 'JPEG');
		assert.equal((report.sent as { bytes: number }).bytes, image.bytes.length);
		assert.equal(report.source, 'binary property "photo"');
	});

	it('Max Image Side bounds the picture', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000', frames: [{ duration: 3, binaryPropertyName: 'photo' }], options: { maxImageSide: 200 } }),
			credentials: credentials(sim),
			items: [pngItem()],
		});
		assert.equal(result.error, undefined, result.error?.message);
		const meta = await sharp(sim.state.submissions()[0].frames[0].parts[0].bytes).metadata();
		assert.ok(Math.max(meta.width ?? 0, meta.height ?? 0) <= 200);
	});

	it('Fit Images off: the same PNG is refused before anything is sent', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000', frames: [{ duration: 3, binaryPropertyName: 'photo' }], options: { fitImages: false } }),
			credentials: credentials(sim),
			items: [pngItem()],
		});
		assertNodeError(result, { name: 'NodeOperationError', message: /^Frame 1 image is a PNG file$/, itemIndex: 0 });
		assert.equal(requestsOf(sim, 'send').length, 0);
	});
});

describe('Image URL: the node downloads the picture', () => {
	it('a WebP from a URL (through a redirect) goes out as a JPEG', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000', frames: [{ duration: 3, text: '看图' }, { duration: 3, imageUrl: `${imagesUrl}/redirect` }] }),
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, result.error?.message);
		const [submission] = sim.state.submissions();
		assert.equal(submission.frames[1].parts[0].type, 'jpg');
		assert.ok(submission.sizeBytes <= 102_400);
		const report = (result.items[0].json.images as Array<Record<string, unknown>>)[0];
		assert.equal((report.original as { format: string }).format, 'WebP');
		assert.equal(report.source, `URL ${imagesUrl}/redirect`);
	});

	for (const [name, path, message] of [
		['a 404', '/missing.png', /could not be downloaded: the server answered HTTP 404/],
		['a picture over 20 MB', '/huge.jpg', /more than the 20,971,520 the node downloads/],
	] as const) {
		it(`${name} stops the item before anything is sent, as bad input`, async () => {
			const result = await runNode({
				type: NODE_TYPE,
				parameters: sendParameters({ recipients: '13800138000', frames: [{ duration: 3, imageUrl: `${imagesUrl}${path}` }] }),
				credentials: credentials(sim),
				continueOnFail: true,
			});
			assert.equal(result.items.length, 1);
			assert.equal(result.items[0].json.code, 'INVALID_INPUT');
			assert.match(String(result.items[0].json.error), message);
			assert.equal(requestsOf(sim, 'send').length, 0);
		});
	}

	it('an address that is not http(s) is refused by name', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000', frames: [{ duration: 3, imageUrl: 'file:///etc/passwd' }] }),
			credentials: credentials(sim),
		});
		assertNodeError(result, { name: 'NodeOperationError', message: /^Frame 1: the image URL must start with http:\/\/ or https:\/\/, not file:\/\/$/ });
		assert.equal(requestsOf(sim, 'send').length, 0);
	});
});
