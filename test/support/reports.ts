// Delivery reports as the contract defines them, and the simulator's own record of what it handed
// out: the two sides that every report test compares.
import assert from 'node:assert/strict';

import type { RunningSimulator, SimReport } from '../simulator';

/** A delivery report as the contract defines it (an unknown one also carries `problem` and `raw`). */
export interface ContractReport {
	mobile: string;
	taskId: string;
	status: 'delivered' | 'failed' | 'unknown';
	statusCode: number | null;
	receivedAt: string | null;
	gatewayCode: string;
	extNo: string;
	problem?: string;
	raw?: Record<string, string | string[]>;
}

export const CONTRACT_KEYS = ['extNo', 'gatewayCode', 'mobile', 'receivedAt', 'status', 'statusCode', 'taskId'];

/** What a (well-formed) simulator report must look like once it has gone through the node. */
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

export function pairKey(report: { taskId: string; mobile: string }): string {
	return `${report.taskId}|${report.mobile}`;
}

/** Task, number and status code: tells a report from a later one about the same number. Takes the
 *  node's report (statusCode) or the simulator's (status). */
export function statusKey(report: { taskId: string; mobile: string; statusCode?: number | null; status?: unknown }): string {
	return `${report.taskId}|${report.mobile}|${report.statusCode ?? report.status}`;
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

/** handedOut() as statusKey()s. */
export function handedOutKeys(sim: RunningSimulator): { delivered: string[]; lost: string[] } {
	const { delivered, lostInReply } = handedOut(sim);
	return { delivered: delivered.map(statusKey), lost: lostInReply.map(statusKey) };
}

/** Fails when a key occurs twice; returns the set. */
export function uniqueKeys(label: string, keys: readonly string[]): Set<string> {
	const set = new Set(keys);
	if (set.size !== keys.length) {
		const counts = new Map<string, number>();
		for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
		const twice = [...counts].filter(([, n]) => n > 1).slice(0, 3);
		assert.fail(`${label}: ${keys.length - set.size} duplicate(s), e.g. ${JSON.stringify(twice)}`);
	}
	return set;
}

export function sameSet(label: string, actual: Set<string>, expected: Set<string>): void {
	const missing = [...expected].filter((k) => !actual.has(k));
	const extra = [...actual].filter((k) => !expected.has(k));
	assert.deepEqual({ missing: missing.slice(0, 5), extra: extra.slice(0, 5), missingCount: missing.length, extraCount: extra.length }, { missing: [], extra: [], missingCount: 0, extraCount: 0 }, label);
}
