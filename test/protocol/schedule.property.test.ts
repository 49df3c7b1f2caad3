import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { toVendorStartTime } from '../../nodes/protocol';
import { onlyInvalidInput } from '../support/onlyInvalidInput';

describe('toVendorStartTime on hostile input', () => {
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
});
