// Self-test of the in-process n8n harness, with the fixture nodes in test/support/engine/fixtures.
// Run: node --import tsx --test test/support/engine/engine.test.ts
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { NodeApiError } from 'n8n-workflow';

import {
	DURABLE_POLL_BUDGET_MS,
	HARNESS_DIR,
	PACKAGE_NAME,
	binaryToBuffer,
	createPoller,
	durablePollBudgetMs,
	loadFixtures,
	loadPackage,
	runNode,
	runWorkflow,
	testCredential,
} from './engine';
import type { PollResult } from './engine';

type Event = { id: number; text: string };

const server = {
	events: [] as Event[],
	requests: [] as Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }>,
	failEvents: false,
	/** Answer /events only after this many ms (a slow vendor). */
	eventsDelayMs: 0,
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
			const events = server.events.filter((e) => e.id > since);
			if (server.eventsDelayMs > 0) return void setTimeout(() => json(200, events), server.eventsDelayMs);
			return json(200, events);
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

/** What the fixture node saw in this poll (its 'fixture poll' log line). */
function seen(result: PollResult): { mode: string; count: number; budget: number; activation: string; polls: number } {
	const line = result.logs.find((l) => l.message === 'fixture poll');
	assert.ok(line, 'the fixture node logged its poll');
	return line.meta as ReturnType<typeof seen>;
}

function ids(data: PollResult['items'] | PollResult['discarded']): unknown[] {
	const items = data && Array.isArray(data[0]) ? (data as unknown[][]).flat() : ((data ?? []) as unknown[]);
	return (items as Array<{ json: { id: unknown } }>).map((i) => i.json.id);
}

describe('createPoller: durable scheduler', () => {
	it('activates through PollTriggerExecutor, then builds a fresh workflow and context for every scheduled poll', async () => {
		server.events = [{ id: 1, text: 'old' }];
		const poller = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds(), nodeName: 'Durable', scheduler: 'durable' });

		const activation = await poller.poll('trigger');
		assert.equal(activation.activation, true);
		assert.equal(activation.items, null);
		assert.equal(activation.saved, true, 'ActiveWorkflowManager.add saves after activation');
		assert.deepEqual(seen(activation), { mode: 'trigger', count: 1, budget: 5 * 60 * 1000, activation: 'activate', polls: 1 });
		assert.deepEqual(poller.staticData(), { polls: 1, lastId: 1 });

		const empty = await poller.poll('trigger');
		assert.equal(empty.activation, false);
		assert.equal(empty.items, null);
		assert.equal(empty.saved, false, 'a null poll saves nothing');
		assert.notEqual(empty.contextId, activation.contextId);
		assert.deepEqual(seen(empty), { mode: 'trigger', count: 0, budget: DURABLE_POLL_BUDGET_MS, activation: 'update', polls: 2 });
		assert.deepEqual(poller.staticData(), { polls: 1, lastId: 1 });
		assert.deepEqual(poller.liveStaticData(), { polls: 1, lastId: 1 }, 'nothing lives on between durable polls');

		server.events.push({ id: 2, text: 'new' });
		const emitted = await poller.poll('trigger');
		assert.notEqual(emitted.contextId, empty.contextId);
		assert.deepEqual(ids(emitted.items), [2]);
		assert.equal(emitted.items![0].json.budget, 36_000);
		assert.equal(seen(emitted).polls, 2, 'it started from the persisted data, not from the null poll');
		assert.equal(emitted.saved, true);
		assert.deepEqual(poller.staticData(), { polls: 2, lastId: 2 });
		assert.deepEqual(
			[activation, empty, emitted].map((r) => [r.contextId, r.activationMode]),
			[
				[1, 'activate'],
				[2, 'update'],
				[3, 'update'],
			],
		);

		server.failEvents = true;
		try {
			const failed = await poller.poll('trigger');
			assert.equal(failed.contextId, 4);
			assert.equal(failed.activation, false);
			assert.ok(failed.error instanceof NodeApiError, 'a thrown error goes to __emitError');
			assert.equal(failed.thrownError, failed.error);
			assert.equal(failed.error.message, 'Polling failed');
			assert.equal(failed.saved, false);
			assert.equal(failed.items, null);
		} finally {
			server.failEvents = false;
		}
		assert.deepEqual(poller.staticData(), { polls: 2, lastId: 2 });
	});

	it('legacy, for contrast: one context for all scheduled polls, a null poll lives on in memory', async () => {
		server.events = [{ id: 1, text: 'old' }];
		const poller = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds(), scheduler: 'legacy' });
		const activation = await poller.poll('trigger');
		const empty = await poller.poll('trigger');
		server.events.push({ id: 2, text: 'new' });
		const emitted = await poller.poll('trigger');
		assert.deepEqual([activation.contextId, empty.contextId, emitted.contextId], [1, 1, 1]);
		assert.deepEqual([empty.activationMode, emitted.activationMode], ['activate', 'activate']);
		assert.deepEqual([seen(empty).activation, seen(emitted).activation], ['activate', 'activate']);
		assert.equal(seen(emitted).polls, 3);
	});

	it('computes the budget as n8n does, and takes pollBudgetMs for scheduled polls only', async () => {
		assert.equal(DURABLE_POLL_BUDGET_MS, 36_000);
		assert.equal(durablePollBudgetMs(), 36_000);
		assert.equal(durablePollBudgetMs(2_000), 1_000, 'the margin is at most half the ceiling');
		assert.equal(durablePollBudgetMs(120_000, 90_000), 72_000, 'the lease caps the ceiling; margin 20 %');
		assert.equal(durablePollBudgetMs(20_000), 15_000, 'margin at least 5 s');

		server.events = [];
		const derived = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds(), scheduler: 'durable', pollTimeoutMs: 20_000 });
		await derived.poll('trigger');
		assert.equal(seen(await derived.poll('trigger')).budget, 15_000);

		const given = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds(), scheduler: 'durable', pollBudgetMs: 1234 });
		assert.equal(seen(await given.poll('trigger')).budget, 5 * 60 * 1000, 'the activation context has no budget function');
		assert.equal(seen(await given.poll('trigger')).budget, 1234);
	});

	it("keeps the poll job over a restart ('init': no activation poll) and re-provisions it on a publish", async () => {
		server.events = [{ id: 1, text: 'a' }];
		const poller = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds(), scheduler: 'durable' });
		await poller.poll('trigger');
		poller.restart();
		const afterRestart = await poller.poll('trigger');
		assert.equal(afterRestart.activation, false);
		assert.equal(seen(afterRestart).activation, 'update');
		poller.restart('update');
		const republished = await poller.poll('trigger');
		assert.equal(republished.activation, true);
		assert.equal(seen(republished).activation, 'update');
		assert.equal(republished.saved, true);
	});

	// The 20 ms timer is set before the request leaves; the server's 200 ms one after it arrives:
	// timers fire in expiry order, so the timeout always wins, however loaded the machine.
	it('abandons a poll that outruns pollTimeoutMs: nothing emitted or saved, its result discarded', async () => {
		server.events = [{ id: 1, text: 'a' }];
		const poller = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds(), scheduler: 'durable', pollTimeoutMs: 20 });
		await poller.poll('trigger');
		server.events.push({ id: 2, text: 'slow' }, { id: 3, text: 'slower' });
		server.eventsDelayMs = 200;
		let slow: PollResult;
		try {
			slow = await poller.poll('trigger');
		} finally {
			server.eventsDelayMs = 0;
		}
		assert.equal(slow.timedOut, true);
		assert.equal(slow.items, null);
		assert.equal(slow.error, undefined);
		assert.equal(slow.saved, false);
		assert.deepEqual(ids(slow.discarded), [2, 3]);
		assert.ok(slow.logs.some((l) => l.level === 'warn' && l.message === 'Poll exceeded its timeout and was abandoned'));
		assert.deepEqual(poller.staticData(), { polls: 1, lastId: 1 });
		// Only the abandoned poll may race the short timeout: the next one runs without it.
		const next = await createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds(), scheduler: 'durable', staticData: poller.workflowStaticData() }).poll('trigger');
		assert.deepEqual(ids(next.items), [2, 3], 'the fixture re-reads from its persisted cursor');
	});
});

describe('createPoller: superseded polls', () => {
	it('legacy: a scheduled poll whose workflow is republished meanwhile is discarded, then the workflow re-activates', async () => {
		server.events = [{ id: 1, text: 'a' }];
		const poller = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds() });
		await poller.poll('trigger');
		server.events.push({ id: 2, text: 'b' }, { id: 3, text: 'c' });

		const superseded = await poller.poll('trigger', { supersede: true });
		assert.equal(superseded.superseded, 'republish');
		assert.equal(superseded.activation, false);
		assert.equal(superseded.items, null, 'nothing emitted');
		assert.equal(superseded.saved, false, 'nothing saved');
		assert.equal(superseded.error, undefined);
		assert.deepEqual(ids(superseded.discarded), [2, 3]);
		assert.ok(superseded.logs.some((l) => l.message === 'Discarding in-flight poll result for superseded workflow "Harness poll workflow"'));
		assert.deepEqual(poller.staticData(), { polls: 1, lastId: 1 });
		assert.deepEqual(poller.liveStaticData(), { polls: 1, lastId: 1 }, 'the superseded workflow is gone');

		const reactivated = await poller.poll('trigger');
		assert.equal(reactivated.activation, true);
		assert.equal(seen(reactivated).activation, 'update');
		assert.notEqual(reactivated.contextId, superseded.contextId);
		assert.deepEqual(ids(reactivated.items), [2, 3]);
		assert.equal(reactivated.discarded, undefined);
		assert.deepEqual(poller.staticData(), { polls: 2, lastId: 3 });

		const delivered = new Set([...ids(superseded.discarded), ...ids(reactivated.items)]);
		assert.deepEqual([...delivered].sort(), [2, 3], 'every event went into an emitted execution or a discarded poll');
	});

	it("legacy: an unpublish discards too; the next activation is 'activate'; a null result is discarded as null", async () => {
		server.events = [];
		const poller = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds(), activationMode: 'init' });
		assert.equal(seen(await poller.poll('trigger')).activation, 'init');
		const empty = await poller.poll('trigger', { supersede: 'unpublish' });
		assert.equal(empty.superseded, 'unpublish');
		assert.equal(empty.discarded, null);
		assert.equal(empty.saved, false);
		const published = await poller.poll('trigger');
		assert.equal(published.activation, true);
		assert.equal(seen(published).activation, 'activate');
	});

	it('legacy: a superseded poll that throws is ignored, not reported', async () => {
		server.events = [];
		const poller = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds() });
		await poller.poll('trigger');
		server.failEvents = true;
		let failed: PollResult;
		try {
			failed = await poller.poll('trigger', { supersede: 'republish' });
		} finally {
			server.failEvents = false;
		}
		assert.equal(failed.error, undefined, 'n8n ignores it: no __emitError');
		assert.ok(failed.thrownError instanceof NodeApiError);
		assert.equal(failed.discarded, undefined);
		assert.ok(failed.logs.some((l) => l.message.startsWith('Ignoring in-flight poll error for superseded workflow')));
		assert.equal((await poller.poll('trigger')).activation, true);
	});

	it('the activation poll is never checked (testingTrigger): its data is emitted and saved, and the workflow re-activates', async () => {
		server.events = [{ id: 4, text: 'x' }];
		const poller = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds(), staticData: { 'node:Trigger Under Test': { lastId: 1 } } });
		const activation = await poller.poll('trigger', { supersede: true });
		assert.equal(activation.activation, true);
		assert.deepEqual(ids(activation.items), [4]);
		assert.equal(activation.saved, true);
		assert.equal(activation.discarded, undefined);
		assert.equal((await poller.poll('trigger')).activation, true);
	});

	it('durable: an unpublish discards a result, a republish does not (only WorkflowRepository.isActive is checked)', async () => {
		server.events = [{ id: 1, text: 'a' }];
		const poller = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds(), scheduler: 'durable' });
		await poller.poll('trigger');
		server.events.push({ id: 2, text: 'b' });

		const unpublished = await poller.poll('trigger', { supersede: 'unpublish' });
		assert.equal(unpublished.items, null);
		assert.equal(unpublished.saved, false);
		assert.deepEqual(ids(unpublished.discarded), [2]);
		assert.ok(unpublished.logs.some((l) => l.message === 'Workflow deactivated during poll; discarding the result'));
		assert.deepEqual(poller.staticData(), { polls: 1, lastId: 1 });

		const published = await poller.poll('trigger');
		assert.equal(published.activation, true);
		assert.equal(seen(published).activation, 'activate');
		assert.deepEqual(ids(published.items), [2]);

		server.events.push({ id: 3, text: 'c' });
		const republished = await poller.poll('trigger', { supersede: true });
		assert.equal(republished.superseded, 'republish');
		assert.equal(republished.activation, false);
		assert.deepEqual(ids(republished.items), [3]);
		assert.equal(republished.saved, true);
		assert.equal(republished.discarded, undefined);
		const reactivated = await poller.poll('trigger');
		assert.equal(reactivated.activation, true);
		assert.equal(seen(reactivated).activation, 'update');
	});

	it('durable: an error still goes to __emitError after an unpublish', async () => {
		server.events = [];
		const poller = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds(), scheduler: 'durable' });
		await poller.poll('trigger');
		server.failEvents = true;
		let failed: PollResult;
		try {
			failed = await poller.poll('trigger', { supersede: 'unpublish' });
		} finally {
			server.failEvents = false;
		}
		assert.ok(failed.error instanceof NodeApiError);
		assert.equal(failed.discarded, undefined);
	});

	it('refuses supersede for a manual poll and unknown values', async () => {
		const poller = createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds() });
		await assert.rejects(poller.poll('manual', { supersede: true }), /supersede applies to trigger-mode polls/);
		await assert.rejects(poller.poll('trigger', { supersede: 'later' as 'republish' }), /supersede must be true, 'republish' or 'unpublish'/);
		assert.throws(() => createPoller({ type: 'fixturePoll', parameters: {}, credentials: creds(), scheduler: 'cron' as 'legacy' }), /scheduler must be legacy or durable/);
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
