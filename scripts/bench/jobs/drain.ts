// Drain: 100,000 pending reports (injected through the simulator's control API) fetched by
// Report → Get Many with "Fetch Until Nothing Is Pending", pages of 10,000; against the loop with
// the node's own fast-xml-parser and options. Memory: the node's extra peak RSS against a Code node
// returning 100,000 items of the same shape, each minus a trivial workflow's peak in the same round.
import { join } from 'node:path';

import { freshProfileDir, profileIn, type BenchContext, type Job } from '../lib/context';
import { nodeParserOptions } from '../lib/installed';
import { CPU_METRIC, cpuOf, derive, measureRounds } from '../lib/measure';
import { median } from '../lib/stats';
import { chain, code, inter28, start } from '../lib/workflows';

const REPORTS_PATH = '/mmsStatusApi.aspx';

/** A Code node's items of the very shape the node outputs, with values as varied as real reports. */
const REPORT_ITEMS_CODE = (count: number): string =>
	[
		`const out = new Array(${count});`,
		`for (let i = 0; i < ${count}; i++) {`,
		`  const failed = i % 10 === 9;`,
		`  const s = String(i % 60).padStart(2, '0');`,
		`  out[i] = { json: { mobile: String(13900000000 + i), taskId: String(1000000 + Math.floor(i / 2000)), status: failed ? 'failed' : 'delivered', statusCode: failed ? 20 : 10, receivedAt: '2026-12-01T15:' + String(Math.floor(i / 60) % 60).padStart(2, '0') + ':' + s + '+08:00', gatewayCode: failed ? 'UNDELIV' : 'DELIVRD', extNo: '' } };`,
		`}`,
		`return out;`,
	].join('\n');

export async function drainJob(ctx: BenchContext): Promise<Job> {
	const count = ctx.sizes.drainReports;
	const pageSize = ctx.sizes.drainPageSize;
	const { account } = ctx;
	const parserOptions = nodeParserOptions(ctx.instance.packageDir);

	const nodeWorkflow = chain('benchDrainNode01', 'bench drain: 28inter Get Many', [
		start(),
		inter28('Get Reports', { resource: 'report', operation: 'getAll', returnAll: true, options: { pageSize } }),
	]);
	const codeWorkflow = chain('benchDrainCode01', 'bench drain memory: Code node with the same items', [start(), code('Reports', REPORT_ITEMS_CODE(count))]);
	const trivialWorkflow = chain('benchTrivial0001', 'bench: trivial workflow (memory baseline)', [start()]);

	const inject = async () => {
		await ctx.resetSim();
		await ctx.sim.control.injectReports(count, { account: account.account });
		const pending = await ctx.sim.control.pendingReports(account.account);
		if (pending !== count) throw new Error(`drain: ${pending} reports pending after injecting ${count}`);
	};
	const drained = async (who: string) => {
		const pending = await ctx.sim.control.pendingReports(account.account);
		if (pending !== 0) throw new Error(`drain: ${who} left ${pending} reports pending`);
	};
	const runNode = async (nodeArgs?: string[]) => {
		const run = await ctx.executeOk(nodeWorkflow.id, { nodeArgs });
		const out = run.node('Get Reports');
		if (out.items !== count) throw new Error(`drain: the node output ${out.items} reports, expected ${count}`);
		const sample = out.json[out.items - 1];
		if (typeof sample?.mobile !== 'string' || typeof sample.receivedAt !== 'string') throw new Error('drain: the node output items of another shape');
		await drained('the node');
		return run;
	};
	const loopJob = {
		kind: 'drain',
		url: ctx.sim.url + REPORTS_PATH,
		userId: account.userId,
		account: account.account,
		password: account.password,
		pageSize,
		parserOptions,
		packageJson: join(ctx.instance.packageDir, 'package.json'),
	};
	const runLoop = async (nodeArgs?: string[]) => {
		const result = await ctx.loop(loopJob, { nodeArgs });
		if (result.items !== count) throw new Error(`drain: the loop built ${result.items} reports, expected ${count}`);
		await drained('the loop');
		return result;
	};
	const runCode = async () => {
		const run = await ctx.executeOk(codeWorkflow.id);
		if (run.node('Reports').items !== count) throw new Error('drain memory: the Code node output the wrong number of items');
		return run;
	};

	return {
		name: 'drain',
		workflows: [nodeWorkflow, codeWorkflow, trivialWorkflow],
		measure: async () => {
			const sides = await measureRounds(
				'drain',
				[
					{
						key: 'node',
						label: '28inter node',
						prepare: inject,
						run: async () => {
							const run = await runNode();
							const sample = ctx.nodeSample(run, 'Get Reports');
							return { ...sample, extra: { ...sample.extra, peakRss: run.peakRss } };
						},
					},
					{
						key: 'loop',
						label: 'hand-built loop',
						prepare: inject,
						run: async () => {
							const r = await runLoop();
							return { value: r.ms, from: r.startedAt, to: r.endedAt, extra: { cpuMs: r.cpuMs } };
						},
					},
					{
						key: 'code',
						label: 'Code node, same items',
						unit: 'bytes',
						run: async () => {
							const run = await runCode();
							const s = ctx.nodeSample(run, 'Reports');
							return { value: run.peakRss, from: s.from, to: s.to, extra: { runnerPeakRss: run.childPeakRss } };
						},
					},
					{
						key: 'trivial',
						label: 'trivial workflow',
						unit: 'bytes',
						run: async () => {
							const t0 = Date.now();
							const run = await ctx.executeOk(trivialWorkflow.id);
							return { value: run.peakRss, from: t0, to: Date.now() };
						},
					},
				],
				ctx.measure,
			);
			const job = `Drain: ${count.toLocaleString('en-US')} pending reports, Get Many, fetch until nothing is pending (pages of ${pageSize.toLocaleString('en-US')})`;
			const nodeExtra = derive('nodeRss', '28inter node', sides.node, sides.trivial, (s, b) => (s.extra?.peakRss ?? 0) - b.value);
			const codeExtra = derive('codeRss', 'Code node, same items', sides.code, sides.trivial, (s, b) => s.value - b.value);
			const runnerPeaks = sides.code.samples.map((s) => s.extra?.runnerPeakRss ?? 0);
			const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
			return [
				{ job, metric: 'executionTime', unit: 'ms', subject: sides.node, peer: sides.loop, target: 1.2 },
				{ job, metric: CPU_METRIC, unit: 'ms', subject: cpuOf(sides.node), peer: cpuOf(sides.loop) },
				{
					job,
					metric: 'extra peak RSS of the n8n process',
					unit: 'bytes',
					subject: nodeExtra,
					peer: codeExtra,
					target: 1.0,
					note: `peak RSS (VmHWM) of the \`n8n execute\` process minus a trivial workflow's (median ${mb(median(sides.trivial.samples.map((s) => s.value)))}) in the same round; the Code node's task runner peaked at a further ${mb(median(runnerPeaks))} in its own process`,
				},
			];
		},
		profile: async (dir) => {
			const a = await freshProfileDir(dir, 'drain-node');
			await inject();
			const node = (await runNode(['--cpu-prof', `--cpu-prof-dir=${a}`, '--cpu-prof-interval=250'])).node('Get Reports');
			const b = await freshProfileDir(dir, 'drain-loop');
			await inject();
			const loop = await runLoop(['--cpu-prof', `--cpu-prof-dir=${b}`, '--cpu-prof-interval=250']);
			return [
				{ label: 'drain: 28inter node', file: profileIn(a), from: node.startTime, to: node.startTime + node.executionTime, ms: node.executionTime },
				{ label: 'drain: hand-built loop', file: profileIn(b), from: loop.startedAt, to: loop.endedAt, ms: loop.ms },
			];
		},
	};
}
