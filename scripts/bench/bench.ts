// `npm run bench`: the 28inter node measured in a real n8n 2.41.1 against what a user could build
// instead — n8n's HTTP Request node and a hand-built Node.js loop — side by side in one run.
//
//   npm run bench                       full run: 5 rounds + 1 warm-up, writes scripts/bench/last-run.md
//   npm run bench -- --profile          each side 3× under the V8 CPU profiler: where the time goes
//   npm run bench:smoke                 small sizes, 1 round: proves the pipeline, never fails on ratios
//
// Options: --rounds N (5), --warmup N (1; 0 in smoke), --only fan-out,many,drain,image-fit,
// --busy CORES (0.3: other processes' CPU above which a round counts as disturbed), --strict (exit
// 1 when a target is missed; never in smoke), --out FILE, --keep (keep the scratch folder).
// Environment: N8N_RUNTIME_DIR (the installed n8n + Node 24; see test/support/n8n/runtime.mjs).
//
// How (README → Performance has the why):
// - n8n: the pinned runtime, the packed package installed as a community node, a fresh user folder.
//   Every measurement is one `n8n execute --id X --rawOutput`, its output written to a file; a
//   node's time is `runData[node][0].executionTime`, its own time without n8n's start-up.
// - the simulator runs as its own process (keep-alive HTTP), reset once; reports are injected
//   through its control API before each drain round.
// - the hand-built loop (loop.mjs) runs on n8n's Node 24 binary and times itself.
// - each round runs every side once, in an order that rotates every round; medians and spreads.
// - a sampler reads /proc throughout and flags rounds in which other processes were busy.
// - image fit: when scripts/bench/imageFit.ts exists, its `benchImageFit(ctx)` (or default
//   export) is called with the BenchContext (lib/context.ts) and returns ResultRows (lib/measure.ts)
//   that join the table. It imports its workflows with ctx.instance.importWorkflows().
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

import * as iconv from 'iconv-lite';

import type { AccountSpec } from '../../test/simulator';
import { FULL_SIZES, SMOKE_SIZES, makeLoopRunner, type BenchContext, type Job, type ProfileTarget } from './lib/context';
import { nodeOptionDefault } from './lib/installed';
import { LoadSampler, describeMachine } from './lib/machine';
import type { ResultRow } from './lib/measure';
import { createInstance } from './lib/n8n';
import { analyse, mergeAnalyses, monotonicOffsetMs, renderAnalysis, renderComparison, type WindowAnalysis } from './lib/profile';
import { renderTable } from './lib/report';
import { resetSimulator, startSimulator } from './lib/sim';
import { drainJob } from './jobs/drain';
import { fanOutJob } from './jobs/fanOut';
import { manyItemsJob } from './jobs/manyItems';

const ROOT = resolve(__dirname, '..', '..');
const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
	const i = argv.indexOf(name);
	return i >= 0 ? argv[i + 1] : undefined;
};
const SMOKE = argv.includes('--smoke');
const PROFILE = argv.includes('--profile');
const STRICT = argv.includes('--strict') && !SMOKE;
const KEEP = argv.includes('--keep') || process.env.BENCH_KEEP === '1';
// --profile: each side profiled ROUNDS times (3 by default), the analyses merged.
const ROUNDS = Number(flag('--rounds') ?? (SMOKE ? 1 : PROFILE ? 3 : 5));
const WARMUP = Number(flag('--warmup') ?? (SMOKE ? 0 : 1));
const BUSY = Number(flag('--busy') ?? 0.3);
const ONLY = new Set((flag('--only') ?? 'fan-out,many,drain,image-fit').split(',').map((s) => s.trim()));
const OUT_FLAG = flag('--out');
const OUT = OUT_FLAG ? resolve(OUT_FLAG) : SMOKE ? undefined : join(__dirname, PROFILE ? 'last-profile.md' : 'last-run.md');
for (const [name, value, min] of [['--rounds', ROUNDS, 1], ['--warmup', WARMUP, 0]] as const) {
	if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}`);
}
if (!(BUSY > 0)) throw new Error('--busy must be a positive number of cores');

// A fresh password per run: nothing to leak, and every printed line is redacted anyway.
const PASSWORD = `bench-${randomBytes(9).toString('base64url')}`;
const ACCOUNT: AccountSpec = { userId: '7001', account: 'bench', password: PASSWORD, balance: 1e12, mms: true, reports: true };
const redact = (text: string): string => text.split(PASSWORD).join('***').split(encodeURIComponent(PASSWORD)).join('***');
const log = (text: string): void => {
	process.stderr.write(`[bench] ${redact(text)}\n`);
};
const gb2312Base64 = (text: string): string => iconv.encode(text, 'gb2312').toString('base64');

async function main(): Promise<void> {
	const startedAt = new Date();
	for (const file of ['dist/nodes/Inter28/Inter28.node.js', 'dist/credentials/Inter28Api.credentials.js']) {
		if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
	}
	const scratch = await mkdtemp(join(tmpdir(), 'n8n-bench-'));
	const sampler = new LoadSampler();
	sampler.start();
	log(`scratch folder ${scratch}`);
	const sim = await startSimulator(ROOT);
	let failed = false;
	try {
		await resetSimulator(sim, ACCOUNT);
		log(`simulator at ${sim.url} (pid ${sim.pid}); preparing n8n`);
		const instance = await createInstance(scratch, { endpoint: 'custom', baseUrl: sim.url, userId: ACCOUNT.userId, account: ACCOUNT.account, password: PASSWORD }, log);
		const ctx: BenchContext = {
			smoke: SMOKE,
			sizes: SMOKE ? SMOKE_SIZES : FULL_SIZES,
			measure: { rounds: ROUNDS, warmupRounds: WARMUP, sampler, log },
			instance,
			sim,
			account: ACCOUNT,
			concurrency: nodeOptionDefault(instance.packageDir, 'concurrency') ?? 2,
			scratch,
			log,
			redact,
			resetSim: () => resetSimulator(sim, ACCOUNT),
			loop: makeLoopRunner(instance.nodeBin, scratch, log),
			executeOk: async (workflowId, options) => {
				const run = await instance.execute(workflowId, options);
				if (!run.ok) throw new Error(redact(`n8n execute ${workflowId}: status ${run.status}, exit ${run.exit}\n${run.logTail}`));
				return run;
			},
			nodeSample: (run, nodeName) => {
				const n = run.node(nodeName);
				const to = n.startTime + n.executionTime;
				return { value: n.executionTime, from: n.startTime, to, extra: { cpuMs: run.cpuMsBetween(n.startTime, to) } };
			},
		};
		log(`the node's default Batch Concurrency is ${ctx.concurrency}: the loop keeps as many requests in flight`);
		const jobs: Job[] = [];
		if (ONLY.has('fan-out')) jobs.push(await fanOutJob(ctx, gb2312Base64));
		if (ONLY.has('many')) jobs.push(await manyItemsJob(ctx, gb2312Base64));
		if (ONLY.has('drain')) jobs.push(await drainJob(ctx));
		await instance.importWorkflows(jobs.flatMap((j) => j.workflows));
		const header = [
			`Machine: ${describeMachine({ Node: instance.nodeVersion, n8n: instance.n8nVersion })}`,
			`Run: ${startedAt.toISOString()}, \`npm run ${SMOKE ? 'bench:smoke' : 'bench'}${PROFILE ? ' -- --profile' : ''}\`; ${PROFILE ? `each side ${ROUNDS}× under the CPU profiler` : `${ROUNDS} rounds after ${WARMUP} warm-up, sides in rotating order`}; sizes ${JSON.stringify(ctx.sizes)}`,
		];
		const body = PROFILE ? await profileAll(jobs, scratch) : await measureAll(jobs, ctx);
		const seconds = (Date.now() - startedAt.getTime()) / 1000;
		header.push(`Duration: ${seconds.toFixed(0)} s; other processes' CPU over the whole run: ${sampler.reading(startedAt.getTime(), Date.now()).otherCores.toFixed(2)} cores on average`);
		const document = [...header.map((h) => `${h}  `), '', body, ''].join('\n');
		process.stdout.write(`${document}\n`);
		if (OUT) {
			await writeFile(OUT, document);
			log(`written to ${relative(ROOT, OUT)}`);
		}
	} catch (error) {
		failed = true;
		throw error;
	} finally {
		sampler.stop();
		await sim.close();
		if (KEEP || failed) log(`scratch kept at ${scratch} (n8n user folder, outputs)`);
		else await rm(scratch, { recursive: true, force: true });
	}
}

async function measureAll(jobs: Job[], ctx: BenchContext): Promise<string> {
	const rows: ResultRow[] = [];
	for (const job of jobs) {
		log(`${job.name}: ${ROUNDS} rounds${WARMUP ? ` + ${WARMUP} warm-up` : ''}`);
		rows.push(...(await job.measure()));
	}
	const hook = join(__dirname, 'imageFit.ts');
	if (ONLY.has('image-fit') && existsSync(hook)) {
		log('image fit: scripts/bench/imageFit.ts');
		const mod = (await import(hook)) as { benchImageFit?: (c: BenchContext) => Promise<ResultRow[]>; default?: (c: BenchContext) => Promise<ResultRow[]> };
		const fn = mod.benchImageFit ?? mod.default;
		if (typeof fn !== 'function') throw new Error('scripts/bench/imageFit.ts exports neither benchImageFit nor a default function');
		rows.push(...(await fn(ctx)));
	}
	// Every sample, for re-rendering or a closer look: `npx tsx scripts/bench/render.ts <file>`.
	if (OUT) await writeFile(OUT.replace(/\.md$/, '') + '.json', JSON.stringify({ busyThreshold: BUSY, smoke: SMOKE, rows }, null, 1));
	const table = renderTable(rows, { smoke: SMOKE, busyThreshold: BUSY });
	const parts = [
		table.markdown,
		'',
		`Ratio = median of the 28inter node ÷ median of the peer; the range is the per-round ratios. Times are each node's \`executionTime\` in n8n's run data, or the loop's own timed section; memory is peak RSS. A round is disturbed when other processes used more than ${BUSY} cores during its measured window.`,
	];
	if (table.notes.length > 0) parts.push('', 'Notes:', ...table.notes);
	if (table.missed.length > 0) parts.push('', `Targets missed${SMOKE ? ' (smoke sizes: not meaningful)' : ''}:`, ...table.missed.map((m) => `- ${m}`));
	if (STRICT && table.missed.length > 0) process.exitCode = 1;
	return parts.join('\n');
}

async function profileAll(jobs: Job[], scratch: string): Promise<string> {
	const targets: ProfileTarget[] = [];
	for (let round = 1; round <= ROUNDS; round++) {
		for (const job of jobs) {
			if (!job.profile) continue;
			log(`${job.name}: profiling each side (${round}/${ROUNDS})`);
			targets.push(...(await job.profile(join(scratch, 'profiles', `r${round}`))));
		}
	}
	const offset = monotonicOffsetMs();
	// One entry per side, in the order the sides were first profiled.
	const sides = new Map<string, { ms: number[]; runs: WindowAnalysis[] }>();
	for (const t of targets) {
		const entry = sides.get(t.label) ?? { ms: [], runs: [] };
		entry.ms.push(t.ms);
		entry.runs.push(analyse(t.file, t.from, t.to, offset));
		sides.set(t.label, entry);
	}
	const merged = [...sides.entries()].map(([label, s]) => ({ label, ms: s.ms, analysis: mergeAnalyses(s.runs) }));
	const byJob = new Map<string, typeof merged>();
	for (const t of merged) {
		const job = t.label.slice(0, t.label.indexOf(':'));
		byJob.set(job, [...(byJob.get(job) ?? []), t]);
	}
	const parts = ['## Where the time goes, by layer', ''];
	for (const [job, list] of byJob) parts.push(renderComparison(job, list.map((s) => ({ label: s.label.slice(job.length + 2), ms: s.ms, analysis: s.analysis }))), '');
	parts.push('## Per side', '');
	for (const t of merged) parts.push(renderAnalysis(t.label, t.ms, t.analysis), '');
	parts.push(
		'Layers: a builtin without a script (JSON.parse, RegExp, String#split…) counts for the JS code that called it. "idle" is the process waiting (for the simulator, the network, the task runner). The samples are wall-clock: on a busy machine every layer is inflated alike. Profiling at a 250 µs interval slows code down: compare shares between sides, not times with the table.',
	);
	return parts.join('\n');
}

main().catch((error: unknown) => {
	process.stderr.write(`[bench] failed: ${redact(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
	process.exit(1);
});
