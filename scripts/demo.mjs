#!/usr/bin/env node
// `npm run demo`: a real n8n with n8n-nodes-28inter installed, talking to the
// 28inter simulator, with a ready credential and the example workflows.
//
//   1. npm ci (only when node_modules is missing), npm run build
//   2. the n8n 2.41.1 + Node 24 runtime (scripts/n8n/ensure-runtime.mjs; first time ~5 min)
//   3. the package packed and installed into the demo's n8n like a community node
//   4. the simulator on 127.0.0.1:5680 (test/simulator, accounts demo and campaign)
//   5. credentials "28inter demo (simulator)" and "28inter campaign (simulator)" +
//      examples/*.json imported, a first MMS sent (the picture, the list and the
//      large-PNG examples run once through `n8n execute`) so that delivery
//      reports are waiting, the report trigger workflow published
//   6. `n8n start` on http://localhost:5678, owner account set up, everything
//      checked (credential tests, the trigger's first execution took the reports)
//   7. the campaign pair, through the REST API as a user would click it: the data
//      table created (with its columns), the campaign run once ("Execute
//      workflow": one row per number), its report workflow published, the rows
//      checked to have their status
//   8. prints the login and where to click; Ctrl-C stops n8n and the simulator
//
// Options (also `node scripts/demo.mjs --help`):
//   --port N       n8n port (default 5678; env DEMO_PORT)
//   --sim-port N   simulator port (default 5680; env DEMO_SIM_PORT)
//   --reset        start from an empty demo folder (.cache/demo-n8n; env DEMO_DIR)
//   --ci           set up, verify, stop everything and exit (0 = all good); alias --no-open
//   --no-build     skip `npm run build` when dist/ exists
//
// A second run reuses the demo folder (owner, executions, your own workflows
// stay) and imports the credential and the example workflows again (their
// repo versions replace the copies in n8n). --reset starts over.
//
// Plain ESM on the Node 20 that builds the package; n8n runs on the runtime's Node 24.

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

import { ensureRuntime, pidAlive } from '../test/support/n8n/runtime.mjs';
import {
	executeWorkflow,
	executionNodeOutput,
	getExecution,
	importCredentials,
	importWorkflows,
	installCommunityPackage,
	listExecutions,
	login,
	n8nCli,
	nodeOutput,
	npmPack,
	setupOwner,
	startN8n,
	stopN8n,
	testCredential,
} from '../test/support/n8n/instance.mjs';
import {
	assetsDir,
	CAMPAIGN_ACCOUNT,
	CAMPAIGN_CREDENTIAL,
	CREDENTIAL,
	DEFAULT_PORT,
	DEFAULT_SIM_PORT,
	demoDir,
	examplesDir,
	OWNER,
	repoRoot,
	SIM_ACCOUNT,
	stateFile,
	WORKFLOWS,
} from './demo/config.mjs';

const HELP = `Usage: npm run demo [-- options]

Starts a real n8n (http://localhost:5678) with n8n-nodes-28inter, the 28inter
simulator, a ready credential and the example workflows. Ctrl-C stops it all.

  --port N       n8n port (default ${DEFAULT_PORT}; env DEMO_PORT)
  --sim-port N   simulator port (default ${DEFAULT_SIM_PORT}; env DEMO_SIM_PORT)
  --reset        start from an empty demo folder (default: reuse .cache/demo-n8n)
  --ci           set up, verify, stop everything and exit (alias --no-open)
  --no-build     skip "npm run build" when dist/ exists
  --help         this text`;

// ---- options ---------------------------------------------------------------------------

function parseArgs(argv) {
	const o = {
		port: Number(process.env.DEMO_PORT || DEFAULT_PORT),
		simPort: Number(process.env.DEMO_SIM_PORT || DEFAULT_SIM_PORT),
		reset: false,
		ci: false,
		build: true,
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
		const value = () => {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		if (flag === '--help' || flag === '-h') return 'help';
		else if (flag === '--port') o.port = Number(value());
		else if (flag === '--sim-port') o.simPort = Number(value());
		else if (flag === '--reset') o.reset = true;
		else if (flag === '--ci' || flag === '--no-open' || flag === '--smoke') o.ci = true;
		else if (flag === '--no-build') o.build = false;
		else throw new Error(`unknown option ${argv[i]}`);
	}
	for (const [k, v] of [['--port', o.port], ['--sim-port', o.simPort]]) {
		if (!Number.isInteger(v) || v < 1 || v > 65535) throw new Error(`${k} must be a port number (1-65535)`);
	}
	if (o.port === o.simPort) throw new Error('--port and --sim-port must differ');
	return o;
}

// ---- output ----------------------------------------------------------------------------

const t0 = Date.now();
const secs = () => `${Math.round((Date.now() - t0) / 1000)}s`.padStart(4);
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const log = (msg) => process.stdout.write(`[demo ${secs()}] ${msg}\n`);

// ---- processes we start (stopped on Ctrl-C, on failure, and at the end of --ci) ----------

const started = { n8n: null, sim: null };
let stopping = null;
let wroteState = false; // demo-state.json is ours to remove

function stopEverything(reason) {
	stopping ??= (async () => {
		if (reason) log(reason);
		if (started.n8n) {
			log(`stopping n8n (pid ${started.n8n.pid})…`);
			await stopN8n(started.n8n).catch(() => {});
		}
		if (started.sim) {
			log(`stopping the simulator (pid ${started.sim.pid})…`);
			await stopSimulator(started.sim);
		}
		// Only our own state file: a second demo that refused to start must not remove the first one's.
		if (wroteState) await rm(stateFile(), { force: true }).catch(() => {});
	})();
	return stopping;
}

function onSignal(signal) {
	// A second Ctrl-C while stopping: give up waiting (the process groups get SIGKILL on exit).
	if (stopping) process.exit(130);
	void stopEverything(`${signal}: stopping everything the demo started`).then(() => {
		log('stopped. Run `npm run demo` again to continue where you left off (or with --reset to start over).');
		process.exit(0);
	});
}
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

// ---- helpers ---------------------------------------------------------------------------

function runVisible(cmd, args, label) {
	return new Promise((resolve, reject) => {
		log(`${label}: ${cmd} ${args.join(' ')}`);
		const child = spawn(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
		child.on('error', reject);
		child.on('close', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${label} failed (exit ${code ?? signal})`))));
	});
}

function portFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		/* gone already */
	}
}

/**
 * The simulator as its own process (`node --import tsx test/simulator/cli.ts`),
 * in its own process group, output to <demo folder>/simulator.log. Resolves
 * when it prints its URL.
 */
async function startSimulator(port, logFile) {
	const out = createWriteStream(logFile, { flags: 'a' });
	const child = spawn(process.execPath, ['--import', 'tsx', path.join('test', 'simulator', 'cli.ts'), '--port', String(port)], {
		cwd: repoRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
		env: { ...process.env, NODE_NO_WARNINGS: '1' },
	});
	child.stdout.pipe(out, { end: false });
	child.stderr.pipe(out, { end: false });
	const sim = { pid: child.pid, child, url: `http://127.0.0.1:${port}` };
	started.sim = sim;
	await new Promise((resolve, reject) => {
		let text = '';
		const timer = setTimeout(() => reject(new Error(`the simulator did not start in 60 s (log: ${logFile})`)), 60_000);
		const onData = (d) => {
			text += d;
			if (/listening on/.test(text)) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', (d) => (text += d));
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the simulator exited (${code}) before listening:\n${text.slice(-2000)}`));
		});
	});
	return sim;
}

async function stopSimulator(sim) {
	const { child } = sim;
	if (child.exitCode !== null || child.signalCode !== null) return;
	const gone = new Promise((resolve) => child.once('exit', resolve));
	killGroup(child.pid, 'SIGTERM');
	const t = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000);
	await gone;
	clearTimeout(t);
}

async function simControl(sim, method, urlPath, body) {
	const r = await fetch(`${sim.url}/__simulator${urlPath}`, {
		method,
		headers: body ? { 'content-type': 'application/json' } : {},
		body: body ? JSON.stringify(body) : undefined,
		signal: AbortSignal.timeout(10_000),
	});
	if (!r.ok) throw new Error(`simulator ${method} ${urlPath} -> HTTP ${r.status}: ${await r.text()}`);
	return await r.json();
}

/**
 * examples/<file> as imported into the demo: exactly the committed workflow,
 * with the relative file paths of "Read/Write Files from Disk" nodes
 * (`examples/assets/…`, relative to the repo) made absolute, so they do not
 * depend on the folder n8n was started from.
 */
export async function loadExample(file) {
	const wf = JSON.parse(await readFile(path.join(examplesDir, file), 'utf8'));
	for (const node of wf.nodes) {
		const sel = node.parameters?.fileSelector;
		if (node.type === 'n8n-nodes-base.readWriteFile' && typeof sel === 'string' && !sel.startsWith('=') && !path.isAbsolute(sel)) {
			node.parameters.fileSelector = path.join(repoRoot, sel);
		}
	}
	return wf;
}

// ---- main ------------------------------------------------------------------------------

async function main() {
	let opts;
	try {
		opts = parseArgs(process.argv.slice(2));
	} catch (err) {
		console.error(`${err.message}\n\n${HELP}`);
		process.exit(2);
	}
	if (opts === 'help') {
		console.log(HELP);
		return;
	}
	const userFolder = demoDir();
	const n8nUrl = `http://localhost:${opts.port}`;
	log(`n8n-nodes-28inter demo${opts.ci ? ' (--ci: set up, verify, stop)' : ''}; demo folder ${path.relative(repoRoot, userFolder) || userFolder}`);

	// 0. Nothing else of ours may be running on this folder or these ports.
	const previous = await readFile(stateFile(), 'utf8').then(JSON.parse).catch(() => null);
	if (previous?.demoPid && previous.demoPid !== process.pid && pidAlive(previous.demoPid)) {
		throw new Error(`another demo is running (pid ${previous.demoPid}, ${previous.n8nUrl}). Stop it with Ctrl-C in its terminal (or: kill ${previous.demoPid}) first.`);
	}
	for (const [what, port, flag] of [['n8n', opts.port, '--port'], ['the simulator', opts.simPort, '--sim-port']]) {
		if (!(await portFree(port))) throw new Error(`port ${port} (for ${what}) is in use. Stop what uses it, or pick another: npm run demo -- ${flag} <port>`);
	}

	// 1. Dependencies and build.
	if (!existsSync(path.join(repoRoot, 'node_modules', '.package-lock.json'))) {
		await runVisible('npm', ['ci', '--no-audit', '--no-fund'], 'installing dependencies (node_modules is missing)');
	}
	const built = existsSync(path.join(repoRoot, 'dist', 'nodes', 'Inter28', 'Inter28.node.js'));
	if (opts.build || !built) await runVisible('npm', ['run', 'build', '--silent'], 'building the package');
	else log('building skipped (--no-build), using dist/');

	// 2. n8n itself.
	log('n8n runtime (n8n 2.41.1 on Node 24; the first time this installs ~3 GB and takes several minutes)…');
	await ensureRuntime();

	// 3. The demo folder and the package, installed like a community node.
	if (opts.reset) {
		log('--reset: removing the old demo folder');
		await rm(userFolder, { recursive: true, force: true });
	}
	await mkdir(userFolder, { recursive: true });
	const reused = existsSync(path.join(userFolder, '.n8n', 'database.sqlite'));
	log(reused ? 'reusing the demo folder from a previous run (use --reset to start over)' : 'new demo folder');
	log('packing the package and installing it into n8n (as Settings → Community Nodes would)…');
	const { tgz } = await npmPack(repoRoot, path.join(userFolder, 'pack'));
	await installCommunityPackage(tgz, userFolder);
	await rm(path.dirname(tgz), { recursive: true, force: true });

	// 4. The simulator.
	const sim = await startSimulator(opts.simPort, path.join(userFolder, 'simulator.log'));
	// A quarter of the reports fail (default 10%), so the report workflow shows both branches.
	await simControl(sim, 'PATCH', '/settings', { failedShare: 0.25 });
	// The campaign pair's own account (why: CAMPAIGN_ACCOUNT in demo/config.mjs). PUT replaces the
	// simulator's sample accounts; the demo uses these two only.
	await simControl(sim, 'PUT', '/accounts', [
		{ ...SIM_ACCOUNT, balance: 1_000_000, mms: true, reports: true },
		{ ...CAMPAIGN_ACCOUNT, balance: 100_000, mms: true, reports: true },
	]);
	log(`28inter simulator running on ${sim.url} (pid ${sim.pid}; accounts ${SIM_ACCOUNT.account} and ${CAMPAIGN_ACCOUNT.account})`);
	await writeState({ demoPid: process.pid, simPid: sim.pid, simUrl: sim.url, n8nUrl, owner: OWNER.email });

	// 5. Credential, workflows, a first send, the trigger published (CLI; n8n is not running yet).
	const cli = { userFolder, restrictFileAccessTo: assetsDir };
	const credentials = [
		[CREDENTIAL, SIM_ACCOUNT],
		[CAMPAIGN_CREDENTIAL, CAMPAIGN_ACCOUNT],
	].map(([c, account]) => ({ id: c.id, name: c.name, type: c.type, data: { endpoint: 'custom', baseUrl: sim.url, ...account } }));
	log(`importing credentials ${credentials.map((c) => `"${c.name}" (account ${c.data.account})`).join(' and ')}, custom base URL ${sim.url}`);
	await importCredentials(credentials, cli);
	const workflows = await Promise.all(Object.values(WORKFLOWS).map((w) => loadExample(w.file)));
	log(`importing ${workflows.length} example workflows from examples/: ${workflows.map((w) => `"${w.name}"`).join(', ')}`);
	await importWorkflows(workflows, cli);

	log('sending the first MMS: running the picture, the customer-list and the large-PNG examples once (n8n execute)…');
	let reportsExpected = 0;
	const firstSends = {};
	for (const w of [WORKFLOWS.picture, WORKFLOWS.bulk, WORKFLOWS.largePng]) {
		const res = await executeWorkflow(w.id, cli);
		const out = nodeOutput(res.run, w.sendNode) ?? [];
		// Judged by the run data n8n printed, not only the exit status: on this busy
		// machine an `n8n execute` was once seen ending by a signal during its
		// shutdown, after the complete run was printed (and the MMS sent).
		const runError = res.run?.data?.resultData?.error;
		if (out.length === 0 || runError) {
			const logFile = path.join(userFolder, `execute-${w.id}.log`);
			await writeFile(logFile, res.output);
			const errors = res.output.split('\n').filter((l) => /error|fail/i.test(l) && !/^\s*"/.test(l)).slice(0, 20);
			throw new Error(`running ${w.file} failed (n8n execute exit ${res.code}${res.run ? '' : ', no run data'}; full output: ${logFile}):\n${errors.join('\n')}`);
		}
		if (!res.ok) log(`  (n8n execute ended with ${res.signal ?? `exit ${res.code}`} after printing a complete, successful run)`);
		const recipients = out.reduce((n, i) => n + (i.json.recipientCount ?? 0), 0);
		reportsExpected += recipients;
		log(`  ${w.file}: ${out.length} submission(s), ${recipients} recipient(s), task ${out.map((i) => i.json.taskId).join(', ')}, balance left ${out.at(-1).json.balance}`);
		for (const image of out[0].json.images ?? []) log(`    ${image.label}: ${image.summary} (${kb(image.original.bytes)} → ${kb(image.sent.bytes)})`);
		firstSends[w.id] = out;
	}
	const pending = (await simControl(sim, 'GET', `/reports/pending?account=${SIM_ACCOUNT.account}`)).pending;
	log(`the simulator holds ${pending} delivery report(s) for the trigger (one per recipient: ${reportsExpected} expected)`);
	if (pending < reportsExpected) throw new Error(`the simulator queued ${pending} reports for ${reportsExpected} recipients`);

	log(`publishing "${workflows.find((w) => w.id === WORKFLOWS.reports.id).name}" (its trigger polls every minute)`);
	await n8nCli(['publish:workflow', `--id=${WORKFLOWS.reports.id}`], cli);

	// 6. n8n.
	log(`starting n8n on ${n8nUrl} (log: ${path.relative(repoRoot, path.join(userFolder, 'n8n-start.log'))})…`);
	const n8nStartedAt = Date.now();
	started.n8n = await startN8n({
		userFolder,
		port: opts.port,
		restrictFileAccessTo: assetsDir,
		env: { N8N_EDITOR_BASE_URL: n8nUrl, WEBHOOK_URL: `${n8nUrl}/` },
	});
	started.n8n.child.once('exit', (code, signal) => {
		if (!stopping) {
			void stopEverything(`n8n exited unexpectedly (${code ?? signal}); see ${started.n8n.logFile}`).then(() => process.exit(1));
		}
	});
	log(`n8n is up after ${started.n8n.startSeconds.toFixed(0)} s (pid ${started.n8n.pid})`);
	let api;
	try {
		api = await setupOwner(started.n8n.baseUrl, OWNER);
		log(`owner account created: ${OWNER.email}`);
	} catch (err) {
		if (err.status !== 400) throw err;
		api = await login(started.n8n.baseUrl, OWNER).catch((e) => {
			throw new Error(`the demo folder has an owner, but ${OWNER.email} / ${OWNER.password} does not log in (${e.message}). Run: npm run demo -- --reset`);
		});
		log(`logged in as the existing owner ${OWNER.email}`);
	}
	await writeState({ demoPid: process.pid, n8nPid: started.n8n.pid, simPid: sim.pid, simUrl: sim.url, n8nUrl, owner: OWNER.email, workflows: WORKFLOWS });

	// 7. Verify what the guide promises.
	for (const c of credentials) {
		const test = await testCredential(api, c);
		if (test.status !== 'OK') throw new Error(`credential test of "${c.name}" failed: ${JSON.stringify(test)}`);
		log(`credential test "${c.name}": ${test.message}`);
	}
	const trig = await waitForTriggerReports(api, pending, n8nStartedAt);
	log(`the report trigger ran: ${trig.executions} execution(s), ${trig.items} report(s) (${trig.delivered} delivered, ${trig.failed} failed); simulator pending now ${(await simControl(sim, 'GET', `/reports/pending?account=${SIM_ACCOUNT.account}`)).pending}`);

	const campaign = await runCampaignPair(api, sim);

	printGuide({ n8nUrl, sim, trig, firstSends, campaign });

	if (opts.ci) {
		await stopEverything('--ci: everything verified, stopping');
		log('demo OK');
		process.exit(0);
	}
	log('running. Press Ctrl-C to stop n8n and the simulator.');
	await new Promise(() => {}); // until a signal
}

async function writeState(state) {
	wroteState = true;
	await writeFile(stateFile(), JSON.stringify({ ...state, updatedAt: new Date().toISOString() }, null, 2) + '\n');
}

function kb(bytes) {
	return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.round(bytes / 1000)} KB`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The data table the campaign pair writes, as its example declares it: the name its Data table
 * nodes select the table by, and the columns of their mapping (the node's `dateTime` is the
 * table's `date`). One source of truth: the demo creates what the workflow expects.
 */
async function campaignTableSpec() {
	const wf = JSON.parse(await readFile(path.join(examplesDir, WORKFLOWS.campaign.file), 'utf8'));
	const node = wf.nodes.find((n) => n.name === WORKFLOWS.campaign.tableNode);
	return {
		name: node.parameters.dataTableId.value,
		columns: node.parameters.columns.schema.map((f) => ({ name: f.id, type: f.type === 'dateTime' ? 'date' : f.type })),
	};
}

/**
 * Creates the campaign's data table in the owner's personal project (where the imported workflows
 * live) through n8n's REST API. A table of an earlier run is replaced: the simulator starts afresh
 * on every run and numbers its tasks from the same start, so that run's rows would carry this
 * run's taskId + mobile (28inter's own task IDs do not repeat).
 */
async function createDataTable(api) {
	const spec = await campaignTableSpec();
	const project = await api.get('/rest/projects/personal');
	const base = `/rest/projects/${project.id}/data-tables`;
	// The name filter is a substring match (LIKE %name%): pick the exact name from the answer.
	const list = await api.get(`${base}?${new URLSearchParams({ filter: JSON.stringify({ name: spec.name }) })}`);
	const earlier = (list.data ?? list).find((t) => t.name === spec.name);
	if (earlier) await api.delete(`${base}/${earlier.id}`);
	const table = await api.post(base, { name: spec.name, columns: spec.columns });
	return { projectId: project.id, table, replaced: Boolean(earlier), spec };
}

/** "Execute workflow" in the editor: POST /rest/workflows/:id/run from its manual trigger, then the finished execution. */
async function runManually(api, workflowId, startNode, timeoutMs = 120_000) {
	const started = await api.post(`/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: startNode } });
	if (!started?.executionId) throw new Error(`n8n did not start workflow ${workflowId}: ${JSON.stringify(started)}`);
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await getExecution(api, started.executionId);
		if (!['new', 'running', 'waiting'].includes(execution.status)) return execution;
		if (Date.now() > deadline) throw new Error(`execution ${started.executionId} of workflow ${workflowId} still ${execution.status} after ${timeoutMs / 1000} s`);
		await sleep(1000);
	}
}

/** "Publish" in the editor: POST /rest/workflows/:id/activate with its current version. */
async function publishWorkflow(api, workflowId) {
	const wf = await api.get(`/rest/workflows/${workflowId}`);
	await api.post(`/rest/workflows/${workflowId}/activate`, { versionId: wf.versionId });
}

/**
 * The campaign pair, in the order a user clicks it: the data table, "Execute workflow" on the
 * campaign (one row per number, status empty), then "Publish" on its report workflow, whose
 * activation poll takes the campaign's reports at once and fills the rows. Checked against the
 * simulator (every number it accepted has a row) and against the trigger's own items (every row's
 * status is its report's).
 */
async function runCampaignPair(api, sim) {
	const { projectId, table, replaced, spec } = await createDataTable(api);
	const columns = spec.columns.map((c) => `${c.name} (${c.type})`).join(', ');
	log(`data table "${spec.name}" ${replaced ? 'created anew (the one of the previous run removed: the simulator reuses its task IDs)' : 'created'} through the REST API: ${columns}`);

	const w = WORKFLOWS.campaign;
	const execution = await runManually(api, w.id, w.startNode);
	if (execution.status !== 'success') {
		const error = execution.data?.resultData?.error;
		throw new Error(`"${w.file}" ended ${execution.status}: ${error?.message ?? 'no error message'}${error?.description ? ` (${error.description})` : ''}`);
	}
	const sent = executionNodeOutput(execution, w.sendNode).map((i) => i.json);
	const rows = executionNodeOutput(execution, w.tableNode).map((i) => i.json);
	const taskIds = [...new Set(sent.map((r) => r.taskId))];
	const accepted = (await simControl(sim, 'GET', `/submissions?account=${CAMPAIGN_ACCOUNT.account}`)).filter((s) => taskIds.includes(s.taskId));
	const acceptedNumbers = accepted.flatMap((s) => s.mobiles.map((m) => `${s.taskId}|${m}`)).sort();
	const rowNumbers = rows.map((r) => `${r.taskId}|${r.mobile}`).sort();
	if (rows.length === 0 || JSON.stringify(rowNumbers) !== JSON.stringify(acceptedNumbers)) {
		throw new Error(`the campaign wrote ${rows.length} row(s), the simulator accepted ${acceptedNumbers.length} number(s) in task(s) ${taskIds.join(', ')}`);
	}
	const customerOf = new Map(sent.map((item) => [`${item.taskId}|${item.mobile}`, item]));
	for (const row of rows) {
		const item = customerOf.get(`${row.taskId}|${row.mobile}`);
		if (!item || item.customerId !== row.customerId || item.name !== row.name || row.status !== null) {
			throw new Error(`row ${JSON.stringify(row)} is not what the send output for its number says: ${JSON.stringify(item)}`);
		}
	}
	log(`campaign run (REST, as "Execute workflow"): ${accepted.length} submission(s) (task ${taskIds.join(', ')}) to ${rows.length} customers, ${rows.length} row(s) written, status empty`);

	const r = WORKFLOWS.campaignReports;
	const publishedAt = Date.now();
	await publishWorkflow(api, r.id);
	log(`published "${r.file}" (REST, as "Publish"): its first poll takes the campaign's reports`);
	const filled = await waitForCampaignRows(api, { projectId, tableId: table.id }, taskIds, rows.length, publishedAt);
	log(`the campaign report trigger ran: ${filled.executions} execution(s); ${filled.rows.length} row(s) got their status (${filled.delivered} delivered, ${filled.failed} failed)`);
	return { projectId, tableId: table.id, tableName: spec.name, submissions: accepted.length, customers: rows.length, delivered: filled.delivered, failed: filled.failed };
}

/**
 * Waits until every row of the campaign's tasks has a status, and checks each against the report
 * the trigger emitted for its taskId + mobile (a row may only say what its own report said).
 */
async function waitForCampaignRows(api, { projectId, tableId }, taskIds, expected, since, timeoutMs = 150_000) {
	const r = WORKFLOWS.campaignReports;
	const filter = JSON.stringify({ type: 'or', filters: taskIds.map((value) => ({ columnName: 'taskId', condition: 'eq', value })) });
	// 250 rows: the most one page holds; the demo's list is far smaller.
	const rowsPath = `/rest/projects/${projectId}/data-tables/${tableId}/rows?${new URLSearchParams({ filter, take: '250' })}`;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { count, data: rows } = await api.get(rowsPath);
		if (count === expected && rows.length === expected && rows.every((row) => row.status)) {
			const reports = new Map();
			let executions = 0;
			for (const e of await listExecutions(api, { workflowId: r.id })) {
				if (Date.parse(e.startedAt) < since - 1000) continue;
				executions++;
				for (const item of executionNodeOutput(await getExecution(api, e.id), r.triggerNode)) reports.set(`${item.json.taskId}|${item.json.mobile}`, item.json);
			}
			for (const row of rows) {
				const report = reports.get(`${row.taskId}|${row.mobile}`);
				const same = report && report.status === row.status && report.statusCode === row.statusCode && Date.parse(report.receivedAt) === Date.parse(row.receivedAt);
				if (!same) {
					const says = (x) => `${x.status}/${x.statusCode}/${x.receivedAt}`;
					throw new Error(`row ${row.taskId}|${row.mobile} says ${says(row)}, its report ${report ? says(report) : 'was not emitted'}`);
				}
			}
			return {
				executions,
				rows,
				delivered: rows.filter((row) => row.status === 'delivered').length,
				failed: rows.filter((row) => row.status === 'failed').length,
			};
		}
		if (Date.now() > deadline) {
			const done = rows.filter((row) => row.status).length;
			throw new Error(`after ${timeoutMs / 1000} s ${done} of ${expected} campaign rows have a status (n8n log: ${started.n8n?.logFile})`);
		}
		await sleep(1500);
	}
}

/**
 * Waits until the trigger's executions that started during this run hold
 * `expected` reports (the trigger polls once at activation, then every minute).
 */
async function waitForTriggerReports(api, expected, since, timeoutMs = 150_000) {
	const deadline = Date.now() + timeoutMs;
	const seen = new Map();
	for (;;) {
		for (const e of await listExecutions(api, { workflowId: WORKFLOWS.reports.id })) {
			if (seen.has(e.id) || e.status === 'running' || e.status === 'new' || Date.parse(e.startedAt) < since) continue;
			const items = executionNodeOutput(await getExecution(api, e.id), WORKFLOWS.reports.triggerNode).map((i) => i.json);
			seen.set(e.id, items);
		}
		const all = [...seen.values()].flat();
		if (all.length >= expected) {
			return {
				executions: seen.size,
				executionId: [...seen.keys()].at(-1),
				items: all.length,
				delivered: all.filter((r) => r.status === 'delivered').length,
				failed: all.filter((r) => r.status === 'failed').length,
			};
		}
		if (Date.now() > deadline) throw new Error(`the report trigger emitted ${all.length} of ${expected} reports in ${timeoutMs / 1000} s (n8n log: ${started.n8n?.logFile})`);
		await new Promise((r) => setTimeout(r, 1500));
	}
}

function printGuide({ n8nUrl, sim, trig, firstSends, campaign }) {
	const w = (k) => `${n8nUrl}/workflow/${WORKFLOWS[k].id}`;
	const png = firstSends[WORKFLOWS.largePng.id]?.[0]?.json.images?.[0];
	const lines = [
		'',
		bold('  n8n-nodes-28inter demo is ready'),
		'',
		`  Open       ${bold(n8nUrl)}`,
		`  Log in     ${bold(OWNER.email)}  /  ${bold(OWNER.password)}`,
		'',
		'  Where to click:',
		`  1. "28inter: send an MMS with a picture"   ${w('picture')}`,
		'     Double-click "Send MMS" to see its form (recipients, title, text + picture frames),',
		'     then click "Execute workflow": the output shows the task ID and the balance left.',
		`  2. "28inter: bulk send from a customer list"   ${w('bulk')}`,
		'     Reads examples/assets/customers.csv and sends every customer a message with their name.',
		`  3. "28inter: check the balance"   ${w('balance')}   → "Execute workflow".`,
		`  4. "28inter: on delivery report" (published)   ${w('reports')}/executions`,
		`     Its trigger already took ${trig.items} delivery report(s) of the first sends (${trig.delivered} delivered, ${trig.failed} failed).`,
		'     Open the newest execution and click "On delivery report" to see one item per report.',
		'     Send again in 1., 2. or 5.: the trigger polls every minute and a new execution appears.',
		`  5. "28inter: send a large PNG (Fit Images)"   ${w('largePng')}`,
		`     Reads examples/assets/spring-poster.png (${png ? `${kb(png.original.bytes)}, ${png.original.width}×${png.original.height}` : '4.8 MB'}) and sends it: Fit Images made it`,
		`     ${png ? `a ${png.sent.format} of ${png.sent.width}×${png.sent.height}, ${kb(png.sent.bytes)}` : 'a JPEG within the 100 KB'}. Click "Send MMS" in its last execution: the output's "images" says so.`,
		`  6. "28inter: campaign from a list (records taskId + mobile)"   ${w('campaign')}`,
		`     Ran once: one MMS to the ${campaign.customers} customers in ${campaign.submissions} submission(s), one row per number (taskId, mobile,`,
		`     customerId, name; status empty) in the data table "${campaign.tableName}":`,
		`     ${n8nUrl}/projects/${campaign.projectId}/datatables/${campaign.tableId}`,
		`  7. "28inter: campaign delivery reports" (published)   ${w('campaignReports')}/executions`,
		`     Its trigger took the campaign's reports and set status, statusCode, receivedAt in every row`,
		`     (${campaign.delivered} delivered, ${campaign.failed} failed). Execute 6. again: new rows, filled in within a minute.`,
		'',
		`  Credentials (Overview → Credentials) point at the simulator ${sim.url}; their "Test" buttons work:`,
		`  "${CREDENTIAL.name}" (user ID ${SIM_ACCOUNT.userId}, account ${SIM_ACCOUNT.account}) for 1–5,`,
		`  "${CAMPAIGN_CREDENTIAL.name}" (user ID ${CAMPAIGN_ACCOUNT.userId}, account ${CAMPAIGN_ACCOUNT.account}) for 6–7: 28inter hands each report out`,
		'  once per account, so each account has one report workflow. No real MMS is sent.',
		`  Simulator state: ${sim.url}/__simulator/state     Example files: examples/*.json`,
		'',
	];
	process.stdout.write(lines.join('\n') + '\n');
}

main().catch(async (err) => {
	process.stderr.write(`\n[demo] FAILED: ${err.message}\n`);
	await stopEverything();
	process.exit(1);
});
