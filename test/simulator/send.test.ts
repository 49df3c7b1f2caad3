// action=send: every failure code 0-10 from the input the document names, and what an accepted
// send leaves behind (charge, task ID, submission record, pending reports).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO, form, gifBytes, jpegBytes, mobiles, post, SEND_PATH, sendFields, textContent } from './testHelpers';
import { DEFAULT_ACCOUNTS } from './index';
import { useSimulator } from '../support/simulatorFixture';

// The simulator's own tests: no nodes to load, its default accounts.
const sim = useSimulator({ nodes: false, accounts: DEFAULT_ACCOUNTS });

async function send(overrides: Record<string, string> = {}): Promise<string> {
	const reply = await post(sim.url, SEND_PATH, sendFields(overrides));
	assert.equal(reply.status, 200);
	return reply.text;
}

function balanceOf(account: string): number {
	const found = sim.state.accounts().find((a) => a.account === account);
	assert.ok(found);
	return found.balance;
}

describe('accepted sends', () => {
	it('answers balance:taskId, charges one point per recipient and gives unique numeric task IDs', async () => {
		const first = await send({ mobile: '13800000000,13800000001,13800000002' });
		assert.match(first, /^999997:\d+$/);
		const second = await send();
		assert.match(second, /^999996:\d+$/);
		const ids = [first, second].map((r) => r.split(':')[1]);
		assert.notEqual(ids[0], ids[1]);
		assert.equal(balanceOf('demo'), 999_996);
		assert.equal(sim.state.pendingReports('demo'), 4);
		assert.equal(sim.state.counters().sendsAccepted, 2);
	});

	it('keeps task IDs unique across a reset', async () => {
		const before = (await send()).split(':')[1];
		sim.state.reset();
		const after = (await send()).split(':')[1];
		assert.ok(BigInt(after) > BigInt(before));
	});

	it('records the decoded submission with the password masked', async () => {
		const jpg = jpegBytes(300);
		const gif = gifBytes(50);
		const content = `${textContent('文本 one')},jpg|${jpg.toString('base64')};5,gif|${gif.toString('base64')}`;
		const reply = await send({ mobile: '13800000000,13900000000', title: '标题', content, starttime: '2030-01-02 03:04:05' });
		const [submission] = sim.state.submissions();
		assert.equal(submission.taskId, reply.split(':')[1]);
		assert.deepEqual(submission.mobiles, ['13800000000', '13900000000']);
		assert.equal(submission.title, '标题');
		assert.equal(submission.startTime, '2030-01-02 03:04:05');
		assert.equal(submission.content, content);
		assert.equal(submission.balanceAfter, 999_998);
		assert.equal(submission.frames.length, 2);
		assert.equal(submission.frames[0].durationSeconds, 3);
		assert.equal(submission.frames[0].parts[0].type, 'txt');
		assert.equal(submission.frames[0].parts[0].text, '文本 one');
		assert.deepEqual(submission.frames[0].parts[1].bytes, jpg);
		assert.equal(submission.frames[1].durationSeconds, 5);
		assert.deepEqual(submission.frames[1].parts[0], { type: 'gif', bytes: gif });
		assert.equal(submission.sizeBytes, Buffer.byteLength('标题') + Buffer.byteLength('文本 one'.replace('文本', 'xxxx')) + 300 + 50);
		const [request] = sim.state.requests();
		assert.equal(request.fields.password, '***');
		const everything = JSON.stringify({ r: sim.state.requests(), s: sim.state.submissions(), l: sim.state.reportsLog() });
		assert.ok(!everything.includes(DEMO.password));
	});

	it('accepts the only sound part of the document example, 3,txt|zsSxvg== (文本)', async () => {
		assert.match(await send({ content: '3,txt|zsSxvg==' }), /^\d+:\d+$/);
		assert.equal(sim.state.submissions()[0].frames[0].parts[0].text, '文本');
	});

	it('matches paths case-insensitively, as IIS does', async () => {
		const reply = await post(sim.url, '/SendMMS.aspx', sendFields());
		assert.match(reply.text, /^\d+:\d+$/);
	});

	it('lets a postpaid account go negative', async () => {
		const reply = await send({ userid: '1005', account: 'postpaid', password: 'postpaid-pw', mobile: mobiles(3) });
		assert.match(reply, /^-123:\d+$/);
	});
});

describe('failure codes', () => {
	it('0: no action or an unknown action', async () => {
		assert.equal(await send({ action: '' }), '0');
		assert.equal(await send({ action: 'SEND' }), '0');
		assert.equal(await send({ action: 'delete' }), '0');
	});

	it('1: empty user ID, account or password', async () => {
		assert.equal(await send({ userid: '' }), '1');
		assert.equal(await send({ account: '' }), '1');
		assert.equal(await send({ password: '' }), '1');
		const reply = await post(sim.url, SEND_PATH, form({ action: 'send', mobile: '13800000000', content: '3,txt|zsSxvg==' }));
		assert.equal(reply.text, '1');
	});

	it('2: wrong password, user ID or account', async () => {
		assert.equal(await send({ password: 'nope' }), '2');
		assert.equal(await send({ userid: '1002' }), '2');
		assert.equal(await send({ account: 'ghost' }), '2');
	});

	it('3: no numbers', async () => {
		assert.equal(await send({ mobile: '' }), '3');
		const { mobile: _omitted, ...rest } = sendFields();
		assert.equal((await post(sim.url, SEND_PATH, rest)).text, '3');
	});

	it('4: empty content', async () => {
		assert.equal(await send({ content: '' }), '4');
		const { content: _omitted, ...rest } = sendFields();
		assert.equal((await post(sim.url, SEND_PATH, rest)).text, '4');
	});

	it('5: more than 2000 numbers; exactly 2000 is accepted', async () => {
		assert.equal(await send({ mobile: mobiles(2001) }), '5');
		assert.match(await send({ mobile: mobiles(2000) }), /^998000:\d+$/);
	});

	it('6: insufficient balance on a prepaid account; exactly enough is accepted', async () => {
		const low = { userid: '1004', account: 'low-balance', password: 'low-balance-pw' };
		assert.equal(await send({ ...low, mobile: mobiles(6) }), '6');
		assert.match(await send({ ...low, mobile: mobiles(5) }), /^0:\d+$/);
		assert.equal(await send({ ...low, mobile: mobiles(1) }), '6');
	});

	it('7 and 8: only by the forceSendCode switch, after validation, without charging', async () => {
		sim.state.settings({ forceSendCode: 7 });
		assert.equal(await send(), '7');
		sim.state.settings({ forceSendCode: 8 });
		assert.equal(await send(), '8');
		assert.equal(await send({ password: 'wrong' }), '2');
		sim.state.settings({ forceSendCode: null });
		assert.match(await send(), /^999999:\d+$/);
	});

	it('9: title UTF-8 bytes + decoded content over 100 x 1024 bytes; exactly the limit is accepted', async () => {
		const title = '彩信'; // 6 UTF-8 bytes
		const text = textContent('ab'); // 2 bytes
		const fits = jpegBytes(102_400 - 6 - 2);
		assert.match(await send({ title, content: `${text},jpg|${fits.toString('base64')}` }), /^\d+:\d+$/);
		const over = jpegBytes(102_400 - 6 - 2 + 1);
		assert.equal(await send({ title, content: `${text},jpg|${over.toString('base64')}` }), '9');
	});

	it('10: account without MMS permission', async () => {
		assert.equal(await send({ userid: '1002', account: 'no-mms', password: 'no-mms-pw' }), '10');
	});

	it('0: starttime not in the format YYYY-MM-DD HH:mm:ss or not a real date', async () => {
		for (const starttime of ['2011-07-11', '2011-7-11 00:00:00', '2011-07-11T00:00:00', '2011-02-30 00:00:00', '2011-07-11 24:00:00', '2011/07/11 00:00:00', ' 2011-07-11 00:00:00']) {
			assert.equal(await send({ starttime }), '0', starttime);
		}
		assert.match(await send({ starttime: '2024-02-29 23:59:59' }), /^\d+:\d+$/);
	});

	it('0: a mobile entry that is not an 11-digit number', async () => {
		assert.equal(await send({ mobile: '13800000000,12345' }), '0');
		assert.equal(await send({ mobile: '13800000000, 13800000001' }), '0');
		assert.equal(await send({ mobile: '13800000000;13800000001' }), '0');
		assert.equal(await send({ mobile: '13800000000,' }), '0');
	});

	it('0: malformed content (frame syntax, types, base64, magic bytes, GB2312)', async () => {
		const jpg = jpegBytes(30).toString('base64');
		const cases: Record<string, string> = {
			'no duration': 'txt|zsSxvg==',
			'duration 0': '0,txt|zsSxvg==',
			'no parts': '3',
			'trailing ;': '3,txt|zsSxvg==;',
			'space after ; (the document example)': '3,txt|zsSxvg==; 3,txt|zsSxvg==',
			'upper-case type': '3,TXT|zsSxvg==',
			'png type': `3,png|${jpg}`,
			'no bar': '3,txt:zsSxvg==',
			'missing padding': '3,txt|zsSxvg',
			'URL-safe alphabet': `3,jpg|${jpegBytes(30, 0xfb).toString('base64url')}`,
			'stray bits': '3,txt|zsSxvh==',
			'jpg without FF D8 FF': `3,jpg|${Buffer.from('not a jpeg').toString('base64')}`,
			'gif without GIF8xa': `3,gif|${jpg}`,
			'png bytes as jpg': `3,jpg|${Buffer.from('89504e470d0a1a0a0000', 'hex').toString('base64')}`,
			'txt that is not GB2312': `3,txt|${Buffer.from([0xff, 0xfe, 0x41]).toString('base64')}`,
			'empty part': '3,txt|',
		};
		for (const [name, content] of Object.entries(cases)) {
			assert.equal(await send({ content }), '0', name);
		}
		assert.deepEqual(sim.state.disagreements(), [], 'core and wire check agree on every case');
		assert.equal(sim.state.submissions().length, 0);
	});

	it('0: a base64 + sent unencoded arrives as a space and is refused with a note saying so', async () => {
		const jpg = jpegBytes(60, 0xfb).toString('base64');
		assert.ok(jpg.includes('+'));
		const body = form(sendFields({ content: `3,jpg|${jpg}` })).replace(/%2B/g, '+');
		const reply = await post(sim.url, SEND_PATH, body);
		assert.equal(reply.text, '0');
		const [request] = sim.state.requests();
		assert.match(request.note ?? '', /space at base64 offset \d+: a '\+' was probably sent without percent-encoding/);
		// Percent-encoded properly, the same content is accepted.
		assert.match(await send({ content: `3,jpg|${jpg}` }), /^\d+:\d+$/);
	});

	it('refused sends neither charge nor queue reports', async () => {
		await send({ password: 'x' });
		await send({ mobile: mobiles(2001) });
		await send({ content: '3,txt|bad' });
		assert.equal(balanceOf('demo'), 1_000_000);
		assert.equal(sim.state.pendingReports(), 0);
		assert.equal(sim.state.counters().sendsRefused, 3);
	});

	it('reads only a POST form body: a JSON body or a GET has no fields', async () => {
		const json = await fetch(sim.url + SEND_PATH, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(sendFields()) });
		assert.equal(await json.text(), '0');
		assert.match(sim.state.requests()[0].note ?? '', /not application\/x-www-form-urlencoded/);
		const get = await fetch(`${sim.url}${SEND_PATH}?${form(sendFields())}`);
		assert.equal(await get.text(), '0');
		assert.match(sim.state.requests()[1].note ?? '', /GET request/);
		assert.ok(!JSON.stringify(sim.state.requests()).includes(DEMO.password));
	});

	it('reads no field from a body with broken percent-encoding, and does not echo it', async () => {
		const reply = await post(sim.url, SEND_PATH, `${form(sendFields())}&password=%ZZ${DEMO.password}`);
		assert.equal(reply.text, '0');
		assert.match(sim.state.requests()[0].note ?? '', /broken percent-encoding/);
		assert.ok(!JSON.stringify(sim.state.requests()).includes(DEMO.password));
	});

	it('answers 404 for a path the gateway does not have', async () => {
		const reply = await post(sim.url, '/sendsms.aspx', sendFields());
		assert.equal(reply.status, 404);
	});
});
