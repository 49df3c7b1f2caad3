import type { DeliveryReport, ReportsPage } from './replies';

export interface DrainOptions {
	/** statusNum asked per page (the vendor allows at most 10,000). */
	pageSize: number;
	/** Never take more than this many reports from the vendor: each one taken is gone from the queue. */
	maxReports?: number;
	/** Stop after this many pages (1 = "one request per execution"). */
	maxPages?: number;
	/** Epoch milliseconds by which the drain must be over: no page starts with less than MIN_PAGE_MS left,
	 *  and each page is told the time left, so that its request cannot run past the deadline. */
	deadline?: number;
	now?: () => number;
}

/** A page started with less time than this would most likely time out mid-reply, and a reply cut off
 *  after the vendor dequeued its reports loses them: better to leave them for the next poll. */
export const MIN_PAGE_MS = 2_000;
const MAX_NOTES = 20;

/** Fetches one page; `timeLeftMs` (set when the drain has a deadline) caps the request's timeout. */
export type FetchReportsPage = (statusNum: number, timeLeftMs: number | undefined) => Promise<ReportsPage>;

export type DrainStop = 'empty' | 'shortPage' | 'maxReports' | 'maxPages' | 'deadline' | 'error';

export interface DrainResult {
	reports: DeliveryReport[];
	/** What was odd about the replies (reports not understood, ignored elements), for a warning. */
	notes: string[];
	pages: number;
	stoppedBy: DrainStop;
	/** Set when a page after the first failed: the reports before it are still returned. */
	error?: unknown;
}

/**
 * Fetches report pages until the vendor has nothing more. The vendor hands every report
 * out once, so a failure after the first page must not throw away what was already
 * taken: it is returned beside the reports. Only a failure with nothing taken throws.
 */
export async function drainReports(fetchPage: FetchReportsPage, options: DrainOptions): Promise<DrainResult> {
	const now = options.now ?? Date.now;
	const maxReports = options.maxReports ?? Number.POSITIVE_INFINITY;
	const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
	const reports: DeliveryReport[] = [];
	const notes: string[] = [];
	let pages = 0;
	const result = (stoppedBy: DrainStop, error?: unknown): DrainResult =>
		error === undefined ? { reports, notes, pages, stoppedBy } : { reports, notes, pages, stoppedBy, error };
	for (;;) {
		const remaining = maxReports - reports.length;
		if (remaining <= 0) return result('maxReports');
		if (pages >= maxPages) return result('maxPages');
		const timeLeft = options.deadline === undefined ? undefined : options.deadline - now();
		// The first page always goes out (a poll that never asks would never see a report); later ones only in time.
		if (pages > 0 && timeLeft !== undefined && timeLeft < MIN_PAGE_MS) return result('deadline');
		// Asking for no more than we may keep means a cap never consumes reports it then drops.
		const statusNum = Math.max(1, Math.min(options.pageSize, remaining));
		let page: ReportsPage;
		try {
			page = await fetchPage(statusNum, timeLeft === undefined ? undefined : Math.max(timeLeft, MIN_PAGE_MS));
		} catch (error) {
			if (reports.length === 0) throw error;
			return result('error', error);
		}
		pages++;
		for (const report of page.reports) reports.push(report);
		for (const note of page.notes) if (notes.length < MAX_NOTES) notes.push(note);
		if (page.reports.length === 0) return result('empty');
		if (page.reports.length < statusNum) return result('shortPage');
	}
}
