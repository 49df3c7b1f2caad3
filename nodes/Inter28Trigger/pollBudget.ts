/** The drain's time budget when the host gives none: well inside a one-minute poll. */
export const DEFAULT_POLL_BUDGET_MS = 45_000;
/** Leaves room to build the execution before the next poll is due. */
const INTERVAL_MARGIN_MS = 10_000;
/** A poll interval shorter than the margin still gets some time for one page. */
const MIN_INTERVAL_BUDGET_MS = 5_000;

interface PollTimeItem {
	mode?: string;
	value?: number;
	unit?: string;
}

const UNIT_MS: Record<string, number> = { minutes: 60_000, hours: 3_600_000 };

/**
 * The shortest interval the trigger's "Poll Times" can produce, or undefined when
 * it cannot be told (a custom cron expression).
 */
export function shortestPollIntervalMs(pollTimes: unknown): number | undefined {
	const items = (pollTimes as { item?: PollTimeItem[] } | undefined)?.item ?? [];
	let shortest: number | undefined;
	for (const item of items) {
		let interval: number | undefined;
		switch (item.mode) {
			case 'everyMinute':
				interval = 60_000;
				break;
			case 'everyHour':
				interval = 3_600_000;
				break;
			case 'everyX':
				interval = (item.value ?? 1) * (UNIT_MS[item.unit ?? 'minutes'] ?? 60_000);
				break;
			case 'everyDay':
				interval = 86_400_000;
				break;
			case 'everyWeek':
				interval = 7 * 86_400_000;
				break;
			case 'everyMonth':
				interval = 28 * 86_400_000;
				break;
			default:
				return undefined;
		}
		shortest = shortest === undefined ? interval : Math.min(shortest, interval);
	}
	// Several items may fire close together; with more than one, be conservative.
	return items.length > 1 ? 60_000 : shortest;
}

/** The smallest of the host's budget, the poll interval minus a margin, and the default. */
export function pollBudgetMs(hostBudgetMs: number | undefined, intervalMs: number | undefined): number {
	const candidates = [DEFAULT_POLL_BUDGET_MS];
	if (typeof hostBudgetMs === 'number' && hostBudgetMs > 0) candidates.push(hostBudgetMs);
	if (intervalMs !== undefined) candidates.push(Math.max(MIN_INTERVAL_BUDGET_MS, intervalMs - INTERVAL_MARGIN_MS));
	return Math.min(...candidates);
}
