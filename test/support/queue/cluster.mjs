// An n8n 2.41.1 queue-mode cluster on 127.0.0.1: one main (`n8n start`,
// EXECUTIONS_MODE=queue: UI, REST, webhooks, and - as the leader - every poll
// trigger) and N workers (`n8n worker`), sharing one Postgres and one Redis.
//
// Each process gets its own user folder (as on separate machines) with the
// packed package installed in it, its own task-runner broker port and, for
// workers, its own health-check port. Every process is spawned detached (its own
// process group: n8n plus its task runner) and stopped by PID through
// test/support/queue/services.mjs, also when a test fails.
//
// Plain ESM, Node built-ins only.

import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { runtimePaths } from '../n8n/runtime.mjs';
import { freePort, n8nCli, n8nEnv, waitForHealth } from '../n8n/instance.mjs';
import { startProcess, stopProcess } from './services.mjs';

export const QUEUE_ENCRYPTION_KEY = 'queue-test-only-not-a-secret-0123';

/**
 * The environment every process of the cluster shares. Why each setting:
 * - EXECUTIONS_MODE=queue, QUEUE_BULL_REDIS_*: the job queue in our Redis.
 * - DB_TYPE=postgresdb + DB_POSTGRESDB_*: queue mode does not support SQLite.
 * - N8N_ENCRYPTION_KEY: main and workers must decrypt the same credentials.
 * - N8N_BLOCK_ENV_ACCESS_IN_NODE=false: the test workflows tag each item with
 *   `{{ $env.QUEUE_TEST_WORKER }}`, one witness of which worker ran it.
 * - QUEUE_WORKER_LOCK_DURATION / _STALLED_INTERVAL and
 *   N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: a job of a killed worker is
 *   noticed as stalled after ~20 s instead of ~60-90 s, and the leader marks
 *   its execution `crashed` within a minute instead of 3; same behaviour, just
 *   quicker for the test. (n8n sets maxStalledCount 0: a stalled job is never
 *   run again.)
 * - EXECUTIONS_DATA_SAVE_ON_SUCCESS=all (from n8nEnv): every execution's data
 *   stays in Postgres, where the test reads it.
 */
export function clusterEnv({ redisPort, pg }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		N8N_ENCRYPTION_KEY: QUEUE_ENCRYPTION_KEY,
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		QUEUE_WORKER_LOCK_DURATION: '20000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
		QUEUE_WORKER_STALLED_INTERVAL: '10000',
		N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1',
		N8N_RUNNERS_MODE: 'internal',
	};
}

/** Copies the installed package folder into `<userFolder>/.n8n/nodes/node_modules/<name>`. */
export async function installPackageCopy(packageDir, userFolder) {
	const pj = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8'));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', pj.name);
	if (path.resolve(target) === path.resolve(packageDir)) return target;
	await rm(target, { recursive: true, force: true });
	await mkdir(path.dirname(target), { recursive: true });
	await cp(packageDir, target, { recursive: true });
	await cp(path.join(path.dirname(path.dirname(packageDir)), 'package.json'), path.join(nodesDir, 'package.json')).catch(() => {});
	return target;
}

/** `n8n <args>` CLI (import, publish) against the cluster's database. */
export async function clusterCli(args, { userFolder, shared }) {
	return await n8nCli(args, { userFolder, env: shared });
}

/**
 * Starts the main instance and waits until it serves its REST API (waitForHealth).
 * Returns { name, baseUrl, port, pid, proc, logs(), stop() }.
 */
export async function startMain({ userFolder, port, shared, timeoutMs = 180_000 }) {
	await mkdir(userFolder, { recursive: true });
	port ??= await freePort();
	const p = runtimePaths();
	const env = n8nEnv({ userFolder, port, brokerPort: await freePort(), env: { ...shared } });
	const proc = startProcess('n8n-main', p.nodeBin, [p.n8nBin, 'start'], { env, detached: true, logFile: path.join(userFolder, 'n8n-main.log') });
	const baseUrl = `http://127.0.0.1:${port}`;
	try {
		await waitForHealth(baseUrl, { timeoutMs, isDead: () => (proc.exited() ? { code: proc.exited() } : null) });
	} catch (err) {
		await stopProcess(proc);
		throw new Error(`n8n main did not start: ${err.message}\n--- ${proc.logFile} (tail) ---\n${(await proc.logs()).slice(-4000)}`);
	}
	return { name: 'main', baseUrl, port, pid: proc.pid, proc, logs: proc.logs, stop: () => stopProcess(proc, { graceMs: 30_000 }) };
}

/**
 * Starts `n8n worker --concurrency=<n>` and waits until its health server says
 * ready (DB migrated, Redis connected, job processing set up).
 * `name` becomes QUEUE_TEST_WORKER in its environment.
 */
export async function startWorker({ name, userFolder, shared, concurrency = 10, timeoutMs = 180_000 }) {
	await mkdir(userFolder, { recursive: true });
	const healthPort = await freePort();
	const p = runtimePaths();
	const env = n8nEnv({
		userFolder,
		port: healthPort,
		brokerPort: await freePort(),
		env: { ...shared, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort), QUEUE_TEST_WORKER: name },
	});
	const logFile = path.join(userFolder, `n8n-${name}.log`);
	const proc = startProcess(`n8n-${name}`, p.nodeBin, [p.n8nBin, 'worker', `--concurrency=${concurrency}`], { env, detached: true, logFile });
	const baseUrl = `http://127.0.0.1:${healthPort}`;
	try {
		await waitForHealth(baseUrl, { timeoutMs, isDead: () => (proc.exited() ? { code: proc.exited() } : null), paths: ['/healthz/readiness'] });
	} catch (err) {
		await stopProcess(proc);
		throw new Error(`n8n worker ${name} did not start: ${err.message}\n--- ${logFile} (tail) ---\n${(await proc.logs()).slice(-4000)}`);
	}
	return { name, pid: proc.pid, proc, logFile, logs: proc.logs, stop: () => stopProcess(proc, { graceMs: 30_000 }) };
}

/**
 * Kills a worker with SIGKILL to its own PID only (the crash under test),
 * then sweeps its process group (the task runner it had started) so nothing
 * of ours is left behind. Resolves once it is gone.
 */
export async function killWorker(worker) {
	const { child } = worker.proc;
	const gone = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
	process.kill(worker.pid, 'SIGKILL');
	await gone;
	await stopProcess(worker.proc, { sig: 'SIGKILL', graceMs: 1000 });
}

/** Execution IDs a worker's log says it started / finished ("Worker started execution 12 (job 7)"). */
export function executionsInWorkerLog(text) {
	const started = new Set();
	const finished = new Set();
	for (const m of text.matchAll(/Worker (started|finished) execution (\d+) \(job /g)) (m[1] === 'started' ? started : finished).add(m[2]);
	return { started, finished };
}
