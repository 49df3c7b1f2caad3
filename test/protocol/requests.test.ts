import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	DEFAULT_STATUS_NUM,
	ENDPOINT_URLS,
	InvalidInputError,
	MAX_STATUS_NUM,
	PATHS,
	balanceFields,
	buildFormBody,
	reportsFields,
	resolveBaseUrl,
	sendBodyBuilder,
} from '../../nodes/protocol';

const credentials = { userId: '12', account: 'zhouyang', password: 'p@ss+word' };

describe('resolveBaseUrl', () => {
	it('maps the two vendor entry points', () => {
		assert.equal(resolveBaseUrl('telecom'), 'http://dc.28inter.com');
		assert.equal(resolveBaseUrl('nonTelecom', 'http://ignored'), 'http://sms.28inter.com');
		assert.deepEqual(ENDPOINT_URLS, { telecom: 'http://dc.28inter.com', nonTelecom: 'http://sms.28inter.com' });
	});

	it('validates a custom URL and removes trailing slashes', () => {
		assert.equal(resolveBaseUrl('custom', 'http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
		assert.equal(resolveBaseUrl('custom', ' https://proxy.example.com/28inter// '), 'https://proxy.example.com/28inter');
	});

	it('refuses a missing, malformed or non-http custom URL on the baseUrl field', () => {
		for (const bad of [undefined, '', 'not a url', 'ftp://example.com', 'http://example.com/?a=1', 'http://example.com/#x', 'javascript:alert(1)']) {
			assert.throws(
				() => resolveBaseUrl('custom', bad),
				(error: unknown) => error instanceof InvalidInputError && error.field === 'baseUrl',
				String(bad),
			);
		}
	});

	it('refuses an unknown endpoint', () => {
		assert.throws(() => resolveBaseUrl('moon' as 'custom'), InvalidInputError);
	});

	it('knows the paths', () => {
		assert.deepEqual(PATHS, { send: '/sendmms.aspx', balance: '/sendmms.aspx', reports: '/mmsStatusApi.aspx' });
	});
});

describe('request fields', () => {
	it('builds the send request in the document order, percent-encoded', () => {
		const bodyFor = sendBodyBuilder(credentials, { title: '标题', content: '3,txt|zsSxvg==' });
		assert.equal(
			bodyFor(['13800138000', '13900139000']),
			'action=send&userid=12&account=zhouyang&password=p%40ss%2Bword&mobile=13800138000%2C13900139000&title=%E6%A0%87%E9%A2%98&starttime=&content=3%2Ctxt%7CzsSxvg%3D%3D',
		);
		assert.match(sendBodyBuilder(credentials, { title: '', content: 'x', startTime: '2030-01-01 08:00:00' })(['13800138000']), /&starttime=2030-01-01%2008%3A00%3A00&/);
	});

	it('builds the balance and report requests', () => {
		assert.deepEqual(balanceFields(credentials), { action: 'overage', userid: '12', account: 'zhouyang', password: 'p@ss+word' });
		assert.deepEqual(reportsFields(credentials, DEFAULT_STATUS_NUM), { action: 'query', userid: '12', account: 'zhouyang', password: 'p@ss+word', statusNum: '4000' });
		assert.equal(reportsFields(credentials, MAX_STATUS_NUM).statusNum, '10000');
	});

	it('refuses a statusNum outside 1..10,000', () => {
		for (const bad of [0, 10_001, 1.5, Number.NaN]) assert.throws(() => reportsFields(credentials, bad), InvalidInputError);
	});
});

describe('sendBodyBuilder', () => {
	it('builds, for every batch, the body of the fields in the document order', () => {
		const message = { title: '春季 新品+', content: '3,txt|zsSxvg==,jpg|/9j/+A==', startTime: '2030-01-01 08:00:00' };
		const bodyFor = sendBodyBuilder(credentials, message);
		for (const mobiles of [['13800138000'], ['13800138000', '13900139000']]) {
			const fields = { action: 'send', userid: '12', account: 'zhouyang', password: 'p@ss+word', mobile: mobiles.join(','), title: message.title, starttime: message.startTime, content: message.content };
			assert.equal(bodyFor(mobiles), buildFormBody(fields));
		}
	});

	it('refuses an empty batch or one over 2,000 numbers', () => {
		const bodyFor = sendBodyBuilder(credentials, { title: '', content: 'x' });
		assert.throws(() => bodyFor([]), InvalidInputError);
		assert.throws(() => bodyFor(Array.from({ length: 2001 }, () => '13800138000')), /2001/);
	});
});
