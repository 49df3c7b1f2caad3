// Scripted faults: what the client sees, and whether the vendor side still took effect.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAULT_TAKES_EFFECT } from './index';
import { form, post, queryFields, REPORTS_PATH, SEND_PATH, sendFields, statusBoxes, transportError } from './testHelpers';
import { DEFAULT_ACCOUNTS } from './index';
import { useSimulator } from '../support/simulatorFixture';

// The simulator's own tests: no nodes to load, its default accounts.
const sim = useSimulator({ nodes: false, accounts: DEFAULT_ACCOUNTS });

function balance(): number {
	return sim.state.accounts().find((a) => a.account === 'demo')?.balance ?? NaN;
}

async function fullRequest(path: string, fields: Record<string, string>, signal?: AbortSignal): Promise<string> {
	const response = await fetch(sim.url + path, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: form(fields),
		signal,
	});
	return response.text();
}

describe('faults that stop the request before processing', () => {
	it('http500: HTTP 500 with an error page; the send is not accepted', async () => {
		sim.state.injectFault({ kind: 'http500', operation: 'send' });
		const reply = await post(sim.url, SEND_PATH, sendFields());
		assert.equal(reply.status, 500);
		assert.match(reply.text, /Server Error in '\/' Application/);
		assert.equal(balance(), 1_000_000);
		assert.equal(sim.state.submissions().length, 0);
		const [record] = sim.state.requests();
		assert.equal(record.fault, 'http500');
		assert.equal(record.effect, false);
		assert.match((await post(sim.url, SEND_PATH, sendFields())).text, /^\d+:\d+$/, 'the next request is normal');
	});

	it('html200: an HTML page with status 200; reports stay pending', async () => {
		sim.state.injectReports(5);
		sim.state.injectFault({ kind: 'html200', operation: 'reports' });
		const reply = await post(sim.url, REPORTS_PATH, queryFields());
		assert.equal(reply.status, 200);
		assert.match(reply.text, /^<!DOCTYPE html/);
		assert.equal(sim.state.pendingReports(), 5);
		assert.equal(statusBoxes((await post(sim.url, REPORTS_PATH, queryFields())).text).length, 5);
	});

	it('drop: the connection closes with no response; nothing happened at the vendor', async () => {
		sim.state.injectReports(5);
		sim.state.injectFaults([
			{ kind: 'drop', operation: 'send' },
			{ kind: 'drop', operation: 'reports' },
		]);
		await transportError(post(sim.url, SEND_PATH, sendFields()));
		await transportError(post(sim.url, REPORTS_PATH, queryFields()));
		assert.equal(balance(), 1_000_000);
		assert.equal(sim.state.pendingReports(), 5);
		assert.equal(sim.state.reportsLog().length, 0);
		assert.deepEqual(sim.state.requests().map((r) => [r.fault, r.effect, r.outcome]), [
			['drop', false, 'lost'],
			['drop', false, 'lost'],
		]);
	});
});

describe('faults after processing: accepted but the reply was lost', () => {
	it('acceptedThenDrop on a send: charged, task created, no reply', async () => {
		sim.state.injectFault({ kind: 'acceptedThenDrop', operation: 'send' });
		await transportError(post(sim.url, SEND_PATH, sendFields({ mobile: '13800000000,13800000001' })));
		assert.equal(balance(), 999_998);
		const [submission] = sim.state.submissions();
		assert.ok(submission.taskId);
		assert.equal(sim.state.pendingReports(), 2);
		const [record] = sim.state.requests();
		assert.deepEqual([record.fault, record.effect, record.outcome, record.taskId], ['acceptedThenDrop', true, 'lost', submission.taskId]);
	});

	it('acceptedThenDrop on a query: reports leave the queue and are logged lostInReply', async () => {
		sim.state.injectReports(7);
		sim.state.injectFault({ kind: 'acceptedThenDrop', operation: 'reports' });
		await transportError(post(sim.url, REPORTS_PATH, queryFields()));
		assert.equal(sim.state.pendingReports(), 0);
		assert.equal(await (await post(sim.url, REPORTS_PATH, queryFields())).text, '');
		const [entry] = sim.state.reportsLog();
		assert.equal(entry.outcome, 'lostInReply');
		assert.equal(entry.fault, 'acceptedThenDrop');
		assert.equal(entry.reports?.length, 7);
		const counters = sim.state.counters();
		assert.equal(counters.reportsLostInReply, 7);
		assert.equal(counters.reportsDelivered, 0);
	});

	it('truncated: headers and half the body, then the connection closes; the send was accepted', async () => {
		sim.state.injectFault({ kind: 'truncated', operation: 'send' });
		const message = await transportError(fullRequest(SEND_PATH, sendFields()));
		assert.match(message, /terminated|closed|socket/i);
		assert.equal(balance(), 999_999);
		assert.equal(sim.state.submissions().length, 1);
		const [record] = sim.state.requests();
		assert.equal(record.outcome, 'lost');
		assert.equal(record.reply.length, Math.floor(`999999:${sim.state.submissions()[0].taskId}`.length / 2));
	});

	it('truncated on a query: the reports are lost in the reply', async () => {
		sim.state.injectReports(100);
		sim.state.injectFault({ kind: 'truncated', operation: 'reports' });
		await transportError(fullRequest(REPORTS_PATH, queryFields()));
		assert.equal(sim.state.pendingReports(), 0);
		assert.equal(sim.state.reportsLog()[0].outcome, 'lostInReply');
	});

	it('delay longer than the client timeout: processed on arrival, the reply is lost', async () => {
		sim.state.injectReports(3);
		sim.state.injectFaults([
			{ kind: 'delay', operation: 'send', delayMs: 400 },
			{ kind: 'delay', operation: 'reports', delayMs: 400 },
		]);
		await transportError(fullRequest(SEND_PATH, sendFields(), AbortSignal.timeout(100)));
		await transportError(fullRequest(REPORTS_PATH, queryFields(), AbortSignal.timeout(100)));
		// The server notices the closed connection shortly after the client gives up.
		await new Promise((resolve) => setTimeout(resolve, 50));
		assert.equal(balance(), 999_999);
		const log = sim.state.reportsLog();
		assert.equal(log.length, 1);
		assert.equal(log[0].outcome, 'lostInReply');
		assert.equal(log[0].fault, 'delay');
		assert.equal(log[0].count, 4, 'the 3 injected reports and the one of the delayed send');
		assert.equal(sim.state.pendingReports(), 0);
	});

	it('delay shorter than the client timeout: the reply arrives late but whole', async () => {
		sim.state.injectReports(3);
		sim.state.injectFault({ kind: 'delay', operation: 'reports', delayMs: 150 });
		const started = performance.now();
		const text = await fullRequest(REPORTS_PATH, queryFields());
		assert.ok(performance.now() - started >= 140);
		assert.equal(statusBoxes(text).length, 3);
		assert.equal(sim.state.reportsLog()[0].outcome, 'delivered');
	});

	it('delay with trickle: the headers at once, the body a piece at a time, whole at the end', async () => {
		sim.state.injectReports(3);
		sim.state.injectFault({ kind: 'delay', operation: 'reports', delayMs: 600, trickle: true });
		const started = performance.now();
		const response = await fetch(sim.url + REPORTS_PATH, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form(queryFields()) });
		const headersAfter = performance.now() - started;
		const pieces: number[] = [];
		let text = '';
		for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
			pieces.push(chunk.length);
			text += Buffer.from(chunk).toString('utf8');
		}
		assert.ok(headersAfter < 300, `headers after ${Math.round(headersAfter)} ms`);
		assert.ok(performance.now() - started >= 550, 'the last piece comes at the end of the delay');
		assert.ok(pieces.length >= 2, `the body came in ${pieces.length} piece(s)`);
		assert.equal(statusBoxes(text).length, 3);
		assert.equal(sim.state.reportsLog()[0].outcome, 'delivered');
	});

	it('delay with trickle, the client gives up half-way: the reports are lost in the reply', async () => {
		sim.state.injectReports(3);
		sim.state.injectFault({ kind: 'delay', operation: 'reports', delayMs: 2_000, trickle: true });
		await transportError(fullRequest(REPORTS_PATH, queryFields(), AbortSignal.timeout(400)));
		await new Promise((resolve) => setTimeout(resolve, 50));
		assert.equal(sim.state.pendingReports(), 0);
		assert.equal(sim.state.reportsLog()[0].outcome, 'lostInReply');
	});

	it('trickle is refused on faults other than delay', () => {
		assert.throws(() => sim.state.injectFault({ kind: 'http500', trickle: true }), /trickle applies only to delay faults/);
	});
});

describe('fault bookkeeping', () => {
	it('applies a fault to the next `count` matching requests only', async () => {
		sim.state.injectFault({ kind: 'http500', count: 2, operation: 'balance' });
		assert.equal(sim.state.faults()[0].remaining, 2);
		assert.match((await post(sim.url, SEND_PATH, sendFields())).text, /^\d+:\d+$/, 'a send is not a balance query');
		const overage = { action: 'overage', userid: '1001', account: 'demo', password: 'demo-secret-pw' };
		assert.equal((await post(sim.url, SEND_PATH, overage)).status, 500);
		assert.equal((await post(sim.url, SEND_PATH, overage)).status, 500);
		assert.equal((await post(sim.url, SEND_PATH, overage)).status, 200);
		assert.deepEqual(sim.state.faults(), []);
		assert.equal(sim.state.counters().faultsApplied, 2);
	});

	it("operation 'any' applies to every vendor request but never to the control API", async () => {
		sim.state.injectFault({ kind: 'http500', count: 3 });
		const control = await fetch(`${sim.url}/__simulator/counters`);
		assert.equal(control.status, 200);
		assert.equal((await post(sim.url, SEND_PATH, sendFields())).status, 500);
		assert.equal((await post(sim.url, REPORTS_PATH, queryFields())).status, 500);
		assert.equal(sim.state.faults()[0].remaining, 1);
		sim.state.clearFaults();
		assert.deepEqual(sim.state.faults(), []);
	});

	it('rejects a bad fault list as a whole', () => {
		assert.throws(() => sim.state.injectFaults([{ kind: 'drop' }, { kind: 'explode' as 'drop' }]), /fault kind/);
		assert.deepEqual(sim.state.faults(), []);
		assert.throws(() => sim.state.injectFault({ kind: 'drop', count: 0 }), /count/);
	});

	it('says which faults take effect at the vendor', () => {
		assert.deepEqual(FAULT_TAKES_EFFECT, {
			http500: false,
			html200: false,
			drop: false,
			truncated: true,
			delay: true,
			acceptedThenDrop: true,
		});
	});

	it('distinguishes delivered from lost hand-outs in the reports log', async () => {
		sim.state.injectReports(10);
		await post(sim.url, REPORTS_PATH, queryFields({ statusNum: '4' }));
		sim.state.injectFault({ kind: 'acceptedThenDrop', operation: 'reports' });
		await transportError(post(sim.url, REPORTS_PATH, queryFields({ statusNum: '3' })));
		await post(sim.url, REPORTS_PATH, queryFields());
		const log = sim.state.reportsLog();
		assert.deepEqual(log.map((e) => [e.count, e.outcome]), [
			[4, 'delivered'],
			[3, 'lostInReply'],
			[3, 'delivered'],
		]);
		const mobiles = log.flatMap((e) => e.reports?.map((r) => r.mobile) ?? []);
		assert.equal(new Set(mobiles).size, 10);
		const counters = sim.state.counters();
		assert.deepEqual([counters.reportsDelivered, counters.reportsLostInReply, counters.reportsHandedOut], [7, 3, 10]);
	});
});
