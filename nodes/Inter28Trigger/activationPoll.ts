import type { IPollFunctions } from 'n8n-workflow';

// n8n's legacy scheduler builds one poll context per activation and reuses it for every scheduled
// poll; its durable scheduler (N8N_SCHEDULER_ENABLED with poll triggers) builds a fresh context,
// with activation mode 'update', for every scheduled poll. So a context not seen before means a new
// activation — unless it is an 'update' context for a trigger this process polled recently.
const contextsSeen = new WeakSet<object>();
const lastPollAt = new Map<string, number>();

/** How long after a poll another one still counts as "this trigger is running here". */
export function recentPollWindowMs(pollIntervalMs: number | undefined): number {
	return Math.max(5 * 60_000, 2 * (pollIntervalMs ?? 60 * 60_000));
}

/**
 * Whether this poll is the one n8n runs when the workflow is published (or n8n starts). An error
 * thrown there fails the publishing, so a passing fault must not be thrown then. A republished
 * workflow ('update') that this process polled within the window is treated as running, not new:
 * a passing fault then fails the republish, which the user can simply repeat, while a durable
 * scheduler's every poll would otherwise hide a lasting fault.
 */
export function isActivationPoll(context: IPollFunctions, triggerKey: string, windowMs: number, now = Date.now()): boolean {
	const newContext = !contextsSeen.has(context);
	contextsSeen.add(context);
	const previous = lastPollAt.get(triggerKey);
	lastPollAt.set(triggerKey, now);
	if (!newContext || context.getMode() === 'manual') return false;
	return !(context.getActivationMode() === 'update' && previous !== undefined && now - previous < windowMs);
}
