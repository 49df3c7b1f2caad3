// A scratch n8n 2.41.1 for the bench: the packed package installed as a community node, one
// credential, the bench's workflows, and `n8n execute --id X --rawOutput` runs whose output goes
// to a file (a pipe loses the end of a large output) and whose peak memory is read from /proc.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { ensureRuntime, repoRoot, runtimePaths } from '../../../test/support/n8n/runtime.mjs';
import {
	freePort,
	importCredentials,
	importWorkflows,
	installCommunityPackage,
	n8nEnv,
	npmPack,
	parseRawOutput,
} from '../../../test/support/n8n/instance.mjs';
import { childPids, readCpuMs, readMemory } from './machine';

export const PACKAGE_NAME = 'n8n-nodes-28inter';
/** Node types of a community package are `<package name>.<node name>`. */
export const NODE_TYPE = `${PACKAGE_NAME}.inter28`;
export const CREDENTIAL = { id: 'benchInter28Cred', name: '28inter bench (simulator)' };

export interface Workflow {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	pinData?: Record<string, unknown>;
}

export interface NodeRun {
	executionTime: number;
	startTime: number;
	items: number;
	/** The node's output items (json only), for checks. */
	json: Array<Record<string, unknown>>;
	error?: string;
}

export interface ExecuteResult {
	ok: boolean;
	status: string;
	exit: string;
	seconds: number;
	/** Peak resident memory of the n8n process (VmHWM), bytes. */
	peakRss: number;
	/** Peak resident memory of its child processes (the task runner), bytes. */
	childPeakRss: number;
	/**
	 * CPU time the n8n process (all its threads) used between two epoch-ms instants, from /proc
	 * samples every 20 ms (so ±20 ms at each end, in 10 ms ticks). Unlike the wall time it hardly
	 * changes when other processes compete for the cores.
	 */
	cpuMsBetween(from: number, to: number): number;
	node(name: string): NodeRun;
	outputFile: string;
	/** The tail of n8n's own log lines, for error messages (redact before printing). */
	logTail: string;
}

export interface BenchInstance {
	userFolder: string;
	filesDir: string;
	scratch: string;
	packageDir: string;
	nodeBin: string;
	n8nVersion: string;
	nodeVersion: string;
	importWorkflows(workflows: Workflow[]): Promise<void>;
	execute(workflowId: string, options?: { nodeArgs?: string[]; env?: Record<string, string> }): Promise<ExecuteResult>;
}

/**
 * Why these settings beyond the e2e suite's (instance.mjs n8nEnv):
 * - EXECUTIONS_DATA_SAVE_ON_SUCCESS=none: --rawOutput already serialises the whole run once; saving
 *   it into SQLite as well would add a second copy of 100,000 items to every round's peak memory
 *   and grow the database by tens of MB per round, for both sides alike and for nothing measured.
 * n8n logs at info level as in the e2e suite: on failure it prints the run with the error only there.
 */
const BENCH_ENV = {
	EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
	EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
};

export async function createInstance(scratch: string, credentialData: Record<string, string>, log: (text: string) => void): Promise<BenchInstance> {
	const paths = await ensureRuntime();
	const userFolder = join(scratch, 'user');
	const filesDir = join(scratch, 'files');
	await mkdir(userFolder, { recursive: true });
	await mkdir(filesDir, { recursive: true });
	const { tgz } = await npmPack(repoRoot, join(scratch, 'pack'));
	const packageDir: string = await installCommunityPackage(tgz, userFolder);
	const options = { userFolder, restrictFileAccessTo: filesDir, env: BENCH_ENV };
	await importCredentials([{ ...CREDENTIAL, type: 'inter28Api', data: credentialData }], options);
	const n8nVersion = (JSON.parse(await readFile(join(paths.n8nPkgDir, 'package.json'), 'utf8')) as { version: string }).version;
	const nodeVersion = await versionOf(paths.nodeBin);
	log(`n8n ${n8nVersion} on Node ${nodeVersion}, package installed at ${packageDir}`);
	let runs = 0;
	return {
		userFolder,
		filesDir,
		scratch,
		packageDir,
		nodeBin: paths.nodeBin,
		n8nVersion,
		nodeVersion,
		importWorkflows: async (workflows) => {
			await importWorkflows(workflows, options);
		},
		execute: async (workflowId, { nodeArgs = [], env = {} } = {}) => {
			const outputFile = join(scratch, `run-${++runs}-${workflowId}.out`);
			const errorFile = `${outputFile}.err`;
			const result = await execute(workflowId, { userFolder, filesDir, outputFile, errorFile, nodeArgs, env });
			return result;
		},
	};
}

function versionOf(nodeBin: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(nodeBin, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
		let out = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.on('error', reject);
		child.on('close', () => resolve(out.trim().replace(/^v/, '')));
	});
}

interface RawRun {
	status?: string;
	data?: {
		resultData?: {
			error?: { message?: string };
			runData?: Record<string, Array<{ executionTime: number; startTime: number; error?: { message?: string }; data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
		};
	};
}

async function execute(
	workflowId: string,
	o: { userFolder: string; filesDir: string; outputFile: string; errorFile: string; nodeArgs: string[]; env: Record<string, string> },
): Promise<ExecuteResult> {
	const paths = runtimePaths();
	const env = n8nEnv({ userFolder: o.userFolder, brokerPort: await freePort(), restrictFileAccessTo: o.filesDir, env: { ...BENCH_ENV, ...o.env } });
	const out = openSync(o.outputFile, 'w');
	const err = openSync(o.errorFile, 'w');
	const t0 = Date.now();
	// detached: n8n and its task runner form their own process group, so a timeout ends both.
	const child = spawn(paths.nodeBin, [...o.nodeArgs, paths.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
		cwd: o.userFolder,
		env,
		stdio: ['ignore', out, err],
		detached: true,
	});
	closeSync(out);
	closeSync(err);
	let peakRss = 0;
	const childPeaks = new Map<number, number>();
	const cpuSamples: Array<{ at: number; ms: number }> = [];
	// VmHWM only grows, and n8n takes hundreds of ms to shut down after printing, so sampling
	// until the process is gone catches the peak of the execution and of the output.
	const sample = (): void => {
		const pid = child.pid;
		if (pid === undefined) return;
		const memory = readMemory(pid);
		if (memory) peakRss = Math.max(peakRss, memory.hwm);
		const cpu = readCpuMs(pid);
		if (cpu !== undefined) cpuSamples.push({ at: Date.now(), ms: cpu });
		for (const c of childPids(pid)) {
			const m = readMemory(c);
			if (m) childPeaks.set(c, Math.max(childPeaks.get(c) ?? 0, m.hwm));
		}
	};
	const timer = setInterval(sample, 20);
	const timeout = setTimeout(() => {
		try {
			if (child.pid) process.kill(-child.pid, 'SIGKILL');
		} catch {
			/* already gone */
		}
	}, 600_000);
	const exit = await new Promise<string>((resolve, reject) => {
		child.on('error', reject);
		child.on('exit', (code, signal) => resolve(signal ?? String(code)));
	});
	clearInterval(timer);
	clearTimeout(timeout);
	const seconds = (Date.now() - t0) / 1000;
	const text = await readFile(o.outputFile, 'utf8');
	const errText = await readFile(o.errorFile, 'utf8');
	// n8n 2.41.1 on Node 24 sometimes ends with SIGSEGV while shutting down, after the complete
	// output was written: a run counts when its output is complete and says success.
	const run = parseRawOutput(text) as RawRun | undefined;
	const status = run?.status ?? 'no output';
	const runData = run?.data?.resultData?.runData ?? {};
	const errorAt = text.lastIndexOf('Execution error:');
	const logTail = `${errText.slice(-2000)}\n${errorAt >= 0 ? text.slice(errorAt, errorAt + 3000) : text.slice(-3000)}`;
	await rm(o.errorFile, { force: true });
	// Tens of MB per drain round; BENCH_KEEP=1 keeps them with the scratch folder.
	if (!process.env.BENCH_KEEP) await rm(o.outputFile, { force: true });
	return {
		ok: status === 'success',
		status,
		exit,
		seconds,
		peakRss,
		childPeakRss: Math.max(0, ...childPeaks.values()),
		cpuMsBetween: (from, to) => {
			const before = [...cpuSamples].reverse().find((c) => c.at <= from) ?? cpuSamples[0];
			const after = cpuSamples.find((c) => c.at >= to) ?? cpuSamples[cpuSamples.length - 1];
			return before && after ? after.ms - before.ms : Number.NaN;
		},
		outputFile: o.outputFile,
		logTail,
		node: (name) => {
			const task = runData[name]?.[0];
			if (!task) throw new Error(`node "${name}" did not run in workflow ${workflowId} (status ${status})`);
			const items = task.data?.main?.[0] ?? [];
			return {
				executionTime: task.executionTime,
				startTime: task.startTime,
				items: items.length,
				json: items.map((item) => item.json),
				error: task.error?.message,
			};
		},
	};
}
