// 28inter MMS Trigger: faults (README "Guarantees": never lost once fetched, a lasting fault is
// visible, activation survives a passing fault but not wrong credentials or a missing permission).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { type FaultKind, type FaultSpec } from '../simulator';

import { createPoller } from '../support/engine/engine';
import { credentials } from '../support/credentials';
import { type ContractReport, handedOut, uniqueKeys, pairKey } from '../support/reports';
import { newPoller, reportsOf, warnings } from '../support/trigger';
import { useSimulator } from '../support/simulatorFixture';

const sim = useSimulator();

/**
 * Makes the reports query that follows the `n`-th hand-out fail: the fault is injected right
 * after the simulator took the reports of that hand-out off its queue, before their reply is
 * written, so it hits the very next page request.
 */
function faultAfterHandout(n: number, spec: FaultSpec): void {
	const state = sim.state;
	const original = state.takeReports.bind(state);
	let seen = 0;
	state.takeReports = (...args: Parameters<typeof original>) => {
		const handout = original(...args);
		seen++;
		if (seen === n) {
			Reflect.deleteProperty(state, 'takeReports');
			state.injectFault(spec);
		}
		return handout;
	};
}

const FAULT_CODES: Record<Exclude<FaultKind, 'delay'>, RegExp> = {
	http500: /^HTTP_500$/,
	html200: /^UNEXPECTED_REPLY$/,
	drop: /^OUTCOME_UNKNOWN$/,
	truncated: /^(OUTCOME_UNKNOWN|UNEXPECTED_REPLY)$/,
	acceptedThenDrop: /^OUTCOME_UNKNOWN$/,
};

const LOST_IN_REPLY: ReadonlySet<FaultKind> = new Set(['truncated', 'acceptedThenDrop']);

describe('28inter MMS Trigger: a page fails after others succeeded', () => {
	for (const kind of ['http500', 'html200', 'truncated', 'drop', 'acceptedThenDrop'] as const) {
		it(`${kind} on page 2 of 3: page 1 is emitted and the failure recorded; the next poll emits the rest`, async () => {
			const poller = newPoller(sim, { pageSize: 100 });
			const activation = await poller.poll('trigger');
			assert.equal(activation.error, undefined);
			sim.state.injectReports(250, { failedShare: 0.3 });
			faultAfterHandout(1, { kind, operation: 'reports' });

			const first = await poller.poll('trigger');
			assert.equal(first.error, undefined, 'fetched reports are emitted, not thrown away');
			const firstReports = reportsOf(first);
			assert.equal(firstReports.length, 100, 'page 1');
			assert.deepEqual(
				uniqueKeys('poll 1', firstReports.map(pairKey)),
				uniqueKeys('page 1', (sim.state.reportsLog({ limit: 1 })[0].reports ?? []).map(pairKey)),
			);
			assert.equal(sim.state.counters().faultsApplied, 1, 'the fault did hit page 2');
			const warned = warnings(first).find((message) => message.includes('handing 100 report(s) fetched before a failure to n8n'));
			assert.ok(warned, `warn log, got ${JSON.stringify(first.logs)}`);
			assert.equal(first.saved, true);
			const lastFailure = poller.staticData().lastFailure as { code: string; reportsKept: number; message: string; at: string };
			assert.equal(lastFailure.reportsKept, 100);
			assert.match(lastFailure.code, FAULT_CODES[kind]);
			assert.ok(lastFailure.message.length > 0);
			assert.ok(!Number.isNaN(Date.parse(lastFailure.at)));

			const second = await poller.poll('trigger');
			assert.equal(second.error, undefined);
			const secondReports = reportsOf(second);
			assert.equal(secondReports.length, LOST_IN_REPLY.has(kind) ? 50 : 150, 'the rest, minus what the vendor lost in its reply');
			const third = await poller.poll('trigger');
			assert.equal(third.items, null);
			assert.equal(sim.state.pendingReports(), 0);

			const emitted: ContractReport[] = [...firstReports, ...secondReports];
			const record = handedOut(sim);
			const emittedKeys = uniqueKeys('emitted', emitted.map(pairKey));
			assert.deepEqual(emittedKeys, uniqueKeys('delivered', record.delivered.map(pairKey)), 'emitted == what the simulator delivered');
			assert.equal(record.lostInReply.length, LOST_IN_REPLY.has(kind) ? 100 : 0);
			for (const lost of record.lostInReply) assert.ok(!emittedKeys.has(`${lost.taskId}|${lost.mobile}`));
			assert.equal(emitted.length + record.lostInReply.length, sim.state.counters().reportsHandedOut);
			assert.equal(sim.state.counters().reportsHandedOut, 250);
		});
	}
});

describe('28inter MMS Trigger: a lasting fault with nothing fetched', () => {
	for (const kind of ['http500', 'html200', 'truncated', 'drop', 'acceptedThenDrop'] as const) {
		it(`${kind}: a poll after activation fails visibly; nothing is emitted twice afterwards`, async () => {
			const poller = newPoller(sim, { pageSize: 100 });
			assert.equal((await poller.poll('trigger')).error, undefined);
			sim.state.injectReports(250);
			const saved = poller.staticData();
			sim.state.injectFault({ kind, operation: 'reports', count: 2 });

			for (let i = 0; i < 2; i++) {
				const failed = await poller.poll('trigger');
				assert.ok(failed.error instanceof Error, `poll ${i + 1} fails`);
				assert.ok(failed.thrownError instanceof Error);
				assert.equal(failed.items, null);
				assert.equal(failed.saved, false);
				assert.ok(failed.error.message.length > 10, failed.error.message);
				assert.ok(!JSON.stringify({ ...failed.error, message: failed.error.message }).includes('demo-secret-pw'), 'no password');
				assert.deepEqual(poller.staticData(), saved);
			}
			assert.equal(sim.state.counters().faultsApplied, 2);

			const emitted: ContractReport[] = [];
			for (;;) {
				const result = await poller.poll('trigger');
				assert.equal(result.error, undefined);
				if (result.items === null) break;
				emitted.push(...reportsOf(result));
			}
			const record = handedOut(sim);
			assert.deepEqual(uniqueKeys('emitted', emitted.map(pairKey)), uniqueKeys('delivered', record.delivered.map(pairKey)));
			assert.equal(record.lostInReply.length, LOST_IN_REPLY.has(kind) ? 200 : 0);
			assert.equal(emitted.length + record.lostInReply.length, 250);
		});
	}
});

describe('28inter MMS Trigger: the first poll at activation', () => {
	for (const kind of ['http500', 'drop', 'html200'] as const) {
		it(`does not fail activation for a passing ${kind}; the next poll fetches the reports`, async () => {
			sim.state.injectReports(30);
			sim.state.injectFault({ kind, operation: 'reports' });
			const poller = newPoller(sim);

			const activation = await poller.poll('trigger');
			assert.equal(activation.activation, true);
			assert.equal(activation.error, undefined, activation.error?.message);
			assert.equal(activation.thrownError, undefined);
			assert.equal(activation.items, null);
			assert.ok(warnings(activation).some((m) => m.startsWith('28inter trigger: first poll failed')), JSON.stringify(activation.logs));
			assert.equal(sim.state.counters().faultsApplied, 1);
			assert.match((poller.staticData().lastFailure as { code: string }).code, FAULT_CODES[kind]);
			assert.equal(sim.state.pendingReports(), 30);

			const next = await poller.poll('trigger');
			assert.equal(reportsOf(next).length, 30);
			assert.deepEqual(uniqueKeys('emitted', reportsOf(next).map(pairKey)), uniqueKeys('delivered', handedOut(sim).delivered.map(pairKey)));
		});
	}

	it("does not fail a re-activation ('activate') in the same process for a passing fault either", async () => {
		const poller = newPoller(sim);
		sim.state.injectReports(5);
		const first = await poller.poll('trigger');
		assert.equal(reportsOf(first).length, 5);

		poller.restart('activate');
		sim.state.injectReports(7);
		sim.state.injectFault({ kind: 'http500', operation: 'reports' });
		const reactivation = await poller.poll('trigger');
		assert.equal(reactivation.activation, true);
		assert.equal(reactivation.error, undefined, `re-activation failed: ${reactivation.error?.message}`);
		assert.equal(reactivation.items, null);
		assert.equal(reportsOf(await poller.poll('trigger')).length, 7);

		// ...while a lasting fault after that activation is still visible.
		sim.state.injectFault({ kind: 'http500', operation: 'reports' });
		assert.ok((await poller.poll('trigger')).error instanceof Error);
	});

	it("fails a republish ('update') of a trigger polled moments ago for a passing fault, so the user can repeat it; nothing is lost", async () => {
		// n8n's durable scheduler builds an 'update' context for every scheduled poll: treating those as
		// activations would hide a lasting fault forever. A republish looks the same, so it fails loudly.
		const poller = newPoller(sim);
		sim.state.injectReports(5);
		assert.equal(reportsOf(await poller.poll('trigger')).length, 5);

		poller.restart('update');
		sim.state.injectReports(7);
		sim.state.injectFault({ kind: 'http500', operation: 'reports' });
		const republish = await poller.poll('trigger');
		assert.equal(republish.activation, true);
		assert.match(String(republish.error?.message), /answered HTTP 500/);
		assert.equal(sim.state.pendingReports(), 7);
		assert.equal((await poller.poll('trigger')).activation, true, 'publishing again');
		assert.equal(sim.state.pendingReports(), 0);
	});

	it('fails activation for wrong credentials, naming the vendor code, without the password', async () => {
		sim.state.injectReports(3);
		const poller = createPoller({
			type: 'inter28Trigger',
			parameters: {},
			credentials: credentials(sim, 'demo', { password: 'not-the-password' }),
		});
		const activation = await poller.poll('trigger');
		assert.equal(activation.activation, true);
		assert.ok(activation.error instanceof Error);
		assert.match(activation.error.message, /^28inter error 2: wrong user ID, account or password \(用户名或密码错误\)/);
		assert.ok(!`${activation.error.message} ${activation.error.description ?? ''}`.includes('not-the-password'));
		assert.equal(activation.saved, false);
		assert.deepEqual(poller.workflowStaticData(), {});
		assert.equal(sim.state.pendingReports(), 3);
	});

	it('fails activation for an account without report access (error 3: ask 28inter to enable it)', async () => {
		const poller = createPoller({
			type: 'inter28Trigger',
			parameters: {},
			credentials: credentials(sim, 'no-reports'),
		});
		const activation = await poller.poll('trigger');
		assert.ok(activation.error instanceof Error);
		assert.match(activation.error.message, /^28inter error 3: account not allowed to read delivery reports/);
		assert.match(String(activation.error.description), /Ask 28inter to enable delivery report access/);
		assert.equal(activation.saved, false);
	});
});
