// The simulator must never dominate a benchmark of the nodes. Bounds here are generous (shared CI
// machines are noisy); measure.ts prints the real figures quoted in the README.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator } from './index';
import type { RunningSimulator } from './index';
import { form, jpegBytes, mobiles, post, queryFields, REPORTS_PATH, SEND_PATH, sendFields, statusBoxes, textContent } from './testHelpers';

let sim: RunningSimulator;

before(async () => {
	sim = await startSimulator({ settings: { recordLimit: 20 } });
});
after(async () => {
	await sim.close();
});

async function median(run: () => Promise<void>, runs = 7): Promise<number> {
	await run();
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await run();
		samples.push(performance.now() - started);
	}
	return samples.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

describe('performance', () => {
	it('serves a 2000-recipient, 100 KB send quickly', async () => {
		const title = 'perf';
		const text = textContent('ab');
		const image = jpegBytes(102_400 - 4 - 2, 0xfb);
		const body = form(sendFields({ title, mobile: mobiles(2000), content: `${text},jpg|${image.toString('base64')}` }));
		const ms = await median(async () => {
			const reply = await post(sim.url, SEND_PATH, body);
			assert.match(reply.text, /^\d+:\d+$/);
			sim.state.updateAccount('demo', { balance: 1_000_000 });
		});
		assert.ok(ms < 250, `median ${ms.toFixed(1)} ms`);
	});

	it('serves a 10,000-report query quickly', async () => {
		const ms = await median(async () => {
			sim.state.injectReports(10_000);
			const reply = await post(sim.url, REPORTS_PATH, queryFields({ statusNum: '10000' }));
			assert.ok(reply.text.endsWith('</statusbox>\r\n</returnsms>'));
		});
		assert.ok(ms < 250, `median ${ms.toFixed(1)} ms`);
		sim.state.injectReports(10_000);
		assert.equal(statusBoxes((await post(sim.url, REPORTS_PATH, queryFields({ statusNum: '10000' }))).text).length, 10_000);
	});
});
