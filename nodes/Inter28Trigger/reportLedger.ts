import { createHash } from 'node:crypto';

import { MAX_STATUS_NUM, type DeliveryReport } from '../protocol';

/**
 * What the trigger keeps in n8n's static data (no n8n imports: plain JSON).
 * n8n rewrites the whole static data on every emission and detects changes through
 * a proxy on top-level properties, so each field is replaced, never mutated in place.
 */
export interface LedgerState {
	/** Keys (see reportKey) of the most recently emitted reports, oldest first, at most MAX_KEYS. */
	emittedKeys?: string[];
	/** The last few emitted reports, newest last, for "Fetch Test Event" in the editor. */
	recentReports?: DeliveryReport[];
	/** The last poll that fetched reports but then hit a failure. */
	lastFailure?: { at: string; message: string; code: string; reportsKept: number };
	totalEmitted?: number;
}

/**
 * A report the vendor hands out again comes back in a later reply, and one reply holds up to
 * MAX_STATUS_NUM (10,000) reports: when a poll ends, all of its last reply's reports must still
 * be recognised by the next poll. So the ledger keeps the last 10,000 keys, each a 64-bit hash
 * (11 characters), about 140 KB of JSON; the full keys would take four times that.
 */
export const MAX_KEYS = MAX_STATUS_NUM;
export const MAX_RECENT = 10;

/** Identity of a report (task, number, status, time) as a 64-bit hash in 11 base64url characters. */
export function reportKey(report: DeliveryReport): string {
	// A collision would drop a real report as a repeat: with 10,000 remembered 64-bit keys,
	// about one chance in 2 billion per million new reports.
	return createHash('sha1')
		.update(`${report.taskId}|${report.mobile}|${report.statusCode}|${report.receivedAt}`)
		.digest()
		.subarray(0, 8)
		.toString('base64url');
}

/**
 * Drops reports already emitted (in an earlier poll or earlier in this batch) and
 * returns the state to store after emitting the rest.
 */
export function admitNewReports(
	state: LedgerState,
	reports: DeliveryReport[],
): { fresh: DeliveryReport[]; duplicates: number; next: LedgerState } {
	const previous = state.emittedKeys ?? [];
	const seen = new Set(previous);
	const fresh: DeliveryReport[] = [];
	const freshKeys: string[] = [];
	for (const report of reports) {
		const key = reportKey(report);
		if (seen.has(key)) continue;
		seen.add(key);
		fresh.push(report);
		freshKeys.push(key);
	}
	const keys =
		freshKeys.length >= MAX_KEYS
			? freshKeys.slice(freshKeys.length - MAX_KEYS)
			: previous.slice(Math.max(0, previous.length + freshKeys.length - MAX_KEYS)).concat(freshKeys);
	const recent = (state.recentReports ?? []).concat(fresh.slice(-MAX_RECENT)).slice(-MAX_RECENT);
	return {
		fresh,
		duplicates: reports.length - fresh.length,
		next: {
			...state,
			emittedKeys: keys,
			recentReports: recent,
			totalEmitted: (state.totalEmitted ?? 0) + fresh.length,
		},
	};
}
