import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { InvalidInputError, parseFormBody, parseRecipients, toVendorStartTime } from '../../nodes/protocol';

function onlyInvalidInput(run: () => unknown, shown: unknown): void {
	try {
		run();
	} catch (error) {
		assert.ok(error instanceof InvalidInputError, `${String(error)} for ${fc.stringify(shown).slice(0, 80)}`);
	}
}

describe('input validators on hostile input', () => {
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

	it('toVendorStartTime only throws InvalidInputError', () => {
		const dateish = fc.string({ unit: fc.constantFrom(...'0123456789-:T Z+./'.split('')), maxLength: 40 });
		const zone = fc.constantFrom('UTC', 'Asia/Shanghai', 'America/New_York', 'Nope/Zone', '');
		fc.assert(
			fc.property(fc.oneof(fc.anything(), dateish, fc.date({ noInvalidDate: false })), zone, (value, timezone) =>
				onlyInvalidInput(() => toVendorStartTime(value, { timezone, now: new Date('2030-01-01T00:00:00Z') }), value),
			),
			{ numRuns: 1000 },
		);
	});

	it('toVendorStartTime always writes the vendor format for instants', () => {
		fc.assert(
			fc.property(fc.date({ min: new Date('2030-01-01T00:00:00Z'), max: new Date('9000-01-01T00:00:00Z'), noInvalidDate: true }), (date) => {
				const text = toVendorStartTime(date, { timezone: 'UTC', now: new Date('2030-01-01T00:00:00Z') });
				assert.match(text, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
				assert.equal(new Date(`${text.replace(' ', 'T')}+08:00`).getTime(), Math.floor(date.getTime() / 1000) * 1000);
			}),
			{ numRuns: 300 },
		);
	});

	it('toVendorStartTime reads wall times in a zone back to the same wall time', () => {
		fc.assert(
			fc.property(
				fc.date({ min: new Date('2031-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }),
				fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata'),
				(date, zone) => {
					// The wall time of a real instant in the zone; DST gaps cannot arise from a real instant.
					const parts = Object.fromEntries(
						new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
							.formatToParts(date)
							.map((p) => [p.type, p.value]),
					);
					const wall = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
					const vendor = toVendorStartTime(wall, { timezone: zone, now: new Date('2030-01-01T00:00:00Z') });
					const instant = new Date(`${vendor.replace(' ', 'T')}+08:00`).getTime();
					const back = Object.fromEntries(
						new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
							.formatToParts(new Date(instant))
							.map((p) => [p.type, p.value]),
					);
					assert.equal(`${back.year}-${back.month}-${back.day} ${back.hour}:${back.minute}:${back.second}`, wall);
				},
			),
			{ numRuns: 300 },
		);
	});

	it('parseFormBody only throws InvalidInputError', () => {
		fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'a=&%+2BE4ZZ'.split('')), maxLength: 60 }), (body) => onlyInvalidInput(() => parseFormBody(body), body)), { numRuns: 500 });
	});
});
