import { MAX_RECIPIENTS_PER_SUBMISSION, chunk } from '../../../protocol';
import type { PreparedMessage } from './prepareMessage';

/** One MMS (title, content, schedule) going to a set of numbers in submissions of up to 2,000. */
export interface Sending {
	index: number;
	/** The input items whose numbers it carries, in item order (one unless identical items were combined). */
	messages: PreparedMessage[];
	batches: string[][];
	/** For each message (same order), its numbers grouped by the batch that carries them. */
	numbersByBatch: Array<Map<number, string[]>>;
}

/** Title, schedule and content: items equal in all three are the same MMS. */
function messageKey(message: PreparedMessage): string {
	return `${message.title}\u0000${message.startTime ?? ''}\u0000${message.content}`;
}

function buildSending(index: number, messages: PreparedMessage[]): Sending {
	if (messages.length === 1) {
		// The common case without combining: its batches are its numbers, no lookup needed.
		const batches = chunk(messages[0].numbers, MAX_RECIPIENTS_PER_SUBMISSION);
		return { index, messages, batches, numbersByBatch: [new Map(batches.map((batch, b) => [b, batch]))] };
	}
	// A number several items list is sent once, by the submission that takes it first.
	const batchOf = new Map<string, number>();
	const numbers: string[] = [];
	for (const message of messages) {
		for (const number of message.numbers) {
			if (batchOf.has(number)) continue;
			batchOf.set(number, Math.floor(numbers.length / MAX_RECIPIENTS_PER_SUBMISSION));
			numbers.push(number);
		}
	}
	const numbersByBatch = messages.map((message) => {
		const byBatch = new Map<number, string[]>();
		for (const number of message.numbers) {
			const batch = batchOf.get(number) as number;
			const list = byBatch.get(batch);
			if (list) list.push(number);
			else byBatch.set(batch, [number]);
		}
		return byBatch;
	});
	return { index, messages, batches: chunk(numbers, MAX_RECIPIENTS_PER_SUBMISSION), numbersByBatch };
}

/**
 * Groups the prepared messages into sendings. With `combine`, items whose title, schedule and encoded
 * content are identical become one sending (one request per 2,000 numbers instead of one per item);
 * otherwise every item is its own sending, as in version 0.1.
 */
export function planSendings(messages: ReadonlyArray<PreparedMessage | undefined>, combine: boolean): Sending[] {
	const groups: PreparedMessage[][] = [];
	const byKey = new Map<string, PreparedMessage[]>();
	for (const message of messages) {
		if (message === undefined) continue;
		if (!combine) {
			groups.push([message]);
			continue;
		}
		const key = messageKey(message);
		const group = byKey.get(key);
		if (group) group.push(message);
		else {
			const created = [message];
			byKey.set(key, created);
			groups.push(created);
		}
	}
	return groups.map((group, index) => buildSending(index, group));
}

/** Recipients the whole plan sends to: what the vendor charges for. */
export function recipientTotal(sendings: readonly Sending[]): number {
	let total = 0;
	for (const sending of sendings) for (const batch of sending.batches) total += batch.length;
	return total;
}

export function submissionTotal(sendings: readonly Sending[]): number {
	let total = 0;
	for (const sending of sendings) total += sending.batches.length;
	return total;
}

/** How an error names a submission: "item 3, batch 2", "items 1, 4, 9, batch 1", or for many combined
 *  items "items 1, 2, … 500 (500 combined), batch 1". */
export function submissionLabel(sending: Sending, batchIndex: number): string {
	const items = sending.messages.map((message) => message.itemIndex + 1);
	let which = `item ${items[0]}`;
	if (items.length > 1) which = items.length <= 4 ? `items ${items.join(', ')}` : `items ${items[0]}, ${items[1]}, … ${items[items.length - 1]} (${items.length} combined)`;
	return `${which}, batch ${batchIndex + 1}`;
}
