#!/usr/bin/env node
// `npm run demo`: a real n8n with n8n-nodes-28inter installed, talking to the
// 28inter simulator, with a ready credential and the example workflows.
//
//   1. npm ci (only when node_modules is missing), npm run build
//   2. the n8n 2.41.1 + Node 24 runtime (scripts/n8n/ensure-runtime.mjs; first time ~5 min)
//   3. the package packed and installed into the demo's n8n like a community node
//   4. the simulator on 127.0.0.1:5680 (test/simulator, account demo)
//   5. credential "28inter demo (simulator)" + examples/*.json imported,
//      a first MMS sent (the picture and the list examples run once through
//      `n8n execute`) so that delivery reports are waiting, the report trigger
//      workflow published
//   6. `n8n start` on http://localhost:5678, owner account set up, everything
//      checked (credential test, the trigger's first execution took the reports)
//   7. prints the login and where to click; Ctrl-C stops n8n and the simulator
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

import { ensureRuntime } from '../test/support/n8n/runtime.mjs';
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
import { assetsDir, CREDENTIAL, DEFAULT_PORT, DEFAULT_SIM_PORT, demoDir, examplesDir, OWNER, repoRoot, SIM_ACCOUNT, stateFile, WORKFLOWS } from './demo/config.mjs';

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

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
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
	log(`28inter simulator running on ${sim.url} (pid ${sim.pid})`);
	await writeState({ demoPid: process.pid, simPid: sim.pid, simUrl: sim.url, n8nUrl, owner: OWNER.email });

	// 5. Credential, workflows, a first send, the trigger published (CLI; n8n is not running yet).
	const cli = { userFolder, restrictFileAccessTo: assetsDir };
	log(`importing credential "${CREDENTIAL.name}" (custom base URL ${sim.url}, account ${SIM_ACCOUNT.account})`);
	await importCredentials(
		[{ id: CREDENTIAL.id, name: CREDENTIAL.name, type: CREDENTIAL.type, data: { endpoint: 'custom', baseUrl: sim.url, ...SIM_ACCOUNT } }],
		cli,
	);
	const workflows = await Promise.all(Object.values(WORKFLOWS).map((w) => loadExample(w.file)));
	log(`importing ${workflows.length} example workflows from examples/: ${workflows.map((w) => `"${w.name}"`).join(', ')}`);
	await importWorkflows(workflows, cli);

	log('sending the first MMS: running the picture and the customer-list examples once (n8n execute)…');
	let reportsExpected = 0;
	for (const w of [WORKFLOWS.picture, WORKFLOWS.bulk]) {
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
	}
	const pending = (await simControl(sim, 'GET', '/reports/pending')).total;
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
	const test = await testCredential(api, { id: CREDENTIAL.id, name: CREDENTIAL.name, type: CREDENTIAL.type, data: { endpoint: 'custom', baseUrl: sim.url, ...SIM_ACCOUNT } });
	if (test.status !== 'OK') throw new Error(`credential test failed: ${JSON.stringify(test)}`);
	log(`credential test: ${test.message}`);
	const trig = await waitForTriggerReports(api, pending, n8nStartedAt);
	log(`the report trigger ran: ${trig.executions} execution(s), ${trig.items} report(s) (${trig.delivered} delivered, ${trig.failed} failed); simulator pending now ${(await simControl(sim, 'GET', '/reports/pending')).total}`);

	printGuide({ n8nUrl, sim, trig });

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

function printGuide({ n8nUrl, sim, trig }) {
	const w = (k) => `${n8nUrl}/workflow/${WORKFLOWS[k].id}`;
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
		'     Send again in 1. or 2.: the trigger polls every minute and a new execution appears.',
		'',
		`  Credential "${CREDENTIAL.name}" (Overview → Credentials) points at the simulator ${sim.url}`,
		`  (user ID ${SIM_ACCOUNT.userId}, account ${SIM_ACCOUNT.account}); its "Test" button works. No real MMS is sent.`,
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
