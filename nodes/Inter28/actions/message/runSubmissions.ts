import { sleep as waitFor } from 'n8n-workflow';

import type { SendAccepted } from '../../../protocol';

export interface Submission {
	/** The sending it belongs to: after a failure, no further submission of that sending starts. */
	group: number;
	batchIndex: number;
	mobiles: string[];
	send: () => Promise<SendAccepted>;
}

export interface SubmissionOutcome {
	submission: Submission;
	accepted?: SendAccepted;
	error?: unknown;
	/** Never started because an earlier submission failed. */
	skipped?: boolean;
}

export interface RunOptions {
	concurrency: number;
	/** After a failure, start nothing more at all (otherwise only the failed sending stops). */
	stopAllOnFailure: boolean;
	/** At least this many milliseconds between the starts of two submissions (throttled accounts). */
	pauseMs?: number;
	/** For tests: the clock and the wait. */
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
}


/**
 * Sends with bounded concurrency, in order. A send is never retried. After a failure no new
 * submission of the same sending starts (of any sending when `stopAllOnFailure`); those already in
 * flight are awaited so their task IDs are reported, not lost. With `pauseMs`, the starts are spaced:
 * the rate is at most one submission per pause, whatever the concurrency.
 */
export async function runSubmissions(submissions: Submission[], options: RunOptions): Promise<SubmissionOutcome[]> {
	const now = options.now ?? Date.now;
	const sleep = options.sleep ?? waitFor;
	const pauseMs = options.pauseMs ?? 0;
	const outcomes: SubmissionOutcome[] = submissions.map((submission) => ({ submission }));
	const failedGroups = new Set<number>();
	let stopAll = false;
	let next = 0;
	let nextStartAt = 0;

	const worker = async () => {
		while (next < outcomes.length) {
			const outcome = outcomes[next++];
			const { submission } = outcome;
			const stopped = () => stopAll || failedGroups.has(submission.group);
			if (!stopped() && pauseMs > 0) {
				// Claim the next start slot before waiting, so concurrent workers queue behind each other.
				const startAt = Math.max(now(), nextStartAt);
				nextStartAt = startAt + pauseMs;
				const wait = startAt - now();
				if (wait > 0) await sleep(wait);
			}
			if (stopped()) {
				outcome.skipped = true;
				continue;
			}
			try {
				outcome.accepted = await submission.send();
			} catch (error) {
				outcome.error = error;
				failedGroups.add(submission.group);
				if (options.stopAllOnFailure) stopAll = true;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(options.concurrency, outcomes.length) }, worker));
	return outcomes;
}
