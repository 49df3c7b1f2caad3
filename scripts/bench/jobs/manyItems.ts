// Many items: 1,000 input items of one number each, each with its own (personalised) text, so
// nothing can be combined: 1,000 submissions. And, once the node has Send option `combineItems`
// (issue 14), the same 1,000 items with identical text through the node with it on, against the
// loop that still makes one request per item.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { freshProfileDir, profileIn, type BenchContext, type Job, type ProfileTarget } from '../lib/context';
import { runHttpPeer } from '../lib/httpPeer';
import { nodeHasOption } from '../lib/installed';
import { CPU_METRIC, cpuOf, measureRounds, type ResultRow, type Side } from '../lib/measure';
import type { Workflow } from '../lib/n8n';
import { chain, code, httpRequest, inter28, literal, start } from '../lib/workflows';

const TITLE = '会员通知';
const TEMPLATE = '尊敬的{name}：您本月的会员积分已到账，感谢您一直以来的支持！退订回T';
const IDENTICAL_TEXT = '尊敬的会员：您本月的会员积分已到账，感谢您一直以来的支持！退订回T';
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'];
const SEND_PATH = '/sendmms.aspx';

interface Customer {
	phone: string;
	name: string;
}

function customers(count: number): Customer[] {
	return Array.from({ length: count }, (_, i) => ({ phone: String(15000000000 + i), name: `${SURNAMES[i % 10]}${['先生', '女士'][(i >> 1) % 2]}${i}` }));
}

export async function manyItemsJob(ctx: BenchContext, gb2312Base64: (text: string) => string): Promise<Job> {
	const count = ctx.sizes.manyItems;
	const list = customers(count);
	const customersFile = join(ctx.scratch, 'customers.json');
	await writeFile(customersFile, JSON.stringify(list));
	const { account } = ctx;
	const url = ctx.sim.url + SEND_PATH;
	const hasCombine = nodeHasOption(ctx.instance.packageDir, 'combineItems');

	// The rows come from a Code node, as from a sheet or a CRM node.
	const customersNode = () => code('Customers', `return ${literal(list)}.map((json) => ({ json }));`);
	const sendParameters = (text: string, options: Record<string, unknown>) => ({
		resource: 'message',
		operation: 'send',
		recipients: '={{ $json.phone }}',
		title: TITLE,
		contentSource: 'frames',
		frames: { frame: [{ duration: 3, text, binaryPropertyName: '' }] },
		options,
	});
	// Text with an embedded expression, as one types it in n8n's editor: "尊敬的{{ $json.name }}：…".
	const personalisedText = `=${TEMPLATE.replace('{name}', '{{ $json.name }}')}`;
	const nodeWorkflow = chain('benchManyNode001', 'bench many items: 28inter node, personalised', [
		start(),
		customersNode(),
		// combineItems off where it exists: every text differs anyway, and the target is for "off".
		inter28('Send MMS', sendParameters(personalisedText, hasCombine ? { combineItems: false } : {})),
	]);
	const combinedWorkflow = chain('benchManyCombin1', 'bench many items: 28inter node, identical text, combineItems on', [
		start(),
		customersNode(),
		inter28('Send MMS', sendParameters(IDENTICAL_TEXT, { combineItems: true })),
	]);

	// The bodies for the HTTP Request node, from a Code node; GB2312 + base64 made here (see fan-out).
	const contents = list.map((c) => `3,txt|${gb2312Base64(TEMPLATE.replace('{name}', c.name))}`);
	const head = `action=send&userid=${encodeURIComponent(account.userId)}&account=${encodeURIComponent(account.account)}&password=${encodeURIComponent(account.password)}`;
	const httpWorkflow = chain('benchManyHttp001', 'bench many items: HTTP Request node', [
		start(),
		code(
			'Bodies',
			[
				`const rows = ${literal(list)}; const contents = ${literal(contents)}; const head = ${literal(head)};`,
				`return rows.map((row, i) => ({ json: { body: head + '&mobile=' + encodeURIComponent(row.phone) + '&title=' + encodeURIComponent(${literal(TITLE)}) + '&starttime=&content=' + encodeURIComponent(contents[i]) } }));`,
			].join('\n'),
		),
		httpRequest('HTTP Request', url),
	]);

	const loopJob = (template: string) => ({
		kind: 'manyItems',
		url,
		userId: account.userId,
		account: account.account,
		password: account.password,
		customersFile,
		title: TITLE,
		template,
		concurrency: ctx.concurrency,
		packageJson: join(ctx.instance.packageDir, 'package.json'),
	});

	// Every run starts on a reset simulator (see BenchContext.resetSim).
	const runNode = async (workflowId: string, nodeArgs?: string[]) => {
		await ctx.resetSim();
		const run = await ctx.executeOk(workflowId, { nodeArgs });
		const out = run.node('Send MMS');
		if (out.items !== count || out.json.some((j) => j.taskId === undefined)) throw new Error(`many items: the node gave ${out.items} items, expected ${count} accepted`);
		return run;
	};
	const runHttp = (nodeArgs?: string[]) => runHttpPeer(ctx, 'many items', httpWorkflow.id, count, nodeArgs);
	const runLoop = async (template: string, nodeArgs?: string[]) => {
		await ctx.resetSim();
		const result = await ctx.loop(loopJob(template), { nodeArgs });
		if (result.requests !== count) throw new Error(`many items: the loop made ${result.requests} requests`);
		return result;
	};
	const loopSample = (template: string) => async () => {
		const r = await runLoop(template);
		return { value: r.ms, from: r.startedAt, to: r.endedAt, extra: { cpuMs: r.cpuMs } };
	};

	const workflows: Workflow[] = [nodeWorkflow, httpWorkflow];
	if (hasCombine) workflows.push(combinedWorkflow);
	return {
		name: 'many items',
		workflows,
		measure: async () => {
			const job = `Many items: ${count.toLocaleString('en-US')} items × 1 number, personalised text`;
			const sides = await measureRounds(
				'many items',
				[
					{ key: 'node', label: '28inter node', run: async () => ctx.nodeSample(await runNode(nodeWorkflow.id), 'Send MMS') },
					{ key: 'http', label: 'HTTP Request node', run: async () => ctx.nodeSample(await runHttp(), 'HTTP Request') },
					{ key: 'loop', label: 'hand-built loop', run: loopSample(TEMPLATE) },
				],
				ctx.measure,
			);
			const rows: ResultRow[] = [
				{ job, metric: 'executionTime', unit: 'ms', subject: sides.node, peer: sides.http, target: 1.0, note: hasCombine ? 'combineItems off' : undefined },
				{ job, metric: 'executionTime', unit: 'ms', subject: sides.node, peer: sides.loop, note: 'no target (issue 14 sets one against the HTTP Request node)' },
				{ job, metric: CPU_METRIC, unit: 'ms', subject: cpuOf(sides.node), peer: cpuOf(sides.http) },
				{ job, metric: CPU_METRIC, unit: 'ms', subject: cpuOf(sides.node), peer: cpuOf(sides.loop) },
			];
			if (!hasCombine) {
				ctx.log('many items, identical text: skipped (the installed node has no combineItems option yet)');
				return rows;
			}
			const identical: Side[] = [
				{ key: 'node', label: '28inter node (combineItems on)', run: async () => ctx.nodeSample(await runNode(combinedWorkflow.id), 'Send MMS') },
				{ key: 'loop', label: 'hand-built loop', run: loopSample(IDENTICAL_TEXT) },
			];
			const combined = await measureRounds('many items, identical text', identical, ctx.measure);
			rows.push({
				job: `Many items: ${count.toLocaleString('en-US')} items × 1 number, identical text`,
				metric: 'executionTime',
				unit: 'ms',
				subject: combined.node,
				peer: combined.loop,
				target: 0.2,
				note: 'combineItems on; the loop makes one request per item',
			});
			rows.push({ job: rows[rows.length - 1].job, metric: CPU_METRIC, unit: 'ms', subject: cpuOf(combined.node), peer: cpuOf(combined.loop) });
			return rows;
		},
		profile: async (dir) => {
			const cpu = async (name: string) => {
				const d = await freshProfileDir(dir, name);
				return { d, args: ['--cpu-prof', `--cpu-prof-dir=${d}`, '--cpu-prof-interval=250'] };
			};
			const targets: ProfileTarget[] = [];
			const a = await cpu('many-node');
			const node = (await runNode(nodeWorkflow.id, a.args)).node('Send MMS');
			targets.push({ label: 'many items: 28inter node', file: profileIn(a.d), from: node.startTime, to: node.startTime + node.executionTime, ms: node.executionTime });
			const b = await cpu('many-http');
			const http = (await runHttp(b.args)).node('HTTP Request');
			targets.push({ label: 'many items: HTTP Request node', file: profileIn(b.d), from: http.startTime, to: http.startTime + http.executionTime, ms: http.executionTime });
			const c = await cpu('many-loop');
			const loop = await runLoop(TEMPLATE, c.args);
			targets.push({ label: 'many items: hand-built loop', file: profileIn(c.d), from: loop.startedAt, to: loop.endedAt, ms: loop.ms });
			if (hasCombine) {
				const e = await cpu('many-combined');
				const combined = (await runNode(combinedWorkflow.id, e.args)).node('Send MMS');
				targets.push({ label: 'many items identical: 28inter node (combineItems on)', file: profileIn(e.d), from: combined.startTime, to: combined.startTime + combined.executionTime, ms: combined.executionTime });
			}
			return targets;
		},
	};
}
