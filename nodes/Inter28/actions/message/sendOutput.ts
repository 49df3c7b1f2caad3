import type { IDataObject, INodeExecutionData, JsonObject } from 'n8n-workflow';

import { formatCount } from '../../../protocol';
import { errorItemJson, mayHaveBeenAccepted, type ErrorContext } from '../../../shared/nodeErrors';
import type { PreparedMessage } from './prepareMessage';
import type { SubmissionOutcome } from './runSubmissions';

/** What became of one submission, as far as anyone can tell. */
type Fate = 'accepted' | 'uncertain' | 'notSent';

/** Uncertain: the request may have reached the vendor (its reply was lost or unreadable, or a proxy
 *  answered 5xx): only the delivery reports can tell. Not sent: never started, or provably refused. */
export function fateOf(outcome: SubmissionOutcome): Fate {
	if (outcome.accepted !== undefined) return 'accepted';
	if (outcome.skipped || !mayHaveBeenAccepted(outcome.error)) return 'notSent';
	return 'uncertain';
}

function recipientCount(outcomes: readonly SubmissionOutcome[]): number {
	let count = 0;
	for (const outcome of outcomes) count += outcome.submission.mobiles.length;
	return count;
}

function describeBatch(outcome: SubmissionOutcome): string {
	const { itemIndex, batchIndex, mobiles } = outcome.submission;
	const task = outcome.accepted === undefined ? '' : `task ${outcome.accepted.taskId} — `;
	return `item ${itemIndex + 1}, batch ${batchIndex + 1}: ${task}${formatCount(mobiles.length)} numbers (${mobiles[0]} … ${mobiles[mobiles.length - 1]})`;
}

/** For the error of a failed send without Continue On Fail: which numbers got the MMS, which may have,
 *  which did not — so that a rerun resends only what is safe to resend. */
export function failureSummary(outcomes: readonly SubmissionOutcome[]): string {
	const accepted = outcomes.filter((outcome) => fateOf(outcome) === 'accepted');
	const uncertain = outcomes.filter((outcome) => fateOf(outcome) === 'uncertain');
	const refused = outcomes.filter((outcome) => !outcome.skipped && fateOf(outcome) === 'notSent');
	const notStarted = recipientCount(outcomes.filter((outcome) => outcome.skipped));
	const parts = [
		accepted.length === 0
			? 'Nothing was accepted by 28inter before the failure.'
			: `Already accepted by 28inter (do not send these again):\n${accepted.map(describeBatch).join('\n')}`,
	];
	if (uncertain.length > 0) {
		parts.push(`May have been accepted (check the delivery reports before resending these):\n${uncertain.map(describeBatch).join('\n')}`);
	}
	if (refused.length > 0) parts.push(`Not sent (refused):\n${refused.map(describeBatch).join('\n')}`);
	if (notStarted > 0) parts.push(`Not sent (stopped after the failure): ${formatCount(notStarted)} numbers.`);
	return parts.join('\n');
}

function submissionJson(message: PreparedMessage, outcome: SubmissionOutcome): IDataObject {
	const { submission, accepted } = outcome;
	return {
		taskId: accepted?.taskId,
		balance: accepted?.balance,
		recipientCount: submission.mobiles.length,
		batch: submission.batchIndex + 1,
		batchCount: message.batches.length,
		firstRecipient: submission.mobiles[0],
		lastRecipient: submission.mobiles[submission.mobiles.length - 1],
		recipients: submission.mobiles,
		duplicatesRemoved: message.duplicatesRemoved,
		title: message.title,
		scheduledAt: message.startTime ?? null,
	};
}

/**
 * One output item per accepted submission, linked to its input item; under Continue On Fail, after
 * them, one error item per failed input item that says how many of its numbers were not sent and how
 * many may have been (a rerun of the "not sent" ones never reaches a number that may have the MMS).
 */
export function sendOutput(
	itemCount: number,
	messages: ReadonlyArray<PreparedMessage | undefined>,
	outcomes: readonly SubmissionOutcome[],
	invalid: ReadonlyMap<number, unknown>,
	context: ErrorContext,
): INodeExecutionData[] {
	const byItem = new Map<number, SubmissionOutcome[]>();
	for (const outcome of outcomes) {
		const list = byItem.get(outcome.submission.itemIndex);
		if (list) list.push(outcome);
		else byItem.set(outcome.submission.itemIndex, [outcome]);
	}
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const message = messages[itemIndex];
		const pairedItem = { item: itemIndex };
		const mine = byItem.get(itemIndex) ?? [];
		if (message !== undefined) {
			for (const outcome of mine) if (outcome.accepted) output.push({ json: submissionJson(message, outcome), pairedItem });
		}
		const error = invalid.get(itemIndex) ?? mine.find((outcome) => outcome.error !== undefined)?.error;
		if (error === undefined) continue;
		const json: JsonObject = errorItemJson(error, context);
		if (message !== undefined) {
			json.notSentRecipientCount = recipientCount(mine.filter((outcome) => fateOf(outcome) === 'notSent'));
			json.uncertainRecipientCount = recipientCount(mine.filter((outcome) => fateOf(outcome) === 'uncertain'));
		}
		output.push({ json, pairedItem });
	}
	return output;
}
