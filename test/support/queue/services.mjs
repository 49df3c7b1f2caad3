// Redis and PostgreSQL for the queue-mode test, installed and run by the project itself.
//
// Why Debian packages (redis-server, postgresql) and not npm-shipped binaries:
// CI reaches only the npm registry and Debian's archive. The npm packages that
// "ship" Redis or Postgres either download a binary at install time (blocked
// here) or build Redis from a source tarball fetched from redis.io (blocked);
// the Debian packages are signed, versioned with the OS (Redis 7.0, Postgres 15
// on Debian 12) and install in ~1 min. `apt-get install` only puts the binaries
// on disk: no system service is used. Each test run starts its own Redis and
// its own Postgres cluster (initdb) in a scratch folder, on free ports, bound to
// 127.0.0.1, and stops them by PID.
//
// Postgres refuses to run as root. When we are root (CI), initdb and the server
// run as the `postgres` system user that the Debian package creates (Node's
// spawn with uid/gid: no su/runuser wrapper, so the PID we hold is the
// postmaster's own); when we are not root they run as the current user.
//
// Plain ESM, Node built-ins only (runs on the Node 20 that builds the package).

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { freePort } from '../n8n/instance.mjs';

function log(msg) {
	process.stderr.write(`[queue-services] ${msg}\n`);
}

// ---- install ---------------------------------------------------------------------------

/** Newest /usr/lib/postgresql/<major>/bin that holds initdb and postgres, or null. */
export function findPostgresBin() {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const majors = readdirSync(root)
		.filter((d) => /^\d+$/.test(d))
		.sort((a, b) => Number(b) - Number(a));
	for (const m of majors) {
		const bin = path.join(root, m, 'bin');
		if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'postgres')) && existsSync(path.join(bin, 'psql'))) return bin;
	}
	return null;
}

export function findRedisServer() {
	for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(p)) return p;
	return null;
}

function sh(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}`);
}

/**
 * Installs redis-server and postgresql with apt-get when they are missing
 * (idempotent: nothing is done when both are present). Needs root or sudo-less
 * apt: on a developer machine without them, install the two packages by hand.
 * Package scripts must not start the system services (a cluster on 5432, a
 * redis on 6379 that nobody stops): if no /usr/sbin/policy-rc.d exists, one
 * that forbids service starts is put in place for the install and removed
 * after (the usual container practice); and `create_main_cluster = false`
 * keeps postgresql-common from creating the default cluster when its config
 * file does not exist yet.
 */
export async function ensureServicePackages() {
	const missing = [];
	if (!findRedisServer()) missing.push('redis-server');
	if (!findPostgresBin()) missing.push('postgresql', 'postgresql-client');
	if (missing.length === 0) {
		log(`reusing installed redis-server (${findRedisServer()}) and PostgreSQL (${findPostgresBin()})`);
		return { installed: [], seconds: 0 };
	}
	if (process.getuid?.() !== 0) {
		throw new Error(`missing ${missing.join(', ')}: install them (sudo apt-get install -y ${missing.join(' ')}) or run as root`);
	}
	const t0 = Date.now();
	log(`installing ${missing.join(', ')} with apt-get (first run only, ~1-2 min)`);
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !existsSync(policy);
	if (ownPolicy) {
		await writeFile(policy, '#!/bin/sh\n# temporary, written by test/support/queue/services.mjs: no service starts during apt-get install\nexit 101\n');
		await chmod(policy, 0o755);
	}
	const clusterConf = '/etc/postgresql-common/createcluster.conf';
	if (!existsSync(clusterConf)) {
		await mkdir(path.dirname(clusterConf), { recursive: true });
		await writeFile(clusterConf, '# written by test/support/queue/services.mjs: the tests create their own clusters\ncreate_main_cluster = false\n');
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	try {
		sh('apt-get', ['update', '-qq'], { env });
		sh('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
	} finally {
		if (ownPolicy) await rm(policy, { force: true });
	}
	if (!findRedisServer() || !findPostgresBin()) throw new Error('apt-get install finished but redis-server or PostgreSQL binaries are still missing');
	const seconds = (Date.now() - t0) / 1000;
	log(`installed ${missing.join(', ')} in ${seconds.toFixed(0)} s`);
	return { installed: missing, seconds };
}

// ---- processes ----------------------------------------------------------------------------

/** Every process started here, so that a failing test still stops them (by PID). */
const started = new Map(); // pid -> { name, child }


function waitForPort(port, { timeoutMs = 60_000, isDead = () => null } = {}) {
	const deadline = Date.now() + timeoutMs;
	return new Promise((resolve, reject) => {
		const attempt = () => {
			const dead = isDead();
			if (dead) return reject(new Error(`process exited early (${dead})`));
			const s = net.connect({ host: '127.0.0.1', port });
			s.once('connect', () => {
				s.destroy();
				resolve();
			});
			s.once('error', () => {
				s.destroy();
				if (Date.now() > deadline) reject(new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`));
				else setTimeout(attempt, 200);
			});
		};
		attempt();
	});
}

/** Spawns a long-running process with its output in `logFile`, tracked for stopProcess/stopAllServices. */
export function startProcess(name, cmd, args, { logFile, env = process.env, uid, gid, cwd, detached = false } = {}) {
	const out = createWriteStream(logFile, { flags: 'a' });
	const child = spawn(cmd, args, { env, cwd, uid, gid, detached, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout.pipe(out, { end: false });
	child.stderr.pipe(out, { end: false });
	let exit = null;
	child.on('exit', (code, signal) => {
		exit = `${code ?? signal}`;
		started.delete(child.pid);
	});
	child.on('error', (err) => {
		exit = err.message;
	});
	const proc = {
		name,
		pid: child.pid,
		child,
		logFile,
		detached,
		exited: () => exit,
		logs: () => readFile(logFile, 'utf8').catch(() => ''),
	};
	if (child.pid) started.set(child.pid, proc);
	return proc;
}

function signal(proc, sig) {
	try {
		// A detached child leads its own process group (pgid = pid): the group
		// holds its helpers (n8n's task runner) and nothing else.
		process.kill(proc.detached ? -proc.pid : proc.pid, sig);
	} catch {
		/* already gone */
	}
}

/** Stops one process by PID: `sig` first, SIGKILL after `graceMs`. Resolves once it has exited. */
export async function stopProcess(proc, { sig = 'SIGTERM', graceMs = 15_000 } = {}) {
	if (!proc?.child) return;
	const { child } = proc;
	if (child.exitCode === null && child.signalCode === null) {
		const gone = new Promise((resolve) => child.once('exit', resolve));
		signal(proc, sig);
		const t = setTimeout(() => signal(proc, 'SIGKILL'), graceMs);
		await gone;
		clearTimeout(t);
	}
	if (proc.detached) signal(proc, 'SIGKILL'); // leftovers of its group
	started.delete(proc.pid);
}

export async function stopAllServices() {
	await Promise.all([...started.values()].map((p) => stopProcess(p)));
}

// Last resort when the test process dies without its teardown.
process.on('exit', () => {
	for (const p of started.values()) signal(p, 'SIGKILL');
});

// ---- Redis ------------------------------------------------------------------------------------

/** A private Redis on 127.0.0.1, no persistence. Returns { port, proc, stop() }. */
export async function startRedis({ dir }) {
	const bin = findRedisServer();
	if (!bin) throw new Error('redis-server is not installed (see ensureServicePackages)');
	await mkdir(dir, { recursive: true });
	const port = await freePort();
	const proc = startProcess(
		'redis',
		bin,
		['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir, '--logfile', ''],
		{ logFile: path.join(dir, 'redis.log') },
	);
	await waitForPort(port, { isDead: proc.exited });
	log(`redis-server pid ${proc.pid} on 127.0.0.1:${port}`);
	return { port, proc, stop: () => stopProcess(proc) };
}

// ---- PostgreSQL -------------------------------------------------------------------------------

function postgresUser() {
	if (process.getuid?.() !== 0) return { uid: undefined, gid: undefined, name: process.env.USER || 'current user' };
	const u = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	if (u.status !== 0 || g.status !== 0) throw new Error('running as root but there is no `postgres` system user (the postgresql package creates it)');
	return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()), name: 'postgres' };
}

/**
 * A private PostgreSQL cluster: initdb into `<dir>/data`, server on a free
 * port on 127.0.0.1, socket in `<dir>/sock`, then a database and a login role
 * for n8n. Returns { port, database, user, password, proc, psql(sql), stop() }.
 */
export async function startPostgres({ dir, database = 'n8n', user = 'n8n', password = 'n8n-queue-test-only' }) {
	const bin = findPostgresBin();
	if (!bin) throw new Error('PostgreSQL is not installed (see ensureServicePackages)');
	const owner = postgresUser();
	const dataDir = path.join(dir, 'data');
	const sockDir = path.join(dir, 'sock');
	await mkdir(dataDir, { recursive: true });
	await mkdir(sockDir, { recursive: true });
	// The folders above `dir` must be traversable by the postgres user.
	for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) {
		if (d === '/tmp' || d === '/') break;
		await chmod(d, 0o755).catch(() => {});
	}
	if (owner.uid !== undefined) {
		for (const d of [dir, dataDir, sockDir]) await chown(d, owner.uid, owner.gid);
	}
	await chmod(dataDir, 0o700);
	const asOwner = { uid: owner.uid, gid: owner.gid, cwd: dir, env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } };
	const init = spawnSync(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'], {
		...asOwner,
		encoding: 'utf8',
	});
	if (init.status !== 0) throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
	const port = await freePort();
	const proc = startProcess(
		'postgres',
		path.join(bin, 'postgres'),
		[
			'-D', dataDir,
			'-p', String(port),
			'-k', sockDir,
			'-c', 'listen_addresses=127.0.0.1',
			// A throwaway test database: durability off, speed on.
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=200',
		],
		{ ...asOwner, logFile: path.join(dir, 'postgres.log') },
	);
	await waitForPort(port, { isDead: proc.exited });
	const psql = (sql, { db = 'postgres', asUser = 'postgres' } = {}) => {
		const r = spawnSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', asUser, '-d', db, '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-c', sql], {
			encoding: 'utf8',
			env: { ...process.env, PGPASSWORD: password },
			maxBuffer: 256 * 1024 * 1024,
		});
		if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
		return r.stdout;
	};
	// Ready for connections (the port opens a moment before that).
	for (let i = 0; ; i++) {
		try {
			psql('select 1');
			break;
		} catch (err) {
			if (i > 100 || proc.exited()) throw err;
			await new Promise((r) => setTimeout(r, 200));
		}
	}
	psql(`create role ${user} login password '${password}'`);
	psql(`create database ${database} owner ${user}`);
	log(`postgres pid ${proc.pid} (as ${owner.name}) on 127.0.0.1:${port}, database ${database}`);
	return {
		port,
		database,
		user,
		password,
		proc,
		psql: (sql) => psql(sql, { db: database, asUser: 'postgres' }),
		stop: () => stopProcess(proc, { sig: 'SIGINT' }), // SIGINT = "fast" shutdown
	};
}
