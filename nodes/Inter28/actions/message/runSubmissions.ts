import type { SendAccepted } from '../../../protocol';

export interface Submission {
	itemIndex: number;
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

/**
 * Sends with bounded concurrency, in order. A send is never retried. After a failure no
 * new submission of the same item starts (of any item when `stopAllOnFailure`); those
 * already in flight are awaited so their task IDs are reported, not lost.
 */
export async function runSubmissions(
	submissions: Submission[],
	options: { concurrency: number; stopAllOnFailure: boolean },
): Promise<SubmissionOutcome[]> {
	const outcomes: SubmissionOutcome[] = submissions.map((submission) => ({ submission }));
	const failedItems = new Set<number>();
	let stopAll = false;
	let next = 0;

	const worker = async () => {
		while (next < outcomes.length) {
			const outcome = outcomes[next++];
			const { submission } = outcome;
			if (stopAll || failedItems.has(submission.itemIndex)) {
				outcome.skipped = true;
				continue;
			}
			try {
				outcome.accepted = await submission.send();
			} catch (error) {
				outcome.error = error;
				failedItems.add(submission.itemIndex);
				if (options.stopAllOnFailure) stopAll = true;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(options.concurrency, outcomes.length) }, worker));
	return outcomes;
}
