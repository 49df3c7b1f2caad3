// Self-test of the in-process n8n harness, with the fixture nodes in test/support/engine/fixtures.
// Run: node --import tsx --test test/support/engine/engine.test.ts
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { NodeApiError } from 'n8n-workflow';

import {
	HARNESS_DIR,
	PACKAGE_NAME,
	binaryToBuffer,
	createPoller,
	loadFixtures,
	loadPackage,
	runNode,
	runWorkflow,
	testCredential,
} from './engine';

type Event = { id: number; text: string };

const server = {
	events: [] as Event[],
	requests: [] as Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }>,
	failEvents: false,
	http: undefined as Server | undefined,
	baseUrl: '',
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

before(async () => {
	await loadFixtures();
	server.http = createServer(async (req, res) => {
		const body = await readBody(req);
		server.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
		const url = new URL(req.url ?? '/', 'http://x');
		const json = (status: number, data: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(data));
		};
		if (url.pathname === '/echo') return json(200, { query: Object.fromEntries(url.searchParams), apiKey: req.headers['x-api-key'] });
		if (url.pathname === '/boom') return json(500, { error: 'kaputt' });
		if (url.pathname === '/upload') {
			res.writeHead(200, { 'content-type': 'application/octet-stream' });
			return res.end(body);
		}
		if (url.pathname === '/auth') return req.headers['x-api-key'] === 'good' ? json(200, { ok: true }) : json(401, { error: 'bad key' });
		if (url.pathname === '/events') {
			if (server.failEvents) return json(503, { error: 'down' });
			const since = Number(url.searchParams.get('since') ?? 0);
			return json(200, server.events.filter((e) => e.id > since));
		}
		json(404, { error: 'not found' });
	});
	await new Promise<void>((resolve) => server.http!.listen(0, '127.0.0.1', resolve));
	server.baseUrl = `http://127.0.0.1:${(server.http!.address() as AddressInfo).port}`;
});

after(() => server.http?.close());

const creds = () => ({ fixtureApi: { baseUrl: server.baseUrl, apiKey: 'k-123' } });

describe('runNode', () => {
	it('runs execute() with real httpRequestWithAuthentication and credential defaults', async () => {
		const result = await runNode({
			type: 'fixtureNode',
			parameters: { operation: 'get', path: '/echo' },
			credentials: creds(),
			items: [{ json: { a: 1 } }, { json: { a: 2 } }],
		});
		assert.equal(result.error, undefined);
		assert.equal(result.items.length, 2);
		// generic `authenticate` applied, default `region` filled in by the credentials helper
		assert.deepEqual(result.items[1].json, { query: { i: '1', region: 'cn' }, apiKey: 'k-123' });
		assert.deepEqual(result.items[1].pairedItem, { item: 1 });
	});

	it('records a NodeApiError as n8n does, and continueOnFail turns it into an item', async () => {
		const failed = await runNode({
			type: 'fixtureNode',
			parameters: { operation: 'get', path: '/boom' },
			credentials: creds(),
		});
		assert.ok(failed.thrownError instanceof NodeApiError, 'one n8n-workflow copy: instanceof works');
		assert.ok(failed.error, 'recorded error');
		// httpRequestWithAuthentication already throws a NodeApiError, and re-wrapping one
		// returns it unchanged: the node's own message/description are ignored.
		assert.equal(failed.error.message, 'The service was not able to process your request');
		assert.equal(failed.error.description, 'Request failed with status code 500');
		assert.equal(failed.error.httpCode, '500');
		assert.equal(failed.error.name, 'NodeApiError');
		assert.deepEqual(failed.items, []);

		const continued = await runNode({
			type: 'fixtureNode',
			parameters: { operation: 'get', path: '/boom' },
			credentials: creds(),
			continueOnFail: true,
		});
		assert.equal(continued.error, undefined);
		assert.deepEqual(continued.items[0].json, {
			error: 'The service was not able to process your request',
			description: 'Request failed with status code 500',
		});
	});

	it('retryOnFail retries the node', async () => {
		const before = server.requests.filter((r) => r.url.startsWith('/boom')).length;
		const result = await runNode({
			type: 'fixtureNode',
			parameters: { operation: 'get', path: '/boom' },
			credentials: creds(),
			retryOnFail: true,
			maxTries: 3,
		});
		assert.ok(result.error);
		assert.equal(server.requests.filter((r) => r.url.startsWith('/boom')).length - before, 3);
	});

	for (const binaryMode of ['filesystem', 'default'] as const) {
		it(`round-trips binary data through getBinaryDataBuffer / prepareBinaryData (${binaryMode})`, async () => {
			const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
			const result = await runNode({
				type: 'fixtureNode',
				parameters: { operation: 'upload' },
				credentials: creds(),
				binaryMode,
				items: [{ json: {}, binary: { data: { data: gif, mimeType: 'image/gif', fileName: 'a.gif' } } }],
			});
			assert.equal(result.error, undefined);
			assert.deepEqual(result.items[0].json, { size: gif.length, mimeType: 'image/gif', fileName: 'a.gif' });
			assert.deepEqual(server.requests.at(-1)!.body, gif);
			const echo = result.items[0].binary!.echo;
			assert.equal(echo.fileName, 'echo-a.gif');
			if (binaryMode === 'filesystem') assert.match(echo.id!, /^filesystem-v2:/);
			else assert.equal(echo.id, undefined);
			assert.deepEqual(await binaryToBuffer(echo), gif);
		});
	}

	it('collects execution hints', async () => {
		const result = await runNode({ type: 'fixtureNode', parameters: { operation: 'hint' }, credentials: creds() });
		assert.deepEqual(
			result.hints.map((h) => h.message),
			['fixture hint'],
		);
	});

	it('runs a workflow of several nodes', async () => {
		const result = await runWorkflow({
			nodes: [
				{ name: 'First', type: 'fixtureNode', parameters: { operation: 'get', path: '/echo' } },
				{ name: 'Second', type: 'fixtureNode', parameters: { operation: 'get', path: '/echo?from={{ $json.apiKey }}' } },
			],
			connections: [['First', 'Second']],
			credentials: creds(),
		});
		assert.equal(result.error, undefined);
		assert.equal(result.nodes.Second.items.length, 1);
	});
});

describe('createPoller', () => {
	it('saves static data after activation and after an emitting poll, not after a null poll', async () => {
		server.events = [{ id: 1, text: 'old' }];
		const poller = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds(), nodeName: 'My Trigger' });

		const activation = await poller.poll('trigger');
		assert.equal(activation.activation, true);
		assert.equal(activation.items, null);
		assert.equal(activation.saved, true);
		assert.deepEqual(poller.staticData(), { polls: 1, lastId: 1 });
		assert.deepEqual(Object.keys(poller.workflowStaticData()), ['node:My Trigger']);

		const empty = await poller.poll('trigger');
		assert.equal(empty.items, null);
		assert.equal(empty.saved, false);
		assert.deepEqual(poller.staticData(), { polls: 1, lastId: 1 }, 'null poll: not persisted');
		assert.deepEqual(poller.liveStaticData(), { polls: 2, lastId: 1 }, '...but kept in memory');

		server.events.push({ id: 2, text: 'new' }, { id: 3, text: 'newer' });
		const emitted = await poller.poll('trigger');
		assert.equal(emitted.error, undefined);
		assert.deepEqual(
			emitted.items!.map((i) => i.json.id),
			[2, 3],
		);
		assert.equal(emitted.items![0].json.budget, 5 * 60 * 1000, 'PollContext default poll budget');
		assert.equal(emitted.saved, true);
		assert.deepEqual(poller.staticData(), { polls: 3, lastId: 3 });
		assert.ok(emitted.logs.some((l) => l.level === 'info' && l.message === 'fixture poll'));
	});

	it('manual mode never saves; errors are reported; restart re-activates from persisted data', async () => {
		server.events = [{ id: 7, text: 'x' }];
		const poller = createPoller({
			type: 'fixturePoll',
			parameters: {},
			credentials: creds(),
			staticData: { 'node:Trigger Under Test': { lastId: 5 } },
			pollBudgetMs: 1234,
		});
		const manual = await poller.poll('manual');
		assert.deepEqual(manual.items!.map((i) => i.json.id), [7]);
		assert.equal(manual.saved, false);
		assert.deepEqual(poller.staticData(), { lastId: 5 });

		const activation = await poller.poll('trigger');
		assert.equal(activation.activation, true);
		assert.equal(activation.items![0].json.budget, 1234);
		assert.deepEqual(poller.staticData(), { lastId: 7, polls: 1 });

		server.failEvents = true;
		try {
			const failed = await poller.poll('trigger');
			assert.ok(failed.error instanceof NodeApiError);
			assert.equal(failed.error.message, 'Polling failed');
			assert.equal(failed.saved, false);
			assert.deepEqual(poller.staticData(), { lastId: 7, polls: 1 });

			poller.restart();
			const failedActivation = await poller.poll('trigger');
			assert.equal(failedActivation.activation, true);
			assert.ok(failedActivation.error instanceof NodeApiError);
		} finally {
			server.failEvents = false;
		}
		const reactivated = await poller.poll('trigger');
		assert.equal(reactivated.activation, true);
		assert.equal(reactivated.items, null);
		assert.deepEqual(poller.staticData(), { lastId: 7, polls: 2 });
	});

	it('rejects sub-minute poll times like n8n activation', async () => {
		const poller = createPoller({
			type: 'fixturePoll',
			parameters: { pollTimes: { item: [{ mode: 'custom', cronExpression: '*/30 * * * * *' }] } },
			credentials: creds(),
		});
		const result = await poller.poll('trigger');
		assert.match(result.error!.message, /at least a minute/);
	});
});

describe('testCredential', () => {
	it('calls methods.credentialTest with the CredentialTestContext (legacy helpers.request only)', async () => {
		const ok = await testCredential('fixtureApi', { baseUrl: server.baseUrl, apiKey: 'good' });
		assert.deepEqual(ok, { status: 'OK', message: 'Connection successful (httpRequest helper available: false)' });
		const bad = await testCredential('fixtureApi', { baseUrl: server.baseUrl, apiKey: 'nope' });
		assert.equal(bad.status, 'Error');
		assert.match(bad.message, /^Auth failed: /);
	});
});

describe('loadPackage', () => {
	const installed = existsSync(`${HARNESS_DIR}/node_modules/${PACKAGE_NAME}/package.json`);
	it('loads the packed package from test/support/engine/node_modules', { skip: !installed && 'run prepare.mjs first' }, async () => {
		const pkg = await loadPackage();
		assert.equal(pkg.packageName, PACKAGE_NAME);
		assert.deepEqual(pkg.nodes.sort(), [`${PACKAGE_NAME}.inter28`, `${PACKAGE_NAME}.inter28Trigger`]);
		assert.deepEqual(pkg.credentials, ['inter28Api']);
		// n8n's loader adds `pollTimes` to polling nodes
		const trigger = pkg.nodeTypes.inter28Trigger as { description: { properties: Array<{ name: string }> } };
		assert.equal(trigger.description.properties[0].name, 'pollTimes');
	});
});
