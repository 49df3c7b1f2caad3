// Message → Send for campaigns: preview without sending, the balance check, pacing, one item per
// recipient (joined with the trigger's reports), and identical items combined into one request.
// Through n8n's real engine; every claim is checked against the simulator's own record.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createPoller, runNode } from '../../../support/engine/engine';
import { credentials } from '../../../support/credentials';
import { NODE_TYPE, TRIGGER_TYPE, mobileNumbers, sendParameters } from '../../../support/nodeParameters';
import { assertNodeError } from '../../../support/runAssertions';
import { assertRunHasNoSecret } from '../../../support/secrets';
import { requestsOf, useSimulator } from '../../../support/simulatorFixture';

const sim = useSimulator();
const numbers = mobileNumbers(4500);
const bulk = (options: Record<string, unknown> = {}) =>
	sendParameters({ recipients: numbers.join(','), title: '活动', frames: [{ duration: 3, text: '春季新品上市' }], options });

describe('Preview Only: every check, nothing sent', () => {
	it('reports the same submissions a real send then makes, and the balance, marked as a preview', async () => {
		const preview = await runNode({ type: NODE_TYPE, parameters: bulk({ dryRun: true }), credentials: credentials(sim) });
		assert.equal(preview.error, undefined, preview.error?.message);
		assert.equal(requestsOf(sim, 'send').length, 0, 'nothing was submitted');
		assert.equal(sim.state.submissions().length, 0);
		assert.equal(preview.items.length, 1);
		const json = preview.items[0].json as Record<string, unknown>;
		assert.equal(json.preview, true);
		assert.match(String(json.notice), /^Preview only: nothing was sent to 28inter\.$/);
		assert.equal(json.pointsNeeded, 4500);
		assert.equal(json.balance, 1_000_000);
		assert.equal(json.balanceCovers, true);
		assert.deepEqual((json.frames as Array<{ text: string }>).map((f) => f.text), ['春季新品上市']);
		const planned = (json.submissions as Array<{ recipientCount: number; firstRecipient: string; lastRecipient: string }>).map((s) => [s.recipientCount, s.firstRecipient, s.lastRecipient]);

		const sent = await runNode({ type: NODE_TYPE, parameters: bulk(), credentials: credentials(sim) });
		assert.equal(sent.error, undefined, sent.error?.message);
		assert.deepEqual(sim.state.submissions().map((s) => [s.mobiles.length, s.mobiles[0], s.mobiles[s.mobiles.length - 1]]), planned);
		assert.equal(sim.state.submissions()[0].sizeBytes, json.mmsBytes);
	});

	it('still previews when the balance cannot be read, and says why', async () => {
		sim.state.injectFault({ kind: 'http500', operation: 'balance' });
		const preview = await runNode({ type: NODE_TYPE, parameters: bulk({ dryRun: true }), credentials: credentials(sim) });
		assert.equal(preview.error, undefined);
		assert.equal(preview.items[0].json.balance, null);
		assert.match(String(preview.items[0].json.balanceError), /HTTP 500/);
		assert.equal(requestsOf(sim, 'send').length, 0);
	});
});

describe('Check Balance First', () => {
	it('an execution that needs more points than the account has sends nothing and says how many', async () => {
		sim.state.updateAccount('demo', { balance: 4000 });
		const result = await runNode({ type: NODE_TYPE, parameters: bulk(), credentials: credentials(sim) });
		const error = assertNodeError(result, { name: 'NodeOperationError', message: 'Not enough points: this send needs 4500, the account has 4000' });
		assert.match(String(error.description), /nothing was sent to 28inter/);
		assert.equal(requestsOf(sim, 'send').length, 0);
		assert.equal(requestsOf(sim, 'balance').length, 1, 'one balance query');
		assertRunHasNoSecret(result);
	});

	it('counts Points per Recipient, and with Continue On Fail gives every item its error', async () => {
		sim.state.updateAccount('demo', { balance: 9000 });
		const result = await runNode({ type: NODE_TYPE, parameters: bulk({ pointsPerRecipient: 2.5 }), credentials: credentials(sim), continueOnFail: true });
		assert.equal(result.items[0].json.code, 'BALANCE_TOO_LOW');
		assert.match(String(result.items[0].json.error), /needs 11250, the account has 9000/);
		assert.equal(requestsOf(sim, 'send').length, 0);
	});

	it('one point per recipient is what the balance drops by (the simulator charges as 28inter does)', async () => {
		const balance = async () =>
			(await runNode({ type: NODE_TYPE, parameters: { resource: 'account', operation: 'getBalance', options: {} }, credentials: credentials(sim) })).items[0].json.balance as number;
		const before = await balance();
		const result = await runNode({ type: NODE_TYPE, parameters: bulk(), credentials: credentials(sim) });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(before - (await balance()), 4500);
		assert.equal(Math.min(...result.items.map((i) => i.json.balance as number)), before - 4500, "the vendor's own figure after the last submission");
	});

	it('is not run for a single submission unless asked for', async () => {
		await runNode({ type: NODE_TYPE, parameters: sendParameters({ recipients: '13800138000' }), credentials: credentials(sim) });
		assert.equal(requestsOf(sim, 'balance').length, 0);
		await runNode({ type: NODE_TYPE, parameters: sendParameters({ recipients: '13800138000', options: { checkBalance: true } }), credentials: credentials(sim) });
		assert.equal(requestsOf(sim, 'balance').length, 1);
	});
});

describe('Pause Between Submissions', () => {
	it('keeps at least the pause between the starts of submissions (from the simulator’s request log)', async () => {
		const result = await runNode({ type: NODE_TYPE, parameters: bulk({ pauseBetweenSubmissions: 300, concurrency: 3 }), credentials: credentials(sim) });
		assert.equal(result.error, undefined, result.error?.message);
		const arrivals = requestsOf(sim, 'send').map((r) => Date.parse(r.receivedAt));
		assert.equal(arrivals.length, 3);
		for (let i = 1; i < arrivals.length; i++) assert.ok(arrivals[i] - arrivals[i - 1] >= 300 - 5, `gap ${i}: ${arrivals[i] - arrivals[i - 1]} ms`);
	});
});

describe('One Item per Recipient', () => {
	it('every number of a 4,500-number send gets an item that joins with the trigger’s report on taskId + mobile', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: { ...bulk({ outputPerRecipient: true, recipientFields: 'customerId, missing' }) },
			credentials: credentials(sim),
			items: [{ json: { customerId: 'C-42', other: 'x' } }],
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 4500);
		assert.ok(result.items.every((i) => (i.pairedItem as { item: number }).item === 0));
		assert.deepEqual(Object.keys(result.items[0].json).sort(), ['batch', 'customerId', 'mobile', 'taskId']);
		const sent = new Map(result.items.map((i) => [`${i.json.taskId}|${i.json.mobile}`, i.json]));
		assert.equal(sent.size, 4500);

		const poller = createPoller({ type: TRIGGER_TYPE, parameters: {}, credentials: credentials(sim) });
		const reports = (await poller.poll('trigger')).items ?? [];
		assert.equal(reports.length, 4500);
		for (const report of reports) {
			const row = sent.get(`${report.json.taskId}|${report.json.mobile}`);
			assert.ok(row, `report ${report.json.taskId}|${report.json.mobile} joins a sent row`);
			assert.equal(row.customerId, 'C-42');
		}
	});
});

describe('Combine Identical Messages (default on)', () => {
	const rows = Array.from({ length: 1000 }, (_, i) => ({ json: { phone: String(13_900_000_000 + i), row: i } }));
	const perRow = (options: Record<string, unknown> = {}) =>
		sendParameters({ recipients: '={{ $json.phone }}', title: '活动', frames: [{ duration: 3, text: '您好，春季新品上市' }], options });

	it('1,000 rows with the same message: one request, every row its own output item with the task ID', async () => {
		const result = await runNode({ type: NODE_TYPE, parameters: perRow(), credentials: credentials(sim), items: rows });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(requestsOf(sim, 'send').length, 1);
		const [submission] = sim.state.submissions();
		assert.equal(submission.mobiles.length, 1000);
		assert.equal(result.items.length, 1000);
		result.items.forEach((item, i) => {
			assert.deepEqual(item.pairedItem, { item: i });
			assert.equal(item.json.taskId, submission.taskId);
			assert.deepEqual(item.json.recipients, [rows[i].json.phone]);
			assert.equal(item.json.combinedItems, 1000);
		});
	});

	it('a number two rows share is sent once, and both rows get the task ID that carried it', async () => {
		const items = [{ json: { phone: '13900000001,13900000002' } }, { json: { phone: '13900000002' } }];
		const result = await runNode({ type: NODE_TYPE, parameters: perRow(), credentials: credentials(sim), items });
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(sim.state.submissions().map((s) => s.mobiles), [['13900000001', '13900000002']]);
		assert.deepEqual(result.items.map((i) => i.json.recipients), [['13900000001', '13900000002'], ['13900000002']]);
	});

	it('rows with different text are sent one by one; a row with a bad number fails alone, before anything is sent', async () => {
		const items = [{ json: { phone: '13900000001', name: '王' } }, { json: { phone: 'bad', name: '李' } }, { json: { phone: '13900000003', name: '张' } }];
		const personal = sendParameters({ recipients: '={{ $json.phone }}', frames: [{ duration: 3, text: '={{ $json.name }}先生您好' }] });
		const result = await runNode({ type: NODE_TYPE, parameters: personal, credentials: credentials(sim), items, continueOnFail: true });
		assert.equal(requestsOf(sim, 'send').length, 2);
		assert.deepEqual(result.items.map((i) => i.json.code ?? 'sent'), ['sent', 'INVALID_INPUT', 'sent']);
	});

	it('with Continue On Fail, every row whose numbers were in the failed submission gets its own error item', async () => {
		sim.state.injectFault({ kind: 'http500', operation: 'send' });
		const result = await runNode({ type: NODE_TYPE, parameters: perRow(), credentials: credentials(sim), items: rows.slice(0, 5), continueOnFail: true });
		assert.equal(result.items.length, 5);
		result.items.forEach((item, i) => {
			assert.deepEqual(item.pairedItem, { item: i });
			assert.equal(item.json.code, 'HTTP_500');
			assert.equal(item.json.uncertainRecipientCount, 1);
			assert.equal(item.json.notSentRecipientCount, 0);
		});
	});

	it('off: one request per row, as before', async () => {
		const result = await runNode({ type: NODE_TYPE, parameters: perRow({ combineItems: false }), credentials: credentials(sim), items: rows.slice(0, 3) });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(requestsOf(sim, 'send').length, 3);
		assert.equal(result.items[0].json.combinedItems, undefined);
	});
});
