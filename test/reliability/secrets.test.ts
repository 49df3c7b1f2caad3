// The password never appears in any output, error message, description, stack or log — on the
// error paths that are most likely to leak it: a proxy or broken server that echoes the request
// (which carries the password in its form body) back as the reply, and the vendor refusing the
// credentials. The fault and bad-input suites run the same scanner on every one of their paths;
// the first test here shows the scanner finds the password in every form it could take.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { createPoller, runNode, testCredential } from '../support/engine/engine';
import { accountsWith, credentials, DEMO, PASSWORD } from '../support/credentials';
import { assertNoSecret, runSurface } from '../support/secrets';
import { useSimulator } from '../support/simulatorFixture';
import { trackUnhandled } from '../support/unhandled';

const unhandled = trackUnhandled();
const sim = useSimulator({ accounts: accountsWith({ demo: { balance: 1e12 } }), settings: { recordLimit: 1_000_000, failedShare: 0.1 } });
let echo: Server;
let echoUrl = '';
/** How the echo server answers: the request body inside an HTML page (HTTP 200), decoded or raw, or as HTTP 500. */
let echoMode: 'htmlRaw' | 'htmlDecoded' | 'status500' | 'plainDecoded' = 'htmlRaw';

before(async () => {
	echo = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const decoded = decodeURIComponent(body.replace(/\+/g, ' '));
			const text =
				echoMode === 'htmlRaw'
					? `<html><body>Bad request: ${body}</body></html>`
					: echoMode === 'plainDecoded'
						? `password=${PASSWORD} ${decoded}`
						: `<html><body><pre>${decoded}</pre></body></html>`;
			res.writeHead(echoMode === 'status500' ? 500 : 200, { 'Content-Type': 'text/html; charset=utf-8' });
			res.end(text);
		});
	});
	await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
	echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});

after(async () => {
	await new Promise<void>((resolve) => echo?.close(() => resolve()));
});

const echoCredentials = (): Record<string, object> => ({
	inter28Api: { endpoint: 'custom', baseUrl: echoUrl, userId: DEMO.userId, account: DEMO.account, password: PASSWORD },
});

describe('the secret scanner', () => {
	it('finds the password raw, percent-encoded, JSON-escaped, cut at its non-ASCII character, in stacks, Buffers and non-enumerable fields', () => {
		const error = new Error('boom');
		error.stack = `Error: request failed\n    body: password=${encodeURIComponent(PASSWORD)}`;
		const hidden = {};
		Object.defineProperty(hidden, 'config', { value: { data: `password=${PASSWORD}` }, enumerable: false });
		const samples: unknown[] = [
			{ deep: [{ message: `x ${PASSWORD} y` }] },
			error,
			hidden,
			Buffer.from(`a=${PASSWORD}`),
			`pw: ${encodeURIComponent(PASSWORD).toLowerCase()}`,
			JSON.stringify({ pw: PASSWORD }, null, 0).replace('Δ', '\\u0394'),
			'S3cr3t-Pa55-\ufffd (mangled at its non-ASCII character)',
			new Map([['k', PASSWORD]]),
		];
		for (const [index, sample] of samples.entries()) {
			assert.throws(() => assertNoSecret('probe', sample), /a password \(as /, `sample ${index}`);
		}
		assertNoSecret('redacted text is fine', 'password=*** account=reliability', { password: '***' });
	});
});

describe('a server that echoes the request (with the password) back', () => {
	for (const mode of ['htmlRaw', 'htmlDecoded', 'plainDecoded', 'status500'] as const) {
		it(`${mode}: Send, Get Balance, Get Many, trigger and credential test never show the password`, async () => {
			echoMode = mode;
			const send = await runNode({
				type: 'inter28',
				parameters: {
					resource: 'message',
					operation: 'send',
					recipients: '13800138000',
					title: 't',
					contentSource: 'frames',
					frames: { frame: [{ duration: 3, text: '你好', binaryPropertyName: '' }] },
					options: {},
				},
				credentials: echoCredentials(),
			});
			assert.ok(send.error, 'send failed');
			assertNoSecret(`send (${mode})`, ...runSurface(send));
			const sendCof = await runNode({
				type: 'inter28',
				parameters: { resource: 'message', operation: 'send', recipients: '13800138000', title: 't', contentSource: 'raw', rawContent: '3,txt|zsSxvg==', options: {} },
				credentials: echoCredentials(),
				continueOnFail: true,
			});
			assert.ok(sendCof.items[0]?.json.error, 'error item');
			assertNoSecret(`send, continue on fail (${mode})`, ...runSurface(sendCof));

			const balance = await runNode({ type: 'inter28', parameters: { resource: 'account', operation: 'getBalance' }, credentials: echoCredentials() });
			assert.ok(balance.error, 'balance failed');
			assertNoSecret(`balance (${mode})`, ...runSurface(balance));

			const reports = await runNode({
				type: 'inter28',
				parameters: { resource: 'report', operation: 'getAll', returnAll: true, options: {} },
				credentials: echoCredentials(),
			});
			assert.ok(reports.error, 'getAll failed');
			assertNoSecret(`getAll (${mode})`, ...runSurface(reports));

			const poller = createPoller({
				type: 'inter28Trigger',
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, options: {} },
				credentials: echoCredentials(),
			});
			const activation = await poller.poll('trigger');
			const scheduled = await poller.poll('trigger');
			assert.ok(scheduled.error, 'a scheduled poll fails visibly');
			assertNoSecret(`trigger (${mode})`, activation, scheduled, poller.staticData(), poller.logs);
			const manual = createPoller({
				type: 'inter28Trigger',
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, options: { fetchLiveInManualMode: true } },
				credentials: echoCredentials(),
			});
			const manualPoll = await manual.poll('manual');
			assert.ok(manualPoll.error, 'a manual poll fails visibly');
			assertNoSecret(`trigger manual (${mode})`, manualPoll, manual.logs);

			const test = await testCredential('inter28Api', {
				endpoint: 'custom',
				baseUrl: echoUrl,
				userId: DEMO.userId,
				account: DEMO.account,
				password: PASSWORD,
			});
			assert.equal(test.status, 'Error');
			assertNoSecret(`credential test (${mode})`, test);
		});
	}
});

describe('the vendor refuses the credentials', () => {
	it('wrong password on every operation: the error names code 2, never the password tried', async () => {
		sim.reset();
		const wrong = `${PASSWORD}-old`;
		const refused = credentials(sim, 'demo', { password: wrong });
		const send = await runNode({
			type: 'inter28',
			parameters: { resource: 'message', operation: 'send', recipients: '13800138000', title: 't', contentSource: 'raw', rawContent: '3,txt|zsSxvg==', options: {} },
			credentials: refused,
		});
		assert.match(String(send.error?.message), /28inter error 2/);
		const balance = await runNode({ type: 'inter28', parameters: { resource: 'account', operation: 'getBalance' }, credentials: refused });
		assert.match(String(balance.error?.message), /28inter error Faild: wrong user ID, account or password/);
		const reports = await runNode({ type: 'inter28', parameters: { resource: 'report', operation: 'getAll' }, credentials: refused });
		assert.match(String(reports.error?.message), /28inter error 2/);
		const poller = createPoller({ type: 'inter28Trigger', parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] } }, credentials: refused });
		const activation = await poller.poll('trigger');
		assert.ok(activation.error, 'wrong credentials fail the activation');
		const test = await testCredential('inter28Api', refused.inter28Api);
		assert.match(test.message, /refused these credentials/);
		// The scanner looks for PASSWORD; the wrong one contains it.
		assertNoSecret('vendor refusals', ...runSurface(send), ...runSurface(balance), ...runSurface(reports), activation, poller.logs, test);
		assert.equal(sim.state.submissions().length, 0);
	});
});

describe('summary', () => {
	it('no unhandled rejection or uncaught exception', () => {
		assert.deepEqual(unhandled.list.map(String), []);
	});
});
