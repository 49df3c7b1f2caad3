// Fan-out: one input item carrying 100,000 numbers as one comma-separated string (as a user pastes
// or maps it), a title, a text frame and a 20 KB JPEG frame → 50 submissions of 2,000 numbers.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { makeJpeg, patternBytes } from '../../../test/support/imageFixtures.mjs';
import { CHUNK, freshProfileDir, profileIn, type BenchContext, type Job } from '../lib/context';
import { runHttpPeer } from '../lib/httpPeer';
import { CPU_METRIC, cpuOf, measureRounds } from '../lib/measure';
import { chain, code, httpRequest, inter28, literal, readFile, start } from '../lib/workflows';

const TITLE = '春季新品上市';
const TEXT = '尊敬的会员：春季新品已全面上市，凭本短信到店消费满300元立减50元，活动截止3月31日。详询门店，退订回T。';
const SEND_PATH = '/sendmms.aspx';

/** The numbers a Code node generates in the workflow; the same expression here for the loop. */
const numbersSource = (count: number): string =>
	`const numbers = []; for (let i = 0; i < ${count}; i++) numbers.push(String(13000000000 + i)); const text = numbers.join(',');`;

export async function fanOutJob(ctx: BenchContext, gb2312Base64: (text: string) => string): Promise<Job> {
	const count = ctx.sizes.fanOutRecipients;
	const submissions = Math.ceil(count / CHUNK);
	// A real JPEG of exactly 20 KB: the comment payload makes up what the headers do not.
	const overhead = makeJpeg({ width: 64, height: 48, payload: Buffer.alloc(0) }).length + 4;
	const jpeg = makeJpeg({ width: 64, height: 48, payload: patternBytes(20 * 1024 - overhead, 11) });
	if (jpeg.length !== 20 * 1024) throw new Error(`fan-out JPEG is ${jpeg.length} bytes, expected 20,480`);
	const jpegFile = join(ctx.instance.filesDir, 'photo.jpg');
	const numbersFile = join(ctx.scratch, 'fan-out-numbers.txt');
	await writeFile(jpegFile, jpeg);
	await writeFile(numbersFile, Array.from({ length: count }, (_, i) => String(13000000000 + i)).join(','));
	const { account } = ctx;
	const url = ctx.sim.url + SEND_PATH;

	const nodeWorkflow = chain('benchFanOutNode1', 'bench fan-out: 28inter node', [
		start(),
		readFile('Read JPEG', jpegFile, 'photo'),
		code('Recipients', `${numbersSource(count)}\nreturn [{ json: { numbers: text }, binary: $input.first().binary }];`),
		inter28('Send MMS', {
			resource: 'message',
			operation: 'send',
			recipients: '={{ $json.numbers }}',
			title: TITLE,
			contentSource: 'frames',
			frames: {
				frame: [
					{ duration: 3, text: TEXT, binaryPropertyName: '' },
					{ duration: 5, text: '', binaryPropertyName: 'photo' },
				],
			},
			options: {},
		}),
	]);

	// The HTTP Request peer gets its 50 bodies from a Code node, so only the requests are in its time.
	// The content (GB2312 + base64, the part a Code node cannot do without an external module) is
	// made here and written into the code as a literal.
	const content = `3,txt|${gb2312Base64(TEXT)};5,jpg|${jpeg.toString('base64')}`;
	const head = `action=send&userid=${encodeURIComponent(account.userId)}&account=${encodeURIComponent(account.account)}&password=${encodeURIComponent(account.password)}`;
	const tail = `&title=${encodeURIComponent(TITLE)}&starttime=&content=${encodeURIComponent(content)}`;
	const httpWorkflow = chain('benchFanOutHttp1', 'bench fan-out: HTTP Request node', [
		start(),
		code(
			'Bodies',
			[
				numbersSource(count),
				`const head = ${literal(head)}; const tail = ${literal(tail)}; const list = text.split(','); const out = [];`,
				`for (let i = 0; i < list.length; i += ${CHUNK}) out.push({ json: { body: head + '&mobile=' + encodeURIComponent(list.slice(i, i + ${CHUNK}).join(',')) + tail } });`,
				'return out;',
			].join('\n'),
		),
		httpRequest('HTTP Request', url),
	]);

	const loopJob = {
		kind: 'fanOut',
		url,
		userId: account.userId,
		account: account.account,
		password: account.password,
		numbersFile,
		jpegFile,
		title: TITLE,
		text: TEXT,
		chunkSize: CHUNK,
		concurrency: ctx.concurrency,
		packageJson: join(ctx.instance.packageDir, 'package.json'),
	};

	// Every run starts on a reset simulator (see BenchContext.resetSim).
	const runNode = async (nodeArgs?: string[]) => {
		await ctx.resetSim();
		const run = await ctx.executeOk(nodeWorkflow.id, { nodeArgs });
		const out = run.node('Send MMS');
		if (out.items !== submissions || out.json.some((j) => typeof j.taskId !== 'string' && typeof j.taskId !== 'number')) {
			throw new Error(`fan-out: the node gave ${out.items} items, expected ${submissions} accepted submissions`);
		}
		return run;
	};
	const runHttp = (nodeArgs?: string[]) => runHttpPeer(ctx, 'fan-out', httpWorkflow.id, submissions, nodeArgs);
	const runLoop = async (nodeArgs?: string[]) => {
		await ctx.resetSim();
		const result = await ctx.loop(loopJob, { nodeArgs });
		if (result.requests !== submissions || result.recipients !== count) throw new Error(`fan-out: the loop made ${result.requests} requests`);
		return result;
	};

	return {
		name: 'fan-out',
		workflows: [nodeWorkflow, httpWorkflow],
		measure: async () => {
			const sides = await measureRounds(
				'fan-out',
				[
					{ key: 'node', label: '28inter node', run: async () => ctx.nodeSample(await runNode(), 'Send MMS') },
					{ key: 'http', label: 'HTTP Request node', run: async () => ctx.nodeSample(await runHttp(), 'HTTP Request') },
					{
						key: 'loop',
						label: 'hand-built loop',
						run: async () => {
							const r = await runLoop();
							return { value: r.ms, from: r.startedAt, to: r.endedAt, extra: { cpuMs: r.cpuMs } };
						},
					},
				],
				ctx.measure,
			);
			const job = `Fan-out: 1 item, ${count.toLocaleString('en-US')} numbers as one string, text + 20 KB JPEG → ${submissions} submissions`;
			return [
				{ job, metric: 'executionTime', unit: 'ms', subject: sides.node, peer: sides.http, target: 1.0 },
				{ job, metric: 'executionTime', unit: 'ms', subject: sides.node, peer: sides.loop, target: 1.3 },
				{ job, metric: CPU_METRIC, unit: 'ms', subject: cpuOf(sides.node), peer: cpuOf(sides.http) },
				{ job, metric: CPU_METRIC, unit: 'ms', subject: cpuOf(sides.node), peer: cpuOf(sides.loop) },
			];
		},
		profile: async (dir) => {
			const args = (name: string) => freshProfileDir(dir, name).then((d) => ({ d, args: ['--cpu-prof', `--cpu-prof-dir=${d}`, '--cpu-prof-interval=250'] }));
			const a = await args('fan-out-node');
			const node = (await runNode(a.args)).node('Send MMS');
			const b = await args('fan-out-http');
			const http = (await runHttp(b.args)).node('HTTP Request');
			const c = await args('fan-out-loop');
			const loop = await runLoop(c.args);
			return [
				{ label: 'fan-out: 28inter node', file: profileIn(a.d), from: node.startTime, to: node.startTime + node.executionTime, ms: node.executionTime },
				{ label: 'fan-out: HTTP Request node', file: profileIn(b.d), from: http.startTime, to: http.startTime + http.executionTime, ms: http.executionTime },
				{ label: 'fan-out: hand-built loop', file: profileIn(c.d), from: loop.startedAt, to: loop.endedAt, ms: loop.ms },
			];
		},
	};
}
