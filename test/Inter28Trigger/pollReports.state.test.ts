// 28inter MMS Trigger: what it remembers (static data saved only where n8n saves it), duplicates,
// manual mode ("Fetch Test Event"), filters and overlapping polls.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { loadPackage } from '../support/engine/engine';
import { SEND_PATH, post, sendFields } from '../simulator/testHelpers';
import { type ContractReport, expectedReport, handedOut, uniqueKeys, pairKey } from '../support/reports';
import { activate, newPoller, reportQueries, reportsOf, warnings } from '../support/trigger';
import { PASSWORD } from '../support/credentials';
import { useSimulator } from '../support/simulatorFixture';


const sim = useSimulator();

describe('28inter MMS Trigger: manual mode ("Fetch Test Event")', () => {
	it('takes nothing from 28inter and says so when no report was emitted yet', async () => {
		sim.state.injectReports(20);
		const poller = newPoller(sim);
		const manual = await poller.poll('manual');
		assert.ok(manual.error, 'an error explains that nothing has arrived yet');
		assert.match(manual.error.message, /No delivery report has reached this trigger yet/);
		assert.match(String(manual.error.description), /Fetch Live Reports in Manual Mode/);
		assert.equal(manual.items, null);
		assert.equal(sim.state.pendingReports(), 20, 'all still pending');
		assert.equal(sim.state.counters().reportsHandedOut, 0);
		assert.equal(reportQueries(sim), 0);
	});

	it('shows the last reports the trigger emitted, and leaves the pending ones at 28inter', async () => {
		const poller = newPoller(sim);
		await activate(poller);
		sim.state.injectReports(25);
		const emitted = reportsOf(await poller.poll('trigger'));
		assert.equal(emitted.length, 25);
		sim.state.injectReports(40);
		const saved = poller.staticData();

		const manual = await poller.poll('manual');
		assert.equal(manual.error, undefined, manual.error?.message);
		assert.deepEqual(reportsOf(manual), emitted.slice(-10), 'the last emitted reports');
		assert.equal(manual.saved, false);
		assert.equal(sim.state.pendingReports(), 40, 'nothing consumed');
		assert.equal(reportQueries(sim), 2, 'no query from the manual poll');
		assert.deepEqual(poller.staticData(), saved);

		const live = reportsOf(await poller.poll('trigger'));
		assert.equal(live.length, 40, 'the active workflow still gets them all');
	});

	it('with "Fetch Live Reports in Manual Mode" returns live reports and saves no static data', async () => {
		const poller = newPoller(sim, { fetchLiveInManualMode: true });
		await activate(poller);
		sim.state.injectReports(5);
		assert.equal(reportsOf(await poller.poll('trigger')).length, 5);
		const saved = poller.staticData();
		const live = poller.liveStaticData();
		const handoutsBefore = sim.state.reportsLog().length;
		sim.state.injectReports(30, { failedShare: 0.5 });

		const manual = await poller.poll('manual');
		assert.equal(manual.error, undefined, manual.error?.message);
		assert.equal(manual.saved, false);
		const record = handedOut(sim, handoutsBefore);
		assert.deepEqual(reportsOf(manual), record.delivered.map(expectedReport), 'the live reports 28inter handed out');
		assert.equal(reportsOf(manual).length, 30);
		assert.equal(sim.state.pendingReports(), 0, 'consumed at 28inter');
		assert.deepEqual(poller.staticData(), saved, 'nothing persisted');
		assert.deepEqual(poller.liveStaticData(), live, 'the active workflow state is untouched');
		assert.equal((await poller.poll('trigger')).items, null);
	});
});

describe('28inter MMS Trigger: static data across restarts', () => {
	it('remembers emitted reports across a restart: a report handed out again is not re-emitted', async () => {
		const poller = newPoller(sim);
		await activate(poller);
		sim.state.settings({ duplicateReports: true });
		sim.state.injectReports(50);

		const first = await poller.poll('trigger');
		assert.equal(reportsOf(first).length, 50);
		assert.equal(first.saved, true, 'n8n saves static data after a poll that emitted');
		assert.deepEqual(poller.staticData(), poller.liveStaticData());

		poller.restart();
		const again = await poller.poll('trigger');
		assert.equal(again.activation, true);
		assert.equal(again.error, undefined);
		assert.equal(again.items, null, 'the 50 copies are dropped');
		const log = sim.state.reportsLog({ includeReports: false });
		assert.equal(log.length, 2);
		assert.equal(log[1].duplicates, 50, 'the simulator did hand all 50 out a second time');
		assert.equal(log[1].outcome, 'delivered');
		assert.ok(warnings(again).some((m) => m.includes('dropped 50 report(s) already received')));
	});

	it('changes nothing in memory on a null poll, so the unsaved null poll loses nothing at a restart', async () => {
		// n8n 2.41.1 does not save static data after a poll that returned null (only the
		// activation poll and polls that emit are followed by a save). The trigger writes its
		// state only when it emits (or records a failed activation poll, which is saved with the
		// activation), so after a null poll memory and database agree and a restart loses nothing.
		const poller = newPoller(sim);
		await activate(poller);
		sim.state.injectReports(12);
		assert.equal(reportsOf(await poller.poll('trigger')).length, 12);
		const saved = poller.staticData();

		const empty = await poller.poll('trigger');
		assert.equal(empty.items, null);
		assert.equal(empty.saved, false);
		assert.deepEqual(poller.liveStaticData(), saved);

		poller.restart();
		sim.state.injectReports(3);
		const afterRestart = await poller.poll('trigger');
		assert.equal(reportsOf(afterRestart).length, 3);
		assert.equal(poller.staticData().reportsReceived, 15);
	});
});

describe('28inter MMS Trigger: reports handed out twice by 28inter', () => {
	it('emits each once, within one poll and across polls (small pages)', async () => {
		sim.state.settings({ duplicateReports: true });
		const poller = newPoller(sim, { pageSize: 100 });
		await activate(poller);
		sim.state.injectReports(250);

		const emitted: ContractReport[] = [];
		let polls = 0;
		for (;;) {
			const result = await poller.poll('trigger');
			assert.equal(result.error, undefined);
			polls++;
			if (result.items === null) break;
			emitted.push(...reportsOf(result));
		}
		assert.ok(polls >= 2);
		const counters = sim.state.counters();
		assert.equal(counters.duplicatesHandedOut, 250, 'every report was handed out twice');
		assert.equal(counters.reportsDelivered, 500);
		assert.equal(emitted.length, 250);
		const delivered = handedOut(sim).delivered;
		assert.deepEqual(uniqueKeys('emitted', emitted.map(pairKey)), new Set(delivered.map((r) => `${r.taskId}|${r.mobile}`)));
	});

	it('emits each once when the last page of a poll is large (default page size)', async () => {
		sim.state.settings({ duplicateReports: true });
		const poller = newPoller(sim);
		await activate(poller);
		sim.state.injectReports(8_000);

		const first = await poller.poll('trigger');
		assert.equal(reportsOf(first).length, 8_000, 'one short page');
		const second = await poller.poll('trigger');
		assert.equal(sim.state.counters().duplicatesHandedOut, 8_000, 'the copies came in the next reply');
		assert.equal(reportsOf(second).length, 0, 'no copy is emitted again');
		assert.equal(second.items, null);
	});

	it('emits each once when Max Reports per Poll ends a poll in the middle of the queue', async () => {
		sim.state.settings({ duplicateReports: true });
		const poller = newPoller(sim, { maxReportsPerPoll: 15_000 });
		await activate(poller);
		sim.state.injectReports(20_000);

		const emitted: ContractReport[] = [];
		for (let i = 0; i < 6; i++) emitted.push(...reportsOf(await poller.poll('trigger')));
		assert.equal(sim.state.pendingReports(), 0);
		assert.equal(sim.state.counters().duplicatesHandedOut, 20_000);
		assert.equal(emitted.length, 20_000);
		uniqueKeys('emitted', emitted.map(pairKey));
	});
});

describe('28inter MMS Trigger: filters', () => {
	it('Only Status emits only matching reports; the others are consumed', async () => {
		const poller = newPoller(sim, { status: 'failed' });
		await activate(poller);
		sim.state.injectReports(200, { failedShare: 0.5 });
		const emitted = reportsOf(await poller.poll('trigger'));
		const delivered = handedOut(sim).delivered;
		const failed = delivered.filter((r) => r.status === 20).map(expectedReport);
		assert.ok(failed.length > 50 && failed.length < 150);
		assert.deepEqual(emitted, failed);
		assert.equal(delivered.length, 200);
		assert.equal(sim.state.pendingReports(), 0, 'non-matching reports are gone from 28inter too');
	});

	it('Only Task IDs emits only those tasks; the others are consumed', async () => {
		const poller = newPoller(sim, { taskIds: '900001, 900003' });
		await activate(poller);
		for (const taskId of ['900001', '900002', '900003']) sim.state.injectReports(60, { taskId });
		const emitted = reportsOf(await poller.poll('trigger'));
		assert.equal(emitted.length, 120);
		assert.deepEqual(new Set(emitted.map((r) => r.taskId)), new Set(['900001', '900003']));
		assert.deepEqual(emitted, handedOut(sim).delivered.filter((r) => r.taskId !== '900002').map(expectedReport));
		assert.equal(sim.state.pendingReports(), 0);
	});

	it('Only Mobile Numbers (with +86 and mixed separators) emits only those numbers; the others are consumed', async () => {
		const poller = newPoller(sim, { mobiles: '+8613800000001；13800000003\n0086 13800000009' });
		await activate(poller);
		const reply = await post(sim.url, SEND_PATH, sendFields({ mobile: '13800000001,13800000002,13800000003,13800000004', password: PASSWORD }));
		assert.match(reply.text, /^\d+:\d+$/, reply.text);
		const taskId = reply.text.split(':')[1];
		sim.state.injectReports(100);

		const emitted = reportsOf(await poller.poll('trigger'));
		assert.deepEqual(
			emitted.map((r) => [r.taskId, r.mobile]),
			[
				[taskId, '13800000001'],
				[taskId, '13800000003'],
			],
		);
		assert.equal(handedOut(sim).delivered.length, 104);
		assert.equal(sim.state.pendingReports(), 0);
	});
});

type PollMethod = (this: unknown) => Promise<Array<Array<{ json: object }>> | null>;

describe('28inter MMS Trigger: overlapping polls', () => {
	it('a poll that starts while another is draining stands aside; nothing is emitted twice', async () => {
		const poller = newPoller(sim);
		await activate(poller);
		sim.state.injectReports(30);
		sim.state.injectFault({ kind: 'delay', operation: 'reports', delayMs: 600 });

		// The harness shares one "pending poll" slot per poller, so the data of the slower poll
		// would land in the result of the faster one: record what poll() itself returns instead.
		const type = (await loadPackage()).nodeTypes.inter28Trigger as unknown as { poll: PollMethod };
		const original = type.poll;
		const returned: Array<Array<{ json: object }> | null> = [];
		type.poll = async function (this: unknown) {
			const result = await original.call(this);
			returned.push(result === null ? null : result[0]);
			return result;
		};
		try {
			const first = poller.poll('trigger');
			for (let i = 0; i < 200 && !sim.state.requests().some((r) => r.operation === 'reports' && r.outcome === 'inFlight'); i++) {
				await sleep(5);
			}
			const queriesBefore = reportQueries(sim);
			const second = await poller.poll('trigger');
			assert.equal(second.error, undefined);
			assert.equal(second.items, null);
			assert.ok(warnings(second).some((m) => m.includes('the previous poll is still draining')), JSON.stringify(second.logs));
			assert.equal(reportQueries(sim), queriesBefore, 'the second poll asked 28inter nothing');
			assert.equal(returned.length, 1, 'the second poll returned while the first was still draining');
			await first;
		} finally {
			Reflect.deleteProperty(type, 'poll');
		}
		assert.equal(returned.length, 2);
		assert.equal(returned[0], null, 'the second poll');
		const drained = (returned[1] ?? []).map((item) => item.json as unknown as ContractReport);
		assert.equal(drained.length, 30, 'the first poll');
		assert.equal((await poller.poll('trigger')).items, null);
		assert.deepEqual(uniqueKeys('emitted', drained.map(pairKey)), uniqueKeys('delivered', handedOut(sim).delivered.map(pairKey)));
		assert.equal(poller.liveStaticData().reportsReceived, 30);
	});
});
