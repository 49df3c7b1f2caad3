// The promise, tested as invariants rather than examples: random input items, random parameters
// (valid and not, typed or from expressions), random fault schedules and odd reports, through n8n's
// real engine against the simulator; then the simulator's own record is compared with the output.
//   - Every report the vendor handed out in a reply that arrived reaches the output, or was dropped
//     by a filter the user set; none is output twice; a failed run handed nothing out.
//   - No number the vendor accepted is ever counted as "not sent"; no number is requested twice.
// fast-check prints the seed and the shrunk case of a failure; FC_SEED=<n> replays it, and
// FC_RUNS_SCALE=<k> runs k times as many cases (npm test keeps the default for CI's time).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { filterReports, parseReportFilter, type DeliveryReport } from '../../nodes/protocol';
import { createPoller, runNode, type PollResult } from '../support/engine/engine';
import { REPORT_ODDITIES, type FaultSpec, type SimReport } from '../simulator';
import { credentials } from '../support/credentials';
import { NODE_TYPE, reportParameters, sendParameters } from '../support/nodeParameters';
import { assertRunHasNoSecret } from '../support/secrets';
import { useSimulator, waitSettled } from '../support/simulatorFixture';

const scale = Number(process.env.FC_RUNS_SCALE ?? 1);
const RUNS = { getMany: 40 * scale, send: 30 * scale, trigger: 15 * scale };
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

const sim = useSimulator();

// ---------------------------------------------------------------------------
// Faults: every kind the simulator knows, processed by the vendor or not, placed on the n-th request.
// ---------------------------------------------------------------------------

type Fault = Omit<FaultSpec, 'operation' | 'count'>;

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
	fc.constantFrom<Fault>({ kind: 'http500' }, { kind: 'html200' }, { kind: 'truncated' }, { kind: 'drop' }, { kind: 'acceptedThenDrop' }),
	fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(500, 502, 503, 504), processed: fc.boolean() }),
	// A 4xx comes from a server that refused the request: the vendor never processed it.
	fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(404, 413), processed: fc.constant(false) }),
	fc.record({ kind: fc.constant('garbage' as const), processed: fc.boolean() }),
	// A reply that trickles in within the 2 s timeout: read whole, piece by piece.
	fc.constant<Fault>({ kind: 'delay', delayMs: 300, trickle: true }),
);

/** Position i of the schedule applies to the i-th request of the operation; null lets it through. */
const scheduleArb = fc.array(fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: faultArb }), { maxLength: 5 });

function applySchedule(schedule: ReadonlyArray<Fault | null>, operation: 'send' | 'reports'): void {
	// The simulator applies faults in order to the next matching requests; a 0 ms delay is a normal reply.
	sim.state.injectFaults(schedule.map((fault) => ({ ...(fault ?? { kind: 'delay' as const, delayMs: 0 }), operation })));
}

function clearFaults(): void {
	sim.state.clearFaults();
}

// ---------------------------------------------------------------------------
// Reports: the identity of a handed-out report, and what the node's filter sees of it.
// ---------------------------------------------------------------------------

/** Odd reports are told apart by their extno (odd-<n>), the others by task and number. */
function simKey(report: SimReport): string {
	return report.oddity === undefined ? `${report.taskId}|${report.mobile}` : report.extNo;
}

function outputKey(json: Record<string, unknown>): string {
	const raw = json.raw as Record<string, unknown> | undefined;
	const ext = typeof raw?.extno === 'string' ? raw.extno : String(json.extNo ?? '');
	return ext.startsWith('odd-') ? ext : `${json.taskId}|${json.mobile}`;
}

/** The fields a filter reads, as the node parses this report (documented behaviour of odd boxes). */
function asParsed(report: SimReport): DeliveryReport {
	const understood = report.oddity === undefined || report.oddity === 'extraChild';
	return {
		mobile: report.oddity === 'missingMobile' || report.oddity === 'nestedMobile' ? '' : report.mobile,
		taskId: report.oddity === 'missingTaskid' ? '' : report.taskId,
		status: understood ? (report.status === 10 ? 'delivered' : 'failed') : 'unknown',
		statusCode: null,
		receivedAt: null,
		gatewayCode: '',
		extNo: report.extNo,
	};
}

function handouts(): { delivered: SimReport[]; lost: SimReport[] } {
	const delivered: SimReport[] = [];
	const lost: SimReport[] = [];
	for (const entry of sim.state.reportsLog()) (entry.outcome === 'delivered' ? delivered : lost).push(...(entry.reports ?? []));
	return { delivered, lost };
}

function assertUnique(keys: string[], label: string): Set<string> {
	const set = new Set(keys);
	assert.equal(set.size, keys.length, `${label}: a report occurs twice`);
	return set;
}

/** The keys of the handed-out reports that the node's filter keeps. */
function keptBy(filter: ReturnType<typeof parseReportFilter>, reports: SimReport[]): Set<string> {
	return new Set(reports.filter((report) => filterReports([asParsed(report)], filter).length === 1).map(simKey));
}

const pendingArb = fc.record({
	normal: fc.integer({ min: 1, max: 150 }),
	odd: fc.array(fc.record({ count: fc.integer({ min: 1, max: 3 }), oddity: fc.constantFrom(...REPORT_ODDITIES) }), { maxLength: 2 }),
});

function inject(pending: { normal: number; odd: Array<{ count: number; oddity: (typeof REPORT_ODDITIES)[number] }> }): string {
	let taskId = '';
	if (pending.normal > 0) taskId = sim.state.injectReports(pending.normal).taskId;
	for (const odd of pending.odd) sim.state.injectReports(odd.count, { oddity: odd.oddity });
	return taskId;
}

/** Mostly valid values, sometimes one the node must refuse before any request. */
function mostly<T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
	return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: invalid });
}

// Filter values as a user types them or an expression gives them; some cannot match anything valid.
const filterArb = fc.record(
	{
		status: mostly(fc.constantFrom('all', 'delivered', 'failed', 'unknown'), fc.constant('sent')),
		taskIds: mostly(fc.constantFrom<unknown>('', 'TASK', 'TASK_NUMBER', ['TASK', 1]), fc.constantFrom<unknown>('12;bad!', { id: 1 })),
		mobiles: mostly(fc.constantFrom<unknown>('', '+86 13900000003', [13900000001, '13900000002'], '13900000003、13900000004'), fc.constant('139')),
	},
	{ requiredKeys: [] },
);

function concreteFilter(filter: Record<string, unknown>, taskId: string): Record<string, unknown> {
	const resolve = (value: unknown): unknown =>
		value === 'TASK' ? taskId : value === 'TASK_NUMBER' ? (taskId === '' ? '' : Number(taskId)) : Array.isArray(value) ? value.map(resolve) : value;
	return { ...filter, taskIds: resolve(filter.taskIds) };
}

function filterOrError(filter: Record<string, unknown>): ReturnType<typeof parseReportFilter> | undefined {
	try {
		return parseReportFilter(filter);
	} catch {
		return undefined;
	}
}

// ---------------------------------------------------------------------------

describe('invariant: Report → Get Many outputs every report handed out (or filtered), once', () => {
	it('holds for random items, parameters, filters, faults and odd reports', async () => {
		const itemArb = fc.record({
			returnAll: fc.boolean(),
			limit: mostly(fc.oneof(fc.integer({ min: 1, max: 80 }), fc.constant('30')), fc.constantFrom(0, 2.5, -3)),
		});
		const optionsArb = fc.record(
			{
				pageSize: mostly(fc.integer({ min: 1, max: 60 }), fc.constantFrom(2.5, 0)),
				maxReports: mostly(fc.oneof(fc.integer({ min: 1, max: 200 }), fc.constant(0)), fc.constant(1.5)),
			},
			{ requiredKeys: [] },
		);
		await fc.assert(
			fc.asyncProperty(
				pendingArb,
				fc.array(itemArb, { minLength: 1, maxLength: 4 }),
				optionsArb,
				filterArb,
				scheduleArb,
				fc.boolean(),
				async (pending, items, options, filterSpec, schedule, continueOnFail) => {
					sim.reset();
					const taskId = inject(pending);
					const filter = concreteFilter(filterSpec, taskId);
					applySchedule(schedule, 'reports');
					const result = await runNode({
						type: NODE_TYPE,
						parameters: reportParameters({
							returnAll: '={{ $json.returnAll }}' as unknown as boolean,
							limit: '={{ $json.limit }}' as unknown as number,
							options: { ...options, ...filter, timeout: 2 },
						}),
						credentials: credentials(sim),
						items: items.map((json) => ({ json })),
						continueOnFail,
					});
					await waitSettled(sim);
					clearFaults();
					assertRunHasNoSecret(result);

					const { delivered } = handouts();
					const reportItems = result.items.filter((item) => item.json.error === undefined);
					const output = assertUnique(reportItems.map((item) => outputKey(item.json)), 'output');
					const parsedFilter = filterOrError(filter);
					if (result.error !== undefined) {
						assert.equal(delivered.length, 0, `the run failed (${result.error.message}) although 28inter handed out ${delivered.length} report(s)`);
						return;
					}
					if (parsedFilter === undefined) {
						assert.equal(delivered.length, 0, 'a filter that cannot be read is refused before any request');
						return;
					}
					const expected = keptBy(parsedFilter, delivered);
					assert.deepEqual(
						[...expected].filter((key) => !output.has(key)),
						[],
						'every report handed out (and kept by the filter) is in the output',
					);
					const deliveredKeys = new Set(delivered.map(simKey));
					assert.deepEqual([...output].filter((key) => !deliveredKeys.has(key)), [], 'nothing is output that was not handed out');
				},
			),
			{ numRuns: RUNS.getMany, seed },
		);
	});
});

// ---------------------------------------------------------------------------

interface SendError {
	notSentRecipientCount?: number;
	uncertainRecipientCount?: number;
}

describe('invariant: Send never labels a number the vendor accepted "not sent", and never sends one twice', () => {
	it('holds for random items, recipient counts, concurrency and faults, with and without Continue On Fail or combining', async () => {
		const itemArb = fc.oneof(
			{ weight: 5, arbitrary: fc.integer({ min: 1, max: 4500 }) },
			{ weight: 1, arbitrary: fc.constant(0) }, // 0: an invalid recipient list
		);
		await fc.assert(
			fc.asyncProperty(
				fc.array(itemArb, { minLength: 1, maxLength: 3 }),
				fc.integer({ min: 1, max: 3 }),
				scheduleArb,
				fc.boolean(),
				fc.boolean(),
				async (counts, concurrency, schedule, continueOnFail, combineItems) => {
					sim.reset();
					applySchedule(schedule, 'send');
					const lists = counts.map((count, i) => (count === 0 ? ['1380013800'] : Array.from({ length: count }, (_, n) => String(13_000_000_000 + i * 100_000_000 + n))));
					const result = await runNode({
						type: NODE_TYPE,
						parameters: sendParameters({ recipients: '={{ $json.to }}', options: { concurrency, timeout: 2, combineItems } }),
						credentials: credentials(sim),
						items: lists.map((to) => ({ json: { to } })),
						continueOnFail,
					});
					await waitSettled(sim);
					clearFaults();
					assertRunHasNoSecret(result);

					const requested = sim.state
						.requests()
						.filter((r) => r.operation === 'send')
						.flatMap((r) => (r.fields.mobile ?? '').split(','));
					assertUnique(requested, 'numbers requested');
					const accepted = sim.state.submissions();
					const acceptedNumbers = new Set(accepted.flatMap((s) => s.mobiles));

					if (!continueOnFail && result.error !== undefined) {
						const description = String(result.error.description ?? '');
						for (const submission of accepted) {
							const listed = description.includes(`task ${submission.taskId} `) || description.includes(`(${submission.mobiles[0]} … ${submission.mobiles[submission.mobiles.length - 1]})`);
							assert.ok(listed || !requested.includes(submission.mobiles[0]), `accepted submission ${submission.taskId} is named in the error`);
						}
						const refused = description.split('Not sent (refused):\n')[1]?.split('\nNot sent (stopped')[0] ?? '';
						for (const line of refused.split('\n').filter(Boolean)) {
							const first = /\((\d{11}) …/.exec(line)?.[1];
							assert.ok(first !== undefined && !acceptedNumbers.has(first), `"${line}" is labelled not sent but 28inter accepted it`);
						}
						const stopped = /Not sent \(stopped after the failure\): ([\d,]+) numbers/.exec(description)?.[1];
						const neverRequested = lists.flat().filter((n) => !requested.includes(n) && /^1\d{10}$/.test(n)).length;
						if (stopped !== undefined) assert.equal(Number(stopped.replace(/,/g, '')), neverRequested);
						return;
					}
					for (const [itemIndex, list] of lists.entries()) {
						const mine = result.items.filter((item) => (item.pairedItem as { item: number }).item === itemIndex);
						const outputNumbers = new Set(mine.filter((item) => item.json.taskId !== undefined).flatMap((item) => item.json.recipients as string[]));
						for (const item of mine.filter((i) => i.json.taskId !== undefined)) {
							const submission = accepted.find((s) => s.taskId === item.json.taskId);
							assert.ok(submission, 'an output task ID is a submission the vendor accepted');
							// Combined items share a submission: each item's recipients are its own numbers in it.
							const carried = new Set(submission.mobiles);
							assert.ok((item.json.recipients as string[]).every((n) => carried.has(n) && list.includes(n)));
						}
						const errorJson = mine.find((item) => item.json.error !== undefined)?.json as SendError | undefined;
						const acceptedHere = list.filter((n) => acceptedNumbers.has(n));
						const acceptedNotOutput = acceptedHere.filter((n) => !outputNumbers.has(n)).length;
						if (errorJson === undefined) {
							assert.equal(acceptedNotOutput, 0, 'without an error every accepted number is in an output item');
							continue;
						}
						// An item refused before sending carries no counts: nothing of it was requested.
						if (errorJson.notSentRecipientCount === undefined) {
							assert.equal(acceptedHere.length, 0);
							continue;
						}
						const uncertain = errorJson.uncertainRecipientCount ?? 0;
						assert.ok(acceptedNotOutput <= uncertain, `item ${itemIndex + 1}: ${acceptedNotOutput} accepted numbers not output, only ${uncertain} called uncertain`);
						assert.ok(
							errorJson.notSentRecipientCount <= list.length - acceptedHere.length,
							`item ${itemIndex + 1}: ${errorJson.notSentRecipientCount} "not sent", but only ${list.length - acceptedHere.length} were not accepted`,
						);
					}
				},
			),
			{ numRuns: RUNS.send, seed },
		);
	});
});

// ---------------------------------------------------------------------------

describe('invariant: the trigger hands every report over exactly once across polls', () => {
	it('holds for random backlogs, filters, faults, odd reports, superseded polls, restarts and both schedulers', async () => {
		const stepArb = fc.record({
			pending: pendingArb,
			schedule: scheduleArb,
			supersede: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
			restart: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
		});
		const validFilterArb = fc.record(
			{ status: fc.constantFrom('all', 'delivered', 'failed', 'unknown'), mobiles: fc.constantFrom<unknown>('', '+86 13900000003', [13900000001, '13900000002']) },
			{ requiredKeys: [] },
		);
		await fc.assert(
			fc.asyncProperty(
				fc.array(stepArb, { minLength: 2, maxLength: 6 }),
				validFilterArb,
				fc.integer({ min: 1, max: 60 }),
				fc.constantFrom('legacy' as const, 'durable' as const),
				async (steps, filter, pageSize, scheduler) => {
					sim.reset();
					const poller = createPoller({
						type: 'inter28Trigger',
						parameters: { options: { ...filter, pageSize, timeout: 2 } },
						credentials: credentials(sim),
						scheduler,
					});
					const emitted: string[] = [];
					const discarded: string[] = [];
					const collect = (result: PollResult) => {
						for (const item of result.items ?? []) emitted.push(outputKey(item.json));
						for (const item of result.discarded?.[0] ?? []) discarded.push(outputKey(item.json));
					};
					for (const step of steps) {
						inject(step.pending);
						applySchedule(step.schedule, 'reports');
						collect(await poller.poll('trigger', step.supersede ? { supersede: true } : {}));
						await waitSettled(sim);
						clearFaults();
						if (step.restart) poller.restart();
					}
					// Drain what is left without faults.
					for (let i = 0; i < 20 && sim.state.pendingReports() > 0; i++) collect(await poller.poll('trigger'));
					assert.equal(sim.state.pendingReports(), 0);

					const emittedSet = assertUnique(emitted, 'emitted across polls');
					for (const key of discarded) assert.ok(!emittedSet.has(key), `${key} was both discarded by n8n and emitted`);
					const { delivered } = handouts();
					const kept = keptBy(parseReportFilter(filter), delivered);
					const missing = delivered.map(simKey).filter((key) => kept.has(key) && !emittedSet.has(key) && !discarded.includes(key));
					assert.deepEqual(missing, [], 'every report handed out and kept by the filter went into an execution (or a poll n8n discarded)');
				},
			),
			{ numRuns: RUNS.trigger, seed },
		);
	});
});
