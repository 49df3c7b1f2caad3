import type { DeliveryReport } from '../protocol';

/**
 * What the trigger keeps in n8n's static data (no n8n imports: plain JSON).
 * n8n rewrites the whole static data on every emission and detects changes through
 * a proxy on top-level properties, so each field is replaced, never mutated in place.
 */
export interface LedgerState {
	/** Keys of the most recently emitted reports, oldest first, at most MAX_KEYS. */
	emittedKeys?: string[];
	/** The last few emitted reports, newest last, for "Fetch Test Event" in the editor. */
	recentReports?: DeliveryReport[];
	/** The last poll that fetched reports but then hit a failure. */
	lastFailure?: { at: string; message: string; code: string; reportsKept: number };
	totalEmitted?: number;
}

/** Enough to recognise a report that the vendor hands out twice, small enough to rewrite often. */
export const MAX_KEYS = 3000;
export const MAX_RECENT = 10;

export function reportKey(report: DeliveryReport): string {
	return `${report.taskId}|${report.mobile}|${report.statusCode}|${report.receivedAt}`;
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
