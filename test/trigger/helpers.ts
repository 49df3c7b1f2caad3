// Shared by the trigger tests: credentials for the simulator, the contract's report shape,
// and readers of the simulator's own record (what it handed out, and whether that arrived).
import assert from 'node:assert/strict';

import { createPoller, loadPackage, type CreatePollerOptions, type PollResult, type Poller } from '../support/engine/engine';
import type { RunningSimulator, SimReport } from '../simulator';

export const TRIGGER = 'inter28Trigger';

/** A delivery report as the contract defines it (CONTRACT.md). */
export interface ContractReport {
	mobile: string;
	taskId: string;
	status: 'delivered' | 'failed';
	statusCode: 10 | 20;
	receivedAt: string;
	gatewayCode: string;
	extNo: string;
}

export const CONTRACT_KEYS = ['extNo', 'gatewayCode', 'mobile', 'receivedAt', 'status', 'statusCode', 'taskId'];

export function credentials(sim: RunningSimulator, account = { userId: '1001', account: 'demo', password: 'demo-secret-pw' }): CreatePollerOptions['credentials'] {
	return { inter28Api: { endpoint: 'custom', baseUrl: sim.url, ...account } };
}

export function newPoller(sim: RunningSimulator, options: Record<string, unknown> = {}, extra: Partial<CreatePollerOptions> = {}): Poller {
	return createPoller({ type: TRIGGER, parameters: { options }, credentials: credentials(sim), ...extra });
}

/** The activation poll with nothing pending: no data, no error, state saved. */
export async function activate(poller: Poller): Promise<PollResult> {
	const result = await poller.poll('trigger');
	assert.equal(result.activation, true);
	assert.equal(result.error, undefined, result.error?.message);
	assert.equal(result.items, null);
	return result;
}

export function reportsOf(result: PollResult): ContractReport[] {
	return (result.items ?? []).map((item) => item.json as unknown as ContractReport);
}

export function pairKey(report: { taskId: string; mobile: string }): string {
	return `${report.taskId}|${report.mobile}`;
}

/** What a simulator report must look like once it has gone through the node. */
export function expectedReport(report: SimReport): ContractReport {
	return {
		mobile: report.mobile,
		taskId: report.taskId,
		status: report.status === 10 ? 'delivered' : 'failed',
		statusCode: report.status,
		receivedAt: `${report.receiveTime.replace(' ', 'T')}+08:00`,
		gatewayCode: report.errorCode,
		extNo: report.extNo,
	};
}

export interface HandoutSummary {
	delivered: SimReport[];
	lostInReply: SimReport[];
	/** Hand-outs (replies with reports), in order. */
	handouts: number;
}

/** The simulator's record of every report it handed out since `fromHandout` (an index into reportsLog). */
export function handedOut(sim: RunningSimulator, fromHandout = 0): HandoutSummary {
	const log = sim.state.reportsLog({ offset: fromHandout });
	const summary: HandoutSummary = { delivered: [], lostInReply: [], handouts: log.length };
	for (const entry of log) {
		assert.notEqual(entry.outcome, 'inFlight', 'a hand-out is still in flight');
		const target = entry.outcome === 'delivered' ? summary.delivered : summary.lostInReply;
		for (const report of entry.reports ?? []) target.push(report);
	}
	return summary;
}

/** Fails when one (taskId, mobile) occurs twice; returns the set. */
export function uniqueKeys(reports: ReadonlyArray<{ taskId: string; mobile: string }>, what: string): Set<string> {
	const keys = new Set<string>();
	for (const report of reports) {
		const key = pairKey(report);
		assert.ok(!keys.has(key), `${what}: ${key} occurs twice`);
		keys.add(key);
	}
	return keys;
}

/** Vendor report queries among the simulator's request records (it keeps the last 500). */
export function reportQueries(sim: RunningSimulator): number {
	return sim.state.requests().filter((r) => r.operation === 'reports').length;
}

export function warnings(result: PollResult): string[] {
	return result.logs.filter((entry) => entry.level === 'warn').map((entry) => entry.message);
}

export async function loadTrigger(): Promise<void> {
	await loadPackage();
}
