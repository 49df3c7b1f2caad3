import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { planSendings, recipientTotal, submissionLabel, submissionTotal } from '../../../../nodes/Inter28/actions/message/planSendings';
import type { PreparedMessage } from '../../../../nodes/Inter28/actions/message/prepareMessage';

function message(itemIndex: number, numbers: string[], content = 'A', title = 't'): PreparedMessage {
	return { itemIndex, title, content, frames: [], mmsBytes: 0, numbers, duplicatesRemoved: 0, images: [] };
}

const phone = (n: number) => String(13_900_000_000 + n);

describe('planSendings', () => {
	it('without combining: one sending per item, batches of 2,000', () => {
		const sendings = planSendings([message(0, Array.from({ length: 4500 }, (_, i) => phone(i))), undefined, message(2, [phone(1)])], false);
		assert.deepEqual(sendings.map((s) => s.batches.map((b) => b.length)), [[2000, 2000, 500], [1]]);
		assert.equal(submissionTotal(sendings), 4);
		assert.equal(recipientTotal(sendings), 4501);
		assert.equal(submissionLabel(sendings[1], 0), 'item 3, batch 1');
	});

	it('combines identical title, schedule and content only', () => {
		const sendings = planSendings(
			[message(0, [phone(1)]), message(1, [phone(2)]), message(2, [phone(3)], 'B'), message(3, [phone(4)], 'A', 'other'), { ...message(4, [phone(5)]), startTime: '2030-01-01 08:00:00' }, message(5, [phone(6)])],
			true,
		);
		assert.deepEqual(sendings.map((s) => s.messages.map((m) => m.itemIndex)), [[0, 1, 5], [2], [3], [4]]);
		assert.equal(submissionLabel(sendings[0], 0), 'items 1, 2, 6, batch 1');
	});

	it('a number several items list is sent once, and each item knows the batch that carries each of its numbers', () => {
		fc.assert(
			fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 3000 }), { minLength: 1, maxLength: 5 }), (lists) => {
				const messages = lists.map((list, i) => message(i, [...new Set(list)].map(phone)));
				const [sending] = planSendings(messages, true);
				const all = sending.batches.flat();
				assert.equal(new Set(all).size, all.length, 'no number twice');
				assert.deepEqual(new Set(all), new Set(messages.flatMap((m) => m.numbers)));
				assert.ok(sending.batches.every((b) => b.length >= 1 && b.length <= 2000));
				messages.forEach((m, position) => {
					const carried = [...sending.numbersByBatch[position]].flatMap(([batch, numbers]) => {
						for (const n of numbers) assert.ok(sending.batches[batch].includes(n));
						return numbers;
					});
					assert.deepEqual(carried.sort(), [...m.numbers].sort());
				});
			}),
			{ numRuns: 50 },
		);
	});

	it('names many combined items briefly', () => {
		const [sending] = planSendings(Array.from({ length: 500 }, (_, i) => message(i, [phone(i)])), true);
		assert.equal(submissionLabel(sending, 0), 'items 1, 2, … 500 (500 combined), batch 1');
	});
});
