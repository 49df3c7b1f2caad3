// Account → Get Balance through n8n's real engine against the 28inter simulator.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runNode } from '../../../support/engine/engine';
import { credentials, WRONG_PASSWORD } from '../../../support/credentials';
import { balanceParameters, NODE_TYPE, sendParameters } from '../../../support/nodeParameters';
import { assertNodeError } from '../../../support/runAssertions';
import { assertRunHasNoSecret } from '../../../support/secrets';
import { requestsOf, useSimulator } from '../../../support/simulatorFixture';

const sim = useSimulator();

describe('Account → Get Balance', () => {
	for (const prolog of ['malformed', 'correct', 'none'] as const) {
		it(`reads a prepaid balance (${prolog} XML prolog)`, async () => {
			sim.state.settings({ balanceProlog: prolog });
			sim.state.updateAccount('demo', { balance: 98_765 });
			const result = await runNode({ type: NODE_TYPE, parameters: balanceParameters(), credentials: credentials(sim) });
			assert.equal(result.error, undefined, result.error?.message);
			assert.deepEqual(
				result.items.map((i) => i.json),
				[{ billing: 'prepaid', balance: 98_765, totalPoints: 1_000_000, message: '返回成功' }],
			);
			assert.deepEqual(result.items[0].pairedItem, { item: 0 });
			const [request, ...more] = requestsOf(sim, 'balance');
			assert.equal(more.length, 0);
			assert.equal(request.vendorCode, 'Success');
			// The simulator really used the prolog asked for.
			if (prolog === 'malformed') assert.match(request.reply, /^<xml version="1\.0" encoding="utf-8">/);
			if (prolog === 'correct') assert.match(request.reply, /^<\?xml version="1\.0" encoding="utf-8"\?>/);
			if (prolog === 'none') assert.match(request.reply, /^<returnsms>/);
			assertRunHasNoSecret(result);
		});
	}

	it('reads a negative postpaid balance, and the balance after a send', async () => {
		const before = await runNode({ type: NODE_TYPE, parameters: balanceParameters(), credentials: credentials(sim, 'postpaid') });
		assert.equal(before.error, undefined, before.error?.message);
		assert.deepEqual(before.items[0].json, { billing: 'postpaid', balance: -120, totalPoints: 120, message: '返回成功' });

		const sent = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000,13900139000,13700137000' }),
			credentials: credentials(sim, 'postpaid'),
		});
		assert.equal(sent.error, undefined, sent.error?.message);
		assert.equal(sent.items[0].json.balance, -123, 'the send output carries the balance after the send');

		const afterSend = await runNode({ type: NODE_TYPE, parameters: balanceParameters(), credentials: credentials(sim, 'postpaid') });
		assert.deepEqual(afterSend.items[0].json, { billing: 'postpaid', balance: -123, totalPoints: 123, message: '返回成功' });
	});

	it('answers once per input item, each linked to its item', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: balanceParameters(),
			credentials: credentials(sim),
			items: [{ json: {} }, { json: {} }],
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(
			result.items.map((i) => i.pairedItem),
			[{ item: 0 }, { item: 1 }],
		);
		assert.equal(requestsOf(sim, 'balance').length, 2);
	});

	it('wrong credentials: Faild becomes a node error in plain words', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: balanceParameters(),
			credentials: credentials(sim, 'demo', { password: WRONG_PASSWORD }),
		});
		const error = assertNodeError(result, {
			name: 'NodeApiError',
			message: '28inter error Faild: wrong user ID, account or password (用户名或密码错误)',
			itemIndex: 0,
		});
		assert.match(String(error.description), /Check the user ID, account and password/);
		assert.equal(requestsOf(sim, 'balance')[0].vendorCode, 'Faild');
		assertRunHasNoSecret(result);
	});

	it('empty credentials: Faild with the vendor\'s "empty" text', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: balanceParameters(),
			credentials: credentials(sim, 'demo', { account: '', password: '' }),
		});
		const error = assertNodeError(result, {
			name: 'NodeApiError',
			message: '28inter error Faild: user name or password empty (用户名或密码不能为空)',
			itemIndex: 0,
		});
		assert.match(String(error.description), /Fill in the user ID, account and password/);
		assertRunHasNoSecret(result);
	});

	it('Continue On Fail: { error, code: "Faild" }', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: balanceParameters(),
			credentials: credentials(sim, 'demo', { password: WRONG_PASSWORD }),
			continueOnFail: true,
		});
		assert.equal(result.error, undefined);
		assert.equal(result.items[0].json.code, 'Faild');
		assert.equal(result.items[0].json.error, '28inter error Faild: wrong user ID, account or password (用户名或密码错误)');
		assertRunHasNoSecret(result);
	});

	it('an HTML page instead of the XML is an error, not a balance', async () => {
		sim.state.injectFault({ kind: 'html200', operation: 'balance' });
		const result = await runNode({ type: NODE_TYPE, parameters: balanceParameters(), credentials: credentials(sim) });
		const error = assertNodeError(result, { name: 'NodeApiError', message: /^28inter sent a reply to the balance query that is not in the protocol's format/ });
		assert.doesNotMatch(`${error.message} ${error.description}`, /may have been sent|Retry on Fail/i);
		assertRunHasNoSecret(result);
	});

	it('a timeout says so (short Timeout option)', async () => {
		sim.state.injectFault({ kind: 'delay', operation: 'balance', delayMs: 2000 });
		const result = await runNode({ type: NODE_TYPE, parameters: balanceParameters({ timeout: 1 }), credentials: credentials(sim) });
		const error = assertNodeError(result, { name: 'NodeApiError', message: /^No reply from 28inter at 127\.0\.0\.1:\d+ before the timeout$/ });
		assert.match(String(error.description), /raise the Timeout option/);
		assertRunHasNoSecret(result);
	});
});
