// What every job gets: the n8n instance, the simulator, the account, sizes, the loop runner.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { AccountSpec } from '../../../test/simulator';
import type { MeasureOptions, ResultRow, Sample } from './measure';
import type { BenchInstance, ExecuteResult, Workflow } from './n8n';
import type { Sim } from './sim';

export interface Sizes {
	fanOutRecipients: number;
	manyItems: number;
	drainReports: number;
	drainPageSize: number;
}

export const FULL_SIZES: Sizes = { fanOutRecipients: 100_000, manyItems: 1_000, drainReports: 100_000, drainPageSize: 10_000 };
export const SMOKE_SIZES: Sizes = { fanOutRecipients: 4_000, manyItems: 20, drainReports: 2_000, drainPageSize: 1_000 };

export const CHUNK = 2000;

export interface BenchContext {
	smoke: boolean;
	sizes: Sizes;
	measure: MeasureOptions;
	instance: BenchInstance;
	sim: Sim;
	account: AccountSpec;
	/** The node's default Batch Concurrency (read from the installed node); the loop keeps as many requests in flight. */
	concurrency: number;
	scratch: string;
	log(text: string): void;
	/** Runs scripts/bench/loop.mjs on n8n's Node binary with a job description. */
	loop(job: Record<string, unknown>, options?: { nodeArgs?: string[] }): Promise<LoopResult>;
	/** Executes a workflow and fails loudly (password redacted) unless it succeeded. */
	executeOk(workflowId: string, options?: { nodeArgs?: string[] }): Promise<ExecuteResult>;
	/** A sample from one node's executionTime in a run. */
	nodeSample(run: ExecuteResult, nodeName: string): Sample;
	redact(text: string): string;
	/**
	 * Resets the simulator before a side runs (not timed): every accepted send queues a report per
	 * number, and those would pile up in the simulator's memory and in the drain's queue.
	 */
	resetSim(): Promise<void>;
}

export interface LoopResult {
	ms: number;
	startedAt: number;
	endedAt: number;
	requests: number;
	items: number;
	[key: string]: number;
}

/** What a job hands to the bench: workflows to import, then how to measure and profile it. */
export interface Job {
	name: string;
	workflows: Workflow[];
	measure(): Promise<ResultRow[]>;
	/** Runs each side once with the V8 CPU profiler; returns the profiles to analyse. */
	profile?(profileDir: string): Promise<ProfileTarget[]>;
}

export interface ProfileTarget {
	/** e.g. "fan-out: 28inter node" */
	label: string;
	file: string;
	/** Epoch ms window to analyse (the node's execution, the loop's timed section). */
	from: number;
	to: number;
	/** The measured time of this run, for the table header. */
	ms: number;
}

export function makeLoopRunner(nodeBin: string, scratch: string, log: (t: string) => void) {
	let count = 0;
	return async (job: Record<string, unknown>, options: { nodeArgs?: string[] } = {}): Promise<LoopResult> => {
		const file = join(scratch, `loop-${++count}.json`);
		await writeFile(file, JSON.stringify(job));
		try {
			const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve, reject) => {
				const child = spawn(nodeBin, [...(options.nodeArgs ?? []), join(__dirname, '..', 'loop.mjs'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
				let out = '';
				let err = '';
				child.stdout.on('data', (d: Buffer) => (out += d.toString()));
				child.stderr.on('data', (d: Buffer) => (err += d.toString()));
				child.on('error', reject);
				child.on('close', (c) => resolve({ stdout: out, stderr: err, code: c }));
			});
			if (code !== 0) throw new Error(`the hand-built loop failed (${String(code)}): ${stderr.slice(-1000)}`);
			return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as LoopResult;
		} catch (error) {
			log(`loop job ${String(job.kind)} failed`);
			throw error;
		} finally {
			// The job file holds the bench account's password.
			await rm(file, { force: true });
		}
	};
}

/** The single .cpuprofile a process wrote into a fresh folder. */
export async function freshProfileDir(base: string, name: string): Promise<string> {
	const dir = join(base, name);
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	return dir;
}

export function profileIn(dir: string): string {
	const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
	if (files.length === 0) throw new Error(`no CPU profile was written to ${dir} (did the process exit normally?)`);
	// The main process writes one; a child (the task runner) would have its own pid in the name.
	return join(dir, files.sort()[0]);
}
