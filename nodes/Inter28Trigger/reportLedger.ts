import { createHash } from 'node:crypto';

import { MAX_STATUS_NUM, type DeliveryReport } from '../protocol';

/**
 * What the trigger keeps in n8n's static data (plain JSON). n8n detects changes through a proxy on
 * the top-level properties, so commitPoll() replaces each field, never mutates one in place.
 */
export interface LedgerState {
	/** Keys (see reportKey) of the most recently received reports, oldest first, at most MAX_KEYS. */
	emittedKeys?: string[];
	/** The last few received reports, newest last, for "Fetch Test Event" in the editor. */
	recentReports?: DeliveryReport[];
	/** The last poll that hit a failure, and how many reports it still handed to n8n. */
	lastFailure?: PollFailure;
	/** New reports received from 28inter since the trigger was created, whether a filter kept them or not. */
	reportsReceived?: number;
	/** Written by version 0.1 for the same count; read once and replaced by reportsReceived. */
	totalEmitted?: number;
}

export interface PollFailure {
	at: string;
	message: string;
	code: string;
	/** Reports the poll took before the failure (handed to n8n, subject to the filters). */
	reportsKept: number;
}

/**
 * A report the vendor hands out again comes back in a later reply, and one reply holds up to
 * MAX_STATUS_NUM (10,000) reports: when a poll ends, all of its last reply's reports must still
 * be recognised by the next poll. So the ledger keeps the last 10,000 keys, each a 64-bit hash
 * (11 characters), about 140 KB of JSON; the full keys would take four times that.
 */
export const MAX_KEYS = MAX_STATUS_NUM;
export const MAX_RECENT = 10;

/** Identity of a report (task, number, status, time; for an unknown report also its raw fields) as a
 *  64-bit hash in 11 base64url characters. */
function reportKey(report: DeliveryReport): string {
	// A collision would drop a real report as a repeat: with 10,000 remembered 64-bit keys,
	// about one chance in 2 billion per million new reports.
	const identity = `${report.taskId}|${report.mobile}|${report.statusCode}|${report.receivedAt}`;
	return createHash('sha1')
		.update(report.raw === undefined ? identity : `${identity}|${JSON.stringify(report.raw)}`)
		.digest()
		.subarray(0, 8)
		.toString('base64url');
}

export interface Admission {
	/** Reports not received before, in the vendor's order. */
	fresh: DeliveryReport[];
	/** Reports dropped because an earlier poll (or this one) already received them. */
	duplicates: number;
	/** The ledger's keys once this poll is committed. */
	keys: string[];
}

/**
 * Drops the reports already received — in an earlier poll, or earlier in this poll (a vendor that
 * repeats a report). An unknown report is compared with earlier polls only: two boxes that look alike
 * in one reply may be two reports that the parser could not tell apart, and dropping one would lose it.
 */
export function admitNewReports(state: LedgerState, reports: DeliveryReport[]): Admission {
	const previous = state.emittedKeys ?? [];
	const earlier = new Set(previous);
	const thisPoll = new Set<string>();
	const fresh: DeliveryReport[] = [];
	const freshKeys: string[] = [];
	for (const report of reports) {
		const key = reportKey(report);
		if (earlier.has(key) || (report.status !== 'unknown' && thisPoll.has(key))) continue;
		thisPoll.add(key);
		fresh.push(report);
		freshKeys.push(key);
	}
	const keys =
		freshKeys.length >= MAX_KEYS
			? freshKeys.slice(freshKeys.length - MAX_KEYS)
			: previous.slice(Math.max(0, previous.length + freshKeys.length - MAX_KEYS)).concat(freshKeys);
	return { fresh, duplicates: reports.length - fresh.length, keys };
}

/** One poll's outcome, as the ledger stores it. */
export interface PollRecord {
	admission?: Admission;
	failure?: PollFailure;
}

/**
 * The single place a poll writes its state: every received report is remembered (also those no filter
 * kept: they are gone at the vendor all the same), and a failure is recorded whether or not anything
 * was emitted. Top-level fields are replaced, so n8n notices the change and saves it.
 */
export function commitPoll(state: LedgerState, record: PollRecord): void {
	const { admission, failure } = record;
	if (admission !== undefined && admission.fresh.length > 0) {
		state.emittedKeys = admission.keys;
		state.recentReports = (state.recentReports ?? []).concat(admission.fresh.slice(-MAX_RECENT)).slice(-MAX_RECENT);
		state.reportsReceived = (state.reportsReceived ?? state.totalEmitted ?? 0) + admission.fresh.length;
		if (state.totalEmitted !== undefined) state.totalEmitted = undefined;
	}
	if (failure !== undefined) state.lastFailure = failure;
}
