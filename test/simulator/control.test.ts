// The JSON control API through SimulatorClient (as a test in another process would use it),
// startSimulator's lifecycle, and the command line.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEFAULT_ACCOUNTS, DEFAULT_SETTINGS, SimulatorClient, startSimulator } from './index';
import type { RunningSimulator } from './index';
import { DEMO, jpegBytes, post, queryFields, REPORTS_PATH, SEND_PATH, sendFields, statusBoxes, textContent, transportError } from './testHelpers';

let sim: RunningSimulator;
let client: SimulatorClient;

before(async () => {
	sim = await startSimulator();
	client = new SimulatorClient(`${sim.url}/`);
});
after(async () => {
	await sim.close();
});
beforeEach(async () => {
	await client.reset();
});

describe('control API', () => {
	it('shows the state with passwords masked', async () => {
		const state = await client.state();
		assert.deepEqual(state.settings, DEFAULT_SETTINGS);
		assert.equal(state.accounts.length, DEFAULT_ACCOUNTS.length);
		assert.ok(state.accounts.every((a) => a.password === '***'));
		assert.deepEqual(state.accounts[0], { ...DEFAULT_ACCOUNTS[0], billing: 'prepaid', sendTotal: 1_000_000, password: '***' });
		assert.equal(state.pendingReports.total, 0);
		assert.equal(state.counters.requests, 0);
	});

	it('lists its routes at /__simulator and answers 404 JSON for unknown ones', async () => {
		const index = (await (await fetch(`${sim.url}/__simulator`)).json()) as { routes: string[] };
		assert.ok(index.routes.length > 5);
		const missing = await fetch(`${sim.url}/__simulator/nothing`);
		assert.equal(missing.status, 404);
		assert.match(((await missing.json()) as { error: string }).error, /no control route/);
	});

	it('resets to given accounts and settings', async () => {
		await client.reset({
			accounts: [{ userId: '7', account: 'x', password: 'pw-x', balance: 2, mms: true, reports: true }],
			settings: { balanceProlog: 'none' },
		});
		assert.deepEqual((await client.accounts()).map((a) => a.account), ['x']);
		assert.equal((await client.settings()).balanceProlog, 'none');
		const reply = await post(sim.url, SEND_PATH, sendFields({ userid: '7', account: 'x', password: 'pw-x', mobile: '13800000000,13800000001,13800000002' }));
		assert.equal(reply.text, '6');
		await client.reset();
		assert.equal((await client.accounts()).length, DEFAULT_ACCOUNTS.length);
	});

	it('replaces and updates accounts', async () => {
		await client.setAccounts([...DEFAULT_ACCOUNTS, { userId: '9', account: 'extra', password: 'extra-pw', balance: 10, mms: false, reports: true }]);
		assert.equal((await post(sim.url, SEND_PATH, sendFields({ userid: '9', account: 'extra', password: 'extra-pw' }))).text, '10');
		const updated = await client.updateAccount('extra', { mms: true, balance: 3 });
		assert.equal(updated.balance, 3);
		assert.equal(updated.password, '***');
		assert.match((await post(sim.url, SEND_PATH, sendFields({ userid: '9', account: 'extra', password: 'extra-pw' }))).text, /^2:\d+$/);
		await client.updateAccount('demo', { reports: false });
		assert.match((await post(sim.url, REPORTS_PATH, queryFields())).text, /<error>3<\/error>/);
		await assert.rejects(client.updateAccount('ghost', { balance: 1 }), /HTTP 400: no simulator account named ghost/);
		await assert.rejects(client.setAccounts([{ userId: '', account: 'a', password: 'p', balance: 1, mms: true, reports: true }]), /HTTP 400/);
	});

	it('changes settings and refuses bad ones', async () => {
		const next = await client.settings({ failedShare: 0.5, reportCdata: true });
		assert.equal(next.failedShare, 0.5);
		assert.equal(next.reportCdata, true);
		await assert.rejects(client.settings({ failedShare: 2 }), /HTTP 400: failedShare/);
		await assert.rejects(client.settings({ forceSendCode: 9 as 7 }), /HTTP 400: forceSendCode/);
		await assert.rejects(client.settings({ nonsense: true } as unknown as { reportCdata: boolean }), /HTTP 400: unknown setting nonsense/);
		assert.equal((await client.settings()).failedShare, 0.5);
	});

	it('injects reports and reports what is pending', async () => {
		const result = await client.injectReports(1234, { account: 'demo', failedShare: 0 });
		assert.equal(result.count, 1234);
		assert.match(result.taskId, /^\d+$/);
		assert.equal(await client.pendingReports(), 1234);
		assert.equal(await client.pendingReports('demo'), 1234);
		assert.equal(await client.pendingReports('postpaid'), 0);
		const boxes = statusBoxes((await post(sim.url, REPORTS_PATH, queryFields({ statusNum: '34' }))).text);
		assert.ok(boxes.every((b) => b.taskid === result.taskId && b.status === '10'));
		await client.injectReports(2, { taskId: '42' });
		await assert.rejects(client.injectReports(0), /HTTP 400/);
		await assert.rejects(client.injectReports(1, { account: 'ghost' }), /HTTP 400/);
	});

	it('queues and clears faults', async () => {
		await client.injectFault({ kind: 'drop', operation: 'balance' });
		const list = await client.injectFaults([{ kind: 'delay', delayMs: 10 }, { kind: 'html200', count: 2 }]);
		assert.deepEqual(list.map((f) => [f.kind, f.remaining, f.operation]), [
			['drop', 1, 'balance'],
			['delay', 1, 'any'],
			['html200', 2, 'any'],
		]);
		await transportError(post(sim.url, SEND_PATH, { action: 'overage', ...DEMO }));
		await client.clearFaults();
		assert.deepEqual(await client.faults(), []);
		await assert.rejects(client.injectFault({ kind: 'bogus' as 'drop' }), /HTTP 400/);
	});

	it('returns submissions with Buffers, requests with the password masked, the reports log and counters', async () => {
		const jpg = jpegBytes(100);
		const sent = await post(sim.url, SEND_PATH, sendFields({ content: `${textContent('你好')},jpg|${jpg.toString('base64')}` }));
		const taskId = sent.text.split(':')[1];
		const [submission] = await client.submissions({ taskId });
		assert.deepEqual(submission, sim.state.submissions({ taskId })[0]);
		assert.ok(Buffer.isBuffer(submission.frames[0].parts[1].bytes));
		assert.deepEqual(submission.frames[0].parts[1].bytes, jpg);
		assert.deepEqual(await client.submissions({ account: 'postpaid' }), []);
		await post(sim.url, REPORTS_PATH, queryFields());
		const requests = await client.requests();
		assert.equal(requests.length, 2);
		assert.equal(requests[0].fields.password, '***');
		assert.equal((await client.requests({ offset: 1, limit: 5 }))[0].operation, 'reports');
		const log = await client.reportsLog();
		assert.equal(log[0].reports?.[0].taskId, taskId);
		assert.equal((await client.reportsLog({ includeReports: false }))[0].reports, undefined);
		const counters = await client.counters();
		assert.equal(counters.reportsDelivered, 1);
		assert.deepEqual(await client.disagreements(), []);
		const everything = JSON.stringify([await client.state(), requests, await client.submissions(), log]);
		assert.ok(!everything.includes(DEMO.password));
	});

	it('keeps at most recordLimit requests and submissions', async () => {
		await client.settings({ recordLimit: 3 });
		for (let i = 0; i < 5; i++) await post(sim.url, SEND_PATH, sendFields());
		assert.equal((await client.requests()).length, 3);
		assert.equal((await client.submissions()).length, 3);
		assert.equal((await client.counters()).sendsAccepted, 5);
	});
});

describe('startSimulator', () => {
	it('picks free ports, binds to 127.0.0.1, and closes keep-alive sockets', async () => {
		const a = await startSimulator();
		const b = await startSimulator({ settings: { balanceProlog: 'correct' } });
		assert.notEqual(a.port, b.port);
		assert.match(a.url, /^http:\/\/127\.0\.0\.1:\d+$/);
		// A keep-alive connection that stays open after its request.
		const agentReply = await new Promise<number>((resolve, reject) => {
			const req = request(`${a.url}/__simulator/counters`, { headers: { Connection: 'keep-alive' } }, (res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			});
			req.on('error', reject);
			req.end();
		});
		assert.equal(agentReply, 200);
		const started = performance.now();
		await Promise.all([a.close(), b.close()]);
		assert.ok(performance.now() - started < 1000);
		await transportError(fetch(`${a.url}/__simulator`));
	});

	it('cancels a held (delayed) reply on close', async () => {
		const c = await startSimulator();
		c.state.injectFault({ kind: 'delay', delayMs: 60_000 });
		const pending = transportError(post(c.url, SEND_PATH, sendFields()));
		await new Promise((resolve) => setTimeout(resolve, 50));
		await c.close();
		await pending;
		assert.equal(c.state.requests()[0].outcome, 'lost');
	});
});

describe('command line', () => {
	function run(args: string[]): { output: Promise<string>; kill: () => void; exit: Promise<number | null> } {
		const child = spawn(process.execPath, ['--import', 'tsx', 'test/simulator/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let text = '';
		const output = new Promise<string>((resolve) => {
			const onData = (chunk: Buffer): void => {
				text += chunk.toString();
				if (text.includes('control API') || text.includes('Usage')) resolve(text);
			};
			child.stdout.on('data', onData);
			child.stderr.on('data', onData);
			child.on('exit', () => resolve(text));
		});
		const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		return { output, exit, kill: () => child.kill('SIGTERM') };
	}

	it('prints its URL, serves, and stops on SIGTERM', async () => {
		const cli = run(['--port', '0']);
		const output = await cli.output;
		const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
		assert.ok(url, output);
		assert.match(output, /userId 1001, account demo/);
		const reply = await post(url, SEND_PATH, sendFields());
		assert.match(reply.text, /^999999:\d+$/);
		cli.kill();
		assert.equal(await cli.exit, 0);
	});

	it('takes --host and --port=N, and refuses unknown flags', async () => {
		const cli = run(['--host', '127.0.0.1', '--port=0']);
		assert.match(await cli.output, /listening on http:\/\/127\.0\.0\.1:\d+/);
		cli.kill();
		await cli.exit;
		const bad = run(['--bogus']);
		assert.match(await bad.output, /unknown option --bogus/);
		assert.equal(await bad.exit, 2);
		const help = run(['--help']);
		assert.match(await help.output, /Usage: npm run sim/);
		assert.equal(await help.exit, 0);
	});
});
