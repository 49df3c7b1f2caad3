// Reliability under transport and server faults: every fault kind of the simulator, on Send,
// Get Balance, Report → Get Many and the trigger, through n8n's real engine (the packed package).
// For each: a clear error, no crash, no unhandled rejection, no send repeated, and no report lost
// that the client received. Reports the vendor removed in a reply that never arrived are counted
// separately: that is the protocol's limit (there is no "fetch again").
//
// The observed outcomes become test/reliability/FAULTS.md (the README's fault table). The last
// test compares the file with this run's observations; UPDATE_FAULTS=1 rewrites it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { createPoller, runNode, testCredential, type RecordedError, type RunNodeResult } from '../support/engine/engine';
import { FAULT_TAKES_EFFECT, type FaultKind } from '../simulator';
import { accountsWith, credentials, DEMO, PASSWORD } from '../support/credentials';
import { mobileNumbers } from '../support/nodeParameters';
import { handedOutKeys, sameSet, statusKey, uniqueKeys } from '../support/reports';
import { assertNoSecret, runSurface } from '../support/secrets';
import { faultOnNth, useSimulator, waitSettled } from '../support/simulatorFixture';
import { trackUnhandled } from '../support/unhandled';

const unhandled = trackUnhandled();

const KINDS: readonly FaultKind[] = ['http500', 'html200', 'truncated', 'drop', 'delay', 'acceptedThenDrop'];
/** The node's timeout option (seconds) and the simulator's delay: the reply comes after the client gave up. */
const TIMEOUT_SECONDS = 1;
const DELAY_MS = 2000;
const REPORTS = 250;
const PAGE = 100;

const MESSAGE: Record<FaultKind, RegExp> = {
	http500: /answered HTTP 500 instead of a protocol reply/,
	html200: /not in the protocol's format/,
	truncated: /broke before a reply arrived/,
	drop: /broke before a reply arrived/,
	delay: /before the timeout/,
	acceptedThenDrop: /broke before a reply arrived/,
};
const CODE: Record<FaultKind, string> = {
	http500: 'HTTP_500',
	html200: 'UNEXPECTED_REPLY',
	truncated: 'OUTCOME_UNKNOWN',
	drop: 'OUTCOME_UNKNOWN',
	delay: 'OUTCOME_UNKNOWN',
	acceptedThenDrop: 'OUTCOME_UNKNOWN',
};

type Scenario = 'send' | 'balance' | 'getAll1' | 'getAll2' | 'activation' | 'trigger1' | 'trigger2';
const SCENARIOS: Record<Scenario, string> = {
	send: 'Send (fault on submission 2 of 3)',
	balance: 'Get Balance',
	getAll1: 'Get Many, fetch all (fault on page 1)',
	getAll2: 'Get Many, fetch all (fault on page 2)',
	activation: 'Trigger, first poll at activation (fault on page 1)',
	trigger1: 'Trigger, scheduled poll (fault on page 1)',
	trigger2: 'Trigger, scheduled poll (fault on page 2)',
};
const observed = new Map<Scenario, Map<FaultKind, string>>();
function observe(scenario: Scenario, kind: FaultKind, outcome: string): void {
	let row = observed.get(scenario);
	if (!row) observed.set(scenario, (row = new Map()));
	row.set(kind, outcome);
}

const sim = useSimulator({ accounts: accountsWith({ demo: { balance: 1e12 } }), settings: { recordLimit: 1_000_000, failedShare: 0.1 } });

function errorCode(error: unknown): string | undefined {
	const response = (error as { errorResponse?: { code?: unknown } } | undefined)?.errorResponse;
	return typeof response?.code === 'string' ? response.code : undefined;
}

function sendParameters(phones: string[]): object {
	return {
		resource: 'message',
		operation: 'send',
		recipients: phones.join(','),
		title: '可靠性',
		contentSource: 'frames',
		frames: { frame: [{ duration: 3, text: '故障测试', binaryPropertyName: '' }] },
		options: { timeout: TIMEOUT_SECONDS, concurrency: 1 },
	};
}

function reportKeysOf(items: ReadonlyArray<{ json: Record<string, unknown> }> | null | undefined): string[] {
	return (items ?? []).map((item) =>
		statusKey({ taskId: String(item.json.taskId), mobile: String(item.json.mobile), statusCode: Number(item.json.statusCode) }),
	);
}

/** Emitted (all runs) == delivered by the simulator, none twice; lost-in-reply counted apart; nothing pending. */
function assertReportAccounting(label: string, emitted: string[], expectedLost: number): { lost: number } {
	const { delivered, lost } = handedOutKeys(sim);
	const emittedSet = uniqueKeys(`${label}: reports emitted`, emitted);
	sameSet(`${label}: every report whose reply arrived was output, and nothing else`, emittedSet, new Set(delivered));
	assert.equal(lost.length, expectedLost, `${label}: reports removed in a lost reply`);
	assert.equal(emitted.length + lost.length, REPORTS, `${label}: emitted + lost in reply == injected`);
	assert.equal(sim.state.pendingReports(), 0, `${label}: nothing left pending`);
	return { lost: lost.length };
}

const effectNote = (kind: FaultKind, count: number): string => (FAULT_TAKES_EFFECT[kind] && count > 0 ? `; ${count} lost in the reply†` : '');

describe('faults on Send', () => {
	for (const kind of KINDS) {
		it(`${kind}: clear error, accepted submissions listed, nothing resent`, async () => {
			sim.reset();
			const phones = mobileNumbers(5000, 13_900_000_000);
			faultOnNth(sim, 'send', 2, { kind, delayMs: DELAY_MS });
			const result = await runNode({ type: 'inter28', parameters: sendParameters(phones), credentials: credentials(sim) });
			await waitSettled(sim);

			const error = result.error;
			assert.ok(error, 'the node failed');
			assert.match(error.message, MESSAGE[kind]);
			assert.equal(errorCode(result.thrownError), CODE[kind]);
			const description = String(error.description ?? '');
			assert.match(description, /Check the delivery reports/);
			const sends = sim.state.requests().filter((r) => r.operation === 'send');
			assert.equal(sends.length, 2, 'submission 2 failed: not repeated, submission 3 not started');
			uniqueKeys('numbers in send requests', sends.flatMap((r) => (r.fields.mobile ?? '').split(',')));
			const submissions = sim.state.submissions();
			assert.equal(submissions.length, FAULT_TAKES_EFFECT[kind] ? 2 : 1);
			assert.ok(description.includes(`task ${submissions[0].taskId}`), 'the accepted submission is listed in the error');
			assert.match(description, /Not sent \(stopped after the failure\): 1,000 numbers/);
			assertNoSecret(`send ${kind}`, ...runSurface(result));

			// Continue On Fail: the node's outputs are exactly the submissions whose reply arrived.
			sim.reset();
			faultOnNth(sim, 'send', 2, { kind, delayMs: DELAY_MS });
			const cof = await runNode({
				type: 'inter28',
				parameters: sendParameters(phones),
				credentials: credentials(sim),
				continueOnFail: true,
			});
			await waitSettled(sim);
			assert.equal(cof.error, undefined);
			const output = cof.items.filter((item) => item.json.taskId !== undefined).map((item) => String(item.json.taskId));
			const answered = sim.state
				.requests()
				.filter((r) => r.operation === 'send' && r.vendorCode === 'accepted' && r.outcome === 'answered')
				.map((r) => String(r.taskId));
			assert.deepEqual(output, answered, 'outputs == submissions whose reply arrived');
			const lostReplies = sim.state.submissions().length - answered.length;
			assert.equal(lostReplies, FAULT_TAKES_EFFECT[kind] ? 1 : 0);
			const errorItem = cof.items.find((item) => item.json.error !== undefined);
			assert.ok(errorItem, 'an error item follows');
			assert.equal(errorItem.json.code, CODE[kind]);
			// Submission 2 (2,000 numbers) failed, submission 3 (1,000) never started. Only a request that
			// provably never reached the vendor (refused, or a 4xx) is "not sent"; a 5xx may come from a
			// proxy after the vendor accepted, and any lost or unreadable reply may hide an accepted send,
			// so those numbers are uncertain, never "not sent".
			const uncertain = 2000;
			assert.equal(errorItem.json.uncertainRecipientCount, uncertain);
			assert.equal(errorItem.json.notSentRecipientCount, 3000 - uncertain);
			assert.equal(sim.state.requests().filter((r) => r.operation === 'send').length, 2);
			assertNoSecret(`send ${kind} (continue on fail)`, ...runSurface(cof));

			observe(
				'send',
				kind,
				`error \`${CODE[kind]}\`; 1 accepted and listed in the error${FAULT_TAKES_EFFECT[kind] ? '; the 2nd accepted but its reply lost† ("may have been sent")' : ''}; 0 resent; 3rd not started`,
			);
		});
	}
});

describe('faults on Get Balance', () => {
	for (const kind of KINDS) {
		it(`${kind}: clear error, one request`, async () => {
			sim.reset();
			sim.state.injectFault({ kind, operation: 'balance', delayMs: DELAY_MS });
			const result = await runNode({
				type: 'inter28',
				parameters: { resource: 'account', operation: 'getBalance', options: { timeout: TIMEOUT_SECONDS } },
				credentials: credentials(sim),
			});
			await waitSettled(sim);
			assert.ok(result.error, 'the node failed');
			assert.match(result.error.message, MESSAGE[kind]);
			assert.equal(errorCode(result.thrownError), CODE[kind]);
			assert.equal(sim.state.requests().length, 1, 'no retry');
			assertNoSecret(`balance ${kind}`, ...runSurface(result));

			// The credential's Test button (balance query, 15 s timeout of its own: delay not repeated here).
			if (kind !== 'delay') {
				sim.state.injectFault({ kind, operation: 'balance' });
				const test = await testCredential('inter28Api', {
					endpoint: 'custom',
					baseUrl: sim.url,
					userId: DEMO.userId,
					account: DEMO.account,
					password: PASSWORD,
				});
				assert.equal(test.status, 'Error');
				assert.match(test.message, kind === 'html200' ? /not like 28inter/ : /28inter/);
				assertNoSecret(`credential test ${kind}`, test);
			}
			observe('balance', kind, `error \`${CODE[kind]}\`; 1 request`);
		});
	}
});

async function getAll(): Promise<RunNodeResult> {
	return await runNode({
		type: 'inter28',
		parameters: { resource: 'report', operation: 'getAll', returnAll: true, options: { pageSize: PAGE, timeout: TIMEOUT_SECONDS } },
		credentials: credentials(sim),
	});
}

describe('faults on Report → Get Many (fetch until nothing is pending)', () => {
	for (const kind of KINDS) {
		it(`${kind} on page 1: clear error, next run fetches the rest`, async () => {
			sim.reset();
			sim.state.injectReports(REPORTS, { account: DEMO.account });
			faultOnNth(sim, 'reports', 1, { kind, delayMs: DELAY_MS });
			const first = await getAll();
			await waitSettled(sim);
			assert.ok(first.error, 'the node failed');
			assert.match(first.error.message, MESSAGE[kind]);
			assert.equal(errorCode(first.thrownError), CODE[kind]);
			assert.equal(first.items.length, 0);
			if (FAULT_TAKES_EFFECT[kind]) assert.match(String(first.error.description), /no client can fetch them again/);
			const second = await getAll();
			assert.equal(second.error, undefined);
			const { lost } = assertReportAccounting(`getAll ${kind} page 1`, reportKeysOf(second.items), FAULT_TAKES_EFFECT[kind] ? PAGE : 0);
			assertNoSecret(`getAll ${kind} page 1`, ...runSurface(first), ...runSurface(second));
			observe('getAll1', kind, `error \`${CODE[kind]}\`; 0 output; next run outputs ${second.items.length}${effectNote(kind, lost)}`);
		});

		it(`${kind} on page 2: page 1 is output with a warning hint`, async () => {
			sim.reset();
			sim.state.injectReports(REPORTS, { account: DEMO.account });
			faultOnNth(sim, 'reports', 2, { kind, delayMs: DELAY_MS });
			const first = await getAll();
			await waitSettled(sim);
			assert.equal(first.error, undefined, 'reports already taken are output, not thrown away');
			assert.equal(first.items.length, PAGE);
			const hint = first.hints.find((h) => /then a request failed/.test(h.message));
			assert.ok(hint, 'a warning hint names the failure');
			assert.match(hint.message, MESSAGE[kind]);
			const second = await getAll();
			assert.equal(second.error, undefined);
			const emitted = [...reportKeysOf(first.items), ...reportKeysOf(second.items)];
			const { lost } = assertReportAccounting(`getAll ${kind} page 2`, emitted, FAULT_TAKES_EFFECT[kind] ? PAGE : 0);
			assertNoSecret(`getAll ${kind} page 2`, ...runSurface(first), ...runSurface(second));
			observe('getAll2', kind, `${first.items.length} output + warning hint; next run ${second.items.length}${effectNote(kind, lost)}`);
		});
	}
});

function newPoller(): ReturnType<typeof createPoller> {
	return createPoller({
		type: 'inter28Trigger',
		parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, options: { pageSize: PAGE, timeout: TIMEOUT_SECONDS } },
		credentials: credentials(sim),
	});
}

describe('faults on the trigger', () => {
	for (const kind of KINDS) {
		it(`${kind} on the first poll at activation: activation succeeds, nothing lost`, async () => {
			sim.reset();
			sim.state.injectReports(REPORTS, { account: DEMO.account });
			faultOnNth(sim, 'reports', 1, { kind, delayMs: DELAY_MS });
			const poller = newPoller();
			const first = await poller.poll('trigger');
			await waitSettled(sim);
			assert.equal(first.activation, true);
			assert.equal(first.error, undefined, 'a passing fault does not fail the activation');
			assert.equal(first.items, null);
			const warning = first.logs.find((l) => l.level === 'warn' && /first poll failed/.test(l.message));
			assert.ok(warning, 'a warning is logged');
			assert.match(warning.message, MESSAGE[kind]);
			const second = await poller.poll('trigger');
			assert.equal(second.error, undefined);
			const { lost } = assertReportAccounting(`trigger activation ${kind}`, reportKeysOf(second.items), FAULT_TAKES_EFFECT[kind] ? PAGE : 0);
			assertNoSecret(`trigger activation ${kind}`, first, second, poller.staticData());
			observe('activation', kind, `activates (warning logged); next poll emits ${second.items?.length ?? 0}${effectNote(kind, lost)}`);
		});

		it(`${kind} on page 1 of a scheduled poll: failed execution, next poll emits the rest`, async () => {
			sim.reset();
			const poller = newPoller();
			const activation = await poller.poll('trigger');
			assert.equal(activation.error, undefined);
			sim.state.injectReports(REPORTS, { account: DEMO.account });
			faultOnNth(sim, 'reports', 1, { kind, delayMs: DELAY_MS });
			const first = await poller.poll('trigger');
			await waitSettled(sim);
			assert.ok(first.error, 'the poll fails visibly');
			assert.match((first.error as RecordedError).message, MESSAGE[kind]);
			assert.equal(errorCode(first.thrownError), CODE[kind]);
			assert.equal(first.items, null);
			const second = await poller.poll('trigger');
			assert.equal(second.error, undefined);
			const { lost } = assertReportAccounting(`trigger page 1 ${kind}`, reportKeysOf(second.items), FAULT_TAKES_EFFECT[kind] ? PAGE : 0);
			assertNoSecret(`trigger page 1 ${kind}`, first, second, poller.staticData());
			observe('trigger1', kind, `failed execution \`${CODE[kind]}\`; next poll emits ${second.items?.length ?? 0}${effectNote(kind, lost)}`);
		});

		it(`${kind} on page 2 of a scheduled poll: page 1 emitted, failure recorded, rest next poll`, async () => {
			sim.reset();
			const poller = newPoller();
			await poller.poll('trigger');
			sim.state.injectReports(REPORTS, { account: DEMO.account });
			faultOnNth(sim, 'reports', 2, { kind, delayMs: DELAY_MS });
			const first = await poller.poll('trigger');
			await waitSettled(sim);
			assert.equal(first.error, undefined, 'reports already taken are emitted, not thrown away');
			assert.equal(first.items?.length, PAGE);
			assert.ok(first.saved, 'n8n saves the static data with the emission');
			const warning = first.logs.find((l) => l.level === 'warn' && /fetched before a failure/.test(l.message));
			assert.ok(warning, 'a warning is logged');
			const lastFailure = poller.staticData().lastFailure as { code?: string; reportsKept?: number } | undefined;
			assert.equal(lastFailure?.code, CODE[kind]);
			assert.equal(lastFailure?.reportsKept, PAGE);
			const second = await poller.poll('trigger');
			assert.equal(second.error, undefined);
			const emitted = [...reportKeysOf(first.items), ...reportKeysOf(second.items)];
			const { lost } = assertReportAccounting(`trigger page 2 ${kind}`, emitted, FAULT_TAKES_EFFECT[kind] ? PAGE : 0);
			assertNoSecret(`trigger page 2 ${kind}`, first, second, poller.staticData());
			observe(
				'trigger2',
				kind,
				`emits ${first.items?.length ?? 0}, warning + \`lastFailure\`; next poll ${second.items?.length ?? 0}${effectNote(kind, lost)}`,
			);
		});
	}
});

function renderTable(): string {
	const header = `| Operation | ${KINDS.map((k) => `\`${k}\``).join(' | ')} |`;
	const lines = [
		'<!-- Generated by test/reliability/faults.test.ts from its own observations (UPDATE_FAULTS=1 to rewrite). -->',
		`Timeout option ${TIMEOUT_SECONDS} s, simulator delay ${DELAY_MS / 1000} s; ${REPORTS} pending reports, pages of ${PAGE}; a Send of 5,000 numbers = 3 submissions, concurrency 1.`,
		'',
		header,
		`|---|${KINDS.map(() => '---').join('|')}|`,
	];
	for (const scenario of Object.keys(SCENARIOS) as Scenario[]) {
		const row = observed.get(scenario);
		lines.push(`| ${SCENARIOS[scenario]} | ${KINDS.map((k) => row?.get(k) ?? '(not run)').join(' | ')} |`);
	}
	lines.push(
		'',
		'In every case: no crash, no unhandled rejection, no send repeated, every report whose reply arrived was output exactly once, and the password appears in no output, error, description, stack or log.',
		'',
		'† The vendor processed the request but its reply never arrived (`truncated`, `delay` past the timeout, `acceptedThenDrop`): a send is accepted and charged without the client learning its task ID, and reports are removed from the vendor queue without reaching the client. No client can recover them — the protocol has no "fetch again" — so they are counted apart (the simulator logs them as `lostInReply`). A Send says *"The MMS may have been sent"*; Get Many says the reports in a lost reply cannot be fetched again.',
		'',
	);
	return lines.join('\n');
}

describe('summary', () => {
	it('no unhandled rejection or uncaught exception', () => {
		assert.deepEqual(unhandled.list.map(String), []);
	});

	it('FAULTS.md matches what this run observed', () => {
		const path = join(__dirname, 'FAULTS.md');
		const table = renderTable();
		const complete = !table.includes('(not run)');
		if (process.env.UPDATE_FAULTS === '1' || (!existsSync(path) && complete)) {
			writeFileSync(path, table);
			return;
		}
		if (!complete) return; // a filtered run: nothing to compare
		assert.equal(readFileSync(path, 'utf8'), table, 'the fault table changed: review, then rerun with UPDATE_FAULTS=1');
	});
});
