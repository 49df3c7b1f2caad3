// Load: 20 concurrent Send executions and 20 concurrent triggers (separate workflows on the same
// 28inter account) against the simulator for a bounded time, with faults the vendor does not
// process (HTTP 500, an HTML page, a dropped connection) injected along the way. Afterwards:
// every accepted submission is accounted for (simulator record == node outputs), no number was
// sent twice, and every delivery report was emitted exactly once across all triggers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createPoller, runNode, type PollResult, type RunNodeResult } from '../support/engine/engine';
import type { FaultKind } from '../simulator';
import { accountsWith, credentials } from '../support/credentials';
import { handedOutKeys, sameSet, statusKey, uniqueKeys } from '../support/reports';
import { assertNoSecret } from '../support/secrets';
import { useSimulator, waitSettled } from '../support/simulatorFixture';
import { trackUnhandled } from '../support/unhandled';

const unhandled = trackUnhandled();

const SENDERS = 20;
const TRIGGERS = 20;
const SEND_PHASE_MS = 6000;
const DRAIN_DEADLINE_MS = 30_000;
/** Faults the vendor never processes: a client can account for everything under them. */
const FAULTS: readonly FaultKind[] = ['http500', 'html200', 'drop'];
/** Recipients per execution: one submission, or several (2,000 numbers each). */
const SIZES = [1, 3, 40, 2001, 4500];

const sim = useSimulator({ accounts: accountsWith({ demo: { balance: 1e12 } }), settings: { recordLimit: 1_000_000, failedShare: 0.1 } });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('load: 20 concurrent sends and 20 triggers', () => {
	it('every accepted submission and every report accounted for, exactly once', async () => {
		let nextNumber = 13_000_000_000;
		const sendRuns: Array<RunNodeResult & { phones: string[] }> = [];
		const polls: PollResult[][] = Array.from({ length: TRIGGERS }, () => []);
		let sending = true;
		let seed = 1;
		const random = (n: number): number => {
			// Deterministic choices (xorshift), so a failure can be replayed.
			seed ^= seed << 13;
			seed ^= seed >>> 17;
			seed ^= seed << 5;
			return Math.abs(seed) % n;
		};

		const sender = async (worker: number): Promise<void> => {
			while (sending) {
				const count = SIZES[random(SIZES.length)];
				const phones = Array.from({ length: count }, () => String(nextNumber++));
				const result = await runNode({
					type: 'inter28',
					parameters: {
						resource: 'message',
						operation: 'send',
						recipients: phones.join('\n'),
						title: `负载 ${worker}`,
						contentSource: 'frames',
						frames: { frame: [{ duration: 3, text: '负载测试', binaryPropertyName: '' }] },
						options: { concurrency: 2, timeout: 5 },
					},
					credentials: credentials(sim),
					continueOnFail: true,
				});
				sendRuns.push({ ...result, phones });
			}
		};

		const pollers = Array.from({ length: TRIGGERS }, () =>
			createPoller({
				type: 'inter28Trigger',
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, options: { pageSize: 700, timeout: 5 } },
				credentials: credentials(sim),
			}),
		);
		let polling = true;
		const trigger = async (index: number): Promise<void> => {
			while (polling) {
				polls[index].push(await pollers[index].poll('trigger'));
				await sleep(20 + random(40));
			}
		};

		const faulter = setInterval(() => {
			sim.state.injectFault({ kind: FAULTS[random(FAULTS.length)], operation: random(2) === 0 ? 'send' : 'reports' });
		}, 150);

		const senders = Array.from({ length: SENDERS }, (_, i) => sender(i));
		const triggers = Array.from({ length: TRIGGERS }, (_, i) => trigger(i));
		await sleep(SEND_PHASE_MS);
		sending = false;
		clearInterval(faulter);
		await Promise.all(senders);
		sim.state.clearFaults();
		// Let the triggers drain what is left, then stop them.
		const deadline = Date.now() + DRAIN_DEADLINE_MS;
		while (sim.state.pendingReports() > 0) {
			assert.ok(Date.now() < deadline, `reports still pending after ${DRAIN_DEADLINE_MS} ms: ${sim.state.pendingReports()}`);
			await sleep(100);
		}
		polling = false;
		await Promise.all(triggers);
		await waitSettled(sim);

		// --- Sends: simulator record == node outputs -------------------------------------------
		const outputs = sendRuns.flatMap((run) => run.items);
		assert.ok(sendRuns.every((run) => run.error === undefined), 'Continue On Fail: no run failed as a whole');
		const accepted = outputs.filter((item) => item.json.taskId !== undefined);
		const errors = outputs.filter((item) => item.json.error !== undefined);
		const submissions = sim.state.submissions();
		const outputTaskIds = uniqueKeys('task IDs output', accepted.map((item) => String(item.json.taskId)));
		sameSet('task IDs: node outputs vs simulator submissions', outputTaskIds, new Set(submissions.map((s) => s.taskId)));
		const byTask = new Map(submissions.map((s) => [s.taskId, s.mobiles.join(',')]));
		for (const item of accepted) {
			assert.equal((item.json.recipients as string[]).join(','), byTask.get(String(item.json.taskId)), `recipients of task ${String(item.json.taskId)}`);
		}
		const recipientsOutput = accepted.reduce((sum, item) => sum + Number(item.json.recipientCount), 0);
		assert.equal(recipientsOutput, sim.state.counters().recipientsAccepted);
		const sendRequests = sim.state.requests().filter((r) => r.operation === 'send');
		uniqueKeys('numbers across all send requests (no send repeated)', sendRequests.flatMap((r) => (r.fields.mobile ?? '').split(',')));
		const faultedSends = sendRequests.filter((r) => r.fault !== null);
		assert.ok(faultedSends.length > 0, 'faults hit some sends');
		const runOfNumber = new Map<string, number>();
		sendRuns.forEach((run, index) => {
			for (const phone of run.phones) runOfNumber.set(phone, index);
		});
		const faultedRuns = new Set(faultedSends.map((r) => runOfNumber.get((r.fields.mobile ?? '').split(',')[0])));
		sendRuns.forEach((run, index) => {
			const runErrors = run.items.filter((item) => item.json.error !== undefined);
			assert.equal(runErrors.length, faultedRuns.has(index) ? 1 : 0, `run ${index}: an error item exactly when one of its submissions failed`);
			// Every number is accounted for: accepted, not sent, or uncertain (its reply was lost).
			const acceptedCount = run.items.reduce((sum, item) => sum + (item.json.taskId !== undefined ? Number(item.json.recipientCount) : 0), 0);
			const notSent = runErrors.length === 1 ? Number(runErrors[0].json.notSentRecipientCount) : 0;
			const uncertain = runErrors.length === 1 ? Number(runErrors[0].json.uncertainRecipientCount) : 0;
			assert.equal(acceptedCount + notSent + uncertain, run.phones.length, `run ${index}: accepted + not sent + uncertain == recipients`);
		});
		assert.ok(submissions.length >= 100, `enough load: ${submissions.length} submissions`);
		for (const item of errors) assert.match(String(item.json.error), /HTTP 500|not in the protocol's format|broke before a reply arrived/);

		// --- Reports: each emitted exactly once across all triggers ----------------------------
		const emitted = polls.flat().flatMap((poll) =>
			(poll.items ?? []).map((item) =>
				statusKey({ taskId: String(item.json.taskId), mobile: String(item.json.mobile), statusCode: Number(item.json.statusCode) }),
			),
		);
		const emittedSet = uniqueKeys('reports emitted across all triggers', emitted);
		const { delivered, lost } = handedOutKeys(sim);
		assert.deepEqual(lost, [], 'no report lost in a reply (only faults the vendor does not process)');
		sameSet('reports: emitted vs handed out by the simulator', emittedSet, new Set(delivered));
		assert.equal(emitted.length, sim.state.counters().reportsQueuedBySends, 'one report per accepted recipient');
		// From the simulator's record: a fault on a later page ends that poll with the reports it
		// already has (no error), so failed polls alone would not show that faults were hit.
		const faultedPages = sim.state.requests().filter((r) => r.operation === 'reports' && r.fault !== null);
		assert.ok(faultedPages.length > 0, 'faults hit some report requests');

		// --- Secrets: every error, hint, log and poll result ----------------------------------
		for (const run of sendRuns) assertNoSecret('load send', run.error, run.thrownError, run.hints, run.logs, errors);
		for (const poll of polls.flat()) assertNoSecret('load poll', poll.error, poll.thrownError, poll.logs);
		for (const poller of pollers) assertNoSecret('load static data', poller.staticData());
	});

	it('no unhandled rejection or uncaught exception', () => {
		assert.deepEqual(unhandled.list.map(String), []);
	});
});
