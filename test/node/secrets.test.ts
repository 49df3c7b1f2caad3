// The password never appears in items, errors (message, description, stack), hints or logs —
// including when a server that is not 28inter echoes the request (with the password) back and the
// node quotes that reply in its error.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';

import { loadPackage, runNode, testCredential } from '../support/engine/engine';
import { startSimulator, type FaultKind, type RunningSimulator } from '../simulator';
import {
	NODE_TYPE,
	PASSWORD,
	SECRET_STEM,
	WRONG_PASSWORD,
	assertNoSecret,
	assertRunHasNoSecret,
	balanceParameters,
	credentialData,
	credentials,
	reportParameters,
	resetSimulator,
	sendParameters,
} from './helpers';

let sim: RunningSimulator;
let echo: Server;
let echoUrl = '';
/** How many filler characters the echo page puts before the request body. */
let echoPadding = 0;
let echoed = 0;

before(async () => {
	await loadPackage();
	sim = await startSimulator();
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
	await sim?.close();
	await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
});

beforeEach(() => resetSimulator(sim));

describe('the password is never shown', () => {
	it('the test password really is sent (so the checks below are meaningful)', async () => {
		echoPadding = 0;
		const result = await testCredential('inter28Api', credentialData(echoUrl));
		assert.equal(result.status, 'Error');
		// The echo page quotes the form body; the node must have replaced the password in it.
		assert.match(result.message, /password=\*\*\*/);
		assertNoSecret(result);
		assert.ok(encodeURIComponent(PASSWORD).startsWith(SECRET_STEM));
	});

	it('credential test: an echoing server, whatever the cut of the quoted reply', async () => {
		// The message quotes at most 80 characters: move the password across that cut.
		for (echoPadding = 0; echoPadding <= 40; echoPadding++) {
			const result = await testCredential('inter28Api', credentialData(echoUrl));
			assert.equal(result.status, 'Error');
			assert.match(result.message, /^The server answered, but not like 28inter/);
			assertNoSecret(result);
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
				resetSimulator(sim);
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
