// Where the drain's peak memory comes from: runs the drain workflow (Get Many, 100,000 reports) and
// the Code node returning the same items once each in the bench's n8n, with a sampler preloaded
// into the `n8n execute` process, and prints its memory before, during and after the node.
//
//   npm run build && npx tsx scripts/bench/memory/timeline.ts [reports]
//
// The README's "Why the drain's memory still misses" comes from this.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { AccountSpec } from '../../../test/simulator';
import { drainJob } from '../jobs/drain';
import type { BenchContext } from '../lib/context';
import { createInstance } from '../lib/n8n';
import { resetSimulator, startSimulator } from '../lib/sim';

const ROOT = resolve(__dirname, '..', '..', '..');
const SAMPLER = join(__dirname, 'sampler.cjs');
const COUNT = Number(process.argv[2] ?? 100_000);
const PASSWORD = `bench-${randomBytes(9).toString('base64url')}`;
const ACCOUNT: AccountSpec = { userId: '7001', account: 'bench', password: PASSWORD, balance: 1e12, mms: true, reports: true };

type Sample = [at: number, rss: number, heapUsed: number, external: number, arrayBuffers: number];
const mb = (bytes: number): string => `${Math.round(bytes / 1048576)} MB`;

function describe(label: string, samples: Sample[], window: { from: number; to: number }, peakRss: number): string {
	const before = [...samples].reverse().find((s) => s[0] <= window.from) ?? samples[0];
	const during = samples.filter((s) => s[0] >= window.from && s[0] <= window.to);
	const atEnd = samples.find((s) => s[0] >= window.to) ?? samples[samples.length - 1];
	const max = (i: number) => Math.max(...during.map((s) => s[i]), atEnd[i]);
	return [
		`${label}: peak RSS ${mb(peakRss)} (VmHWM)`,
		`  node starts: RSS ${mb(before[1])}, heap ${mb(before[2])}, external ${mb(before[3])}`,
		`  while it runs (max): RSS ${mb(max(1))}, heap ${mb(max(2))}, external ${mb(max(3))} (array buffers ${mb(max(4))})`,
		`  after it: RSS ${mb(atEnd[1])}; the rest up to the peak is n8n finishing the run (serialising the output)`,
	].join('\n');
}

async function main(): Promise<void> {
	const scratch = await mkdtemp(join(tmpdir(), 'n8n-memory-'));
	const sim = await startSimulator(ROOT);
	const log = (text: string): void => void process.stderr.write(`[memory] ${text.split(PASSWORD).join('***')}\n`);
	try {
		const resetSim = () => resetSimulator(sim, ACCOUNT);
		await resetSim();
		const instance = await createInstance(scratch, { endpoint: 'custom', baseUrl: sim.url, userId: ACCOUNT.userId, account: ACCOUNT.account, password: PASSWORD }, log);
		// drainJob reads only these fields of the context to build its workflows.
		const ctx = { sizes: { fanOutRecipients: 0, manyItems: 0, drainReports: COUNT, drainPageSize: 10_000 }, instance, sim, account: ACCOUNT, resetSim, log } as unknown as BenchContext;
		const job = await drainJob(ctx);
		await instance.importWorkflows(job.workflows);
		const sides = [
			{ label: `28inter Get Many, ${COUNT} reports`, workflow: 'benchDrainNode01', node: 'Get Reports', before: async () => void (await resetSim(), await sim.control.injectReports(COUNT, { account: ACCOUNT.account })) },
			{ label: `Code node, ${COUNT} items of the same shape`, workflow: 'benchDrainCode01', node: 'Reports', before: async () => undefined },
		];
		for (const side of sides) {
			await side.before();
			const file = join(scratch, `${side.workflow}.json`);
			const run = await instance.execute(side.workflow, { nodeArgs: ['--require', SAMPLER], env: { BENCH_MEMORY_TIMELINE: file } });
			if (!run.ok) throw new Error(`${side.workflow}: ${run.status}`);
			const node = run.node(side.node);
			const samples = JSON.parse(await readFile(file, 'utf8')) as Sample[];
			process.stdout.write(`${describe(side.label, samples, { from: node.startTime, to: node.startTime + node.executionTime }, run.peakRss)}\n`);
			if (run.childPeakRss > 0) process.stdout.write(`  task runner (its own process): peak RSS ${mb(run.childPeakRss)}\n`);
		}
	} finally {
		await sim.close();
		await rm(scratch, { recursive: true, force: true });
	}
}

void main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
