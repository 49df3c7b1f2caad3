// The transport: replies are read as they arrive, whole; and the password never appears in items,
// errors (message, description, stack), hints or logs — including when a server that is not
// 28inter echoes the request (with the password) back and the node quotes that reply in its error.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { runNode, testCredential } from '../../support/engine/engine';
import { type FaultKind } from '../../simulator';
import { credentialData, credentials, PASSWORD, SECRET_STEM, WRONG_PASSWORD } from '../../support/credentials';
import { balanceParameters, NODE_TYPE, reportParameters, sendParameters } from '../../support/nodeParameters';
import { failure } from '../../support/runAssertions';
import { assertNoSecret, assertRunHasNoSecret } from '../../support/secrets';
import { useSimulator } from '../../support/simulatorFixture';

const sim = useSimulator();
let echo: Server;
let echoUrl = '';
/** How many filler characters the echo page puts before the request body. */
let echoPadding = 0;
let echoed = 0;

before(async () => {
	// Like a misconfigured proxy or debug page: answers HTTP 200 with the request body inside HTML.
	echo = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			echoed++;
			res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
			res.end(`<html><body>${'x'.repeat(echoPadding)}${Buffer.concat(chunks).toString('utf8')}</body></html>`);
		});
	});
	await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
	echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});

after(async () => {
	await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
});


/** A balance endpoint that answers Faild with the request's password in its message. */
async function echoingBalanceServer(): Promise<{ server: Server; url: string }> {
	const server = createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		request.on('end', () => {
			const password = new URLSearchParams(body).get('password') ?? '';
			response.end(
				`<?xml version="1.0" encoding="utf-8"?><returnsms><returnstatus>Faild</returnstatus><message>密码 ${password} 错误</message><payinfo></payinfo><overage>0</overage><sendTotal>0</sendTotal></returnsms>`,
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('the password is never shown', () => {
	it('the test password really is sent (so the checks below are meaningful)', async () => {
		echoPadding = 0;
		const result = await testCredential('inter28Api', credentialData(echoUrl));
		assert.equal(result.status, 'Error');
		// The echo page quotes the form body; the node must have replaced the password in it.
		assert.match(result.message, /password=\*\*\*/);
		assertNoSecret('output', result);
		assert.ok(encodeURIComponent(PASSWORD).startsWith(SECRET_STEM));
	});

	it('credential test: an echoing server, whatever the cut of the quoted reply', async () => {
		// The message quotes at most 80 characters: move the password across that cut.
		for (echoPadding = 0; echoPadding <= 40; echoPadding++) {
			const result = await testCredential('inter28Api', credentialData(echoUrl));
			assert.equal(result.status, 'Error');
			assert.match(result.message, /^The server answered, but not like 28inter/);
			assertNoSecret('output', result);
		}
	});

	for (const operation of ['balance', 'reports', 'send'] as const) {
		it(`${operation}: an echoing server, whatever the cut of the quoted reply`, async () => {
			const parameters =
				operation === 'balance' ? balanceParameters() : operation === 'reports' ? reportParameters() : sendParameters({ recipients: '13800138000' });
			const before = echoed;
			// The error quotes at most 200 characters of the reply: move the password across that cut.
			for (echoPadding = 100; echoPadding <= 160; echoPadding++) {
				const result = await runNode({ type: NODE_TYPE, parameters, credentials: credentials(echoUrl) });
				assert.ok(result.error, 'an echoed request is not a protocol reply');
				assert.match(result.error.message, /not in the protocol's format/);
				assertRunHasNoSecret(result);
			}
			assert.equal(echoed - before, 61, 'one request per run (a send is never repeated)');
		});
	}

	it('every failure path, with and without Continue On Fail, keeps items, errors, hints and logs clean', async () => {
		const runs: Array<{ name: string; run: (continueOnFail: boolean) => ReturnType<typeof runNode> }> = [];
		const send = (recipients: string, extra: Record<string, unknown> = {}) => ({ ...sendParameters({ recipients }), ...extra });
		runs.push({
			name: 'send with a wrong password',
			run: (continueOnFail) =>
				runNode({ type: NODE_TYPE, parameters: send('13800138000'), credentials: credentials(sim, 'demo', { password: WRONG_PASSWORD }), continueOnFail }),
		});
		runs.push({
			name: 'balance with a wrong password',
			run: (continueOnFail) =>
				runNode({ type: NODE_TYPE, parameters: balanceParameters(), credentials: credentials(sim, 'demo', { password: WRONG_PASSWORD }), continueOnFail }),
		});
		runs.push({
			name: 'reports with a wrong password',
			run: (continueOnFail) =>
				runNode({ type: NODE_TYPE, parameters: reportParameters(), credentials: credentials(sim, 'demo', { password: WRONG_PASSWORD }), continueOnFail }),
		});
		runs.push({
			name: 'reports without permission',
			run: (continueOnFail) => runNode({ type: NODE_TYPE, parameters: reportParameters(), credentials: credentials(sim, 'no-reports'), continueOnFail }),
		});
		runs.push({
			name: 'send: invalid input',
			run: (continueOnFail) => runNode({ type: NODE_TYPE, parameters: send('12345'), credentials: credentials(sim), continueOnFail }),
		});
		runs.push({
			name: 'send: no MMS permission',
			run: (continueOnFail) => runNode({ type: NODE_TYPE, parameters: send('13800138000'), credentials: credentials(sim, 'no-mms'), continueOnFail }),
		});
		for (const kind of ['http500', 'html200', 'drop', 'truncated', 'acceptedThenDrop', 'delay'] as FaultKind[]) {
			for (const [operation, parameters] of [
				['send', send('13800138000', { options: { timeout: 1 } })],
				['balance', balanceParameters({ timeout: 1 })],
				['reports', reportParameters({ options: { timeout: 1 } })],
			] as const) {
				runs.push({
					name: `${operation} with a ${kind} fault`,
					run: (continueOnFail) => {
						sim.state.injectFault({ kind, operation, delayMs: 1500 });
						return runNode({ type: NODE_TYPE, parameters, credentials: credentials(sim), continueOnFail, retryOnFail: false });
					},
				});
			}
		}
		runs.push({
			name: 'reports: page 2 fails (hint)',
			run: (continueOnFail) => {
				sim.state.injectReports(3);
				sim.state.injectFaults([
					{ kind: 'delay', delayMs: 0, operation: 'reports' },
					{ kind: 'html200', operation: 'reports' },
				]);
				return runNode({
					type: NODE_TYPE,
					parameters: reportParameters({ returnAll: true, options: { pageSize: 2 } }),
					credentials: credentials(sim),
					continueOnFail,
				});
			},
		});

		let failures = 0;
		for (const { name, run } of runs) {
			for (const continueOnFail of [false, true]) {
				sim.reset();
				const result = await run(continueOnFail);
				const failed = result.error !== undefined || result.items.some((i) => i.json.error !== undefined) || result.hints.length > 0;
				assert.ok(failed, `${name} (continueOnFail ${continueOnFail}) should fail or warn`);
				failures++;
				try {
					assertRunHasNoSecret(result);
				} catch (error) {
					assert.fail(`${name} (continueOnFail ${continueOnFail}): ${(error as Error).message}`);
				}
			}
		}
		assert.equal(failures, runs.length * 2);
	});
});

describe('vendor texts are redacted before they are quoted', () => {
	it('redacts a password that the vendor echoes in its own message', async () => {
		const { server, url } = await echoingBalanceServer();
		try {
			const result = await runNode({ type: NODE_TYPE, parameters: balanceParameters(), credentials: credentials(url) });
			const error = failure(result);
			assert.match(error.message, /^28inter error Faild: .*\(密码 \*\*\* 错误\)$/);
			assert.ok(!JSON.stringify(result.runData).includes(PASSWORD));
			assertRunHasNoSecret(result);
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});

describe('replies are read as they arrive', () => {
	it('a character split between two pieces of the reply arrives whole', async () => {
		const reply = Buffer.from(
			'<?xml version="1.0" encoding="utf-8"?><returnsms><returnstatus>Success</returnstatus><message>ok</message><payinfo>预付费</payinfo><overage>1200</overage><sendTotal>5000</sendTotal></returnsms>',
			'utf8',
		);
		// Inside the three bytes of 预, the first character of <payinfo>.
		const cut = reply.indexOf(Buffer.from('预', 'utf8')) + 1;
		const server = createServer((request, response) => {
			request.resume();
			request.on('end', () => {
				response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': reply.length });
				response.write(reply.subarray(0, cut));
				// Long enough apart that the client reads them as two chunks.
				setTimeout(() => response.end(reply.subarray(cut)), 100);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			const result = await runNode({ type: NODE_TYPE, parameters: balanceParameters(), credentials: credentials(url) });
			assert.equal(result.error, undefined, result.error?.message);
			const json = result.items[0].json;
			assert.equal(json.billing, 'prepaid');
			assert.equal(json.balance, 1200);
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});

	it('a page of reports that trickles in within the timeout is read whole', async () => {
		sim.state.injectReports(2_000);
		sim.state.injectFault({ kind: 'delay', delayMs: 1_000, trickle: true, operation: 'reports' });
		const result = await runNode({ type: NODE_TYPE, parameters: reportParameters({ limit: 2_000, options: { pageSize: 2_000 } }), credentials: credentials(sim) });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 2_000);
		const log = sim.state.reportsLog({ includeReports: false });
		assert.deepEqual(log.map((entry) => [entry.outcome, entry.count]), [['delivered', 2_000]]);
	});
});
