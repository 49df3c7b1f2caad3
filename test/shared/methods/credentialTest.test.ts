// The credential's "Test" button (methods.credentialTest) through n8n-core's CredentialTestContext,
// as n8n's CredentialsTester calls it, against the simulator and against servers that are not 28inter.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { testCredential } from '../../support/engine/engine';
import { startSimulator } from '../../simulator';
import { credentialData, WRONG_PASSWORD } from '../../support/credentials';
import { assertNoSecret } from '../../support/secrets';
import { requestsOf } from '../../support/simulatorFixture';
import { useSimulator } from '../../support/simulatorFixture';

const sim = useSimulator();
let htmlServer: Server;
let htmlUrl = '';

before(async () => {
	// A web server that is not 28inter: answers every request with a small HTML page.
	htmlServer = createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			res.writeHead(200, { 'Content-Type': 'text/html' });
			res.end('<html><body>It works! Apache default page</body></html>');
		});
	});
	await new Promise<void>((resolve) => htmlServer.listen(0, '127.0.0.1', resolve));
	htmlUrl = `http://127.0.0.1:${(htmlServer.address() as AddressInfo).port}`;
});

after(async () => {
	await new Promise<void>((resolve) => (htmlServer ? htmlServer.close(() => resolve()) : resolve()));
});


describe('credential test (n8n "Test" button)', () => {
	it('good credentials: OK with the account kind and balance', async () => {
		const result = await testCredential('inter28Api', credentialData(sim.url));
		assert.deepEqual(result, { status: 'OK', message: 'Connected: prepaid account, balance 1000000' });
		assert.equal(requestsOf(sim, 'balance').length, 1, 'it ran a balance query');
		assert.equal(requestsOf(sim, 'send').length, 0, 'and never a send');
	});

	it('a postpaid account with a negative balance is still OK', async () => {
		const result = await testCredential('inter28Api', credentialData(sim.url, 'postpaid'));
		assert.deepEqual(result, { status: 'OK', message: 'Connected: postpaid account, balance -120' });
	});

	it('wrong password: plain words', async () => {
		const result = await testCredential('inter28Api', credentialData(sim.url, 'demo', { password: WRONG_PASSWORD }));
		assert.deepEqual(result, {
			status: 'Error',
			message:
				'28inter refused these credentials: wrong user ID, account or password (用户名或密码错误). Check the user ID, account and password.',
		});
		assert.equal(requestsOf(sim, 'balance')[0].vendorCode, 'Faild');
		assertNoSecret('output', result);
	});

	it('empty password: plain words', async () => {
		const result = await testCredential('inter28Api', credentialData(sim.url, 'demo', { password: '' }));
		assert.equal(result.status, 'Error');
		assert.equal(
			result.message,
			'28inter refused these credentials: user name or password empty (用户名或密码不能为空). Check the user ID, account and password.',
		);
	});

	it('unreachable host (a closed port): plain words', async () => {
		const closed = await startSimulator();
		const url = closed.url;
		await closed.close();
		const result = await testCredential('inter28Api', credentialData(url));
		assert.equal(result.status, 'Error');
		assert.equal(
			result.message,
			`Could not reach 28inter at ${new URL(url).host}: the request was not sent. Check the endpoint or base URL.`,
		);
		assertNoSecret('output', result);
	});

	it('a server that is not 28inter (an HTML page with HTTP 200): plain words', async () => {
		const result = await testCredential('inter28Api', credentialData(htmlUrl));
		assert.equal(result.status, 'Error');
		assert.equal(
			result.message,
			'The server answered, but not like 28inter — check the base URL. It said: "<html><body>It works! Apache default page</body></html>"',
		);
		assertNoSecret('output', result);
	});

	it('the gateway answering a maintenance page (simulator html200): plain words', async () => {
		sim.state.injectFault({ kind: 'html200', operation: 'balance' });
		const result = await testCredential('inter28Api', credentialData(sim.url));
		assert.equal(result.status, 'Error');
		assert.match(result.message, /^The server answered, but not like 28inter — check the base URL\. It said: "<!DOCTYPE html/);
		assertNoSecret('output', result);
	});

	it('HTTP 500: plain words', async () => {
		sim.state.injectFault({ kind: 'http500', operation: 'balance' });
		const result = await testCredential('inter28Api', credentialData(sim.url));
		assert.equal(result.status, 'Error');
		assert.equal(
			result.message,
			`28inter at ${new URL(sim.url).host} answered HTTP 500 instead of a protocol reply. Check the base URL: it does not look like a 28inter entry point.`,
		);
		assertNoSecret('output', result);
	});

	it('a base URL that is not http(s): plain words, nothing sent', async () => {
		const result = await testCredential('inter28Api', credentialData('ftp://127.0.0.1:21'));
		assert.equal(result.status, 'Error');
		assert.match(result.message, /^The base URL must start with http:\/\/ or https:\/\/, not ftp:\/\/\. /);
		assertNoSecret('output', result);
	});
});
