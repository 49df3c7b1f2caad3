// action=query: statusNum rules, errorstatus 1-4, each report served once, the reply styles
// seen at real deployments, duplicates on demand, and cheap injection.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chinaTime, chinaTimeSlashed } from './index';
import { mobiles, post, queryFields, REPORTS_PATH, SEND_PATH, sendFields, statusBoxes } from './testHelpers';
import { DEFAULT_ACCOUNTS } from './index';
import { useSimulator } from '../support/simulatorFixture';

// The simulator's own tests: no nodes to load, its default accounts.
const sim = useSimulator({ nodes: false, accounts: DEFAULT_ACCOUNTS });

async function query(overrides: Record<string, string> = {}): Promise<string> {
	const reply = await post(sim.url, REPORTS_PATH, queryFields(overrides));
	assert.equal(reply.status, 200);
	return reply.text;
}

function errorOf(xml: string): { error: string; remark: string } | undefined {
	const m = /<errorstatus>\s*<error>(\d+)<\/error>\s*<remark>([^<]*)<\/remark>\s*<\/errorstatus>/.exec(xml);
	return m ? { error: m[1], remark: m[2] } : undefined;
}

describe('report query', () => {
	it('queues one report per recipient of an accepted send and serves each once', async () => {
		const sent = await post(sim.url, SEND_PATH, sendFields({ mobile: '13800000000,13800000001,13800000002' }));
		const taskId = sent.text.split(':')[1];
		const xml = await query();
		assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8" ?> \r\n<returnsms>'));
		const boxes = statusBoxes(xml);
		assert.deepEqual(boxes.map((b) => b.mobile), ['13800000000', '13800000001', '13800000002']);
		for (const box of boxes) {
			assert.equal(box.taskid, taskId);
			assert.ok(box.status === '10' || box.status === '20');
			assert.equal(box.errorcode === 'DELIVRD', box.status === '10');
			assert.match(box.receivetime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
			assert.equal(box.extno, '');
		}
		assert.equal(await query(), '', 'nothing pending: an empty body');
		const log = sim.state.reportsLog();
		assert.equal(log.length, 1);
		assert.equal(log[0].outcome, 'delivered');
		assert.equal(log[0].reports?.length, 3);
	});

	it('writes receivetime in China time', async () => {
		const before = Date.now();
		await post(sim.url, SEND_PATH, sendFields());
		const [box] = statusBoxes(await query());
		const allowed = new Set([chinaTime(before), chinaTime(before + 1000), chinaTime(Date.now())]);
		assert.ok(allowed.has(box.receivetime), box.receivetime);
		assert.equal(chinaTime(Date.UTC(2011, 11, 2, 14, 12, 11)), '2011-12-02 22:12:11');
	});

	it('serves FIFO in chunks of statusNum, default 4000', async () => {
		sim.state.injectReports(4500);
		assert.equal(statusBoxes(await query()).length, 4000);
		assert.equal(statusBoxes(await query({ statusNum: '300' })).length, 300);
		assert.equal(statusBoxes(await query({ statusNum: '' })).length, 200);
		assert.equal(await query(), '');
	});

	it('keeps the order of sends and injections', async () => {
		await post(sim.url, SEND_PATH, sendFields({ mobile: '13800000001' }));
		const injected = sim.state.injectReports(2);
		await post(sim.url, SEND_PATH, sendFields({ mobile: '13800000002' }));
		const boxes = statusBoxes(await query());
		assert.deepEqual(boxes.map((b) => b.mobile).filter((m) => m.startsWith('1380')), ['13800000001', '13800000002']);
		assert.equal(boxes[1].taskid, injected.taskId);
		assert.equal(boxes[2].taskid, injected.taskId);
	});

	it('statusNum up to 10000; 0, 10001, non-digits -> errorstatus 4', async () => {
		sim.state.injectReports(10_001);
		assert.equal(statusBoxes(await query({ statusNum: '10000' })).length, 10_000);
		for (const statusNum of ['0', '10001', 'abc', '-1', '1.5', ' 10', '99999999']) {
			assert.deepEqual(errorOf(await query({ statusNum })), { error: '4', remark: '参数不正确' }, statusNum);
		}
		assert.equal(sim.state.pendingReports(), 1, 'refused queries take nothing');
	});

	it('errorstatus 1: empty credentials; 2: wrong; 3: no report permission; 4: wrong action', async () => {
		assert.deepEqual(errorOf(await query({ password: '' })), { error: '1', remark: '用户名或密码不能为空' });
		assert.deepEqual(errorOf(await query({ userid: '' })), { error: '1', remark: '用户名或密码不能为空' });
		assert.deepEqual(errorOf(await query({ password: 'wrong' })), { error: '2', remark: '用户名或密码错误' });
		assert.deepEqual(errorOf(await query({ userid: '1003', account: 'no-reports', password: 'no-reports-pw' })), { error: '3', remark: '该用户不允许查看状态报告' });
		assert.deepEqual(errorOf(await query({ action: 'overage' })), { error: '4', remark: '参数不正确' });
		assert.deepEqual(errorOf(await query({ action: '' })), { error: '4', remark: '参数不正确' });
	});

	it('keeps queues per account', async () => {
		sim.state.injectReports(3, { account: 'low-balance' });
		assert.equal(await query(), '');
		const boxes = statusBoxes(await query({ userid: '1004', account: 'low-balance', password: 'low-balance-pw' }));
		assert.equal(boxes.length, 3);
	});

	it('fails the configured share of reports (status 20 with a gateway code)', async () => {
		sim.state.settings({ failedShare: 0.3 });
		await post(sim.url, SEND_PATH, sendFields({ mobile: mobiles(2000) }));
		sim.state.settings({ failedShare: 0 });
		const boxes = statusBoxes(await query({ statusNum: '2000' }));
		const failed = boxes.filter((b) => b.status === '20');
		assert.ok(failed.length > 480 && failed.length < 720, `${failed.length} of 2000 failed`);
		for (const box of failed) assert.notEqual(box.errorcode, 'DELIVRD');
		sim.state.injectReports(100, { failedShare: 1 });
		assert.ok(statusBoxes(await query()).every((b) => b.status === '20'));
		sim.state.injectReports(100);
		assert.ok(statusBoxes(await query()).every((b) => b.status === '10'));
	});

	it('switches to CDATA fields and 2020/6/8 18:21:21 dates', async () => {
		sim.state.settings({ reportCdata: true, reportSlashDates: true });
		await post(sim.url, SEND_PATH, sendFields());
		const xml = await query();
		assert.match(xml, /<errorcode><!\[CDATA\[[^\]]+\]\]><\/errorcode>/);
		assert.match(xml, /<extno><!\[CDATA\[\]\]><\/extno>/);
		const [box] = statusBoxes(xml);
		assert.match(box.receivetime, /^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}:\d{2}$/);
		assert.equal(chinaTimeSlashed(Date.UTC(2020, 5, 8, 10, 21, 21)), '2020/6/8 18:21:21');
		assert.equal(chinaTimeSlashed(Date.UTC(2020, 5, 7, 17, 1, 2)), '2020/6/8 1:01:02');
	});

	it('switches the empty reply to <returnsms></returnsms> or <returnsms/>', async () => {
		sim.state.settings({ emptyReports: 'emptyReturnsms' });
		assert.match(await query(), /^<\?xml[^>]*\?> \r\n<returnsms>\r\n<\/returnsms>$/);
		sim.state.settings({ emptyReports: 'selfClosing' });
		assert.match(await query(), /^<\?xml[^>]*\?> \r\n<returnsms\/>$/);
	});

	it('hands every report out twice when duplicateReports is on', async () => {
		sim.state.settings({ duplicateReports: true });
		await post(sim.url, SEND_PATH, sendFields({ mobile: '13800000000,13800000001' }));
		const first = statusBoxes(await query({ statusNum: '1' }));
		const second = statusBoxes(await query({ statusNum: '5' }));
		assert.deepEqual(second[0], first[0], 'the copy comes first in the next reply');
		assert.equal(second.length, 2);
		const third = statusBoxes(await query());
		assert.deepEqual(third, [second[1]]);
		assert.equal(await query(), '');
		const counters = sim.state.counters();
		assert.equal(counters.reportsHandedOut, 4);
		assert.equal(counters.duplicatesHandedOut, 2);
		assert.deepEqual(sim.state.reportsLog({ includeReports: false }).map((e) => e.duplicates), [0, 1, 1]);
	});

	it('injects 100,000 reports in well under a second and serves them in 10,000-report replies', async () => {
		const started = performance.now();
		sim.state.injectReports(100_000);
		const injectMs = performance.now() - started;
		assert.ok(injectMs < 50, `${injectMs} ms`);
		let seen = 0;
		const keys = new Set<string>();
		for (;;) {
			const boxes = statusBoxes(await query({ statusNum: '10000' }));
			if (boxes.length === 0) break;
			for (const b of boxes) keys.add(`${b.taskid}/${b.mobile}`);
			seen += boxes.length;
		}
		assert.equal(seen, 100_000);
		assert.equal(keys.size, 100_000, 'synthetic reports are distinct');
		assert.equal(sim.state.counters().reportsDelivered, 100_000);
	});

	it('holds a million pending reports cheaply', () => {
		const heapBefore = process.memoryUsage().heapUsed;
		const started = performance.now();
		for (let i = 0; i < 10; i++) sim.state.injectReports(100_000);
		sim.state.injectReports(1_000_000);
		assert.ok(performance.now() - started < 100);
		assert.equal(sim.state.pendingReports(), 2_000_000);
		assert.ok(process.memoryUsage().heapUsed - heapBefore < 5_000_000);
	});
});
