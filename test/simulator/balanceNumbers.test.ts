// The balanceNumbers setting: how <overage> and <sendTotal> of a successful balance reply are written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BALANCE_NUMBERS, SimulatorClient } from './index';
import type { BalanceNumbers } from './index';
import { DEMO, post, SEND_PATH } from './testHelpers';
import { DEFAULT_ACCOUNTS } from './index';
import { useSimulator } from '../support/simulatorFixture';

// The simulator's own tests: no nodes to load, its default accounts.
const sim = useSimulator({ nodes: false, accounts: DEFAULT_ACCOUNTS });

const POSTPAID = { userid: '1005', account: 'postpaid', password: 'postpaid-pw' };

async function balance(credentials: Record<string, string> = DEMO): Promise<string> {
	const reply = await post(sim.url, SEND_PATH, { action: 'overage', ...credentials });
	assert.equal(reply.status, 200);
	return reply.text;
}

/** The <overage> and <sendTotal> lines as written, or null for an absent element. */
function numbers(xml: string): [string | null, string | null] {
	const line = (name: string) => new RegExp(`<${name}>[^<]*</${name}>\\r\\n`).exec(xml)?.[0] ?? null;
	return [line('overage'), line('sendTotal')];
}

describe('balanceNumbers', () => {
	const cases: Record<BalanceNumbers, { demo: [string | null, string | null]; postpaid: [string | null, string | null]; fractional: [string | null, string | null] }> = {
		plain: {
			demo: ['<overage>1000000</overage>\r\n', '<sendTotal>1000000</sendTotal>\r\n'],
			postpaid: ['<overage>-120</overage>\r\n', '<sendTotal>120</sendTotal>\r\n'],
			fractional: ['<overage>1234.50</overage>\r\n', '<sendTotal>1000000</sendTotal>\r\n'],
		},
		grouped: {
			demo: ['<overage>1,000,000</overage>\r\n', '<sendTotal>1,000,000</sendTotal>\r\n'],
			postpaid: ['<overage>-120</overage>\r\n', '<sendTotal>120</sendTotal>\r\n'],
			fractional: ['<overage>1,234.50</overage>\r\n', '<sendTotal>1,000,000</sendTotal>\r\n'],
		},
		decimal: {
			demo: ['<overage>1000000.00</overage>\r\n', '<sendTotal>1000000.00</sendTotal>\r\n'],
			postpaid: ['<overage>-120.00</overage>\r\n', '<sendTotal>120.00</sendTotal>\r\n'],
			fractional: ['<overage>1234.50</overage>\r\n', '<sendTotal>1000000.00</sendTotal>\r\n'],
		},
		empty: {
			demo: ['<overage></overage>\r\n', '<sendTotal></sendTotal>\r\n'],
			postpaid: ['<overage></overage>\r\n', '<sendTotal></sendTotal>\r\n'],
			fractional: ['<overage></overage>\r\n', '<sendTotal></sendTotal>\r\n'],
		},
		missing: { demo: [null, null], postpaid: [null, null], fractional: [null, null] },
	};

	for (const style of BALANCE_NUMBERS) {
		it(`${style}: prepaid, postpaid (negative) and fractional balances`, async () => {
			sim.state.settings({ balanceNumbers: style });
			const demo = await balance();
			assert.deepEqual(numbers(demo), cases[style].demo);
			assert.match(demo, /<returnstatus>Success<\/returnstatus>\r\n<message>返回成功<\/message>\r\n<payinfo>预付费<\/payinfo>\r\n/);
			assert.ok(demo.endsWith('</returnsms>'));
			assert.deepEqual(numbers(await balance(POSTPAID)), cases[style].postpaid);
			sim.state.updateAccount('demo', { balance: 1234.5 });
			assert.deepEqual(numbers(await balance()), cases[style].fractional);
		});
	}

	it('missing leaves the rest of the reply intact', async () => {
		sim.state.settings({ balanceNumbers: 'missing' });
		assert.equal(
			await balance(),
			'<xml version="1.0" encoding="utf-8">\r\n<returnsms>\r\n<returnstatus>Success</returnstatus>\r\n<message>返回成功</message>\r\n<payinfo>预付费</payinfo>\r\n</returnsms>',
		);
	});

	it('groups large negative numbers too', async () => {
		sim.state.settings({ balanceNumbers: 'grouped' });
		sim.state.updateAccount('postpaid', { balance: -1234567.25 });
		assert.deepEqual(numbers(await balance(POSTPAID))[0], '<overage>-1,234,567.25</overage>\r\n');
	});

	it('does not change the Faild reply, whose numbers are always empty', async () => {
		for (const style of BALANCE_NUMBERS) {
			sim.state.settings({ balanceNumbers: style });
			const xml = await balance({ ...DEMO, password: 'wrong' });
			assert.deepEqual(numbers(xml), ['<overage></overage>\r\n', '<sendTotal></sendTotal>\r\n'], style);
		}
	});

	it('is plain by default, set through the control API, and refused when unknown', async () => {
		assert.equal(sim.state.settings().balanceNumbers, 'plain');
		const client = new SimulatorClient(sim.url);
		assert.equal((await client.settings({ balanceNumbers: 'decimal' })).balanceNumbers, 'decimal');
		assert.deepEqual(numbers(await balance())[0], '<overage>1000000.00</overage>\r\n');
		await assert.rejects(client.settings({ balanceNumbers: 'roman' as BalanceNumbers }), /HTTP 400: balanceNumbers must be one of plain, grouped, decimal, empty, missing/);
	});
});
