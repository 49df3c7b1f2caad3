// End-to-end tests: the packed n8n-nodes-28inter inside a real n8n, talking to
// the 28inter simulator (test/simulator) over HTTP. The same scenarios run on
// each pinned runtime (n8n 2.41.1 on Node 24, 1.123.81 on Node 22): one runtime
// per process, chosen by N8N_RUNTIME (default 2.41.1).
//
// Run:  npm run build && node scripts/n8n/e2e.mjs [--runtime 2|1|all]
//       or one runtime directly:
//       N8N_RUNTIME=1 node --import tsx --test test/e2e/e2e.test.mjs
//       (tsx: the simulator is TypeScript and runs in this process, so the
//        tests read its state directly.)
// First run installs n8n into .cache/ (scripts/n8n/ensure-runtime.mjs, ~3-5 min).
//
// How the package gets into n8n, and why this way: `npm pack` at the repo
// root, then installed the way n8n's own "Install community node" does it
// (unpacked into <userFolder>/.n8n/nodes/node_modules/n8n-nodes-28inter, dev,
// peer and optional dependencies dropped, its runtime dependencies installed
// with n8n's own `npm install` flags of that version). n8n
// loads it from there through package.json's `n8n` section, with types
// `n8n-nodes-28inter.inter28` / `.inter28Trigger`. So a wrong `files` list, a
// wrong path in the `n8n` section or a runtime dependency left in
// devDependencies fails here, as it would for users. (N8N_CUSTOM_EXTENSIONS
// would glob *.node.js files and ignore package.json entirely.)
// E2E_LOAD_MODE=custom switches to the custom-extension folder (types CUSTOM.*).
//
// Environment knobs:
//   E2E_PACKAGE_TGZ   use this tarball instead of packing the repo root
//   E2E_KEEP=1        keep the scratch folder (n8n logs, DB) for inspection
//   E2E_SKIP_MINUTE_POLL=1  skip waiting for a regular (cron) trigger poll (~60 s)
//   N8N_RUNTIME       which pinned n8n: 2.41.1 (default) or 1.123.81 (also `2`, `1`)
//   N8N_RUNTIME_DIR, N8N_RUNTIME_DIR_1_123_81   where n8n is installed (see runtime.mjs)

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { ensureRuntime, repoRoot, runtimePaths, selectedRuntime } from '../support/n8n/runtime.mjs';
import {
	activateWorkflow,
	executeWorkflow,
	executionNodeOutput,
	getExecution,
	importCredentials,
	importWorkflows,
	installCommunityPackage,
	listExecutions,
	login,
	nodeOutput,
	npmPack,
	runError,
	setupOwner,
	startN8n,
	stopAll,
	testCredential,
} from '../support/n8n/instance.mjs';
import { makeGif, makeJpeg, patternBytes, sha256 } from '../support/imageFixtures.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PKG = 'n8n-nodes-28inter';
const loadMode = process.env.E2E_LOAD_MODE === 'custom' ? 'custom' : 'package';
const typePrefix = loadMode === 'custom' ? 'CUSTOM' : PKG;
const n8nVersion = selectedRuntime();

// Simulator accounts: the defaults (demo etc.) plus one account per reading
// scenario, so reports queued by sends never reach the report tests.
const REPORTS_ACCOUNT = { userId: '2001', account: 'e2e-reports', password: 'Reports-Pw-2001', balance: 777, mms: true, reports: true };
const TRIGGER_ACCOUNT = { userId: '2002', account: 'e2e-trigger', password: 'Trigger-Pw-2002', balance: 1000, mms: true, reports: true };
// One account per scenario of the batched execution (send-images-and-campaign.json): its branches
// run in one `n8n execute`, and each one's requests and submissions are told apart by account.
const IMAGES_ACCOUNT = { userId: '2003', account: 'e2e-images', password: 'Images-Pw-2003', balance: 1000, mms: true, reports: true };
const PREVIEW_ACCOUNT = { userId: '2004', account: 'e2e-preview', password: 'Preview-Pw-2004', balance: 50_000, mms: true, reports: true };
const PER_RECIPIENT_ACCOUNT = { userId: '2005', account: 'e2e-per-recipient', password: 'PerRecipient-Pw-2005', balance: 50_000, mms: true, reports: true };
const COMBINE_ACCOUNT = { userId: '2006', account: 'e2e-combine', password: 'Combine-Pw-2006', balance: 10_000, mms: true, reports: true };
const LOW_BALANCE_ACCOUNT = { userId: '2007', account: 'e2e-low-balance', password: 'LowBalance-Pw-2007', balance: 1234, mms: true, reports: true };
const WRONG_PASSWORD = 'Wrong-Pw-Zq81x';
// Sizes the templates get through placeholders, so that the assertions and the workflows agree.
const CAMPAIGN_SIZE = 4500; // numbers of the preview and of the per-recipient send: 3 submissions
const COMBINE_ROWS = 240; // input rows with the same message
const LOW_BALANCE_RECIPIENTS = 2500; // more points than LOW_BALANCE_ACCOUNT has
const OWNER = { email: 'owner@example.com', password: 'E2e-Owner-Pass1', firstName: 'E2E', lastName: 'Owner' };

const ctx = {
	scratch: '',
	userFolder: '',
	filesDir: '',
	sim: null,
	demo: null,
	secrets: [],
	cliOutputs: [],
	timings: {},
	jpeg: null,
	gif: null,
	png: null, // multi-megabyte PNG on disk, read by n8n's Read/Write Files from Disk
	webp: null, // served by the test's image server, fetched by the node (Image URL)
	images: null, // { server, url, hits }
};
const opts = () => ({
	userFolder: ctx.userFolder,
	restrictFileAccessTo: ctx.filesDir,
	customExtensions: loadMode === 'custom' ? path.join(ctx.userFolder, 'custom-ext', PKG, 'dist') : undefined,
});

/** Loads a template from workflows/, fills @@PLACEHOLDERS@@ and the node type prefix. */
async function loadWorkflow(file, vars = {}) {
	let text = await readFile(path.join(here, 'workflows', file), 'utf8');
	const filled = {
		FILES_DIR: ctx.filesDir,
		IMAGES_URL: ctx.images?.url,
		CAMPAIGN_SIZE: String(CAMPAIGN_SIZE),
		ROWS: String(COMBINE_ROWS),
		LOW_BALANCE_RECIPIENTS: String(LOW_BALANCE_RECIPIENTS),
		...vars,
	};
	for (const [k, v] of Object.entries(filled)) text = text.replaceAll(`@@${k}@@`, v);
	text = text.replaceAll(`"${PKG}.`, `"${typePrefix}.`);
	const wf = JSON.parse(text);
	assert.ok(!/@@[A-Z_]+@@/.test(JSON.stringify(wf)), `unfilled placeholder in ${file}`);
	return wf;
}

async function execute(id) {
	const res = await executeWorkflow(id, opts());
	ctx.cliOutputs.push(res.output);
	if (res.crashedOnExit) {
		// n8n's own CLI, not the package (see executeWorkflow): said loudly, counted in the timings line.
		console.log(`[e2e] n8n ${n8nVersion} died of ${res.signal} while exiting after workflow ${id} finished (${res.run.status})`);
		ctx.timings.crashedOnExit = (ctx.timings.crashedOnExit ?? 0) + 1;
	}
	(ctx.timings.execute ??= []).push(Number(res.seconds.toFixed(1)));
	return res;
}

/** node:test's `test`, noting failures so that the scratch folder (n8n log, DB) is kept. */
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

/** A hook that notes its failure too (a failed start of n8n is when its log matters most). */
function keepOnFailure(fn) {
	return async (...args) => {
		try {
			await fn(...args);
		} catch (err) {
			ctx.failed = true;
			throw err;
		}
	};
}

function assertNoSecrets(text, where) {
	for (const s of ctx.secrets) assert.ok(!text.includes(s), `a password appears in ${where}`);
}

/** The input item an output item is linked to (n8n leaves out `pairedItem` of item 0 in some paths). */
function pairedIndex(item) {
	const p = item.pairedItem;
	return typeof p === 'number' ? p : (p?.item ?? 0);
}

/** The simulator's request records of one account and operation ('send', 'balance', 'reports'). */
function requestsOf(account, operation) {
	return ctx.sim.state.requests().filter((r) => r.fields.account === account.account && r.operation === operation);
}

/** A small HTTP server for the Image URL scenario: n8n downloads the WebP from it. */
async function startImageServer(webp) {
	const hits = [];
	const server = createServer((req, res) => {
		hits.push(req.url);
		if (req.url === '/promo.webp') {
			res.writeHead(200, { 'Content-Type': 'image/webp', 'Content-Length': webp.length });
			res.end(webp);
		} else {
			res.writeHead(404);
			res.end();
		}
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, hits, url: `http://127.0.0.1:${server.address().port}` };
}

describe(`n8n-nodes-28inter in a real n8n ${n8nVersion}`, { timeout: 45 * 60_000 }, () => {
	before(
		keepOnFailure(async () => {
			const t0 = Date.now();
			const runtime = await ensureRuntime();
			ctx.timings.ensureRuntime = (Date.now() - t0) / 1000;
			// The runtime in use is the one asked for: a green run must say which n8n it proved.
			assert.equal(runtime.version, n8nVersion);
			assert.equal(runtimePaths().dir, runtime.dir);

			ctx.scratch = await mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-'));
			ctx.userFolder = path.join(ctx.scratch, 'user');
			ctx.filesDir = path.join(ctx.scratch, 'files');
			await mkdir(ctx.userFolder, { recursive: true });
			await mkdir(ctx.filesDir, { recursive: true });

			// The simulator, in this process (tsx loads the TypeScript).
			const { startSimulator, DEFAULT_ACCOUNTS } = await import('../simulator/index.ts');
			const scenarioAccounts = [IMAGES_ACCOUNT, PREVIEW_ACCOUNT, PER_RECIPIENT_ACCOUNT, COMBINE_ACCOUNT, LOW_BALANCE_ACCOUNT];
			ctx.sim = await startSimulator({ accounts: [...DEFAULT_ACCOUNTS, REPORTS_ACCOUNT, TRIGGER_ACCOUNT, ...scenarioAccounts] });
			ctx.demo = DEFAULT_ACCOUNTS.find((a) => a.account === 'demo');
			ctx.secrets = [ctx.demo.password, WRONG_PASSWORD, REPORTS_ACCOUNT.password, TRIGGER_ACCOUNT.password, ...scenarioAccounts.map((a) => a.password)];

			// Images on disk, read by n8n's own Read/Write Files from Disk node.
			ctx.jpeg = makeJpeg({ width: 64, height: 48, payload: patternBytes(20_000, 3) });
			ctx.gif = makeGif({ payload: patternBytes(3_000, 5) });
			await writeFile(path.join(ctx.filesDir, 'photo.jpg'), ctx.jpeg);
			await writeFile(path.join(ctx.filesDir, 'anim.gif'), ctx.gif);
			// Pictures 28inter would refuse as they are, made with sharp (seeded: the same bytes every run).
			const { encode, photoLike } = await import('../support/sharpImages.ts');
			ctx.png = await encode(await photoLike(1600, 1200, { seed: 3, grain: 0 }), 'png');
			ctx.webp = await encode(await photoLike(1200, 900, { seed: 4 }), 'webp', { quality: 95 });
			await writeFile(path.join(ctx.filesDir, 'poster.png'), ctx.png);
			ctx.images = await startImageServer(ctx.webp);

			// The package, packed and installed like a community node.
			let tgz = process.env.E2E_PACKAGE_TGZ;
			if (!tgz) {
				const pj = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8'));
				for (const f of [...pj.n8n.nodes, ...pj.n8n.credentials]) {
					assert.ok(existsSync(path.join(repoRoot, f)), `${f} is missing: run \`npm run build\` first`);
				}
				const packed = await npmPack(repoRoot, path.join(ctx.scratch, 'pack'));
				tgz = packed.tgz;
			}
			const t1 = Date.now();
			const installed = await installCommunityPackage(tgz, ctx.userFolder);
			ctx.timings.installPackage = (Date.now() - t1) / 1000;
			ctx.installedDir = installed;
			if (loadMode === 'custom') {
				// Same installed files, offered as a custom extension folder instead; the
				// community copy is moved away so the types are not loaded twice.
				const { rename } = await import('node:fs/promises');
				await mkdir(path.join(ctx.userFolder, 'custom-ext'), { recursive: true });
				await rename(installed, path.join(ctx.userFolder, 'custom-ext', PKG));
			}

			// Credentials: plain data in the import file, encrypted by n8n on import.
			const cred = (id, name, a, password = a.password) => ({
				id,
				name,
				type: 'inter28Api',
				data: { endpoint: 'custom', baseUrl: ctx.sim.url, userId: a.userId, account: a.account, password },
			});
			await importCredentials(
				[
					cred('e2eInter28Good01', '28inter demo (simulator)', ctx.demo),
					cred('e2eInter28Wrong1', '28inter wrong password', ctx.demo, WRONG_PASSWORD),
					cred('e2eInter28Repts1', '28inter reports account (simulator)', REPORTS_ACCOUNT),
					cred('e2eInter28Trigr1', '28inter trigger account (simulator)', TRIGGER_ACCOUNT),
					cred('e2eInter28Image1', '28inter images account (simulator)', IMAGES_ACCOUNT),
					cred('e2eInter28Previw', '28inter preview account (simulator)', PREVIEW_ACCOUNT),
					cred('e2eInter28PerRcp', '28inter per-recipient account (simulator)', PER_RECIPIENT_ACCOUNT),
					cred('e2eInter28Combin', '28inter combine account (simulator)', COMBINE_ACCOUNT),
					cred('e2eInter28LowBal', '28inter low-balance account (simulator)', LOW_BALANCE_ACCOUNT),
				],
				opts(),
			);
			const files = (await readdir(path.join(here, 'workflows'))).filter((f) => f.endsWith('.json'));
			const r = await importWorkflows(await Promise.all(files.map((f) => loadWorkflow(f))), opts());
			ctx.timings.importWorkflows = r.seconds;
		}),
	);

	after(async () => {
		await stopAll();
		await ctx.sim?.close();
		if (ctx.images) await new Promise((resolve) => ctx.images.server.close(resolve));
		console.log(`[e2e] n8n ${n8nVersion} timings (s): ${JSON.stringify(ctx.timings)}`);
		if (process.env.E2E_KEEP || ctx.failed) console.log(`[e2e] scratch kept at ${ctx.scratch} (n8n log: user/n8n-start.log)`);
		else if (ctx.scratch) await rm(ctx.scratch, { recursive: true, force: true });
	});

	it('packed tarball holds the files the n8n section names, and nothing of the sources', async () => {
		const dir = loadMode === 'custom' ? path.join(ctx.userFolder, 'custom-ext', PKG) : ctx.installedDir;
		const pj = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
		assert.equal(pj.name, PKG);
		assert.ok(pj.keywords.includes('n8n-community-node-package'));
		for (const f of [...pj.n8n.nodes, ...pj.n8n.credentials]) assert.ok(existsSync(path.join(dir, f)), `${f} not in the package`);
		assert.ok(!existsSync(path.join(dir, 'nodes')) && !existsSync(path.join(dir, 'test')), 'sources or tests were packed');
		// As n8n installs it: no dev/peer/optional dependencies left, the runtime ones beside the
		// package, and no n8n-workflow of its own (it must share n8n's, or n8n's instanceof checks
		// on NodeApiError fail).
		for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) assert.equal(pj[field], undefined, `${field} left in package.json`);
		for (const dep of Object.keys(pj.dependencies)) assert.ok(existsSync(path.join(dir, 'node_modules', dep, 'package.json')), `${dep} not installed`);
		assert.ok(!existsSync(path.join(dir, 'node_modules', 'n8n-workflow')), 'the package got its own n8n-workflow');
	});

	// n8n deletes the package's optionalDependencies and runs npm with --ignore-scripts: sharp's
	// native part must still arrive, as its own optional dependency (an npm package per platform,
	// no download script). Resolved the way sharp resolves it, from the installed sharp's folder.
	it("sharp's platform binary is installed by n8n's own community-package steps", async (t) => {
		const dir = loadMode === 'custom' ? path.join(ctx.userFolder, 'custom-ext', PKG) : ctx.installedDir;
		const inside = (file) => !path.relative(dir, file).startsWith('..');
		const libc = process.report.getReport().header.glibcVersionRuntime ? '' : 'musl';
		const platformArch = `${process.platform}${libc}-${process.arch}`;
		const sharpDir = path.join(dir, 'node_modules', 'sharp');
		assert.ok(existsSync(path.join(sharpDir, 'package.json')), 'sharp is not installed beside the package');
		const binaryPj = createRequire(path.join(sharpDir, 'package.json')).resolve(`@img/sharp-${platformArch}/package`);
		assert.ok(inside(binaryPj), `@img/sharp-${platformArch} resolves outside the installed package: ${binaryPj}`);
		const binaryDir = path.dirname(binaryPj);
		const { version } = JSON.parse(await readFile(path.join(sharpDir, 'package.json'), 'utf8'));
		assert.ok(existsSync(path.join(binaryDir, 'lib', `sharp-${platformArch}-${version}.node`)), 'the native sharp module is missing');
		const libvipsPj = createRequire(binaryPj).resolve(`@img/sharp-libvips-${platformArch}/package`);
		assert.ok(inside(libvipsPj), `@img/sharp-libvips-${platformArch} resolves outside the installed package: ${libvipsPj}`);
		t.diagnostic(`${path.relative(dir, binaryDir)} and ${path.relative(dir, path.dirname(libvipsPj))}`);
	});

	it('balance, then reports Get Many: every pending report once', async () => {
		const injected = ctx.sim.state.injectReports(1500, { account: REPORTS_ACCOUNT.account, failedShare: 0.2 });
		const res = await execute('e2eBalanceReport');
		assert.equal(res.code, 0, res.output.slice(-3000));
		const [balance] = nodeOutput(res.run, 'Balance');
		assert.equal(balance.json.billing, 'prepaid');
		assert.equal(balance.json.balance, REPORTS_ACCOUNT.balance);
		assert.equal(typeof balance.json.totalPoints, 'number');
		const reports = nodeOutput(res.run, 'Reports').map((i) => i.json);
		assert.equal(reports.length, 1500);
		const keys = new Set(reports.map((r) => `${r.taskId}/${r.mobile}`));
		assert.equal(keys.size, 1500, 'a report came twice');
		for (const r of reports) {
			assert.equal(r.taskId, injected.taskId);
			assert.match(r.mobile, /^1\d{10}$/);
			assert.ok((r.status === 'delivered' && r.statusCode === 10) || (r.status === 'failed' && r.statusCode === 20), JSON.stringify(r));
			assert.match(r.receivedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$/);
			assert.equal(typeof r.gatewayCode, 'string');
			assert.equal(typeof r.extNo, 'string');
		}
		assert.equal(ctx.sim.state.pendingReports(REPORTS_ACCOUNT.account), 0);
	});

	it('text + JPEG + GIF frames from core Read Files node reach the gateway byte-exact', async () => {
		const before = ctx.sim.state.submissions({ account: 'demo' }).length;
		const res = await execute('e2eSendFrames001');
		assert.equal(res.code, 0, res.output.slice(-3000));
		const out = nodeOutput(res.run, 'Send MMS');
		assert.equal(out.length, 1);
		const subs = ctx.sim.state.submissions({ account: 'demo' }).slice(before);
		assert.equal(subs.length, 1);
		const [s] = subs;
		assert.equal(out[0].json.taskId, s.taskId);
		assert.equal(out[0].json.recipientCount, 4);
		assert.equal(typeof out[0].json.balance, 'number');
		assert.deepEqual(s.mobiles, ['13800000001', '13800000002', '13800000003', '13800000004']);
		assert.equal(s.title, 'E2E 彩信测试');
		// 09:30 in the workflow's zone (Europe/Berlin, UTC+1 in January) = 16:30 China time.
		assert.equal(s.startTime, '2030-01-15 16:30:00');
		assert.equal(s.frames.length, 3);
		assert.deepEqual(s.frames.map((f) => f.durationSeconds), [3, 2, 1]);
		const part = (f, type) => s.frames[f].parts.find((p) => p.type === type);
		assert.equal(part(0, 'txt').text, '你好，这是第一帧');
		assert.equal(sha256(part(0, 'jpg').bytes), sha256(ctx.jpeg), 'JPEG bytes changed on the way');
		assert.equal(sha256(part(1, 'gif').bytes), sha256(ctx.gif), 'GIF bytes changed on the way');
		assert.equal(part(1, 'txt'), undefined);
		assert.equal(part(2, 'txt').text, 'Only text, 再见');
		assertNoSecrets(res.output, 'the CLI output');
	});

	it('4,500 recipients: 3 submissions, every number exactly once', async () => {
		const before = ctx.sim.state.submissions({ account: 'demo' }).length;
		const res = await execute('e2eSend4500Recip');
		assert.equal(res.code, 0, res.output.slice(-3000));
		const subs = ctx.sim.state.submissions({ account: 'demo' }).slice(before);
		assert.equal(subs.length, 3);
		const all = subs.flatMap((s) => s.mobiles);
		assert.equal(all.length, 4500);
		assert.equal(new Set(all).size, 4500);
		const got = new Set(all);
		for (let i = 0; i < 4500; i++) assert.ok(got.has(String(13900000000 + i)), `missing ${13900000000 + i}`);
		const out = nodeOutput(res.run, 'Send MMS').map((i) => i.json);
		assert.equal(out.length, 3);
		assert.deepEqual(out.map((o) => o.taskId).sort(), subs.map((s) => s.taskId).sort());
		assert.equal(out.reduce((n, o) => n + o.recipientCount, 0), 4500);
		for (const o of out) assert.deepEqual(o.pairedItem ?? { item: 0 }, { item: 0 });
	});

	it('wrong password: failed execution names vendor code 2, password nowhere', async (t) => {
		const res = await execute('e2eWrongPassword');
		assert.equal(res.code, 1, `n8n execute must exit 1 when the node fails (got ${res.exitCode}, signal ${res.signal})\n${res.output.slice(-3000)}`);
		const err = runError(res.run);
		assert.ok(err, 'the failed run JSON (logged by n8n before exiting 1) was parsed');
		const message = err.message;
		t.diagnostic(`error message: ${message}`);
		assert.match(message, /28inter error 2\b/);
		assert.match(message, /password/i);
		assertNoSecrets(res.output, 'the CLI output of a failed execution');
		assertNoSecrets(JSON.stringify(res.run ?? {}), 'the execution data');
	});

	it('Continue On Fail: good items sent, the bad one carries { error, code }', async (t) => {
		const before = ctx.sim.state.submissions({ account: 'demo' }).length;
		const res = await execute('e2eContinueOnFai');
		assert.equal(res.code, 0, res.output.slice(-3000));
		const out = nodeOutput(res.run, 'Send MMS');
		assert.equal(out.length, 3);
		const byItem = (i) => out.find((o) => (o.pairedItem?.item ?? o.pairedItem) === i);
		assert.ok(byItem(0).json.taskId);
		assert.ok(byItem(2).json.taskId);
		assert.equal(typeof byItem(1).json.error, 'string');
		assert.ok(byItem(1).json.code !== undefined, JSON.stringify(byItem(1).json));
		t.diagnostic(`bad item: ${JSON.stringify(byItem(1).json)}`);
		const subs = ctx.sim.state.submissions({ account: 'demo' }).slice(before);
		assert.deepEqual(subs.flatMap((s) => s.mobiles).sort(), ['13800000101', '13800000102']);
	});

	// One `n8n execute` for five scenarios (each `n8n execute` boots n8n for ~4 s): independent
	// branches of one workflow, each with its own simulator account so that their requests and
	// submissions are told apart.
	describe('Fit Images and the campaign options, one execution with independent branches', () => {
		let run;
		before(
			keepOnFailure(async () => {
				const res = await execute('e2eImagesCampgn1');
				assert.equal(res.code, 0, res.output.slice(-3000));
				assertNoSecrets(res.output, 'the CLI output');
				run = res.run;
			}),
		);

		it('a multi-megabyte PNG (Read/Write Files) and a WebP (Image URL) go out as JPEG frames within 102,400 bytes', async () => {
			assert.ok(ctx.png.length > 2_000_000, `the PNG is ${ctx.png.length} bytes`);
			const { default: sharp } = await import('sharp');
			const subs = ctx.sim.state.submissions({ account: IMAGES_ACCOUNT.account });
			assert.equal(subs.length, 1, 'one submission: the strict branch sent nothing');
			const [s] = subs;
			assert.ok(s.sizeBytes <= 102_400, `${s.sizeBytes} bytes`);
			const pictures = s.frames.flatMap((f) => f.parts.filter((p) => p.type !== 'txt'));
			assert.equal(pictures.length, 2);
			for (const p of pictures) {
				assert.equal(p.type, 'jpg');
				const meta = await sharp(p.bytes).metadata();
				assert.equal(meta.format, 'jpeg');
				assert.ok(Math.max(meta.width, meta.height) <= 640, `${meta.width}×${meta.height}`);
			}
			assert.equal(s.frames[0].parts.find((p) => p.type === 'txt').text, '海报');
			assert.deepEqual(ctx.images.hits, ['/promo.webp'], 'n8n downloaded the WebP once');

			const out = nodeOutput(run, 'Fit images');
			assert.equal(out.length, 1);
			const { taskId, images } = out[0].json;
			assert.equal(taskId, s.taskId);
			assert.equal(images.length, 2, JSON.stringify(images));
			const [png, webp] = images;
			assert.equal(png.frame, 1);
			assert.equal(png.source, 'binary property "poster"');
			assert.deepEqual([png.original.format, png.original.bytes, png.original.width, png.original.height], ['PNG', ctx.png.length, 1600, 1200]);
			assert.equal(webp.frame, 2);
			assert.equal(webp.source, `URL ${ctx.images.url}/promo.webp`);
			assert.deepEqual([webp.original.format, webp.original.bytes], ['WebP', ctx.webp.length]);
			// What the output says was sent is what reached the gateway.
			for (const [report, part] of [[png, pictures[0]], [webp, pictures[1]]]) {
				assert.equal(report.sent.format, 'JPEG');
				assert.equal(report.sent.bytes, part.bytes.length);
				assert.equal(typeof report.summary, 'string');
			}
		});

		it('Fit Images off: the same PNG is refused with the clear PNG error, nothing submitted', () => {
			const out = nodeOutput(run, 'Strict PNG');
			assert.equal(out.length, 1);
			assert.equal(out[0].json.code, 'INVALID_INPUT', JSON.stringify(out[0].json));
			assert.match(out[0].json.error, /^Frame 1 image is a PNG file$/);
			const sent = requestsOf(IMAGES_ACCOUNT, 'send');
			assert.equal(sent.length, 1, 'only the Fit Images branch sent');
			assert.ok(!ctx.sim.state.submissions({ account: IMAGES_ACCOUNT.account }).some((s) => s.mobiles.includes('13800000203')));
		});

		it('Preview Only: nothing submitted, and it announces the submissions the real send then made', () => {
			assert.equal(requestsOf(PREVIEW_ACCOUNT, 'send').length, 0, 'a preview sent a request');
			assert.deepEqual(ctx.sim.state.submissions({ account: PREVIEW_ACCOUNT.account }), []);
			assert.equal(requestsOf(PREVIEW_ACCOUNT, 'balance').length, 1, 'one balance query');
			const out = nodeOutput(run, 'Preview');
			assert.equal(out.length, 1);
			const p = out[0].json;
			assert.equal(p.preview, true);
			assert.equal(p.notice, 'Preview only: nothing was sent to 28inter.');
			const account = ctx.sim.state.accounts().find((a) => a.account === PREVIEW_ACCOUNT.account);
			assert.equal(p.balance, account.balance);
			assert.equal(p.pointsNeeded, CAMPAIGN_SIZE);
			assert.equal(p.balanceCovers, account.balance >= CAMPAIGN_SIZE);
			assert.deepEqual(p.frames.map((f) => f.text), ['春季新品上市']);
			// The per-recipient branch sends the same message to the same numbers for real.
			const real = ctx.sim.state.submissions({ account: PER_RECIPIENT_ACCOUNT.account });
			assert.deepEqual(
				p.submissions.map((s) => [s.recipientCount, s.firstRecipient, s.lastRecipient]),
				real.map((s) => [s.mobiles.length, s.mobiles[0], s.mobiles.at(-1)]),
			);
			assert.equal(p.mmsBytes, real[0].sizeBytes);
		});

		it(`One Item per Recipient: ${CAMPAIGN_SIZE.toLocaleString('en')} items whose taskId + mobile are the simulator's submissions`, () => {
			const out = nodeOutput(run, 'Per recipient');
			assert.equal(out.length, CAMPAIGN_SIZE);
			for (const o of out) {
				assert.deepEqual(Object.keys(o.json).sort(), ['batch', 'campaign', 'mobile', 'taskId']);
				assert.equal(o.json.campaign, 'E2E-SPRING');
				assert.equal(pairedIndex(o), 0);
			}
			const subs = ctx.sim.state.submissions({ account: PER_RECIPIENT_ACCOUNT.account });
			const submitted = subs.flatMap((s) => s.mobiles.map((m) => `${s.taskId}|${m}`)).sort();
			const output = out.map((o) => `${o.json.taskId}|${o.json.mobile}`).sort();
			assert.equal(new Set(output).size, CAMPAIGN_SIZE, 'a number was output twice');
			assert.deepEqual(output, submitted);
			for (const o of out) assert.equal(o.json.batch, subs.findIndex((s) => s.taskId === o.json.taskId) + 1);
		});

		it(`Combine Identical Messages: ${COMBINE_ROWS} rows, one send request, every row its own item with the task ID`, () => {
			const sends = requestsOf(COMBINE_ACCOUNT, 'send');
			assert.equal(sends.length, 1);
			const subs = ctx.sim.state.submissions({ account: COMBINE_ACCOUNT.account });
			assert.equal(subs.length, 1);
			const [s] = subs;
			const phones = Array.from({ length: COMBINE_ROWS }, (_, row) => String(13700000000 + row));
			assert.deepEqual([...s.mobiles].sort(), phones);
			const out = nodeOutput(run, 'Combine');
			assert.equal(out.length, COMBINE_ROWS);
			out.forEach((o, i) => {
				assert.equal(pairedIndex(o), i);
				assert.equal(o.json.taskId, s.taskId);
				assert.deepEqual(o.json.recipients, [phones[i]]);
				assert.equal(o.json.combinedItems, COMBINE_ROWS);
			});
		});
	});

	it('Check Balance First: a send the account cannot pay for fails, names the points, sends nothing', async (t) => {
		const before = ctx.sim.state.accounts().find((a) => a.account === LOW_BALANCE_ACCOUNT.account).balance;
		const res = await execute('e2eBalanceTooLow');
		assert.equal(res.code, 1, `n8n execute must exit 1 when the node fails (got ${res.exitCode}, signal ${res.signal})\n${res.output.slice(-3000)}`);
		const err = runError(res.run);
		assert.ok(err, 'the failed run JSON was parsed');
		t.diagnostic(`error message: ${err.message}`);
		// One point per recipient (the simulator charges as 28inter does), against the simulator's balance.
		assert.equal(err.message, `Not enough points: this send needs ${LOW_BALANCE_RECIPIENTS}, the account has ${before}`);
		assert.equal(requestsOf(LOW_BALANCE_ACCOUNT, 'balance').length, 1);
		assert.equal(requestsOf(LOW_BALANCE_ACCOUNT, 'send').length, 0);
		assert.equal(ctx.sim.state.accounts().find((a) => a.account === LOW_BALANCE_ACCOUNT.account).balance, before);
		assertNoSecrets(res.output, 'the CLI output of a failed execution');
		assertNoSecrets(JSON.stringify(res.run ?? {}), 'the execution data');
	});

	describe('under `n8n start`', () => {
		let inst;
		let api;
		const emitted = []; // every report the trigger emitted, over all executions
		const seenExecutions = new Set();

		/** Reads every finished trigger execution not read yet, until `expectTotal` reports were emitted. */
		async function collectTriggerRuns(expectTotal, timeoutMs) {
			const deadline = Date.now() + timeoutMs;
			while (emitted.length < expectTotal && Date.now() < deadline) {
				for (const e of await listExecutions(api, { workflowId: 'e2eReportTrigger' })) {
					if (seenExecutions.has(e.id) || e.status === 'running' || e.status === 'new') continue;
					seenExecutions.add(e.id);
					assert.equal(e.status, 'success', `trigger execution ${e.id} is ${e.status}`);
					const full = await getExecution(api, e.id);
					emitted.push(...executionNodeOutput(full, 'Reports Trigger').map((i) => i.json));
				}
				if (emitted.length < expectTotal) await new Promise((r) => setTimeout(r, 1000));
			}
			// A little longer: a duplicate would show up as an extra execution.
			await new Promise((r) => setTimeout(r, 3000));
			for (const e of await listExecutions(api, { workflowId: 'e2eReportTrigger' })) {
				if (seenExecutions.has(e.id) || e.status === 'running' || e.status === 'new') continue;
				seenExecutions.add(e.id);
				emitted.push(...executionNodeOutput(await getExecution(api, e.id), 'Reports Trigger').map((i) => i.json));
			}
		}

		before(
			keepOnFailure(async () => {
				// A burst waiting before activation: the activation poll must take it all.
				ctx.sim.state.injectReports(2500, { account: TRIGGER_ACCOUNT.account });
				ctx.sim.state.injectReports(700, { account: TRIGGER_ACCOUNT.account, failedShare: 1 });
				const r = await activateWorkflow('e2eReportTrigger', opts());
				ctx.cliOutputs.push(r.output);
				inst = await startN8n({ ...opts() });
				ctx.timings.startUntilHealthy = inst.startSeconds;
				await setupOwner(inst.baseUrl, OWNER);
				api = await login(inst.baseUrl, OWNER);
			}),
		);

		after(async () => {
			if (inst) {
				await inst.stop();
				assertNoSecrets(await inst.logs(), 'the n8n server log');
			}
		});

		it('the server is the n8n asked for, with the package nodes and the tool variant loaded', async () => {
			const settings = await api.get('/rest/settings');
			assert.equal(settings.versionCli, n8nVersion);
			const types = await api.get('/types/nodes.json');
			const names = new Set(types.map((t) => t.name));
			assert.ok(names.has(`${typePrefix}.inter28`) && names.has(`${typePrefix}.inter28Trigger`), 'the package nodes are not in the node types list');
			// usableAsTool: n8n derives an AI-agent tool variant of the node from it.
			assert.ok(names.has(`${typePrefix}.inter28Tool`), 'no tool variant of the 28inter MMS node');
		});

		// n8n 2.41.1 finds a node's `testedBy` credential test only for installed
		// packages: for custom extension folders it drops `supportedNodes`
		// (LoadNodesAndCredentials.postProcessLoaders), and the Test button
		// answers "No testing function found for this credential.".
		it('credential Test button through REST: good and wrong password', { skip: loadMode === 'custom' && 'n8n cannot find testedBy functions of custom extensions' }, async (t) => {
			const base = { endpoint: 'custom', baseUrl: ctx.sim.url, userId: ctx.demo.userId, account: ctx.demo.account };
			const good = await testCredential(api, { id: 'e2eInter28Good01', name: '28inter demo (simulator)', type: 'inter28Api', data: { ...base, password: ctx.demo.password } });
			assert.equal(good.status, 'OK', JSON.stringify(good));
			const bad = await testCredential(api, { id: 'e2eInter28Good01', name: '28inter demo (simulator)', type: 'inter28Api', data: { ...base, password: WRONG_PASSWORD } });
			assert.equal(bad.status, 'Error', JSON.stringify(bad));
			t.diagnostic(`good: ${good.message} | bad: ${bad.message}`);
			assert.match(bad.message, /password/i);
			assertNoSecrets(JSON.stringify(bad), 'the credential test answer');
			// The stored wrong-password credential, tested as saved (data left as stored).
			const stored = await testCredential(api, { id: 'e2eInter28Wrong1', name: '28inter wrong password', type: 'inter28Api', data: { ...base, password: WRONG_PASSWORD } });
			assert.equal(stored.status, 'Error');
		});

		it('trigger: the burst pending at activation is emitted exactly once', async () => {
			await collectTriggerRuns(3200, 120_000);
			assert.equal(emitted.length, 3200);
			assert.equal(new Set(emitted.map((r) => `${r.taskId}/${r.mobile}`)).size, 3200, 'a report was emitted twice');
			assert.equal(ctx.sim.state.pendingReports(TRIGGER_ACCOUNT.account), 0);
		});

		it('trigger: reports arriving later come with the next regular poll', { skip: !!process.env.E2E_SKIP_MINUTE_POLL }, async () => {
			ctx.sim.state.injectReports(400, { account: TRIGGER_ACCOUNT.account });
			await collectTriggerRuns(3600, 90_000); // polls run every minute
			assert.equal(emitted.length, 3600);
			assert.equal(new Set(emitted.map((r) => `${r.taskId}/${r.mobile}`)).size, 3600);
		});

		it('trigger: across a restart of n8n, nothing lost, nothing twice', async () => {
			const expected = emitted.length + 900;
			await inst.stop();
			assertNoSecrets(await inst.logs(), 'the n8n server log');
			ctx.sim.state.injectReports(900, { account: TRIGGER_ACCOUNT.account });
			inst = await startN8n({ ...opts() });
			ctx.timings.restartUntilHealthy = inst.startSeconds;
			api = await login(inst.baseUrl, OWNER);
			await collectTriggerRuns(expected, 120_000);
			assert.equal(emitted.length, expected);
			assert.equal(new Set(emitted.map((r) => `${r.taskId}/${r.mobile}`)).size, expected, 'a report was emitted twice');
			// The simulator's own log: everything handed out was delivered and emitted.
			const log = ctx.sim.state.reportsLog({ includeReports: false }).filter((h) => h.account === TRIGGER_ACCOUNT.account);
			const handedOut = log.filter((h) => h.outcome === 'delivered').reduce((n, h) => n + h.count - h.duplicates, 0);
			assert.equal(handedOut, expected);
		});
	});

	it('no password in any CLI output', () => {
		for (const o of ctx.cliOutputs) assertNoSecrets(o, 'CLI output');
	});
});
