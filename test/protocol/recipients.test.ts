import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InvalidInputError, MAX_RECIPIENTS_PER_SUBMISSION, chunk, parseRecipients } from '../../nodes/protocol';
import { thrown } from '../support/thrown';

function invalid(input: unknown): InvalidInputError {
	const error = thrown(() => parseRecipients(input), InvalidInputError);
	assert.equal(error.field, 'recipients');
	return error;
}

describe('parseRecipients', () => {
	it('splits on commas, semicolons, full-width ，； and any white space or new lines', () => {
		const list = parseRecipients('13800138000,13800138001;13800138002，13800138003；13800138004 13800138005\n13800138006\r\n13800138007\t13800138008、13800138009');
		assert.deepEqual(list.numbers, Array.from({ length: 10 }, (_, i) => `1380013800${i}`));
		assert.equal(list.duplicatesRemoved, 0);
	});

	it('drops +86, 86 and 0086 prefixes, also written apart', () => {
		assert.deepEqual(parseRecipients('+8613800138000, 8613900139000, 008615000150000, +86 18600186000').numbers, [
			'13800138000',
			'13900139000',
			'15000150000',
			'18600186000',
		]);
	});

	it('removes duplicates keeping the first occurrence order', () => {
		const list = parseRecipients('13900139000, 13800138000, +8613900139000, 13800138000, 15000150000');
		assert.deepEqual(list.numbers, ['13900139000', '13800138000', '15000150000']);
		assert.equal(list.duplicatesRemoved, 2);
	});

	it('accepts arrays of strings and numbers, each string possibly a list', () => {
		const list = parseRecipients(['13800138000, 13900139000', 15000150000, 8618600186000, ' 17700177000 ']);
		assert.deepEqual(list.numbers, ['13800138000', '13900139000', '15000150000', '18600186000', '17700177000']);
	});

	it('accepts a single number', () => {
		assert.deepEqual(parseRecipients(13800138000).numbers, ['13800138000']);
	});

	it('reports every invalid entry at once with its position', () => {
		const error = invalid('13800138000, abc, 1380013800, 12345678901; 23800138000');
		assert.match(error.message, /^4 recipients are not mainland China mobile numbers/);
		assert.match(error.message, /position 2: "abc", position 3: "1380013800", position 4: "12345678901", position 5: "23800138000"/);
		assert.ok(error.hint.length > 0);
	});

	it('uses the singular for one invalid entry', () => {
		assert.match(invalid(['13800138000', 'x']).message, /^A recipient is not a mainland China mobile number: position 2: "x"$/);
	});

	it('counts positions across array elements', () => {
		assert.match(invalid(['13800138000 bad', { a: 1 }, 1.5]).message, /position 2: "bad", position 3: \(object\), position 4: "1.5"/);
	});

	it('caps the list at 20 with "and K more"', () => {
		const error = invalid(Array.from({ length: 25 }, (_, i) => `x${i}`).join(','));
		assert.match(error.message, /position 20: "x19" and 5 more$/);
		assert.doesNotMatch(error.message, /position 21/);
	});

	it('refuses an empty list', () => {
		for (const empty of ['', ' , ;\n', [], undefined, null]) assert.match(invalid(empty).message, /No recipients/);
	});

	it('never throws anything but InvalidInputError on odd input', () => {
		for (const odd of [true, {}, Symbol('x'), () => 1, [[]], Number.NaN, -1, 1e30, 10n]) {
			try {
				parseRecipients(odd);
			} catch (error) {
				assert.ok(error instanceof InvalidInputError, String(odd));
			}
		}
	});
});

describe('chunk', () => {
	it('splits 4,500 numbers into 2000/2000/500', () => {
		const numbers = Array.from({ length: 4_500 }, (_, i) => String(13_800_000_000 + i));
		const chunks = chunk(numbers, MAX_RECIPIENTS_PER_SUBMISSION);
		assert.deepEqual(chunks.map((c) => c.length), [2000, 2000, 500]);
		assert.deepEqual(chunks.flat(), numbers);
	});

	it('handles empty and exact multiples', () => {
		assert.deepEqual(chunk([], 3), []);
		assert.deepEqual(chunk([1, 2, 3, 4], 2), [[1, 2], [3, 4]]);
	});

	it('refuses a size below 1', () => {
		assert.throws(() => chunk([1], 0), RangeError);
	});
});
