import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { frameText } from '../../../protocol';
import type { BalanceVerdict } from './balanceCheck';
import type { PreparedMessage } from './prepareMessage';
import type { Sending } from './planSendings';

const PREVIEW_NOTICE = 'Preview only: nothing was sent to 28inter.';

/** The balance part of a preview: the verdict, or why the balance could not be read. */
export type PreviewBalance = { verdict: BalanceVerdict } | { error: string; pointsNeeded: number };

function balanceFields(balance: PreviewBalance): IDataObject {
	if ('error' in balance) return { pointsNeeded: balance.pointsNeeded, balance: null, balanceCovers: null, balanceError: balance.error };
	const { verdict } = balance;
	return { pointsNeeded: verdict.pointsNeeded, billing: verdict.billing, balance: verdict.balance, balanceCovers: verdict.covers };
}

function previewJson(message: PreparedMessage, sending: Sending, position: number, balance: PreviewBalance): IDataObject {
	const mine = sending.numbersByBatch[position];
	return {
		preview: true,
		notice: PREVIEW_NOTICE,
		title: message.title,
		scheduledAt: message.startTime ?? null,
		recipientCount: message.numbers.length,
		duplicatesRemoved: message.duplicatesRemoved,
		submissions: [...mine.entries()].map(([batch, numbers]) => ({
			batch: batch + 1,
			batchCount: sending.batches.length,
			recipientCount: sending.batches[batch].length,
			itemRecipientCount: numbers.length,
			firstRecipient: sending.batches[batch][0],
			lastRecipient: sending.batches[batch][sending.batches[batch].length - 1],
			combinedItems: sending.messages.length,
		})),
		frames: message.frames.map((frame, index) => ({
			frame: index + 1,
			durationSeconds: frame.durationSeconds,
			text: frameText(frame),
			parts: frame.parts.map((part) => ({ type: part.type, bytes: part.bytes.length })),
		})),
		mmsBytes: message.mmsBytes,
		images: message.images as unknown as IDataObject[],
		// The whole execution's figures: what Check Balance First would compare.
		...balanceFields(balance),
	};
}

/** One item per input item that says what a send would submit, marked so nobody takes it for a send. */
export function previewOutput(sendings: readonly Sending[], balance: PreviewBalance): Map<number, INodeExecutionData> {
	const byItem = new Map<number, INodeExecutionData>();
	for (const sending of sendings) {
		sending.messages.forEach((message, position) => {
			byItem.set(message.itemIndex, { json: previewJson(message, sending, position, balance), pairedItem: { item: message.itemIndex } });
		});
	}
	return byItem;
}
