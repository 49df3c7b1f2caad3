// Guards added after review: a warning that must survive a failed run, and vendor texts
// that could carry the password.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';

import { loadPackage, runNode } from '../support/engine/engine';
import { startSimulator, type RunningSimulator } from '../simulator';
import {
	NODE_TYPE,
	PASSWORD,
	assertRunHasNoSecret,
	balanceParameters,
	credentials,
	failure,
	resetSimulator,
	sendParameters,
} from './helpers';

let sim: RunningSimulator;

before(async () => {
	await loadPackage();
	sim = await startSimulator();
});

after(async () => {
	await sim?.close();
});

beforeEach(() => resetSimulator(sim));

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

describe('review guards', () => {
	it('puts the Retry On Fail warning into the error of a failed send', async () => {
		sim.state.settings({ forceSendCode: 7 });
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000' }),
			credentials: credentials(sim),
			retryOnFail: true,
			maxTries: 2,
		});
		const error = failure(result);
		assert.match(error.message, /^28inter error 7:/);
		assert.match(String(error.description), /Retry On Fail" is on/);
		assertRunHasNoSecret(result);
	});

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
