import type { IDataObject, INodeExecutionData, JsonObject } from 'n8n-workflow';

import { formatCount } from '../../../protocol';
import { errorItemJson, mayHaveBeenAccepted, type ErrorContext } from '../../../shared/nodeErrors';
import type { PreparedMessage } from './prepareMessage';
import { submissionLabel, type Sending } from './planSendings';
import type { SubmissionOutcome } from './runSubmissions';

/** What became of one submission, as far as anyone can tell. */
type Fate = 'accepted' | 'uncertain' | 'notSent';

/** Uncertain: the request may have reached the vendor (its reply was lost or unreadable, or a proxy
 *  answered 5xx): only the delivery reports can tell. Not sent: never started, or provably refused. */
function fateOf(outcome: SubmissionOutcome): Fate {
	if (outcome.accepted !== undefined) return 'accepted';
	if (outcome.skipped || !mayHaveBeenAccepted(outcome.error)) return 'notSent';
	return 'uncertain';
}

function recipientCount(outcomes: readonly SubmissionOutcome[]): number {
	let count = 0;
	for (const outcome of outcomes) count += outcome.submission.mobiles.length;
	return count;
}

/** For the error of a failed send without Continue On Fail: which numbers got the MMS, which may have,
 *  which did not — so that a rerun resends only what is safe to resend. */
export function failureSummary(outcomes: readonly SubmissionOutcome[], sendings: readonly Sending[]): string {
	const describe = (outcome: SubmissionOutcome): string => {
		const { group, batchIndex, mobiles } = outcome.submission;
		const task = outcome.accepted === undefined ? '' : `task ${outcome.accepted.taskId} — `;
		return `${submissionLabel(sendings[group], batchIndex)}: ${task}${formatCount(mobiles.length)} numbers (${mobiles[0]} … ${mobiles[mobiles.length - 1]})`;
	};
	const accepted = outcomes.filter((outcome) => fateOf(outcome) === 'accepted');
	const uncertain = outcomes.filter((outcome) => fateOf(outcome) === 'uncertain');
	const refused = outcomes.filter((outcome) => !outcome.skipped && fateOf(outcome) === 'notSent');
	const notStarted = recipientCount(outcomes.filter((outcome) => outcome.skipped));
	const parts = [
		accepted.length === 0
			? 'Nothing was accepted by 28inter before the failure.'
			: `Already accepted by 28inter (do not send these again):\n${accepted.map(describe).join('\n')}`,
	];
	if (uncertain.length > 0) parts.push(`May have been accepted (check the delivery reports before resending these):\n${uncertain.map(describe).join('\n')}`);
	if (refused.length > 0) parts.push(`Not sent (refused):\n${refused.map(describe).join('\n')}`);
	if (notStarted > 0) parts.push(`Not sent (stopped after the failure): ${formatCount(notStarted)} numbers.`);
	return parts.join('\n');
}

export interface OutputShape {
	/** One item per number instead of one per submission. */
	perRecipient: boolean;
	/** Input item fields copied into each per-recipient item. */
	recipientFields: readonly string[];
}

function submissionJson(message: PreparedMessage, sending: Sending, batch: number, numbers: string[], accepted: NonNullable<SubmissionOutcome['accepted']>): IDataObject {
	const json: IDataObject = {
		taskId: accepted.taskId,
		balance: accepted.balance,
		recipientCount: numbers.length,
		batch: batch + 1,
		batchCount: sending.batches.length,
		firstRecipient: numbers[0],
		lastRecipient: numbers[numbers.length - 1],
		recipients: numbers,
		duplicatesRemoved: message.duplicatesRemoved,
		title: message.title,
		scheduledAt: message.startTime ?? null,
	};
	if (sending.messages.length > 1) {
		// Combined with identical items: the submission carried more numbers than this item's.
		json.combinedItems = sending.messages.length;
		json.submissionRecipientCount = sending.batches[batch].length;
	}
	if (message.images.length > 0) json.images = message.images as unknown as IDataObject[];
	return json;
}

function recipientItems(item: INodeExecutionData, numbers: string[], taskId: string, batch: number, fields: readonly string[], pairedItem: { item: number }): INodeExecutionData[] {
	const copied: IDataObject = {};
	for (const field of fields) if (field in item.json) copied[field] = item.json[field];
	return numbers.map((mobile) => ({ json: { ...copied, mobile, taskId, batch: batch + 1 }, pairedItem }));
}

/**
 * The items of a send, input item by input item: one per accepted submission that carried the item's
 * numbers (or one per number), linked to the item; then, under Continue On Fail, the item's error item
 * saying how many of its numbers were not sent and how many may have been.
 */
export function sendOutput(
	items: readonly INodeExecutionData[],
	sendings: readonly Sending[],
	outcomes: readonly SubmissionOutcome[],
	invalid: ReadonlyMap<number, unknown>,
	context: ErrorContext,
	shape: OutputShape,
): INodeExecutionData[] {
	const outcomeOf = sendings.map((sending) => new Array<SubmissionOutcome>(sending.batches.length));
	for (const outcome of outcomes) outcomeOf[outcome.submission.group][outcome.submission.batchIndex] = outcome;
	const placed = new Map<number, { sending: Sending; position: number }>();
	for (const sending of sendings) sending.messages.forEach((message, position) => placed.set(message.itemIndex, { sending, position }));

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		const place = placed.get(itemIndex);
		if (place === undefined) {
			if (invalid.has(itemIndex)) output.push({ json: errorItemJson(invalid.get(itemIndex), context), pairedItem });
			continue;
		}
		const { sending, position } = place;
		const message = sending.messages[position];
		let notSent = 0;
		let uncertain = 0;
		let error: unknown;
		for (const [batch, numbers] of sending.numbersByBatch[position]) {
			const outcome = outcomeOf[sending.index][batch];
			if (outcome.accepted !== undefined) {
				if (shape.perRecipient) output.push(...recipientItems(items[itemIndex], numbers, outcome.accepted.taskId, batch, shape.recipientFields, pairedItem));
				else output.push({ json: submissionJson(message, sending, batch, numbers, outcome.accepted), pairedItem });
				continue;
			}
			if (fateOf(outcome) === 'uncertain') uncertain += numbers.length;
			else notSent += numbers.length;
			error ??= outcome.error ?? outcomeOf[sending.index].find((other) => other?.error !== undefined)?.error;
		}
		if (error === undefined) continue;
		const json: JsonObject = errorItemJson(error, context);
		json.notSentRecipientCount = notSent;
		json.uncertainRecipientCount = uncertain;
		output.push({ json, pairedItem });
	}
	return output;
}
