// Queue mode: the packed n8n-nodes-28inter in a real n8n 2.41.1 cluster on
// 127.0.0.1 - one main (EXECUTIONS_MODE=queue), two workers, Redis, PostgreSQL
// and the 28inter simulator - all started here and stopped by PID in `after`,
// also when a step fails.
//
// Run:  npm run build && node --import tsx --test --test-reporter=spec test/queue/queue.test.mjs
//       (the lead's `npm run test:queue`; see test/queue/README.md)
//
// Scenarios (issue "queue mode"):
//   0. throughput with ONE worker: 200 webhook-started sends
//   1. 200 webhook-started sends (3 frames, 10 recipients each) with TWO
//      workers: every submission exactly once, every execution succeeds, both
//      workers ran some (worker logs + a $env tag in the execution data)
//   2. three report triggers active on main, reports injected continuously,
//      one worker killed with SIGKILL mid-execution and restarted: every report
//      the simulator handed out is in exactly one execution's trigger output;
//      executions that died with the worker are listed with the reports they held
//   3. main restarted: the trigger's static data (in Postgres) survives; the
//      simulator re-hands the last reply (duplicateReports) and nothing is
//      emitted twice
//
// Knobs: QUEUE_KEEP=1 keeps the scratch folder (all logs); QUEUE_SENDS=N
// changes the 200 sends per phase; QUEUE_RESULTS=<file> writes the measured
// figures as JSON.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { ensureRuntime, repoRoot } from '../support/n8n/runtime.mjs';
import { getExecution, installCommunityPackage, login, npmPack, setupOwner } from '../support/n8n/instance.mjs';
import { clusterCli, clusterEnv, executionsInWorkerLog, installPackageCopy, killWorker, startMain, startWorker } from '../support/queue/cluster.mjs';
import { ensureServicePackages, startPostgres, startRedis, stopAllServices, stopProcess } from '../support/queue/services.mjs';
import { makeJpeg, patternBytes, sha256 } from '../support/imageFixtures.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SENDS = Number(process.env.QUEUE_SENDS || 200);
const SEND_WF = 'qSendWebhook0001';
const TRIGGERS = [1, 2, 3].map((n) => ({
	n,
	wf: `qTrigger00000${n}`,
	cred: `qInter28Trig000${n}`,
	account: { userId: `300${n}`, account: `queue-trigger-${n}`, password: `Queue-Trig-Pw-${n}`, balance: 1000, mms: true, reports: true },
}));
const OWNER = { email: 'owner@example.com', password: 'Queue-Owner-Pass1', firstName: 'Queue', lastName: 'Owner' };
const HOLD_SECONDS = 12; // the trigger workflow's Wait: keeps an execution on its worker long enough to kill it mid-run

const ctx = { timings: {}, results: {}, failed: false, workers: {}, emittedByExecution: new Map(), lost: [] };
const log = (msg) => console.log(`[queue] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function it(name, options, fn) {
	if (typeof options === 'function') [fn, options] = [options, {}];
	return test(name, options, async (t) => {
		try {
			await fn(t);
		} catch (err) {
			ctx.failed = true;
			throw err;
		}
	});
}

async function loadWorkflow(file, vars = {}) {
	let text = await readFile(path.join(here, 'workflows', file), 'utf8');
	for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`@@${k}@@`, String(v));
	assert.ok(!/@@[A-Z_]+@@/.test(text), `unfilled placeholder in ${file}`);
	return JSON.parse(text);
}

/** Executions of some workflows, straight from Postgres: [{ id, workflowId, status, mode, createdMs, startedMs, stoppedMs }]. */
function dbExecutions(workflowIds) {
	const ids = [].concat(workflowIds).map((w) => `'${w}'`).join(',');
	const out = ctx.pg.psql(
		`select id, "workflowId", status, mode, round(extract(epoch from "createdAt")*1000), round(extract(epoch from "startedAt")*1000), round(extract(epoch from "stoppedAt")*1000) from execution_entity where "workflowId" in (${ids}) order by id`,
	);
	return out
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			const [id, workflowId, status, mode, c, s, st] = line.split('\t');
			return { id, workflowId, status, mode, createdMs: Number(c), startedMs: s ? Number(s) : null, stoppedMs: st ? Number(st) : null };
		});
}

/** Which worker's log says it started each execution: Map id -> worker name (a list if more than one did). */
async function executionWorkers() {
	const map = new Map();
	for (const name of Object.keys(ctx.workers)) {
		const text = await readFile(ctx.workers[name].logFile, 'utf8').catch(() => '');
		for (const id of executionsInWorkerLog(text).started) map.set(id, map.has(id) ? `${map.get(id)},${name}` : name);
	}
	return map;
}

const DONE = new Set(['success', 'error', 'crashed', 'canceled']);

async function waitFor(label, predicate, { timeoutMs, intervalMs = 1000 }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = await predicate();
		if (v) return v;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
		await sleep(intervalMs);
	}
}

/** Fires `count` webhook requests (`parallel` at a time); returns { tags, firstSentMs, phase }. */
async function fireSends(phase, count, parallel = 20) {
	const tags = [];
	let next = 0;
	const firstSentMs = Date.now();
	const one = async (i) => {
		const tag = `q-${phase}-${String(i).padStart(4, '0')}`;
		tags.push(tag);
		const to = Array.from({ length: 10 }, (_, j) => String(13700000000 + (phase === 'two' ? 500_000 : 0) + i * 10 + j)).join(',');
		const r = await fetch(`${ctx.main.baseUrl}/webhook/queue-send?${new URLSearchParams({ to, tag })}`, {
			method: 'POST',
			headers: { 'content-type': 'image/jpeg' },
			body: ctx.jpeg,
			signal: AbortSignal.timeout(60_000),
		});
		const text = await r.text();
		assert.equal(r.status, 200, `webhook ${tag}: HTTP ${r.status} ${text.slice(0, 300)}`);
	};
	await Promise.all(
		Array.from({ length: parallel }, async () => {
			while (next < count) await one(next++);
		}),
	);
	return { tags, firstSentMs, phase };
}

/**
 * Waits until `expected` send executions exist beyond `knownIds` and all are
 * done; checks them and the simulator; returns the throughput figure.
 */
async function checkSendPhase({ tags, firstSentMs, phase }, knownIds, { expectWorkers }) {
	const execs = await waitFor(
		`${tags.length} finished send executions (${phase})`,
		() => {
			const mine = dbExecutions(SEND_WF).filter((e) => !knownIds.has(e.id));
			return mine.length >= tags.length && mine.every((e) => DONE.has(e.status)) ? mine : null;
		},
		{ timeoutMs: 10 * 60_000, intervalMs: 500 },
	);
	for (const e of execs) knownIds.add(e.id);
	assert.equal(execs.length, tags.length, 'one execution per webhook request');
	const bad = execs.filter((e) => e.status !== 'success');
	assert.deepEqual(bad, [], 'every send execution succeeds');
	const lastStopped = Math.max(...execs.map((e) => e.stoppedMs));
	const seconds = (lastStopped - firstSentMs) / 1000;
	const perSecond = execs.length / seconds;

	// The simulator: exactly one submission per tag, with the expected content.
	const subs = (await ctx.sim.state.submissions({ account: 'demo', limit: 100_000 })).filter((s) => s.title.startsWith(`q-${phase}-`));
	const byTitle = new Map();
	for (const s of subs) byTitle.set(s.title, [...(byTitle.get(s.title) ?? []), s]);
	assert.equal(subs.length, tags.length, 'submissions at the simulator');
	for (const tag of tags) {
		const list = byTitle.get(tag) ?? [];
		assert.equal(list.length, 1, `${tag} arrived ${list.length} times`);
		const [s] = list;
		assert.equal(s.mobiles.length, 10);
		assert.equal(new Set(s.mobiles).size, 10);
		assert.equal(s.frames.length, 3);
		const jpg = s.frames[0].parts.find((p) => p.type === 'jpg');
		assert.ok(jpg, `${tag}: frame 1 has the image`);
		assert.equal(sha256(jpg.bytes), sha256(ctx.jpeg), `${tag}: JPEG bytes changed between main (webhook) and worker (send)`);
		assert.equal(s.frames[0].parts.find((p) => p.type === 'txt').text, `第一帧 ${tag}`);
	}

	// Which worker ran which execution: two witnesses that must agree.
	const fromLogs = await executionWorkers();
	const perWorker = {};
	const sample = [];
	for (const e of execs) {
		const w = fromLogs.get(e.id);
		assert.ok(w && !w.includes(','), `execution ${e.id}: started by exactly one worker per the logs (got ${w})`);
		perWorker[w] = (perWorker[w] ?? 0) + 1;
		sample.push(e);
	}
	// Execution data (REST) of every execution: the $env tag written on the worker and the task ID.
	const taskIds = new Set();
	for (const e of sample) {
		const full = await getExecution(ctx.api, e.id);
		const out = full.data.resultData.runData['Worker Tag']?.[0]?.data?.main?.[0] ?? [];
		assert.equal(out.length, 1, `execution ${e.id}: one output item`);
		assert.equal(out[0].json.worker, fromLogs.get(e.id), `execution ${e.id}: $env tag and worker log agree`);
		assert.equal(out[0].json.recipientCount, 10);
		taskIds.add(out[0].json.taskId);
	}
	assert.equal(taskIds.size, tags.length, 'one distinct task ID per execution');
	assert.deepEqual([...taskIds].sort(), subs.map((s) => s.taskId).sort(), 'execution outputs match the simulator submissions');
	assert.equal(Object.keys(perWorker).length, expectWorkers, `executions per worker: ${JSON.stringify(perWorker)}`);
	return { executions: execs.length, seconds: Number(seconds.toFixed(2)), perSecond: Number(perSecond.toFixed(2)), perWorker };
}

/** Report key as emitted by the trigger and as handed out by the simulator. */
const keyOfEmitted = (r) => `${r.taskId}/${r.mobile}/${r.statusCode}`;
const keyOfSim = (r) => `${r.taskId}/${r.mobile}/${r.status}`;

/**
 * Reads every finished trigger execution not read yet: the trigger's items
 * from runData. An execution whose worker died has none: n8n 2.41.1 (main,
 * after Bull's stalled-job check) overwrites its data with the error "This
 * execution failed to be processed too many times" (status `error`), so its
 * items are gone from the record; reconcile() finds them at the simulator.
 */
async function collectTriggerExecutions() {
	const wfIds = TRIGGERS.map((t) => t.wf);
	for (const e of dbExecutions(wfIds)) {
		if (ctx.emittedByExecution.has(e.id) || !DONE.has(e.status)) continue;
		const full = await getExecution(ctx.api, e.id);
		let items = full.data?.resultData?.runData?.['Reports Trigger']?.[0]?.data?.main?.[0];
		let source = 'runData';
		if (!items) {
			const stack = full.data?.executionData?.nodeExecutionStack ?? [];
			items = stack.find((s) => s.node?.name === 'Reports Trigger')?.data?.main?.[0];
			source = items ? 'start data' : 'none: overwritten by n8n';
		}
		const keys = (items ?? []).map((i) => keyOfEmitted(i.json));
		ctx.emittedByExecution.set(e.id, { ...e, keys, source, error: full.data?.resultData?.error?.message });
	}
}

/**
 * Pairs each trigger execution with the simulator hand-out its poll took:
 * per account, the hand-outs that held reports not handed out before, in
 * order, against that workflow's executions, in order (one poll = one reply
 * here, as no backlog reaches a full 10,000-report page; one emitting poll =
 * one execution). Successful executions must hold exactly their hand-out's
 * new reports; for the others the hand-out says which reports they held:
 * listed in ctx.lost for a person to check. Returns Map key -> [execution ids].
 */
async function reconcile() {
	const owners = new Map();
	const lost = [];
	for (const T of TRIGGERS) {
		const seen = new Set();
		const handouts = [];
		for (const h of ctx.sim.state.reportsLog()) {
			if (h.account !== T.account.account) continue;
			assert.equal(h.outcome, 'delivered', `hand-out ${h.id} was lost in the reply`);
			const fresh = h.reports.map(keyOfSim).filter((k) => !seen.has(k));
			for (const k of fresh) seen.add(k);
			if (fresh.length > 0) handouts.push({ id: h.id, at: h.at, fresh, taskIds: [...new Set(h.reports.map((r) => r.taskId))] });
		}
		const execs = [...ctx.emittedByExecution.values()].filter((e) => e.workflowId === T.wf).sort((a, b) => Number(a.id) - Number(b.id));
		assert.equal(execs.length, handouts.length, `${T.wf}: ${execs.length} executions for ${handouts.length} hand-outs with new reports`);
		execs.forEach((e, i) => {
			const h = handouts[i];
			if (e.status === 'success') {
				assert.equal(e.keys.length, h.fresh.length, `${T.wf} execution ${e.id}: item count vs hand-out ${h.id}`);
				assert.deepEqual([...e.keys].sort(), [...h.fresh].sort(), `${T.wf} execution ${e.id} holds exactly the new reports of hand-out ${h.id}`);
			} else {
				lost.push({ execution: e.id, workflowId: e.workflowId, status: e.status, error: e.error, itemsInRecord: e.keys.length, reports: h.fresh.length, handedOutAt: h.at, taskIds: h.taskIds });
			}
			for (const k of e.status === 'success' ? e.keys : h.fresh) owners.set(k, [...(owners.get(k) ?? []), e.id]);
		});
	}
	ctx.lost = lost;
	return owners;
}
async function simHandedOut(accounts) {
	const keys = new Map();
	let duplicates = 0;
	for (const h of ctx.sim.state.reportsLog()) {
		if (!accounts.includes(h.account)) continue;
		assert.equal(h.outcome, 'delivered', `hand-out ${h.id} was lost in the reply`);
		duplicates += h.duplicates;
		for (const r of h.reports) keys.set(keyOfSim(r), (keys.get(keyOfSim(r)) ?? 0) + 1);
	}
	return { keys, duplicates };
}

describe('n8n-nodes-28inter in n8n queue mode (main + 2 workers, Redis, Postgres)', { timeout: 30 * 60_000 }, () => {
	before(async () => {
		const t0 = Date.now();
		const svc = await ensureServicePackages();
		ctx.timings.aptInstall = svc.seconds;
		const t1 = Date.now();
		await ensureRuntime();
		ctx.timings.ensureRuntime = (Date.now() - t1) / 1000;

		ctx.scratch = await mkdtemp(path.join(os.tmpdir(), 'n8n-queue-'));
		await chmod(ctx.scratch, 0o755); // the postgres user must reach its data folder inside
		const { startSimulator, DEFAULT_ACCOUNTS } = await import('../simulator/index.ts');
		ctx.sim = await startSimulator({ accounts: [...DEFAULT_ACCOUNTS, ...TRIGGERS.map((t) => t.account)], settings: { recordLimit: 100_000 } });
		ctx.redis = await startRedis({ dir: path.join(ctx.scratch, 'redis') });
		ctx.pg = await startPostgres({ dir: path.join(ctx.scratch, 'pg') });
		ctx.shared = clusterEnv({ redisPort: ctx.redis.port, pg: ctx.pg });
		ctx.jpeg = makeJpeg({ width: 32, height: 32, payload: patternBytes(12_000, 9) });

		// The package: packed and installed like a community node into main's
		// folder, then copied into each worker's folder.
		const pj = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8'));
		for (const f of [...pj.n8n.nodes, ...pj.n8n.credentials]) assert.ok(existsSync(path.join(repoRoot, f)), `${f} is missing: run \`npm run build\` first`);
		const { tgz } = await npmPack(repoRoot, path.join(ctx.scratch, 'pack'));
		ctx.folders = { main: path.join(ctx.scratch, 'main'), 'worker-1': path.join(ctx.scratch, 'worker-1'), 'worker-2': path.join(ctx.scratch, 'worker-2') };
		for (const f of Object.values(ctx.folders)) await mkdir(f, { recursive: true });
		ctx.packageDir = await installCommunityPackage(tgz, ctx.folders.main);
		for (const w of ['worker-1', 'worker-2']) await installPackageCopy(ctx.packageDir, ctx.folders[w]);

		// Credentials and workflows into Postgres (CLI, before main starts), all published.
		const demo = DEFAULT_ACCOUNTS.find((a) => a.account === 'demo');
		ctx.secrets = [demo.password, ...TRIGGERS.map((t) => t.account.password)];
		const cred = (id, name, a) => ({ id, name, type: 'inter28Api', data: { endpoint: 'custom', baseUrl: ctx.sim.url, userId: a.userId, account: a.account, password: a.password } });
		const credFile = path.join(ctx.folders.main, 'creds.json');
		await writeFile(credFile, JSON.stringify([cred('qInter28Send0001', '28inter demo (simulator)', demo), ...TRIGGERS.map((t) => cred(t.cred, `28inter trigger account ${t.n} (simulator)`, t.account))]));
		const t2 = Date.now();
		try {
			await clusterCli(['import:credentials', `--input=${credFile}`], { userFolder: ctx.folders.main, shared: ctx.shared });
		} finally {
			await rm(credFile, { force: true });
		}
		const wfDir = path.join(ctx.folders.main, 'workflows-import');
		await mkdir(wfDir, { recursive: true });
		await writeFile(path.join(wfDir, `${SEND_WF}.json`), JSON.stringify(await loadWorkflow('send-webhook.json')));
		for (const t of TRIGGERS) {
			await writeFile(path.join(wfDir, `${t.wf}.json`), JSON.stringify(await loadWorkflow('trigger.json', { ID: t.wf, N: t.n, CRED_ID: t.cred, HOLD_SECONDS })));
		}
		await clusterCli(['import:workflow', '--separate', `--input=${wfDir}`], { userFolder: ctx.folders.main, shared: ctx.shared });
		for (const id of [SEND_WF, ...TRIGGERS.map((t) => t.wf)]) await clusterCli(['publish:workflow', `--id=${id}`], { userFolder: ctx.folders.main, shared: ctx.shared });
		ctx.timings.importAndPublish = (Date.now() - t2) / 1000;

		const t3 = Date.now();
		ctx.main = await startMain({ userFolder: ctx.folders.main, shared: ctx.shared });
		ctx.timings.mainStart = (Date.now() - t3) / 1000;
		await setupOwner(ctx.main.baseUrl, OWNER);
		ctx.api = await login(ctx.main.baseUrl, OWNER);
		const t4 = Date.now();
		ctx.workers['worker-1'] = await startWorker({ name: 'worker-1', userFolder: ctx.folders['worker-1'], shared: ctx.shared });
		ctx.timings.workerStart = (Date.now() - t4) / 1000;
		ctx.timings.setupTotal = (Date.now() - t0) / 1000;
		log(`main pid ${ctx.main.pid} at ${ctx.main.baseUrl}; worker-1 pid ${ctx.workers['worker-1'].pid}; redis pid ${ctx.redis.proc.pid}; postgres pid ${ctx.pg.proc.pid}; simulator ${ctx.sim.url}`);
	});

	after(async () => {
		for (const w of Object.values(ctx.workers)) await w.stop().catch(() => {});
		if (ctx.main) await ctx.main.stop().catch(() => {});
		// Logs must never show a password.
		const texts = [];
		for (const f of [ctx.main?.proc.logFile, ...Object.values(ctx.workers).map((w) => w.logFile)].filter(Boolean)) texts.push(await readFile(f, 'utf8').catch(() => ''));
		await ctx.pg?.stop().catch(() => {});
		await ctx.redis?.stop().catch(() => {});
		await stopAllServices();
		await ctx.sim?.close();
		const leaked = (ctx.secrets ?? []).filter((s) => texts.some((t) => t.includes(s)));
		ctx.results.timings = ctx.timings;
		console.log(`[queue] results: ${JSON.stringify(ctx.results, null, 2)}`);
		if (process.env.QUEUE_RESULTS) await writeFile(process.env.QUEUE_RESULTS, JSON.stringify(ctx.results, null, 2) + '\n');
		if (process.env.QUEUE_KEEP || ctx.failed) console.log(`[queue] scratch kept at ${ctx.scratch} (logs: main/n8n-main.log, worker-*/n8n-worker-*.log, pg/postgres.log)`);
		else if (ctx.scratch) await rm(ctx.scratch, { recursive: true, force: true });
		assert.deepEqual(leaked.map(() => '***'), [], 'a password appears in an n8n log');
	});

	const knownSendIds = new Set();

	it(`throughput with one worker: ${SENDS} webhook-started sends`, async (t) => {
		const fired = await fireSends('one', SENDS);
		const r = await checkSendPhase(fired, knownSendIds, { expectWorkers: 1 });
		ctx.results.oneWorker = r;
		t.diagnostic(`1 worker: ${r.executions} executions in ${r.seconds} s = ${r.perSecond} executions/s ${JSON.stringify(r.perWorker)}`);
	});

	it(`scenario 1: ${SENDS} webhook-started sends over two workers, each submission exactly once`, async (t) => {
		const t0 = Date.now();
		ctx.workers['worker-2'] = await startWorker({ name: 'worker-2', userFolder: ctx.folders['worker-2'], shared: ctx.shared });
		log(`worker-2 pid ${ctx.workers['worker-2'].pid} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		const fired = await fireSends('two', SENDS);
		const r = await checkSendPhase(fired, knownSendIds, { expectWorkers: 2 });
		ctx.results.twoWorkers = r;
		t.diagnostic(`2 workers: ${r.executions} executions in ${r.seconds} s = ${r.perSecond} executions/s ${JSON.stringify(r.perWorker)}`);
		for (const [w, n] of Object.entries(r.perWorker)) assert.ok(n > 0, `${w} ran none`);
	});

	it('scenario 2: trigger with reports arriving continuously, a worker killed (-9) and restarted: every report in exactly one execution', async (t) => {
		const accounts = TRIGGERS.map((t) => t.account.account);
		let injecting = true;
		let injected = 0;
		const injector = (async () => {
			while (injecting) {
				for (const a of accounts) {
					const n = 10 + Math.floor(Math.random() * 50);
					ctx.sim.state.injectReports(n, { account: a, failedShare: 0.2 });
					injected += n;
				}
				await sleep(1500);
			}
		})();
		const t0 = Date.now();
		const victim = ctx.workers['worker-1'];
		const triggerIds = new Set(TRIGGERS.map((x) => x.wf));
		let target;
		try {
			// Wait for a trigger execution that worker-1 has started and not finished, then kill it mid-run.
			target = await waitFor(
				'worker-1 running a trigger execution',
				async () => {
					const { started, finished } = executionsInWorkerLog(await victim.logs());
					const running = dbExecutions([...triggerIds]).filter((e) => started.has(e.id) && !finished.has(e.id) && e.status === 'running');
					return running[0] ?? null;
				},
				{ timeoutMs: 4 * 60_000, intervalMs: 250 },
			);
			await sleep(2000); // inside its Hold (Wait) node
			const oldPid = victim.pid;
			await killWorker(victim);
			log(`killed worker-1 (pid ${oldPid}) with SIGKILL while it ran trigger execution ${target.id} (${target.workflowId}), ${((Date.now() - t0) / 1000).toFixed(0)} s into the scenario`);
			await sleep(5000);
			ctx.workers['worker-1'] = await startWorker({ name: 'worker-1', userFolder: ctx.folders['worker-1'], shared: ctx.shared });
			log(`worker-1 restarted as pid ${ctx.workers['worker-1'].pid}`);
			// Keep the reports coming for at least one more poll of every trigger.
			await sleep(Math.max(0, 75_000 - (Date.now() - t0)) + 65_000);
		} finally {
			injecting = false;
			await injector;
		}
		log(`injected ${injected} reports over ${((Date.now() - t0) / 1000).toFixed(0)} s; waiting for the last polls and for the killed job to be marked`);
		// Every injected report handed out (polls every minute), every execution done (the killed one marked by the leader's queue recovery).
		await waitFor(
			'all reports handed out and every trigger execution done',
			async () => {
				const pending = accounts.reduce((n, a) => n + ctx.sim.state.pendingReports(a), 0);
				const execs = dbExecutions([...triggerIds]);
				return pending === 0 && execs.every((e) => DONE.has(e.status)) && DONE.has(execs.find((e) => e.id === target.id)?.status) ? true : null;
			},
			{ timeoutMs: 5 * 60_000, intervalMs: 2000 },
		);
		await sleep(HOLD_SECONDS * 1000 + 3000);
		await collectTriggerExecutions();

		const owners = await reconcile();
		const { keys: handedOut } = await simHandedOut(accounts);
		const twice = [...owners].filter(([, ids]) => ids.length > 1);
		assert.deepEqual(twice.slice(0, 5), [], `${twice.length} report(s) in more than one execution`);
		const missing = [...handedOut.keys()].filter((k) => !owners.has(k));
		assert.deepEqual(missing.slice(0, 5), [], `${missing.length} handed-out report(s) in no execution`);
		assert.equal(owners.size, injected, 'every injected report was handed out and is in exactly one execution');

		const targetInfo = ctx.emittedByExecution.get(target.id);
		const workers = await executionWorkers();
		const perWorker = {};
		for (const id of ctx.emittedByExecution.keys()) perWorker[workers.get(id) ?? 'none'] = (perWorker[workers.get(id) ?? 'none'] ?? 0) + 1;
		const inSuccessful = [...ctx.emittedByExecution.values()].filter((e) => e.status === 'success').reduce((n, e) => n + e.keys.length, 0);
		ctx.results.trigger = {
			reportsInjected: injected,
			reportsInExactlyOneExecution: owners.size,
			reportsInSuccessfulExecutions: inSuccessful,
			executions: ctx.emittedByExecution.size,
			executionsPerWorker: perWorker,
			killed: { execution: target.id, workflowId: target.workflowId, status: targetInfo.status, error: targetInfo.error, itemsLeftInRecord: targetInfo.keys.length },
			notSuccessful: ctx.lost,
		};
		t.diagnostic(`trigger: ${owners.size} reports, each in exactly one of ${ctx.emittedByExecution.size} executions ${JSON.stringify(perWorker)}`);
		t.diagnostic(`executions that did not succeed, with the reports they held (for a person to check): ${JSON.stringify(ctx.lost)}`);
		assert.notEqual(targetInfo.status, 'success', `the execution running on the killed worker (${target.id}) cannot have succeeded`);
		assert.ok(ctx.lost.some((l) => l.execution === target.id && l.reports > 0), 'the killed execution is listed with the reports it held');
		for (const l of ctx.lost) assert.ok(['crashed', 'error'].includes(l.status), JSON.stringify(l));
		assert.equal(owners.size - inSuccessful, ctx.lost.reduce((n, l) => n + l.reports, 0), 'reports not in a successful execution are exactly those of the listed ones');
		// The trigger node itself ran on main: no worker log mentions polling.
		for (const w of Object.values(ctx.workers)) assert.ok(!/28inter trigger/.test(await w.logs()), 'a worker polled');
	});

	it("scenario 3: the trigger's static data survives a restart of main; re-handed reports are not emitted again", async (t) => {
		const T = TRIGGERS[0];
		const accounts = TRIGGERS.map((x) => x.account.account);
		const before = new Set((await reconcile()).keys());
		ctx.sim.state.settings({ duplicateReports: true });
		try {
			const batch = ctx.sim.state.injectReports(300, { account: T.account.account });
			// The next poll emits them (and the simulator queues them to be handed out once more).
			await waitFor(
				'the 300 reports emitted before the restart',
				async () => {
					await collectTriggerExecutions();
					return [...ctx.emittedByExecution.values()].some((e) => e.keys.filter((k) => k.startsWith(`${batch.taskId}/`)).length === 300) ? true : null;
				},
				{ timeoutMs: 150_000, intervalMs: 1000 },
			);
			const row = ctx.pg.psql(`select "staticData" from workflow_entity where id = '${T.wf}'`);
			const staticData = JSON.parse(row);
			const nodeState = Object.values(staticData).find((v) => v && typeof v === 'object' && 'emittedKeys' in v);
			assert.ok(nodeState, `trigger static data saved in Postgres: ${row.slice(0, 200)}`);
			t.diagnostic(`static data in Postgres before restart: reportsReceived=${nodeState.reportsReceived}, ${nodeState.emittedKeys.length} keys, ${row.length} bytes`);

			const tStop = Date.now();
			await ctx.main.stop();
			log(`main stopped in ${((Date.now() - tStop) / 1000).toFixed(1)} s`);
			const fresh = ctx.sim.state.injectReports(200, { account: T.account.account });
			const tStart = Date.now();
			ctx.main = await startMain({ userFolder: ctx.folders.main, shared: ctx.shared });
			ctx.timings.mainRestart = (Date.now() - tStart) / 1000;
			ctx.api = await login(ctx.main.baseUrl, OWNER);
			// The activation poll right after start hands out the 300 again plus the 200 new ones.
			await waitFor(
				'the 200 new reports emitted after the restart',
				async () => {
					await collectTriggerExecutions();
					return [...ctx.emittedByExecution.values()].some((e) => e.keys.filter((k) => k.startsWith(`${fresh.taskId}/`)).length === 200) ? true : null;
				},
				{ timeoutMs: 150_000, intervalMs: 1000 },
			);
			ctx.sim.state.settings({ duplicateReports: false });
			await waitFor('every trigger execution done', async () => (dbExecutions(TRIGGERS.map((x) => x.wf)).every((e) => DONE.has(e.status)) ? true : null), {
				timeoutMs: 60_000,
			});
			await sleep(3000);
			await collectTriggerExecutions();
			const owners = await reconcile();
			const twice = [...owners].filter(([, ids]) => ids.length > 1);
			assert.deepEqual(twice.slice(0, 5), [], `${twice.length} report(s) emitted twice across the restart`);
			for (const k of before) assert.equal(owners.get(k).length, 1);
			const { keys: handedOut, duplicates } = await simHandedOut(accounts);
			assert.ok(duplicates >= 300, `the simulator handed out the 300 reports a second time (${duplicates})`);
			assert.deepEqual([...handedOut.keys()].filter((k) => !owners.has(k)).slice(0, 5), [], 'a handed-out report is in no execution');
			const afterRestart = [...ctx.emittedByExecution.values()].filter((e) => e.keys.some((k) => k.startsWith(`${fresh.taskId}/`)));
			assert.equal(afterRestart.length, 1);
			assert.equal(afterRestart[0].keys.length, 200, 'the first poll after the restart emitted only the 200 new reports, not the 300 handed out again');
			const mainLog = await ctx.main.logs();
			t.diagnostic(`after restart: ${duplicates} re-handed reports dropped by the trigger (${(mainLog.match(/dropped \d+ report\(s\) already emitted/g) ?? []).join('; ')})`);
			ctx.results.restart = { reEmitted: 0, reHandedOutBySimulator: duplicates, newReportsEmitted: 200, staticDataBytes: row.length, mainRestartSeconds: ctx.timings.mainRestart };
		} finally {
			ctx.sim.state.settings({ duplicateReports: false });
		}
	});

	it('no stray processes: every PID this test started is still tracked or gone', async () => {
		// Stopping happens in `after`; here only a sanity check that the killed worker is gone.
		for (const w of Object.values(ctx.workers)) assert.equal(w.proc.exited(), null, `${w.name} exited unexpectedly`);
		assert.equal(ctx.main.proc.exited(), null, 'main exited unexpectedly');
		await stopProcess(null);
	});
});
