// status and garbage faults: a proxy's or IIS's error page, or junk, in place of the protocol
// reply, with and without the vendor having processed the request first.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ALL_FAULT_KINDS, FAULT_KINDS, faultTakesEffect, GARBAGE_BODY, SimulatorClient, startSimulator } from './index';
import type { AnyFaultKind, RunningSimulator } from './index';
import { DEMO, form, post, queryFields, REPORTS_PATH, SEND_PATH, sendFields, statusBoxes } from './testHelpers';

let sim: RunningSimulator;
let client: SimulatorClient;

before(async () => {
	sim = await startSimulator();
	client = new SimulatorClient(sim.url);
});
after(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.state.reset();
});

interface RawReply {
	status: number;
	statusText: string;
	server: string | null;
	bytes: Buffer;
	text: string;
}

async function raw(path: string, fields: Record<string, string>): Promise<RawReply> {
	const response = await fetch(sim.url + path, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: form(fields),
	});
	const bytes = Buffer.from(await response.arrayBuffer());
	return { status: response.status, statusText: response.statusText, server: response.headers.get('server'), bytes, text: bytes.toString('utf8') };
}

function demoBalance(): number {
	return sim.state.accounts().find((a) => a.account === 'demo')?.balance ?? NaN;
}

const BALANCE_FIELDS = { action: 'overage', ...DEMO };

describe('status faults: the page each status gets', () => {
	const pages: Array<[number, string, RegExp, string]> = [
		[502, 'Bad Gateway', /<title>502 Bad Gateway<\/title>[\s\S]*<hr><center>nginx<\/center>/, 'nginx'],
		[504, 'Gateway Time-out', /<h1>504 Gateway Time-out<\/h1>/, 'nginx'],
		[503, 'Service Temporarily Unavailable', /<h1>503 Service Temporarily Unavailable<\/h1>/, 'nginx'],
		[500, 'Internal Server Error', /<h1>500 Internal Server Error<\/h1>/, 'nginx'],
		[599, 'Error', /<h1>599 Error<\/h1>/, 'nginx'],
		[404, 'Not Found', /<h2>404 - File or directory not found\.<\/h2>/, 'Microsoft-IIS/7.5'],
		[413, 'Payload Too Large', /<title>413 - Request Entity Too Large\.<\/title>/, 'Microsoft-IIS/7.5'],
		[400, 'Bad Request', /<h2>400 - Bad Request\.<\/h2>/, 'Microsoft-IIS/7.5'],
		[429, 'Too Many Requests', /<h2>429 - Too Many Requests\.<\/h2>/, 'Microsoft-IIS/7.5'],
	];
	for (const [status, reason, body, server] of pages) {
		it(`${status}: ${reason} from ${server}`, async () => {
			sim.state.injectFault({ kind: 'status', status, processed: false });
			const reply = await raw(SEND_PATH, sendFields());
			assert.equal(reply.status, status);
			assert.equal(reply.statusText, reason);
			assert.equal(reply.server, server);
			assert.match(reply.text, body);
			assert.doesNotMatch(reply.text, /^\d+:\d+$|<returnsms>/, 'no protocol reply in the page');
		});
	}
});

describe('status faults: whether the request took effect', () => {
	for (const status of [502, 504, 404, 413]) {
		it(`${status}, processed: the send is accepted, charged and recorded with a task ID; its reports are queued`, async () => {
			sim.state.injectFault({ kind: 'status', status, processed: true, operation: 'send' });
			const reply = await raw(SEND_PATH, sendFields({ mobile: '13800000000,13800000001' }));
			assert.equal(reply.status, status);
			assert.equal(demoBalance(), 999_998);
			const [submission] = sim.state.submissions();
			assert.deepEqual(submission.mobiles, ['13800000000', '13800000001']);
			assert.match(submission.taskId, /^\d+$/);
			assert.ok(!reply.text.includes(submission.taskId), 'the task ID never reaches the client');
			assert.equal(sim.state.pendingReports(), 2);
			const [record] = sim.state.requests();
			assert.deepEqual(
				[record.fault, record.effect, record.vendorCode, record.taskId, record.httpStatus, record.outcome],
				['status', true, 'accepted', submission.taskId, status, 'answered'],
			);
			assert.match(record.note ?? '', new RegExp(`processed \\(accepted\\), then answered HTTP ${status}`));
		});

		it(`${status}, not processed: nothing happened at the vendor`, async () => {
			sim.state.injectFault({ kind: 'status', status, processed: false, operation: 'send' });
			const reply = await raw(SEND_PATH, sendFields());
			assert.equal(reply.status, status);
			assert.equal(demoBalance(), 1_000_000);
			assert.equal(sim.state.submissions().length, 0);
			assert.equal(sim.state.pendingReports(), 0);
			const [record] = sim.state.requests();
			assert.deepEqual([record.fault, record.effect, record.vendorCode, record.httpStatus], ['status', false, null, status]);
		});
	}

	it('502, processed, on a report query: the reports leave the queue and are logged lostInReply', async () => {
		sim.state.injectReports(6);
		sim.state.injectFault({ kind: 'status', status: 502, processed: true, operation: 'reports' });
		const reply = await raw(REPORTS_PATH, queryFields({ statusNum: '4' }));
		assert.equal(reply.status, 502);
		assert.equal(statusBoxes(reply.text).length, 0);
		assert.equal(sim.state.pendingReports(), 2);
		const [entry] = sim.state.reportsLog();
		assert.deepEqual([entry.count, entry.outcome, entry.fault], [4, 'lostInReply', 'status']);
		assert.equal(entry.reports?.length, 4);
		const counters = sim.state.counters();
		assert.deepEqual([counters.reportsLostInReply, counters.reportsDelivered], [4, 0]);
		// The next query gets the rest, not the lost ones again.
		const next = statusBoxes((await post(sim.url, REPORTS_PATH, queryFields())).text);
		assert.equal(next.length, 2);
		const lost = new Set(entry.reports?.map((r) => r.mobile));
		assert.ok(next.every((b) => !lost.has(b.mobile)));
	});

	it('504, not processed, on a report query: the reports stay pending and nothing is logged', async () => {
		sim.state.injectReports(6);
		sim.state.injectFault({ kind: 'status', status: 504, processed: false, operation: 'reports' });
		assert.equal((await raw(REPORTS_PATH, queryFields())).status, 504);
		assert.equal(sim.state.pendingReports(), 6);
		assert.deepEqual(sim.state.reportsLog(), []);
		assert.equal(statusBoxes((await post(sim.url, REPORTS_PATH, queryFields())).text).length, 6);
	});

	it('a balance query is answered by the page either way and changes nothing', async () => {
		sim.state.injectFaults([
			{ kind: 'status', status: 502, processed: true, operation: 'balance' },
			{ kind: 'status', status: 502, processed: false, operation: 'balance' },
		]);
		assert.equal((await raw(SEND_PATH, BALANCE_FIELDS)).status, 502);
		assert.equal((await raw(SEND_PATH, BALANCE_FIELDS)).status, 502);
		assert.deepEqual(sim.state.requests().map((r) => [r.vendorCode, r.effect]), [
			['Success', false],
			[null, false],
		]);
		assert.equal(demoBalance(), 1_000_000);
	});

	it('a processed status fault on a refused send records the refusal, not an acceptance', async () => {
		sim.state.injectFault({ kind: 'status', status: 502, processed: true, operation: 'send' });
		const reply = await raw(SEND_PATH, sendFields({ password: 'wrong' }));
		assert.equal(reply.status, 502);
		const [record] = sim.state.requests();
		assert.deepEqual([record.vendorCode, record.effect, record.taskId], ['2', false, undefined]);
		assert.equal(sim.state.submissions().length, 0);
	});
});

describe('garbage faults', () => {
	it('answers HTTP 200 with the fixed junk bytes: not UTF-8, a half tag, no protocol reply', async () => {
		sim.state.injectFault({ kind: 'garbage', processed: false });
		const reply = await raw(SEND_PATH, sendFields());
		assert.equal(reply.status, 200);
		assert.deepEqual(reply.bytes, GARBAGE_BODY);
		assert.deepEqual([...reply.bytes.subarray(0, 3)], [0x1f, 0x8b, 0x08]);
		assert.ok(!reply.bytes.equals(Buffer.from(reply.bytes.toString('utf8'), 'utf8')), 'not valid UTF-8');
		assert.match(reply.bytes.toString('latin1'), /<statusbox>[\s\S]*<\/mob$/);
		assert.doesNotMatch(reply.bytes.toString('latin1'), /\d+:\d+|<returnstatus>|<\/statusbox>/);
		const [record] = sim.state.requests();
		assert.deepEqual([record.fault, record.httpStatus, record.replyBytes, record.outcome], ['garbage', 200, GARBAGE_BODY.length, 'answered']);
	});

	it('processed: a send is charged and recorded; reports are taken and logged lostInReply', async () => {
		sim.state.injectFaults([
			{ kind: 'garbage', processed: true, operation: 'send' },
			{ kind: 'garbage', processed: true, operation: 'reports' },
		]);
		const sent = await raw(SEND_PATH, sendFields({ mobile: '13800000000,13800000001,13800000002' }));
		assert.deepEqual(sent.bytes, GARBAGE_BODY);
		assert.equal(demoBalance(), 999_997);
		const [submission] = sim.state.submissions();
		assert.equal(sim.state.requests()[0].taskId, submission.taskId);
		const queried = await raw(REPORTS_PATH, queryFields());
		assert.deepEqual(queried.bytes, GARBAGE_BODY);
		assert.equal(sim.state.pendingReports(), 0);
		const [entry] = sim.state.reportsLog();
		assert.deepEqual([entry.count, entry.outcome, entry.fault], [3, 'lostInReply', 'garbage']);
		assert.deepEqual(entry.reports?.map((r) => r.taskId), [submission.taskId, submission.taskId, submission.taskId]);
	});

	it('not processed: nothing charged, reports stay pending', async () => {
		sim.state.injectReports(2);
		sim.state.injectFault({ kind: 'garbage', processed: false, count: 2 });
		await raw(SEND_PATH, sendFields());
		await raw(REPORTS_PATH, queryFields());
		assert.equal(demoBalance(), 1_000_000);
		assert.equal(sim.state.submissions().length, 0);
		assert.equal(sim.state.pendingReports(), 2);
		assert.deepEqual(sim.state.reportsLog(), []);
	});
});

describe('fault specs with a chosen effect', () => {
	it('faultTakesEffect: the fixed table for the original kinds, `processed` for status and garbage', () => {
		const fixed = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, faultTakesEffect({ kind })]));
		assert.deepEqual(fixed, { http500: false, html200: false, truncated: true, delay: true, drop: false, acceptedThenDrop: true });
		for (const kind of ['status', 'garbage'] as AnyFaultKind[]) {
			assert.equal(faultTakesEffect({ kind, processed: true }), true);
			assert.equal(faultTakesEffect({ kind, processed: false }), false);
		}
		assert.deepEqual(ALL_FAULT_KINDS, [...FAULT_KINDS, 'status', 'garbage']);
	});

	it('refuses incomplete or contradictory specs, and a bad list as a whole', () => {
		assert.throws(() => sim.state.injectFault({ kind: 'status', status: 502 }), /needs processed/);
		assert.throws(() => sim.state.injectFault({ kind: 'garbage' }), /needs processed/);
		assert.throws(() => sim.state.injectFault({ kind: 'status', processed: true }), /status: an integer from 400 to 599/);
		for (const status of [399, 600, 502.5, 200]) {
			assert.throws(() => sim.state.injectFault({ kind: 'status', status, processed: true }), /from 400 to 599/, String(status));
		}
		assert.throws(() => sim.state.injectFault({ kind: 'http500', processed: true }), /processed applies only to status and garbage/);
		assert.throws(() => sim.state.injectFault({ kind: 'garbage', processed: true, status: 502 }), /status applies only to status faults/);
		assert.throws(() => sim.state.injectFault({ kind: 'status', status: 502, processed: 'yes' as unknown as boolean }), /needs processed/);
		assert.throws(() => sim.state.injectFaults([{ kind: 'status', status: 502, processed: true }, { kind: 'status', status: 502 }]), /needs processed/);
		assert.deepEqual(sim.state.faults(), []);
	});

	it('works through the control API: listed with status and processed, refused with 400', async () => {
		const list = await client.injectFaults([
			{ kind: 'status', status: 504, processed: true, operation: 'send', count: 2 },
			{ kind: 'garbage', processed: false },
			{ kind: 'drop' },
		]);
		assert.deepEqual(list, [
			{ kind: 'status', operation: 'send', remaining: 2, delayMs: 65_000, status: 504, processed: true },
			{ kind: 'garbage', operation: 'any', remaining: 1, delayMs: 65_000, processed: false },
			{ kind: 'drop', operation: 'any', remaining: 1, delayMs: 65_000 },
		]);
		await assert.rejects(client.injectFault({ kind: 'status', status: 302, processed: false }), /HTTP 400: a status fault needs status/);
		await assert.rejects(client.injectFault({ kind: 'garbage' }), /HTTP 400: a garbage fault needs processed/);
		assert.equal((await raw(SEND_PATH, sendFields())).status, 504);
		assert.equal(demoBalance(), 999_999);
	});
});
