// 28inter MMS Trigger: how one poll drains the vendor (README "How it polls"), checked
// against what the simulator handed out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CONTRACT_KEYS, expectedReport, handedOut, uniqueKeys, pairKey } from '../support/reports';
import { activate, newPoller, reportQueries, reportsOf } from '../support/trigger';
import { useSimulator } from '../support/simulatorFixture';


const ISO_CHINA = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

const sim = useSimulator();

describe('28inter MMS Trigger: draining', () => {
	it('drains 25,000 pending reports in one trigger-mode poll, each once, in the contract shape', async () => {
		const poller = newPoller(sim);
		await activate(poller);
		sim.state.injectReports(15_000, { failedShare: 0.2 });
		sim.state.injectReports(10_000, { failedShare: 0.5 });

		const result = await poller.poll('trigger');
		assert.equal(result.error, undefined, result.error?.message);
		const reports = reportsOf(result);
		assert.equal(reports.length, 25_000);

		const record = handedOut(sim);
		assert.equal(record.lostInReply.length, 0);
		assert.equal(record.delivered.length, 25_000);
		assert.equal(sim.state.pendingReports(), 0);
		assert.equal(reportQueries(sim), 1 + 3, 'activation query, then pages of 10,000, 10,000 and 5,000');

		const emittedKeys = uniqueKeys('emitted', reports.map(pairKey));
		const deliveredKeys = uniqueKeys('handed out', record.delivered.map(pairKey));
		assert.deepEqual(emittedKeys, deliveredKeys, 'the same (taskId, mobile) pairs the simulator delivered');

		let failed = 0;
		for (const [index, report] of reports.entries()) {
			assert.deepEqual(Object.keys(report).sort(), CONTRACT_KEYS);
			assert.match(report.receivedAt, ISO_CHINA);
			assert.ok(
				(report.status === 'delivered' && report.statusCode === 10) || (report.status === 'failed' && report.statusCode === 20),
				`${report.status} / ${report.statusCode}`,
			);
			assert.equal(typeof report.mobile, 'string');
			assert.equal(typeof report.taskId, 'string');
			assert.equal(typeof report.gatewayCode, 'string');
			assert.equal(typeof report.extNo, 'string');
			assert.deepEqual(report, expectedReport(record.delivered[index]), `report ${index}`);
			if (report.status === 'failed') failed++;
		}
		assert.ok(failed > 2_000 && failed < 13_000, `both statuses occur (failed: ${failed})`);
		assert.equal(result.saved, true, 'a poll that emitted saves its static data');
		// The emission is logged with its task IDs: the trail a person follows if the execution is lost.
		const taskIds = [...new Set(reports.map((report) => report.taskId))];
		const line = result.logs.find((entry) => entry.message === '28inter trigger: handing 25000 report(s) to n8n to start one execution');
		assert.ok(line, 'an info line names the emission');
		assert.equal(line.level, 'info');
		assert.equal((line.meta as { count?: number } | undefined)?.count, 25_000);
		assert.ok(String((line.meta as { taskIds?: string } | undefined)?.taskIds).startsWith(taskIds[0]));
	});

	it('reads CDATA fields and slash dates into the same shape', async () => {
		sim.state.settings({ reportCdata: true, reportSlashDates: true, emptyReports: 'selfClosing' });
		const poller = newPoller(sim);
		await activate(poller);
		sim.state.injectReports(40, { failedShare: 0.5 });
		const reports = reportsOf(await poller.poll('trigger'));
		const record = handedOut(sim);
		assert.equal(reports.length, 40);
		assert.deepEqual(reports, record.delivered.map(expectedReport));
		for (const report of reports) assert.match(report.receivedAt, ISO_CHINA);
	});

	for (const emptyReports of ['emptyBody', 'emptyReturnsms', 'selfClosing'] as const) {
		it(`returns null and saves nothing while nothing is pending (empty reply: ${emptyReports})`, async () => {
			sim.state.settings({ emptyReports });
			const poller = newPoller(sim);
			await activate(poller);
			const saved = poller.staticData();
			for (let i = 0; i < 3; i++) {
				const result = await poller.poll('trigger');
				assert.equal(result.error, undefined, result.error?.message);
				assert.equal(result.items, null);
				assert.equal(result.saved, false);
				assert.deepEqual(poller.staticData(), saved);
			}
			const queries = sim.state.requests().filter((r) => r.operation === 'reports');
			assert.equal(queries.length, 4, 'every poll did ask 28inter');
			assert.ok(queries.every((r) => r.vendorCode === 'empty'));
			assert.equal(sim.state.counters().reportsHandedOut, 0);
		});
	}

	it('stops at Max Reports per Poll without taking more from 28inter', async () => {
		const poller = newPoller(sim, { maxReportsPerPoll: 150, pageSize: 100 });
		await activate(poller);
		sim.state.injectReports(250);

		const first = reportsOf(await poller.poll('trigger'));
		assert.equal(first.length, 150);
		assert.equal(sim.state.pendingReports(), 100, 'the cap consumed nothing beyond what was emitted');
		const statusNums = sim.state
			.requests()
			.filter((r) => r.operation === 'reports')
			.map((r) => r.fields.statusNum);
		assert.deepEqual(statusNums.slice(1), ['100', '50']);

		const second = reportsOf(await poller.poll('trigger'));
		assert.equal(second.length, 100);
		const record = handedOut(sim);
		assert.deepEqual(uniqueKeys('emitted', ([...first, ...second]).map(pairKey)), uniqueKeys('handed out', record.delivered.map(pairKey)));
	});

	it('stops after the first page when the poll budget is spent; the next poll continues', async () => {
		const poller = newPoller(sim, { pageSize: 100 }, { pollBudgetMs: 1 });
		await activate(poller);
		sim.state.injectReports(1_000);

		const first = reportsOf(await poller.poll('trigger'));
		assert.equal(first.length, 100);
		assert.equal(sim.state.pendingReports(), 900);
		assert.equal(reportQueries(sim), 2, 'activation query + one page');

		const second = reportsOf(await poller.poll('trigger'));
		assert.equal(second.length, 100);
		assert.equal(sim.state.pendingReports(), 800);
		assert.equal(reportQueries(sim), 3);
		const record = handedOut(sim);
		assert.deepEqual(uniqueKeys('emitted', ([...first, ...second]).map(pairKey)), uniqueKeys('handed out', record.delivered.map(pairKey)));
	});

	it('keeps its static data bounded after 1,000,000 reports (default page size and cap)', async (t) => {
		const poller = newPoller(sim);
		await activate(poller);
		sim.state.injectReports(1_000_000);

		const mobiles = new Set<string>();
		let emitted = 0;
		let polls = 0;
		let sizeAtHalf = 0;
		for (;;) {
			const result = await poller.poll('trigger');
			assert.equal(result.error, undefined, result.error?.message);
			if (result.items === null) break;
			polls++;
			assert.ok(polls <= 10, 'at most 100,000 per poll: 10 polls');
			assert.equal(result.items.length, 100_000, 'Max Reports per Poll default');
			for (const item of result.items) mobiles.add(item.json.mobile as string);
			emitted += result.items.length;
			if (emitted === 500_000) sizeAtHalf = JSON.stringify(poller.staticData()).length;
		}
		const counters = sim.state.counters();
		assert.equal(emitted, 1_000_000);
		assert.equal(mobiles.size, 1_000_000, 'no report emitted twice (one task: the mobile is the key)');
		assert.equal(counters.reportsDelivered, 1_000_000);
		assert.equal(counters.reportsLostInReply, 0);
		assert.equal(counters.reportsPending, 0);
		assert.equal(poller.staticData().reportsReceived, 1_000_000);

		const size = JSON.stringify(poller.staticData()).length;
		t.diagnostic(`static data after 1,000,000 reports: ${size} characters of JSON (${(size / 1024).toFixed(1)} KiB); after 500,000: ${sizeAtHalf}`);
		console.log(`[trigger] static data after 1,000,000 reports: ${size} characters (${(size / 1024).toFixed(1)} KiB)`);
		assert.ok(size < 200_000, `static data is ${size} characters`);
		assert.ok(Math.abs(size - sizeAtHalf) < 1_000, 'it does not grow with the number of reports');
	});
});
