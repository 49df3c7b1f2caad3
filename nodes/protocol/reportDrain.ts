import type { DeliveryReport } from './replies';

export interface DrainOptions {
	/** statusNum asked per page (the vendor allows at most 10,000). */
	pageSize: number;
	/** Never take more than this many reports from the vendor: each one taken is gone from the queue. */
	maxReports?: number;
	/** Stop after this many pages (1 = "one request per execution"). */
	maxPages?: number;
	/** Epoch milliseconds after which no new page is requested. */
	deadline?: number;
	now?: () => number;
}

export type DrainStop = 'empty' | 'shortPage' | 'maxReports' | 'maxPages' | 'deadline' | 'error';

export interface DrainResult {
	reports: DeliveryReport[];
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
export async function drainReports(
	fetchPage: (statusNum: number) => Promise<DeliveryReport[]>,
	options: DrainOptions,
): Promise<DrainResult> {
	const now = options.now ?? Date.now;
	const maxReports = options.maxReports ?? Number.POSITIVE_INFINITY;
	const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
	const reports: DeliveryReport[] = [];
	let pages = 0;
	for (;;) {
		const remaining = maxReports - reports.length;
		if (remaining <= 0) return { reports, pages, stoppedBy: 'maxReports' };
		if (pages >= maxPages) return { reports, pages, stoppedBy: 'maxPages' };
		if (pages > 0 && options.deadline !== undefined && now() >= options.deadline) {
			return { reports, pages, stoppedBy: 'deadline' };
		}
		// Asking for no more than we may keep means a cap never consumes reports it then drops.
		const statusNum = Math.max(1, Math.min(options.pageSize, remaining));
		let page: DeliveryReport[];
		try {
			page = await fetchPage(statusNum);
		} catch (error) {
			if (reports.length === 0) throw error;
			return { reports, pages, stoppedBy: 'error', error };
		}
		pages++;
		for (const report of page) reports.push(report);
		if (page.length === 0) return { reports, pages, stoppedBy: 'empty' };
		if (page.length < statusNum) return { reports, pages, stoppedBy: 'shortPage' };
	}
}
