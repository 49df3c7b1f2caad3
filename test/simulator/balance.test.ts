// action=overage: the balance XML in its three prolog styles, and Faild with the vendor's words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO, mobiles, post, SEND_PATH, sendFields } from './testHelpers';
import { DEFAULT_ACCOUNTS } from './index';
import { useSimulator } from '../support/simulatorFixture';

// The simulator's own tests: no nodes to load, its default accounts.
const sim = useSimulator({ nodes: false, accounts: DEFAULT_ACCOUNTS });

async function balance(overrides: Record<string, string> = {}): Promise<string> {
	const reply = await post(sim.url, SEND_PATH, { action: 'overage', ...DEMO, ...overrides });
	assert.equal(reply.status, 200);
	return reply.text;
}

function element(xml: string, name: string): string | undefined {
	return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

describe('balance query', () => {
	it('starts with the document\'s malformed prolog by default', async () => {
		const xml = await balance();
		assert.ok(xml.startsWith('<xml version="1.0" encoding="utf-8">\r\n<returnsms>'));
		assert.equal(element(xml, 'returnstatus'), 'Success');
		assert.equal(element(xml, 'message'), '返回成功');
		assert.equal(element(xml, 'payinfo'), '预付费');
		assert.equal(element(xml, 'overage'), '1000000');
		assert.equal(element(xml, 'sendTotal'), '1000000');
	});

	it('switches to a correct prolog or none', async () => {
		sim.state.settings({ balanceProlog: 'correct' });
		assert.ok((await balance()).startsWith('<?xml version="1.0" encoding="utf-8"?>\r\n<returnsms>'));
		sim.state.settings({ balanceProlog: 'none' });
		assert.ok((await balance()).startsWith('<returnsms>'));
	});

	it('shows the balance after sends', async () => {
		await post(sim.url, SEND_PATH, sendFields({ mobile: mobiles(7) }));
		const xml = await balance();
		assert.equal(element(xml, 'overage'), '999993');
		assert.equal(element(xml, 'sendTotal'), '1000000', 'prepaid sendTotal is the total recharged, not changed by sends');
	});

	it('reports a postpaid account with a negative balance and its points used', async () => {
		const postpaid = { userid: '1005', account: 'postpaid', password: 'postpaid-pw' };
		await post(sim.url, SEND_PATH, sendFields({ ...postpaid, mobile: mobiles(2) }));
		const xml = await balance(postpaid);
		assert.equal(element(xml, 'payinfo'), '后付费');
		assert.equal(element(xml, 'overage'), '-122');
		assert.equal(element(xml, 'sendTotal'), '122');
	});

	it('answers Faild with 用户名或密码不能为空 for empty credentials', async () => {
		for (const empty of [{ userid: '' }, { account: '' }, { password: '' }] as Array<Record<string, string>>) {
			const xml = await balance(empty);
			assert.equal(element(xml, 'returnstatus'), 'Faild');
			assert.equal(element(xml, 'message'), '用户名或密码不能为空');
		}
	});

	it('answers Faild with 用户名或密码错误 for wrong credentials', async () => {
		for (const wrong of [{ password: 'x' }, { userid: '9' }, { account: 'nobody' }] as Array<Record<string, string>>) {
			const xml = await balance(wrong);
			assert.equal(element(xml, 'returnstatus'), 'Faild');
			assert.equal(element(xml, 'message'), '用户名或密码错误');
		}
		assert.ok((await balance({ password: 'x' })).startsWith('<xml version="1.0"'), 'the Faild reply has the same prolog');
	});

	it('works for accounts without MMS or report permission', async () => {
		assert.equal(element(await balance({ userid: '1002', account: 'no-mms', password: 'no-mms-pw' }), 'returnstatus'), 'Success');
		assert.equal(element(await balance({ userid: '1003', account: 'no-reports', password: 'no-reports-pw' }), 'returnstatus'), 'Success');
	});
});
