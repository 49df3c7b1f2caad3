// Prints how long the simulator takes for the heaviest requests a benchmark of the nodes makes:
// a 2000-recipient, 100 KB send and a 10,000-report query, measured from a client on the same
// machine (request out to reply fully read), next to what the client's own work on them costs.
// Run: npx tsx test/simulator/measure.ts
import { buildFormBody, encodeFrames, parseReportsReply, sendBodyBuilder, reportsFields, PATHS, MAX_MMS_BYTES } from '../../nodes/protocol';
import { startSimulator } from './index';

const RUNS = 30;
const credentials = { userId: '1001', account: 'demo', password: 'demo-secret-pw' };

function stats(samples: number[]): string {
	const sorted = [...samples].sort((a, b) => a - b);
	const median = sorted[Math.floor(sorted.length / 2)];
	return `median ${median.toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (${samples.length} runs)`;
}

async function timed(run: () => Promise<void>): Promise<number[]> {
	for (let i = 0; i < 3; i++) await run(); // warm-up: JIT and keep-alive connection
	const samples: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		await run();
		samples.push(performance.now() - started);
	}
	return samples;
}

async function main(): Promise<void> {
	const sim = await startSimulator({ settings: { recordLimit: 50 } });
	try {
		const title = 'benchmark';
		const text = '性能测试';
		const imageBytes = MAX_MMS_BYTES - Buffer.byteLength(title) - 8; // 8 = GB2312 bytes of the text
		const image = Buffer.alloc(imageBytes, 0xfb); // 0xfb makes '+' characters: the %2B path is exercised
		image.set([0xff, 0xd8, 0xff, 0xe0]);
		const encodeStarted = performance.now();
		const { content } = encodeFrames([{ durationSeconds: 5, text, images: [{ bytes: image }] }]);
		const mobiles = Array.from({ length: 2000 }, (_, i) => String(13_900_000_000 + i));
		const body = sendBodyBuilder(credentials, { title, content })(mobiles);
		const encodeMs = performance.now() - encodeStarted;

		const sendSamples = await timed(async () => {
			const response = await fetch(sim.url + PATHS.send, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
			const reply = await response.text();
			if (!/^\d+:\d+$/.test(reply)) throw new Error(`send refused: ${reply}`);
			sim.state.updateAccount('demo', { balance: 1_000_000 });
		});

		sim.state.reset({ settings: { recordLimit: 50 } });
		const queryBody = buildFormBody(reportsFields(credentials, 10_000));
		let lastReply = '';
		const querySamples = await timed(async () => {
			sim.state.injectReports(10_000);
			const response = await fetch(sim.url + PATHS.reports, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: queryBody });
			lastReply = await response.text();
		});
		const parseSamples: number[] = [];
		for (let i = 0; i < 10; i++) {
			const started = performance.now();
			if (parseReportsReply(lastReply).reports.length !== 10_000) throw new Error('expected 10,000 reports');
			parseSamples.push(performance.now() - started);
		}

		const injectStarted = performance.now();
		sim.state.injectReports(100_000);
		const injectMs = performance.now() - injectStarted;
		const heapBefore = process.memoryUsage().heapUsed;
		const millionStarted = performance.now();
		sim.state.injectReports(1_000_000);
		const millionMs = performance.now() - millionStarted;
		const heapDelta = process.memoryUsage().heapUsed - heapBefore;

		console.log(`Node ${process.version}, ${process.platform}/${process.arch}`);
		console.log(`send, 2000 recipients, ${MAX_MMS_BYTES} bytes (body ${(body.length / 1024).toFixed(0)} KiB): ${stats(sendSamples)}`);
		console.log(`  for comparison, the core's encodeFrames + buildFormBody for it once: ${encodeMs.toFixed(1)} ms`);
		console.log(`query, 10,000 reports (reply ${(Buffer.byteLength(lastReply) / 1024).toFixed(0)} KiB): ${stats(querySamples)}`);
		console.log(`  for comparison, the core's parseReportsReply of that reply: ${stats(parseSamples)}`);
		console.log(`inject 100,000 reports: ${injectMs.toFixed(2)} ms; inject 1,000,000: ${millionMs.toFixed(2)} ms, heap +${(heapDelta / 1024).toFixed(0)} KiB`);
	} finally {
		await sim.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
