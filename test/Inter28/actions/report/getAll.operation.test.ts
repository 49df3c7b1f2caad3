// Report → Get Many through n8n's real engine against the 28inter simulator. The vendor hands
// each report out once, so every test also checks what the simulator still holds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runNode, type RunNodeResult } from '../../../support/engine/engine';
import { type AccountName, type CredentialData, credentials, WRONG_PASSWORD } from '../../../support/credentials';
import { NODE_TYPE, reportParameters, sendParameters } from '../../../support/nodeParameters';
import { expectedReport, handedOut } from '../../../support/reports';
import { assertNodeError } from '../../../support/runAssertions';
import { assertRunHasNoSecret } from '../../../support/secrets';
import { requestsOf, useSimulator } from '../../../support/simulatorFixture';

const sim = useSimulator();

function statusNums(): string[] {
	return requestsOf(sim, 'reports').map((r) => r.fields.statusNum);
}

function jsonOf(items: RunNodeResult['items']): unknown[] {
	return items.map((i) => i.json);
}

describe('Report → Get Many', () => {
	it('by default makes one request for at most Limit reports; the rest stay pending', async () => {
		sim.state.injectReports(30, { failedShare: 0.3 });
		const result = await runNode({ type: NODE_TYPE, parameters: reportParameters({ limit: 10 }), credentials: credentials(sim) });
		assert.equal(result.error, undefined, result.error?.message);
		assertRunHasNoSecret(result);
		assert.deepEqual(statusNums(), ['10']);
		assert.equal(result.items.length, 10);
		assert.deepEqual(jsonOf(result.items), handedOut(sim).delivered.map(expectedReport));
		assert.ok(result.items.every((i) => (i.pairedItem as { item: number }).item === 0));
		assert.equal(sim.state.pendingReports('demo'), 20);
	});

	it('uses the default Limit of 50', async () => {
		sim.state.injectReports(60);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: { resource: 'report', operation: 'getAll', options: {} },
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(statusNums(), ['50']);
		assert.equal(result.items.length, 50);
		assert.equal(sim.state.pendingReports('demo'), 10);
	});

	it('reads the reports of a real send, with CDATA and slash dates as some deployments write them', async () => {
		sim.state.settings({ reportCdata: true, reportSlashDates: true, failedShare: 0 });
		const sent = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000,13900139000' }),
			credentials: credentials(sim),
		});
		assert.equal(sent.error, undefined, sent.error?.message);
		const result = await runNode({ type: NODE_TYPE, parameters: reportParameters(), credentials: credentials(sim) });
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(
			result.items.map((i) => [i.json.mobile, i.json.taskId, i.json.status, i.json.statusCode, i.json.gatewayCode]),
			[
				['13800138000', sent.items[0].json.taskId, 'delivered', 10, 'DELIVRD'],
				['13900139000', sent.items[0].json.taskId, 'delivered', 10, 'DELIVRD'],
			],
		);
		assert.match(requestsOf(sim, 'reports')[0].reply, /CDATA/);
		// Slash dates like 2020/6/8 9:05:01 still come out as ISO 8601 with +08:00.
		for (const item of result.items) assert.match(String(item.json.receivedAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
		assert.deepEqual(jsonOf(result.items), handedOut(sim).delivered.map(expectedReport));
	});

	for (const emptyReports of ['emptyBody', 'emptyReturnsms', 'selfClosing'] as const) {
		it(`outputs nothing when nothing is pending (${emptyReports})`, async () => {
			sim.state.settings({ emptyReports });
			const result = await runNode({ type: NODE_TYPE, parameters: reportParameters({ returnAll: true }), credentials: credentials(sim) });
			assert.equal(result.error, undefined, result.error?.message);
			assert.deepEqual(result.items, []);
			assert.equal(requestsOf(sim, 'reports').length, 1);
		});
	}
});

describe('Report → Get Many: Fetch Until Nothing Is Pending', () => {
	it('outputs a drain of 200,000 reports when Max Reports allows it (more items than one call takes as arguments)', async () => {
		sim.state.injectReports(200_000);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ returnAll: true, options: { pageSize: 10_000, maxReports: 250_000 } }),
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 200_000);
		assert.equal(sim.state.pendingReports(), 0);
		const mobiles = new Set(result.items.map((item) => `${item.json.taskId}|${item.json.mobile}`));
		assert.equal(mobiles.size, 200_000, 'each report once');
	});

	it('drains several pages until a short page', async () => {
		sim.state.injectReports(25);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ returnAll: true, options: { pageSize: 10 } }),
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(statusNums(), ['10', '10', '10']);
		assert.equal(result.items.length, 25);
		assert.deepEqual(jsonOf(result.items), handedOut(sim).delivered.map(expectedReport));
		assert.equal(sim.state.pendingReports(), 0);
	});

	it('drains until an empty page when the last page was full', async () => {
		sim.state.injectReports(20);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ returnAll: true, options: { pageSize: 10 } }),
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(statusNums(), ['10', '10', '10']);
		assert.equal(result.items.length, 20);
		assert.equal(new Set(result.items.map((i) => `${i.json.taskId}/${i.json.mobile}`)).size, 20, 'no report twice');
	});

	it('Max Reports: never asks for more than the cap, so the rest stays pending at the vendor', async () => {
		sim.state.injectReports(50);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ returnAll: true, options: { pageSize: 20, maxReports: 30 } }),
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(statusNums(), ['20', '10'], 'the last page asks only for what is left under the cap');
		assert.equal(result.items.length, 30);
		assert.equal(sim.state.counters().reportsHandedOut, 30, 'nothing beyond the cap was consumed');
		assert.equal(sim.state.pendingReports('demo'), 20);
		assert.deepEqual(jsonOf(result.items), handedOut(sim).delivered.map(expectedReport));
	});

	it('a failing page 2: the reports of page 1 are output, with an execution hint', async () => {
		sim.state.injectReports(25);
		// The first fault only delays page 1 by 0 ms (a normal reply), so the second hits page 2.
		sim.state.injectFaults([
			{ kind: 'delay', delayMs: 0, operation: 'reports' },
			{ kind: 'http500', operation: 'reports' },
		]);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ returnAll: true, options: { pageSize: 10 } }),
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, 'the run does not fail: reports were fetched');
		assertRunHasNoSecret(result);
		assert.equal(result.items.length, 10);
		assert.deepEqual(jsonOf(result.items), handedOut(sim).delivered.map(expectedReport));
		assert.deepEqual(statusNums(), ['10', '10'], 'no page after the failure');
		assert.equal(sim.state.pendingReports('demo'), 15, 'the failed page took nothing');
		const hint = result.hints.find((h) => /^Item 1: fetched 10 report\(s\), then a request failed/.test(h.message));
		assert.ok(hint, `hints: ${JSON.stringify(result.hints)}`);
		assert.equal(hint.type, 'warning');
		assert.match(hint.message, /answered HTTP 500/);
		assert.match(hint.message, /run again to fetch the rest/);

		const again = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ returnAll: true, options: { pageSize: 10 } }),
			credentials: credentials(sim),
		});
		assert.equal(again.items.length, 15, 'running again fetches the rest');
		assert.equal(sim.state.pendingReports('demo'), 0);
	});

	it('a failing first page fails the run (nothing was fetched)', async () => {
		sim.state.injectReports(5);
		sim.state.injectFault({ kind: 'html200', operation: 'reports' });
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ returnAll: true }),
			credentials: credentials(sim),
		});
		const error = assertNodeError(result, {
			name: 'NodeApiError',
			message: /^28inter sent a reply to the delivery report query that is not in the protocol's format/,
			itemIndex: 0,
		});
		assert.match(String(error.description), /not with a 28inter protocol reply/);
		assert.equal(sim.state.pendingReports('demo'), 5, 'an html200 fault takes nothing off the queue');
		assertRunHasNoSecret(result);
	});
});

describe('Report → Get Many: filters (matching reports out, the others still consumed)', () => {
	it('Only Status', async () => {
		sim.state.injectReports(6, { taskId: '111', failedShare: 0 });
		sim.state.injectReports(4, { taskId: '222', failedShare: 1 });
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ returnAll: true, options: { status: 'failed' } }),
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(
			result.items.map((i) => [i.json.taskId, i.json.status, i.json.statusCode]),
			Array.from({ length: 4 }, () => ['222', 'failed', 20]),
		);
		assert.deepEqual(jsonOf(result.items), handedOut(sim).delivered.filter((r) => r.status === 20).map(expectedReport));
		assert.equal(sim.state.pendingReports(), 0, 'filtered-out reports are consumed too');
	});

	it('Only Task IDs', async () => {
		sim.state.injectReports(3, { taskId: '111' });
		sim.state.injectReports(3, { taskId: '222' });
		sim.state.injectReports(3, { taskId: '333' });
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ returnAll: true, options: { taskIds: '111, 333' } }),
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(
			result.items.map((i) => i.json.taskId),
			['111', '111', '111', '333', '333', '333'],
		);
		assert.equal(sim.state.pendingReports(), 0);
	});

	it('Only Mobile Numbers (a +86 prefix in the filter is fine)', async () => {
		const sent = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000,13900139000,13700137000' }),
			credentials: credentials(sim),
		});
		assert.equal(sent.error, undefined, sent.error?.message);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ returnAll: true, options: { mobiles: '+8613900139000; 13700137000' } }),
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(
			result.items.map((i) => [i.json.mobile, i.json.taskId]),
			[
				['13900139000', sent.items[0].json.taskId],
				['13700137000', sent.items[0].json.taskId],
			],
		);
		assert.equal(sim.state.pendingReports(), 0);
	});
});

describe('Report → Get Many: vendor errorstatus 1–4', () => {
	const cases: Array<{
		code: string;
		message: string;
		description: RegExp;
		account?: AccountName;
		overrides?: Partial<CredentialData>;
	}> = [
		{
			code: '1',
			message: '28inter error 1: user name or password empty (用户名或密码不能为空)',
			description: /Fill in the user ID, account and password/,
			overrides: { userId: '', password: '' },
		},
		{
			code: '2',
			message: '28inter error 2: wrong user ID, account or password (用户名或密码错误)',
			description: /Check the user ID, account and password/,
			overrides: { password: WRONG_PASSWORD },
		},
		{
			code: '3',
			message: '28inter error 3: account not allowed to read delivery reports (该用户不允许查看状态报告)',
			description: /Ask 28inter to enable delivery report access/,
			account: 'no-reports',
		},
	];
	for (const c of cases) {
		it(`errorstatus ${c.code} becomes a node error in plain words`, async () => {
			const result = await runNode({
				type: NODE_TYPE,
				parameters: reportParameters(),
				credentials: credentials(sim, c.account ?? 'demo', c.overrides),
			});
			const error = assertNodeError(result, { name: 'NodeApiError', message: c.message, itemIndex: 0 });
			assert.match(String(error.description), c.description);
			assert.equal(requestsOf(sim, 'reports')[0].vendorCode, `errorstatus ${c.code}`);
			assertRunHasNoSecret(result);

			const continued = await runNode({
				type: NODE_TYPE,
				parameters: reportParameters(),
				credentials: credentials(sim, c.account ?? 'demo', c.overrides),
				continueOnFail: true,
			});
			assert.equal(continued.error, undefined);
			assert.deepEqual(
				[continued.items[0].json.error, continued.items[0].json.code],
				[c.message, c.code],
			);
			assertRunHasNoSecret(continued);
		});
	}

	it('errorstatus 4 (statusNum out of range) is prevented: a Limit over 10,000 is refused before any request', async () => {
		const result = await runNode({ type: NODE_TYPE, parameters: reportParameters({ limit: 10_001 }), credentials: credentials(sim) });
		const error = assertNodeError(result, {
			name: 'NodeOperationError',
			message: 'Limit 10001 is not a whole number from 1 to 10,000',
			itemIndex: 0,
		});
		assert.match(String(error.description), /parameter: limit; nothing was sent to 28inter/);
		assert.deepEqual(sim.state.requests(), []);
	});

	it('a Page Size over 10,000 is refused before any request', async () => {
		sim.state.injectReports(3);
		const result = await runNode({
			type: NODE_TYPE,
			parameters: reportParameters({ returnAll: true, options: { pageSize: 50_000 } }),
			credentials: credentials(sim),
		});
		const error = assertNodeError(result, { name: 'NodeOperationError', message: 'Page Size 50000 is not a whole number from 1 to 10,000', itemIndex: 0 });
		assert.match(String(error.description), /parameter: pageSize; nothing was sent to 28inter/);
		assert.deepEqual(sim.state.requests(), []);
		assert.equal(sim.state.pendingReports('demo'), 3);
	});
});
