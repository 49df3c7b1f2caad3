// Drives a real n8n (a pinned runtime installed by runtime.mjs: 2.41.1 by default,
// 1.123.81 with N8N_RUNTIME=1) from tests and scripts. Where the two lines
// differ (activating a workflow, installing a community package) the function
// here picks the way of the runtime in use, so tests read the same on both.
//
// Two ways to use n8n, and this module covers both:
//   * headless CLI commands on a user folder (n8nCli): import:credentials,
//     import:workflow, execute --id --rawOutput, activateWorkflow. Each call
//     boots n8n's DI container (~5-10 s), so batch imports into one call.
//   * a server (`n8n start`, startN8n/stopN8n) for what only a running
//     instance does: polling triggers of published workflows, and the REST API
//     the editor uses (owner setup, login, the credential "Test" button,
//     executions list).
// Never run CLI commands and a server on the same user folder at once: both
// open the same SQLite database and run migrations/locks on it.
//
// Plain ESM and Node built-ins only (runs on the Node 20 that builds the
// package); n8n itself runs on the Node from the runtime folder (24 for 2.x,
// 22 for 1.x).

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { runtimePaths } from './runtime.mjs';

export const DEFAULT_ENCRYPTION_KEY = 'e2e-only-not-a-secret-0123456789';

/**
 * Environment for every n8n process. Why each setting:
 * - N8N_USER_FOLDER: everything (SQLite DB, config with the encryption key,
 *   binary data, installed community packages under .n8n/nodes) stays in a
 *   scratch folder; nothing touches ~/.n8n.
 * - N8N_ENCRYPTION_KEY: fixed so CLI imports and the server decrypt the same
 *   credentials (otherwise the first process writes a random key to config).
 * - diagnostics/version notifications/templates/personalization off, and
 *   N8N_RUNNERS... left default: the machine is offline; these only add
 *   lookup errors and delays.
 * - N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false: scratch folders are created
 *   with the default umask; n8n would otherwise warn or refuse.
 * - DB_SQLITE_POOL_SIZE=1: one connection, fewer WAL files, fine for tests.
 * - N8N_SECURE_COOKIE=false: we talk plain http to 127.0.0.1.
 * - N8N_RESTRICT_FILE_ACCESS_TO: the Read/Write Files from Disk node may only
 *   touch these folders (set by the caller: the test's fixture folder).
 * - N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES=false is NOT set: the default (block
 *   n8n's own folder) is what real users have.
 * - N8N_LOG_OUTPUT=console and N8N_LOG_LEVEL=info: the --rawOutput JSON comes
 *   after log lines on stdout; parseRawOutput() finds it.
 */
export function n8nEnv({ userFolder, port = 5678, brokerPort, restrictFileAccessTo, customExtensions, env = {} } = {}) {
	const p = runtimePaths();
	const e = {
		...process.env,
		PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: DEFAULT_ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '1',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		// The Code node's task broker listens on 5679 by default: two n8n
		// processes at once (a server and a CLI call, or parallel test files)
		// would collide, so every process gets its own free port.
		...(brokerPort ? { N8N_RUNNERS_BROKER_PORT: String(brokerPort) } : {}),
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: 'info',
		GENERIC_TIMEZONE: 'Asia/Shanghai',
		TZ: 'UTC',
		// Keep every execution (success and error) so tests can inspect them.
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_PRUNE: 'false',
		// Community packages are loaded from <userFolder>/.n8n/nodes/node_modules.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// No npm/Node warnings from n8n's child processes in the output we parse.
		NODE_NO_WARNINGS: '1',
		// The machine's npm config (nodedir=/usr) is for Node 20; n8n never
		// builds here, but keep npm children consistent with the runtime's Node.
		npm_config_nodedir: p.nodePkgDir,
	};
	if (restrictFileAccessTo) {
		e.N8N_RESTRICT_FILE_ACCESS_TO = [].concat(restrictFileAccessTo).join(';');
	}
	if (customExtensions) e.N8N_CUSTOM_EXTENSIONS = [].concat(customExtensions).join(';');
	// Variables from the surrounding shell that would change n8n's behaviour.
	delete e.N8N_CONFIG_FILES;
	delete e.NODE_OPTIONS;
	return { ...e, ...env };
}

/** A free TCP port on 127.0.0.1 (tests run several instances one after another). */
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/**
 * Finds the JSON document that `n8n execute --rawOutput` prints after its log
 * lines: the last line-initial `{`/`[` whose balanced text parses as JSON.
 */
export function parseRawOutput(text) {
	const starts = [];
	const re = /^[{[]/gm;
	let m;
	while ((m = re.exec(text))) starts.push(m.index);
	for (let i = starts.length - 1; i >= 0; i--) {
		const end = balancedEnd(text, starts[i]);
		if (end < 0) continue;
		try {
			return JSON.parse(text.slice(starts[i], end + 1));
		} catch {
			/* not JSON, keep looking */
		}
	}
	return undefined;
}

function balancedEnd(text, start) {
	let depth = 0;
	let inStr = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inStr) {
			if (c === '\\') i++;
			else if (c === '"') inStr = false;
		} else if (c === '"') inStr = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return i;
		}
	}
	return -1;
}

/**
 * Runs one n8n CLI command to completion.
 * Returns { code, stdout, stderr, output (both), seconds, json? }.
 * `json` is the parsed --rawOutput document when args contain --rawOutput.
 * Throws on exit != 0 unless `allowFailure`.
 */
export async function n8nCli(args, { userFolder, env, restrictFileAccessTo, customExtensions, timeoutMs = 180_000, allowFailure = false } = {}) {
	const p = runtimePaths();
	const fullEnv = n8nEnv({ userFolder, brokerPort: await freePort(), restrictFileAccessTo, customExtensions, env });
	const t0 = Date.now();
	return new Promise((resolve, reject) => {
		// detached: own process group, so a timeout kills n8n's task runner too.
		const child = spawn(p.nodeBin, [p.n8nBin, ...args], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		let stdout = '';
		let stderr = '';
		let output = '';
		child.stdout.on('data', (d) => {
			stdout += d;
			output += d;
		});
		child.stderr.on('data', (d) => {
			stderr += d;
			output += d;
		});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child.pid, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			// code -1: ended by a signal (`signal` says which; timedOut: ours).
			const res = { code: code ?? -1, signal, timedOut, stdout, stderr, output, seconds: (Date.now() - t0) / 1000 };
			if (args.includes('--rawOutput')) res.json = parseRawOutput(stdout);
			if (code !== 0 && !allowFailure) {
				const err = new Error(`n8n ${args.join(' ')} exited ${code ?? signal}${timedOut ? ` (killed after ${timeoutMs} ms)` : ''}\n${output.slice(-4000)}`);
				err.result = res;
				reject(err);
			} else resolve(res);
		});
	});
}

// Every n8n process is spawned `detached`, i.e. as the leader of its own
// process group (pgid = pid), so signalling -pid reaches n8n and its task
// runner and nothing else. No fallback to the bare pid: once the group is
// gone that pid may belong to an unrelated new process.
function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		/* the group is gone already */
	}
}

// ---- workflows / credentials on disk -------------------------------------------------

/** Writes `items` (array) as one JSON file and imports it with one CLI call. */
export async function importCredentials(credentials, opts) {
	const file = path.join(opts.userFolder, `import-credentials-${Date.now()}.json`);
	await writeFile(file, JSON.stringify([].concat(credentials), null, 2));
	try {
		return await n8nCli(['import:credentials', `--input=${file}`], opts);
	} finally {
		// The file holds plain passwords: never leave it behind.
		await rm(file, { force: true });
	}
}

/** Imports several workflows with one CLI call (--separate over a folder). */
export async function importWorkflows(workflows, opts) {
	const dir = path.join(opts.userFolder, `import-workflows-${Date.now()}`);
	await mkdir(dir, { recursive: true });
	for (const wf of [].concat(workflows)) await writeFile(path.join(dir, `${wf.id}.json`), JSON.stringify(wf, null, 2));
	try {
		return await n8nCli(['import:workflow', '--separate', `--input=${dir}`], opts);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/**
 * `n8n execute --id X --rawOutput`. Returns the CLI result plus:
 *   run: the parsed IRun JSON (success only; on failure n8n logs the run JSON
 *        in its log lines and exits 1, parsed as well when possible)
 *   code: the exit status n8n gives the run: 0 success, 1 a node failed
 *   ok:  code 0
 *   crashedOnExit: n8n 1.123.81's CLI now and then dies of SIGSEGV while it
 *        exits, after it printed the finished run (seen once in ~30 runs, after
 *        an execution that failed as expected; never on 2.41.1). The run then
 *        says how it ended, and `code` follows it; `exitCode`/`signal` keep
 *        what the process did. Only on 1.x, so that 2.x stays strict.
 */
export async function executeWorkflow(id, opts) {
	const res = await n8nCli(['execute', `--id=${id}`, '--rawOutput'], { ...opts, allowFailure: true });
	const run = res.json;
	const finished = (run?.status === 'success' || run?.status === 'error') && Boolean(run?.stoppedAt);
	const crashedOnExit = res.signal === 'SIGSEGV' && runtimePaths().major === 1 && finished;
	const code = crashedOnExit ? (run.status === 'success' ? 0 : 1) : res.code;
	return { ...res, exitCode: res.code, code, crashedOnExit, ok: code === 0, run };
}

/**
 * Activates (2.x: publishes) an imported workflow from the CLI, so that `n8n start`
 * runs its trigger. n8n 2.x has `publish:workflow`; 1.x has no such command and
 * activates with `update:workflow --active=true` (2.x still accepts that, but
 * deprecated: each line gets its own command).
 */
export async function activateWorkflow(id, opts) {
	const args = runtimePaths().major >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true'];
	return await n8nCli(args, opts);
}

/** Output items of one node in an IRun: [{ json, binary }, ...] of output `outputIndex`. */
export function nodeOutput(run, nodeName, { outputIndex = 0, runIndex = 0 } = {}) {
	const rd = run?.data?.resultData?.runData?.[nodeName];
	if (!rd) return undefined;
	return rd[runIndex]?.data?.main?.[outputIndex] ?? [];
}

/** The error of a failed run (resultData.error) or of a node's task data. */
export function runError(run, nodeName) {
	if (nodeName) return run?.data?.resultData?.runData?.[nodeName]?.[0]?.error;
	return run?.data?.resultData?.error;
}

// ---- the server -----------------------------------------------------------------------

/**
 * Starts `n8n start` in its own process group and waits until it is healthy.
 * Options:
 *   userFolder (required), port (default: a free one), env (extra variables),
 *   customExtensions (folder(s) for N8N_CUSTOM_EXTENSIONS),
 *   packageDir (a packed+installed community package to copy into
 *     <userFolder>/.n8n/nodes/node_modules/<name> before start; see installCommunityPackage),
 *   restrictFileAccessTo, logFile (default <userFolder>/n8n-start.log), timeoutMs.
 * Returns { baseUrl, port, pid, logFile, startSeconds, stop(), logs() }.
 * On failure it stops the process and throws with the log tail.
 */
export async function startN8n({ userFolder, port, env, customExtensions, packageDir, restrictFileAccessTo, logFile, timeoutMs = 180_000 } = {}) {
	if (!userFolder) throw new Error('startN8n: userFolder is required');
	await mkdir(userFolder, { recursive: true });
	if (packageDir) await copyPackageIntoNodesFolder(packageDir, userFolder);
	port ??= await freePort();
	logFile ??= path.join(userFolder, 'n8n-start.log');
	const p = runtimePaths();
	const fullEnv = n8nEnv({ userFolder, port, brokerPort: await freePort(), restrictFileAccessTo, customExtensions, env });
	const out = createWriteStream(logFile, { flags: 'a' });
	const t0 = Date.now();
	const child = spawn(p.nodeBin, [p.n8nBin, 'start'], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	child.stdout.pipe(out, { end: false });
	child.stderr.pipe(out, { end: false });
	let exited = null;
	child.on('exit', (code, signal) => (exited = { code, signal }));
	const baseUrl = `http://127.0.0.1:${port}`;
	const instance = {
		baseUrl,
		port,
		pid: child.pid,
		child,
		logFile,
		userFolder,
		startSeconds: 0,
		logs: () => readFile(logFile, 'utf8').catch(() => ''),
		stop: () => stopN8n(instance),
	};
	running.add(instance);
	try {
		await waitForHealth(baseUrl, { timeoutMs, isDead: () => exited });
		instance.startSeconds = (Date.now() - t0) / 1000;
		return instance;
	} catch (err) {
		await stopN8n(instance);
		const tail = (await instance.logs()).slice(-4000);
		throw new Error(`n8n start failed: ${err.message}\n--- ${logFile} (tail) ---\n${tail}`);
	}
}

const running = new Set();

/** Stops an instance: SIGTERM to its process group, SIGKILL after `graceMs`. Safe to call twice. */
export async function stopN8n(instance, { graceMs = 20_000 } = {}) {
	if (!instance?.child) return;
	running.delete(instance);
	const { child } = instance;
	if (child.exitCode !== null || child.signalCode !== null) return;
	const gone = new Promise((resolve) => child.once('exit', resolve));
	killGroup(child.pid, 'SIGTERM');
	const t = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
	await gone;
	clearTimeout(t);
	// The task runner shares the group; make sure nothing of it is left.
	killGroup(child.pid, 'SIGKILL');
}

/** Stops every instance this process started (for test teardown and crashes). */
export async function stopAll() {
	await Promise.all([...running].map((i) => stopN8n(i)));
}
// Last resort: if the test process exits without teardown, do not leave n8n behind.
process.on('exit', () => {
	for (const i of running) killGroup(i.child.pid, 'SIGKILL');
});

/**
 * Polls until n8n serves its REST API: GET /healthz/readiness (DB connected and
 * migrated) and then GET /rest/settings (the REST routes are mounted) answer 200.
 * `/healthz` alone answers as soon as the HTTP server listens; n8n 1.123.81 also
 * reports ready ~6 s before it mounts the REST routes (they answer 404 until then).
 * A worker's health server has no REST API: pass `paths: ['/healthz/readiness']`.
 */
export async function waitForHealth(baseUrl, { timeoutMs = 180_000, intervalMs = 500, isDead = () => null, paths = ['/healthz/readiness', '/rest/settings'] } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	for (const urlPath of paths) {
		for (;;) {
			if (Date.now() >= deadline) throw new Error(`not healthy after ${timeoutMs} ms (last: ${last})`);
			const dead = isDead();
			if (dead) throw new Error(`n8n exited early (${dead.code ?? dead.signal})`);
			try {
				const r = await fetch(`${baseUrl}${urlPath}`, { signal: AbortSignal.timeout(2000) });
				await r.body?.cancel();
				if (r.ok) break;
				last = `${urlPath}: HTTP ${r.status}`;
			} catch (err) {
				last = `${urlPath}: ${err.cause?.code ?? err.message}`;
			}
			await new Promise((r) => setTimeout(r, intervalMs));
		}
	}
}

// ---- REST (what the editor does) -----------------------------------------------------

/**
 * A tiny REST client with n8n's auth cookie. n8n binds the JWT in the
 * `n8n-auth` cookie to a `browser-id` header (hashed into the token), so every
 * request after login must send the same browser-id.
 */
export function restClient(baseUrl) {
	const browserId = randomUUID();
	let cookie = '';
	async function request(method, urlPath, body) {
		const headers = { 'browser-id': browserId, accept: 'application/json' };
		if (cookie) headers.cookie = cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const r = await fetch(`${baseUrl}${urlPath}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		for (const c of r.headers.getSetCookie?.() ?? []) {
			const [pair] = c.split(';');
			if (pair.startsWith('n8n-auth=')) cookie = pair;
		}
		const text = await r.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (!r.ok) {
			const err = new Error(`${method} ${urlPath} -> HTTP ${r.status}: ${text.slice(0, 500)}`);
			err.status = r.status;
			err.body = json ?? text;
			throw err;
		}
		// n8n wraps REST answers as { data: ... }
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}
	return {
		baseUrl,
		browserId,
		get cookie() {
			return cookie;
		},
		get: (p) => request('GET', p),
		post: (p, b) => request('POST', p, b ?? {}),
		patch: (p, b) => request('PATCH', p, b ?? {}),
		delete: (p) => request('DELETE', p),
	};
}

/**
 * POST /rest/owner/setup (allowed once, without auth, while no owner exists).
 * The password must be 8-64 chars with a digit and an uppercase letter.
 * Returns a logged-in client (setup issues the auth cookie too).
 */
export async function setupOwner(baseUrl, { email, password, firstName = 'E2E', lastName = 'Owner' }) {
	const client = restClient(baseUrl);
	await client.post('/rest/owner/setup', { email, password, firstName, lastName });
	return client;
}

/** POST /rest/login → a client carrying the n8n-auth cookie. */
export async function login(baseUrl, { email, password }) {
	const client = restClient(baseUrl);
	await client.post('/rest/login', { emailOrLdapLoginId: email, password });
	return client;
}

/**
 * The credential "Test" button: POST /rest/credentials/test with
 * { credentials: { id, name, type, data } }. In n8n 2.41.1 the id must be a
 * stored credential the user can read (its stored data is merged with the
 * given data, so a changed password is tested as given), or '' for an owner
 * testing unsaved data. Returns { status: 'OK' | 'Error', message }.
 */
export async function testCredential(client, { id = '', name = 'test', type, data }) {
	return await client.post('/rest/credentials/test', { credentials: { id, name, type, data } });
}

/** GET /rest/credentials (list; without data). */
export async function listCredentials(client) {
	return await client.get('/rest/credentials');
}

/**
 * GET /rest/executions?filter={"workflowId":..} → summaries, newest first:
 * [{ id, status, mode, startedAt, stoppedAt, workflowId, ... }].
 */
export async function listExecutions(client, { workflowId, status } = {}) {
	const filter = {};
	if (workflowId) filter.workflowId = workflowId;
	if (status) filter.status = [].concat(status);
	// n8n caps `limit` at 100; page backwards with lastId (ids below it).
	const all = [];
	let lastId;
	for (;;) {
		const q = new URLSearchParams({ filter: JSON.stringify(filter), limit: '100' });
		if (lastId) q.set('lastId', lastId);
		const res = await client.get(`/rest/executions?${q}`);
		const page = res.results ?? res;
		all.push(...page);
		if (page.length < 100) return all;
		lastId = page[page.length - 1].id;
	}
}

/**
 * GET /rest/executions/:id → the execution with `data` (IRunExecutionData)
 * decoded from n8n's "flatted" encoding (see unflatten below).
 */
export async function getExecution(client, id) {
	const ex = await client.get(`/rest/executions/${id}`);
	if (ex && typeof ex.data === 'string') ex.data = unflatten(ex.data);
	return ex;
}

/** Output items of `nodeName` in a decoded execution (getExecution). */
export function executionNodeOutput(execution, nodeName, outputIndex = 0) {
	const rd = execution?.data?.resultData?.runData?.[nodeName];
	if (!rd) return [];
	return rd.flatMap((r) => r?.data?.main?.[outputIndex] ?? []);
}

/** Polls listExecutions until `predicate(list)` holds (for trigger runs). */
export async function waitForExecutions(client, { workflowId, predicate, timeoutMs = 120_000, intervalMs = 1000 }) {
	const deadline = Date.now() + timeoutMs;
	let list = [];
	while (Date.now() < deadline) {
		list = await listExecutions(client, { workflowId });
		const finished = list.filter((e) => e.status !== 'running' && e.status !== 'new');
		if (predicate(finished, list)) return finished;
		await new Promise((r) => setTimeout(r, intervalMs));
	}
	throw new Error(`waitForExecutions: condition not met in ${timeoutMs} ms; last list: ${JSON.stringify(list.map((e) => ({ id: e.id, status: e.status, mode: e.mode })))}`);
}

/**
 * Decodes n8n's execution data encoding ("flatted": a JSON array whose first
 * entry is the root; every string inside objects/arrays is an index into the
 * array, which allows shared and circular references). A small own
 * implementation instead of the `flatted` package: no dependencies.
 */
export function unflatten(text) {
	const input = JSON.parse(text);
	if (!Array.isArray(input) || input.length === 0) return input;
	const cache = new Map();
	const resolve = (idx) => {
		const v = input[idx];
		if (v === null || typeof v !== 'object') return v; // primitive entry (string, number...)
		if (cache.has(idx)) return cache.get(idx);
		const out = Array.isArray(v) ? [] : {};
		cache.set(idx, out);
		for (const k of Object.keys(v)) {
			const x = v[k];
			out[k] = typeof x === 'string' ? resolve(Number(x)) : x;
		}
		return out;
	};
	return resolve(0);
}

// ---- community package ------------------------------------------------------------------

/** n8n's default for N8N_COMMUNITY_PACKAGES_REGISTRY, passed to npm as n8n does. */
const N8N_DEFAULT_REGISTRY = 'https://registry.npmjs.org';

/**
 * Installs a packed package (.tgz from `npm pack`) the way the runtime's own
 * "Install community node" does, step for step as in its
 * CommunityPackagesService.downloadPackage (read in the installed n8n's
 * dist/modules/community-packages/community-packages.service.js):
 *   1. unpack into <userFolder>/.n8n/nodes/node_modules/<name> (`tar -xzf
 *      --strip-components=1`; n8n gets the tarball from `npm pack name@version`),
 *   2. delete devDependencies, peerDependencies and optionalDependencies from
 *      its package.json,
 *   3. `npm install --audit=false --fund=false --bin-links=false
 *      --install-strategy=shallow --ignore-scripts=true --package-lock=false
 *      --registry=<registry>` inside that folder (the same flags in 1.123.81
 *      and 2.41.1; n8n runs it even when there are no dependencies),
 *   4. 2.x only: refuse a package whose `n8n.n8nNodesApiVersion` the runtime
 *      does not support (checkNodesApiVersion from the runtime's own
 *      n8n-workflow; 1.123.81 has no such check),
 *   5. record it in the ledger <userFolder>/.n8n/nodes/package.json.
 * What n8n does around it (registry lookups, the database record, loading it
 * into the running process) needs the public registry and a running server;
 * instead n8n loads the folder at start through the package.json `n8n`
 * section (types `<name>.<node>`), so this proves the `files` list and the
 * `n8n` section, not just the compiled files. `n8n-workflow` is resolved from
 * n8n's own copy, as in a real install. Returns the package folder.
 */
export async function installCommunityPackage(tgz, userFolder, { registry = process.env.N8N_COMMUNITY_PACKAGES_REGISTRY || N8N_DEFAULT_REGISTRY } = {}) {
	const p = runtimePaths();
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const staging = await mkdtempIn(os.tmpdir(), 'n8n-pkg-');
	try {
		await runCmd('tar', ['-xzf', path.resolve(tgz), '-C', staging, '--strip-components=1'], { cwd: staging });
		const kept = JSON.parse(await readFile(path.join(staging, 'package.json'), 'utf8'));
		for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete kept[field];
		await writeFile(path.join(staging, 'package.json'), JSON.stringify(kept, null, 2), 'utf8');
		const target = path.join(nodesDir, 'node_modules', kept.name);
		await rm(target, { recursive: true, force: true });
		await mkdir(path.dirname(target), { recursive: true });
		await cp(staging, target, { recursive: true });
		// n8n spawns `npm` with its own environment, i.e. the runtime's Node first on PATH.
		await runCmd(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false', `--registry=${registry}`],
			{ cwd: target, env: { ...process.env, PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}` } },
		);
		if (p.major >= 2) assertNodesApiVersionSupported(kept, p);
		const nodesPkgFile = path.join(nodesDir, 'package.json');
		const nodesPkg = existsSync(nodesPkgFile) ? JSON.parse(await readFile(nodesPkgFile, 'utf8')) : { name: 'installed-nodes', private: true, dependencies: {} };
		nodesPkg.dependencies = { ...nodesPkg.dependencies, [kept.name]: kept.version };
		await writeFile(nodesPkgFile, JSON.stringify(nodesPkg, null, 2));
		return target;
	} finally {
		await rm(staging, { recursive: true, force: true });
	}
}

/** n8n 2.x's check after unpacking (assertPackageApiVersionSupported), with the runtime's own function. */
function assertNodesApiVersionSupported(packageJson, p) {
	const requireFromN8n = createRequire(path.join(p.n8nPkgDir, 'package.json'));
	const { checkNodesApiVersion, N8N_NODES_API_VERSION } = requireFromN8n('n8n-workflow');
	const check = checkNodesApiVersion(packageJson);
	if (!check.compatible) {
		throw new Error(`n8n ${p.version} refuses ${packageJson.name}: n8n.n8nNodesApiVersion ${JSON.stringify(check.declared)} is ${check.reason} (supported: up to ${N8N_NODES_API_VERSION})`);
	}
}

/** Copies an already installed package folder into another user folder's nodes folder. */
async function copyPackageIntoNodesFolder(packageDir, userFolder) {
	const pj = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8'));
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', pj.name);
	if (path.resolve(target) === path.resolve(packageDir)) return;
	await rm(target, { recursive: true, force: true });
	await mkdir(path.dirname(target), { recursive: true });
	await cp(packageDir, target, { recursive: true });
}

async function mkdtempIn(dir, prefix) {
	const { mkdtemp } = await import('node:fs/promises');
	return await mkdtemp(path.join(dir, prefix));
}

/** `npm pack` in `dir` → absolute path of the .tgz (written to `outDir`). */
export async function npmPack(dir, outDir) {
	await mkdir(outDir, { recursive: true });
	const { stdout } = await runCmd('npm', ['pack', '--json', `--pack-destination=${outDir}`], { cwd: dir });
	const info = JSON.parse(stdout);
	return { tgz: path.join(outDir, info[0].filename), files: info[0].files.map((f) => f.path) };
}

/** Runs a command, resolves { stdout, stderr }, rejects with output on failure. */
export function runCmd(cmd, args, { cwd, env = process.env, timeoutMs = 300_000 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (e) => {
			clearTimeout(t);
			reject(e);
		});
		child.on('close', (code) => {
			clearTimeout(t);
			if (code === 0) resolve({ stdout, stderr });
			else reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${code}\n${stderr.slice(-3000)}${stdout.slice(-1000)}`));
		});
	});
}

/** Lists files under a folder (relative paths), for assertions about packed content. */
export async function listFiles(dir, base = dir) {
	const out = [];
	for (const e of await readdir(dir, { withFileTypes: true })) {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) out.push(...(await listFiles(full, base)));
		else out.push(path.relative(base, full));
	}
	return out;
}
