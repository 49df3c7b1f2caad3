// Regression tests for the report-loss and double-send paths that a new user hit with realistic
// workflows (one describe per path). Each runs the packed package through n8n's real engine against
// the simulator, and compares the node's output with the simulator's own record.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createPoller, runNode } from '../support/engine/engine';
import { REPORT_ODDITIES } from '../simulator';
import { ACCOUNTS, credentials } from '../support/credentials';
import { mobileNumbers, NODE_TYPE, reportParameters, sendParameters } from '../support/nodeParameters';
import { assertNodeError } from '../support/runAssertions';
import { useSimulator, waitSettled } from '../support/simulatorFixture';

const sim = useSimulator();

/** Reports whose reply reached the client, by task/mobile, from the simulator's hand-out log. */
function delivered(): string[] {
	return sim.state
		.reportsLog()
		.filter((entry) => entry.outcome === 'delivered')
		.flatMap((entry) => (entry.reports ?? []).map((r) => `${r.taskId}|${r.mobile}`));
}

function keysOf(items: Array<{ json: Record<string, unknown> }>): string[] {
	return items.filter((i) => i.json.taskId !== undefined && i.json.error === undefined).map((i) => `${i.json.taskId}|${i.json.mobile}`);
}

function reportRequests(): number {
	return sim.state.requests().filter((r) => r.operation === 'reports').length;
}

describe('Report → Get Many with several input items: a later item never costs the reports of an earlier one', () => {
	const twoItems = [{ json: { limit: 10 } }, { json: { limit: 10 } }];

	it('a failing request for item 2 after item 1 fetched: item 1 is output, the failure is a hint, the run succeeds', async () => {
		sim.state.injectReports(30);
		sim.state.injectFaults([
			{ kind: 'delay', delayMs: 0, operation: 'reports' },
			{ kind: 'http500', operation: 'reports' },
		]);
		const result = await runNode({ type: NODE_TYPE, parameters: reportParameters({ limit: '={{ $json.limit }}' as unknown as number }), credentials: credentials(sim), items: twoItems });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 10);
		assert.deepEqual(keysOf(result.items), delivered());
		assert.ok(result.items.every((item) => (item.pairedItem as { item: number }).item === 0));
		assert.ok(result.hints.some((h) => /^Item 2: a request failed: 28inter at .* answered HTTP 500/.test(h.message)), JSON.stringify(result.hints));
	});

	it('a Limit of 0 from an expression in item 2 is refused before any request', async () => {
		sim.state.injectReports(30);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ limit: '={{ $json.limit }}' as unknown as number }),
			credentials: credentials(sim),
			items: [{ json: { limit: 10 } }, { json: { limit: 0 } }],
		});
		assertNodeError(result, { name: 'NodeOperationError', message: 'Limit 0 is not a whole number from 1 to 10,000', itemIndex: 1 });
		assert.equal(reportRequests(), 0, 'nothing was fetched, so nothing was lost');
		assert.equal(sim.state.pendingReports(), 30);
	});

	it('with Continue On Fail: the bad item carries its error, the good ones are fetched, in order', async () => {
		sim.state.injectReports(30);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ limit: '={{ $json.limit }}' as unknown as number }),
			credentials: credentials(sim),
			items: [{ json: { limit: 5 } }, { json: { limit: 2.5 } }, { json: { limit: 7 } }],
			continueOnFail: true,
		});
		assert.equal(result.error, undefined);
		assert.deepEqual(
			result.items.map((i) => [(i.pairedItem as { item: number }).item, i.json.code ?? 'report']),
			[...Array(5).fill([0, 'report']), [1, 'INVALID_INPUT'], ...Array(7).fill([2, 'report'])],
		);
		assert.deepEqual(keysOf(result.items), delivered());
	});

	it('with Continue On Fail: a failing item gets its error item and the next item is still fetched', async () => {
		sim.state.injectReports(30);
		sim.state.injectFaults([
			{ kind: 'delay', delayMs: 0, operation: 'reports' },
			{ kind: 'http500', operation: 'reports' },
		]);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ limit: 10 }),
			credentials: credentials(sim),
			items: [{ json: {} }, { json: {} }, { json: {} }],
			continueOnFail: true,
		});
		assert.equal(result.error, undefined);
		assert.deepEqual(
			result.items.map((i) => i.json.code ?? 'report').filter((code, index, all) => all.indexOf(code) === index),
			['report', 'HTTP_500'],
		);
		assert.equal(result.items.filter((i) => i.json.code === 'HTTP_500').length, 1);
		assert.deepEqual(keysOf(result.items), delivered());
		assert.equal(keysOf(result.items).length, 20);
	});
});

describe('Filters from expressions: numbers and lists are accepted, bad values refused before any request', () => {
	it('a numeric task ID and a list of +86 numbers, in Get Many', async () => {
		const sent = await runNode({ type: NODE_TYPE, parameters: sendParameters({ recipients: '13800138000,13900139000,13700137000' }), credentials: credentials(sim) });
		const taskId = String(sent.items[0].json.taskId);
		sim.state.injectReports(20);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ returnAll: true, options: { taskIds: '={{ $json.taskId }}', mobiles: '={{ $json.phones }}' } }),
			credentials: credentials(sim),
			items: [{ json: { taskId: Number(taskId), phones: ['+86 13900139000', '+8613700137000'] } }],
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.json.mobile).sort(), ['13700137000', '13900139000']);
		assert.equal(sim.state.pendingReports(), 0, 'the others were consumed, as documented');
	});

	it('a filter that is not a task ID list fails before anything is fetched', async () => {
		sim.state.injectReports(5);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ returnAll: true, options: { taskIds: '={{ $json.task }}' } }),
			credentials: credentials(sim),
			items: [{ json: { task: { id: 7 } } }],
		});
		assertNodeError(result, { name: 'NodeOperationError', message: /^Only Task IDs: an object is not a task ID/, itemIndex: 0 });
		assert.equal(reportRequests(), 0);
		assert.equal(sim.state.pendingReports(), 5);
	});

	it('the trigger takes a numeric task ID too', async () => {
		const sent = await runNode({ type: NODE_TYPE, parameters: sendParameters({ recipients: '13800138000,13900139000' }), credentials: credentials(sim) });
		sim.state.injectReports(4);
		const poller = createPoller({
			type: 'inter28Trigger',
			parameters: { options: { taskIds: Number(sent.items[0].json.taskId) } },
			credentials: credentials(sim),
		});
		const activation = await poller.poll('trigger');
		assert.equal(activation.error, undefined, activation.error?.message);
		assert.deepEqual((activation.items ?? []).map((i) => i.json.mobile).sort(), ['13800138000', '13900139000']);
	});

	it('the trigger refuses a bad filter at activation, before any request', async () => {
		sim.state.injectReports(4);
		const poller = createPoller({ type: 'inter28Trigger', parameters: { options: { mobiles: '1380013800' } }, credentials: credentials(sim) });
		const activation = await poller.poll('trigger');
		assert.match(String(activation.error?.message), /^A number in Only Mobile Numbers is not a mainland China mobile number/);
		assert.equal(reportRequests(), 0);
	});
});

describe('Send with Continue On Fail: a number that may have reached the vendor is never "not sent"', () => {
	it('HTTP 500 on batch 2 of 3: its 2,000 numbers are uncertain, only the batch never started is not sent', async () => {
		sim.state.injectFaults([
			{ kind: 'delay', delayMs: 0, operation: 'send' },
			{ kind: 'http500', operation: 'send' },
		]);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: mobileNumbers(4500).join(','), options: { concurrency: 1 } }),
			credentials: credentials(sim),
			continueOnFail: true,
		});
		const error = result.items.find((i) => i.json.error !== undefined);
		assert.ok(error, JSON.stringify(result.items.map((i) => i.json)));
		assert.equal(error.json.code, 'HTTP_500');
		assert.equal(error.json.uncertainRecipientCount, 2000);
		assert.equal(error.json.notSentRecipientCount, 500);
		assert.match(String(error.json.error), /^The MMS may have been sent: /);
	});

	it('an HTTP 404 from the server is a refusal: not sent', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000' }),
			credentials: credentials(`${sim.url}/no-such-path`),
			continueOnFail: true,
		});
		assert.equal(result.items.length, 1);
		assert.equal(result.items[0].json.code, 'HTTP_404');
		assert.equal(result.items[0].json.notSentRecipientCount, 1);
		assert.equal(result.items[0].json.uncertainRecipientCount, 0);
		assert.equal(sim.state.submissions().length, 0);
	});
});

describe('The trigger stays within its poll budget: each request gets only the time left', () => {
	it('a page that hangs is cut at the budget, not at the 60-second timeout', async () => {
		sim.state.injectReports(25);
		sim.state.injectFaults([
			{ kind: 'delay', delayMs: 0, operation: 'reports' },
			{ kind: 'delay', delayMs: 20_000, operation: 'reports' },
		]);
		const poller = createPoller({
			type: 'inter28Trigger',
			parameters: { options: { pageSize: 10, timeout: 60 } },
			credentials: credentials(sim),
			pollBudgetMs: 3_000,
		});
		const activation = await poller.poll('trigger');
		assert.equal(activation.error, undefined, activation.error?.message);
		assert.equal((activation.items ?? []).length, 10, 'page 1 is handed to n8n');
		await waitSettled(sim);
		const log = sim.state.reportsLog({ includeReports: false });
		// Had the request waited for its own 60-second timeout, the reply held for 20 s would have arrived.
		assert.deepEqual(log.map((entry) => entry.outcome), ['delivered', 'lostInReply']);
		assert.match(String((poller.liveStaticData().lastFailure as { code?: string } | undefined)?.code), /OUTCOME_UNKNOWN/);
	});

	it('a page whose body trickles in is cut at the budget too (the connection is never idle)', async () => {
		sim.state.injectReports(25);
		sim.state.injectFaults([
			{ kind: 'delay', delayMs: 0, operation: 'reports' },
			{ kind: 'delay', delayMs: 12_000, trickle: true, operation: 'reports' },
		]);
		const poller = createPoller({
			type: 'inter28Trigger',
			parameters: { options: { pageSize: 10, timeout: 60 } },
			credentials: credentials(sim),
			pollBudgetMs: 3_000,
		});
		const started = performance.now();
		const activation = await poller.poll('trigger');
		const took = performance.now() - started;
		assert.equal(activation.error, undefined, activation.error?.message);
		assert.equal((activation.items ?? []).length, 10, 'page 1 is handed to n8n');
		// The budget plus a small margin, far from the 12 s the trickling page lasts.
		assert.ok(took < 5_000, `the poll took ${Math.round(took)} ms`);
		await waitSettled(sim);
		const log = sim.state.reportsLog({ includeReports: false });
		assert.deepEqual(log.map((entry) => entry.outcome), ['delivered', 'lostInReply']);
		assert.match(String((poller.liveStaticData().lastFailure as { code?: string } | undefined)?.code), /OUTCOME_UNKNOWN/);
	});
});

describe("Redaction never garbles the node's own words", () => {
	it('a password that is a common word ("reply") leaves the message intact', async () => {
		const accounts = ACCOUNTS.map((a) => (a.account === 'demo' ? { ...a, password: 'reply' } : a));
		sim.state.reset({ accounts });
		sim.state.injectFault({ kind: 'html200', operation: 'balance' });
		const result = await runNode({
			type: NODE_TYPE,
			parameters: { resource: 'account', operation: 'getBalance', options: {} },
			credentials: credentials(sim, 'demo', { password: 'reply' }),
		});
		assertNodeError(result, { name: 'NodeApiError', message: /^28inter sent a reply to the balance query that is not in the protocol's format \(/ });
	});
});

describe('Whole-number options are checked before any request', () => {
	it('a fractional Page Size in Get Many', async () => {
		sim.state.injectReports(30);
		const result = await runNode({ type: NODE_TYPE, parameters: reportParameters({ returnAll: true, options: { pageSize: 2.5 } }), credentials: credentials(sim) });
		assertNodeError(result, { name: 'NodeOperationError', message: 'Page Size 2.5 is not a whole number from 1 to 10,000', itemIndex: 0 });
		assert.equal(reportRequests(), 0);
	});

	it('a fractional Max Reports in Get Many', async () => {
		const result = await runNode({ type: NODE_TYPE, parameters: reportParameters({ returnAll: true, options: { maxReports: 1.5 } }), credentials: credentials(sim) });
		assertNodeError(result, { name: 'NodeOperationError', message: /^Max Reports 1\.5 is not a whole number of at least 1$/, itemIndex: 0 });
		assert.equal(reportRequests(), 0);
	});

	it('a fractional Max Reports per Poll in the trigger fails its activation before any request', async () => {
		sim.state.injectReports(30);
		const poller = createPoller({ type: 'inter28Trigger', parameters: { options: { maxReportsPerPoll: 10.5, pageSize: 10 } }, credentials: credentials(sim) });
		const activation = await poller.poll('trigger');
		assert.match(String(activation.error?.message), /^Max Reports per Poll 10\.5 is not a whole number of at least 1$/);
		assert.equal(reportRequests(), 0);
	});
});

describe('Get Many "Fetch Until Nothing Is Pending" is bounded by default', () => {
	it('stops at 100,000 reports unless Max Reports says otherwise, and says so', async () => {
		sim.state.injectReports(130_000);
		const result = await runNode({ type: NODE_TYPE, parameters: reportParameters({ returnAll: true }), credentials: credentials(sim) });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 100_000);
		assert.equal(sim.state.pendingReports(), 30_000);
		assert.ok(result.hints.some((h) => /stopped at Max Reports \(100,000\)/.test(h.message)), JSON.stringify(result.hints));
	});
});

describe('The trigger records a failure also when no report passed its filters', () => {
	it('lastFailure is written after a failing page 2, although the filter kept nothing', async () => {
		sim.state.injectReports(25);
		sim.state.injectFaults([
			{ kind: 'delay', delayMs: 0, operation: 'reports' },
			{ kind: 'http500', operation: 'reports' },
		]);
		const poller = createPoller({
			type: 'inter28Trigger',
			parameters: { options: { pageSize: 10, taskIds: '1' } },
			credentials: credentials(sim),
		});
		const activation = await poller.poll('trigger');
		assert.equal(activation.items, null);
		const state = poller.liveStaticData() as { lastFailure?: { code: string; reportsKept: number }; emittedKeys?: string[] };
		assert.equal(state.lastFailure?.code, 'HTTP_500');
		assert.equal(state.lastFailure?.reportsKept, 10);
		assert.equal(state.emittedKeys?.length, 10, 'the 10 received reports are remembered as received');
	});
});

describe('One odd <statusbox> never drops the page', () => {
	for (const oddity of REPORT_ODDITIES) {
		it(`${oddity}: every report of the page is output, the odd ones as "unknown" with their raw fields`, async () => {
			sim.state.injectReports(40);
			const odd = sim.state.injectReports(3, { oddity });
			sim.state.injectReports(40);
			const result = await runNode({ type: NODE_TYPE, parameters: reportParameters({ limit: 1000 }), credentials: credentials(sim) });
			assert.equal(result.error, undefined, result.error?.message);
			assert.equal(result.items.length, 83);
			const oddItems = result.items.filter((i) => String(i.json.extNo).startsWith('odd-') || JSON.stringify(i.json.raw ?? {}).includes('odd-'));
			assert.equal(oddItems.length, 3, JSON.stringify(result.items.slice(40, 43).map((i) => i.json)));
			const understood = oddity === 'extraChild';
			for (const item of oddItems) {
				assert.equal(item.json.status === 'unknown', !understood, JSON.stringify(item.json));
				if (!understood) assert.ok(item.json.raw && typeof item.json.problem === 'string');
			}
			assert.equal(result.items.filter((i) => i.json.status !== 'unknown').length, understood ? 83 : 80);
			assert.ok(odd.oddExtNos, 'the simulator names the odd reports');
			if (!understood) assert.ok(result.hints.some((h) => /was not understood/.test(h.message)), JSON.stringify(result.hints));
		});
	}

	it('an extra element in <returnsms> costs nothing', async () => {
		sim.state.settings({ reportExtraElement: true });
		sim.state.injectReports(25);
		const result = await runNode({ type: NODE_TYPE, parameters: reportParameters({ limit: 100 }), credentials: credentials(sim) });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 25);
		assert.deepEqual(keysOf(result.items), delivered());
	});

	it('the trigger hands odd reports to n8n too', async () => {
		sim.state.injectReports(5);
		sim.state.injectReports(2, { oddity: 'unknownStatus' });
		const poller = createPoller({ type: 'inter28Trigger', parameters: {}, credentials: credentials(sim) });
		const activation = await poller.poll('trigger');
		assert.equal((activation.items ?? []).filter((i) => i.json.status === 'unknown' && i.json.statusCode === 30).length, 2);
		assert.equal((activation.items ?? []).length, 7);
	});
});

describe('A 502/504 after the vendor accepted: uncertain, never "not sent"', () => {
	for (const status of [502, 504]) {
		it(`HTTP ${status} after the vendor accepted batch 2: its numbers are uncertain; the error says the MMS may have been sent`, async () => {
			sim.state.injectFaults([
				{ kind: 'delay', delayMs: 0, operation: 'send' },
				{ kind: 'status', status, processed: true, operation: 'send' },
			]);
			const result = await runNode({
				type: NODE_TYPE,
				parameters: sendParameters({ recipients: mobileNumbers(4500).join(','), options: { concurrency: 1 } }),
				credentials: credentials(sim),
				continueOnFail: true,
			});
			assert.equal(sim.state.submissions().length, 2, 'the vendor took batch 2');
			const error = result.items.find((i) => i.json.error !== undefined);
			assert.ok(error);
			assert.equal(error.json.code, `HTTP_${status}`);
			assert.equal(error.json.uncertainRecipientCount, 2000);
			assert.equal(error.json.notSentRecipientCount, 500);
		});
	}
});

describe('Balance replies with blank or formatted figures', () => {
	const expected: Record<string, number | null> = { plain: 1_000_000, grouped: 1_000_000, decimal: 1_000_000, empty: null, missing: null };
	for (const [format, balance] of Object.entries(expected)) {
		it(`${format}: the query succeeds with balance ${balance}`, async () => {
			sim.state.settings({ balanceNumbers: format as 'plain' });
			const result = await runNode({ type: NODE_TYPE, parameters: { resource: 'account', operation: 'getBalance', options: {} }, credentials: credentials(sim) });
			assert.equal(result.error, undefined, result.error?.message);
			assert.equal(result.items[0].json.balance, balance);
		});
	}
});

describe("n8n's durable scheduler: only the activation poll is forgiven a passing fault", () => {
	it('a scheduled poll with HTTP 500 is a failed execution (not swallowed as a "first poll")', async () => {
		const poller = createPoller({ type: 'inter28Trigger', parameters: {}, credentials: credentials(sim), scheduler: 'durable' });
		const activation = await poller.poll('trigger');
		assert.equal(activation.error, undefined);
		sim.state.injectReports(3);
		sim.state.injectFault({ kind: 'http500', operation: 'reports' });
		const scheduled = await poller.poll('trigger');
		assert.equal(scheduled.activation, false);
		assert.match(String(scheduled.error?.message), /answered HTTP 500/);
		const next = await poller.poll('trigger');
		assert.equal((next.items ?? []).length, 3);
	});
});

describe('A poll superseded by a republish: what it took is named in the log', () => {
	it('the discarded poll logged the hand-over with its task IDs; nothing is emitted twice afterwards', async () => {
		const poller = createPoller({ type: 'inter28Trigger', parameters: {}, credentials: credentials(sim) });
		await poller.poll('trigger');
		const injected = sim.state.injectReports(6);
		const superseded = await poller.poll('trigger', { supersede: true });
		assert.equal(superseded.items, null, 'n8n discarded the result');
		assert.equal((superseded.discarded?.[0] ?? []).length, 6);
		const line = superseded.logs.find((entry) => entry.message === '28inter trigger: handing 6 report(s) to n8n to start one execution');
		assert.ok(line, JSON.stringify(superseded.logs));
		assert.match(JSON.stringify(line.meta), new RegExp(injected.taskId));
		assert.equal((await poller.poll('trigger')).items, null);
	});
});
