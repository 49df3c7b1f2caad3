import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { parseMobileNumbers, parseRecipients } from '../../nodes/protocol';
import { onlyInvalidInput } from '../support/onlyInvalidInput';

describe('parseRecipients on hostile input', () => {
	it('parseRecipients only throws InvalidInputError', () => {
		const numberish = fc.string({ unit: fc.constantFrom(...'0123456789+86 ,;，；\n'.split('')), maxLength: 80 });
		fc.assert(fc.property(fc.oneof(fc.anything(), numberish, fc.array(fc.oneof(numberish, fc.integer(), fc.double()))), (input) => onlyInvalidInput(() => parseRecipients(input), input)), {
			numRuns: 1000,
		});
	});

	it('parseRecipients keeps every valid number once, in order', () => {
		const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 })).map(([second, rest]) => `1${second}${String(rest).padStart(9, '0')}`);
		const prefix = fc.constantFrom('', '+86', '86', '0086');
		const separator = fc.constantFrom(',', ';', ' ', '\n', '，', '；', ' , ');
		fc.assert(
			fc.property(fc.array(fc.tuple(prefix, mobile, separator), { minLength: 1, maxLength: 30 }), (entries) => {
				const text = entries.map(([p, m, s]) => `${p}${m}${s}`).join('');
				const expected = [...new Set(entries.map(([, m]) => m))];
				const list = parseRecipients(text);
				assert.deepEqual(list.numbers, expected);
				assert.equal(list.duplicatesRemoved, entries.length - expected.length);
			}),
			{ numRuns: 300 },
		);
	});

	it('reads a plain list of numbers in one pass exactly as the full parser does', () => {
		// An array element never takes the one-pass path: the same text inside a list is the full parser's reading.
		const list = fc.string({ unit: fc.constantFrom(...'0123456789,; \n\t，；、\u3000+8'.split('')), maxLength: 200 });
		const numbers = fc.array(fc.oneof(fc.integer({ min: 13_000_000_000, max: 19_999_999_999 }).map(String), fc.constantFrom('13800138000', '13800138000')), { maxLength: 50 });
		const joined = fc.tuple(numbers, fc.constantFrom(',', ';', ' ', '\n', '，', '、', ' , ')).map(([ns, sep]) => ns.join(sep));
		fc.assert(
			fc.property(fc.oneof(list, joined), (text) => {
				const read = (input: unknown) => {
					try {
						return parseMobileNumbers(input);
					} catch (error) {
						return (error as Error).message;
					}
				};
				assert.deepEqual(read(text), read([text]));
			}),
			{ numRuns: 2000 },
		);
	});

	it('dedupes long plain lists as a Set would, numbers that hash alike included', () => {
		// 13800138000 + k·(2³¹−1) all land in one slot of the one-pass reader's table: they must probe, not merge.
		const alike = fc.integer({ min: 0, max: 2 }).map((k) => String(13_800_138_000 + k * 0x7fffffff));
		const mobile = fc.oneof(alike, fc.integer({ min: 13_000_000_000, max: 13_000_000_400 }).map(String));
		fc.assert(
			fc.property(fc.array(mobile, { minLength: 1, maxLength: 3000 }), fc.constantFrom(',', '\n', ' ; '), (list, separator) => {
				const expected = [...new Set(list)];
				const read = parseMobileNumbers(list.join(separator));
				assert.deepEqual(read.numbers, expected);
				assert.equal(read.duplicatesRemoved, list.length - expected.length);
			}),
			{ numRuns: 200 },
		);
	});
});
