import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runSubmissions, type Submission } from '../../../../nodes/Inter28/actions/message/runSubmissions';

function submissions(count: number, failAt: Set<number>, log: { started: number[]; inFlight: number; peak: number }, items = 1): Submission[] {
	return Array.from({ length: count }, (_, n) => ({
		group: n % items,
		batchIndex: Math.floor(n / items),
		mobiles: [`1380000${String(n).padStart(4, '0')}`],
		send: async () => {
			log.started.push(n);
			log.inFlight++;
			log.peak = Math.max(log.peak, log.inFlight);
			// A failure answers at once, a success takes a while: the order of events is fixed.
			if (failAt.has(n)) {
				log.inFlight--;
				throw new Error(`submission ${n} failed`);
			}
			await new Promise((resolve) => setTimeout(resolve, 5));
			log.inFlight--;
			return { balance: 100 - n, taskId: String(1000 + n) };
		},
	}));
}

describe('runSubmissions', () => {
	it('keeps concurrency bounded and output in order', async () => {
		const log = { started: [] as number[], inFlight: 0, peak: 0 };
		const outcomes = await runSubmissions(submissions(20, new Set(), log), { concurrency: 3, stopAllOnFailure: true });
		assert.equal(log.peak, 3);
		assert.deepEqual(
			outcomes.map((o) => o.accepted?.taskId),
			Array.from({ length: 20 }, (_, n) => String(1000 + n)),
		);
	});

	it('starts nothing new after a failure but reports what was in flight', async () => {
		const log = { started: [] as number[], inFlight: 0, peak: 0 };
		const outcomes = await runSubmissions(submissions(10, new Set([1]), log), { concurrency: 2, stopAllOnFailure: true });
		assert.deepEqual(log.started, [0, 1]);
		assert.equal(outcomes[0].accepted?.taskId, '1000');
		assert.match(String((outcomes[1].error as Error).message), /submission 1 failed/);
		assert.ok(outcomes.slice(2).every((o) => o.skipped && !o.accepted));
	});

	it('never sends a submission twice', async () => {
		const log = { started: [] as number[], inFlight: 0, peak: 0 };
		await runSubmissions(submissions(50, new Set([7, 30]), log, 5), { concurrency: 4, stopAllOnFailure: false });
		assert.equal(new Set(log.started).size, log.started.length);
	});

	it('with stopAllOnFailure off, only the failing item stops', async () => {
		const log = { started: [] as number[], inFlight: 0, peak: 0 };
		// Two items interleaved: item 0 = even n, item 1 = odd n; n=2 (item 0) fails.
		const outcomes = await runSubmissions(submissions(10, new Set([2]), log, 2), { concurrency: 1, stopAllOnFailure: false });
		const item0 = outcomes.filter((o) => o.submission.group === 0);
		const item1 = outcomes.filter((o) => o.submission.group === 1);
		assert.ok(item1.every((o) => o.accepted), 'the other item goes on');
		assert.deepEqual(
			item0.map((o) => (o.accepted ? 'ok' : o.error ? 'error' : 'skipped')),
			['ok', 'error', 'skipped', 'skipped', 'skipped'],
		);
	});

	it('spaces the starts by the pause, whatever the concurrency, and starts nothing after a failure', async () => {
		// Virtual time: a sleep resolves when the driver below moves the clock to its end.
		let clock = 0;
		const timers: Array<{ at: number; resolve: () => void }> = [];
		const starts: number[] = [];
		const list: Submission[] = Array.from({ length: 6 }, (_, n) => ({
			group: 0,
			batchIndex: n,
			mobiles: ['13800000000'],
			send: async () => {
				starts.push(clock);
				if (n === 4) throw new Error('refused');
				return { balance: 1, taskId: String(n) };
			},
		}));
		let done = false;
		const run = runSubmissions(list, {
			concurrency: 3,
			stopAllOnFailure: true,
			pauseMs: 250,
			now: () => clock,
			sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: clock + ms, resolve })),
		}).finally(() => (done = true));
		while (!done) {
			await new Promise((resolve) => setImmediate(resolve));
			timers.sort((a, b) => a.at - b.at);
			const timer = timers.shift();
			if (timer) {
				clock = timer.at;
				timer.resolve();
			}
		}
		const outcomes = await run;
		assert.deepEqual(starts, [0, 250, 500, 750, 1000]);
		assert.equal(outcomes[5].skipped, true);
	});
});
