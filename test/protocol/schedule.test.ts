import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InvalidInputError, toVendorStartTime } from '../../nodes/protocol';

const now = new Date('2030-01-01T00:00:00Z');
const at = (value: unknown, timezone = 'Europe/Berlin') => toVendorStartTime(value, { timezone, now });

function invalid(value: unknown, timezone = 'Europe/Berlin'): InvalidInputError {
	try {
		at(value, timezone);
	} catch (error) {
		assert.ok(error instanceof InvalidInputError, String(error));
		assert.equal(error.field, 'scheduledAt');
		return error;
	}
	assert.fail('expected an InvalidInputError');
}

describe('toVendorStartTime', () => {
	it('converts an instant with offset or Z to China Standard Time', () => {
		assert.equal(at('2030-06-01T10:00:00Z'), '2030-06-01 18:00:00');
		assert.equal(at('2030-06-01T10:00:00+02:00'), '2030-06-01 16:00:00');
		assert.equal(at('2030-06-01T10:00:00.999-0530'), '2030-06-01 23:30:00');
		assert.equal(at('2030-06-01 10:00+08'), '2030-06-01 10:00:00');
		assert.equal(at('2030-12-31T20:00:00Z'), '2031-01-01 04:00:00');
	});

	it('reads a time without offset in the given timezone, never the server zone', () => {
		assert.equal(at('2030-06-01 10:00', 'Europe/Berlin'), '2030-06-01 16:00:00');
		assert.equal(at('2030-06-01T10:00:30', 'Asia/Shanghai'), '2030-06-01 10:00:30');
		assert.equal(at('2030-06-01 10:00:00', 'UTC'), '2030-06-01 18:00:00');
		assert.equal(at('2030-01-15 10:00', 'Europe/Berlin'), '2030-01-15 17:00:00');
	});

	it('follows DST in America/New_York', () => {
		assert.equal(at('2030-01-15 09:00', 'America/New_York'), '2030-01-15 22:00:00');
		assert.equal(at('2030-07-15 09:00', 'America/New_York'), '2030-07-15 21:00:00');
		// 02:30 does not exist on 10 March 2030: it moves forward by the hour, like Luxon.
		assert.equal(at('2030-03-10 02:30', 'America/New_York'), '2030-03-10 15:30:00');
		// 01:30 happens twice on 3 November 2030: the first (EDT) is taken.
		assert.equal(at('2030-11-03 01:30', 'America/New_York'), '2030-11-03 13:30:00');
	});

	it('takes the first occurrence east of UTC too', () => {
		assert.equal(at('2030-10-27 02:30', 'Europe/Berlin'), '2030-10-27 08:30:00');
	});

	it('accepts a Date', () => {
		assert.equal(at(new Date('2030-06-01T10:00:00Z')), '2030-06-01 18:00:00');
	});

	it('accepts a Luxon-like object with toISO, and one with only toJSDate', () => {
		assert.equal(at({ toISO: () => '2030-06-01T10:00:00.000+02:00' }), '2030-06-01 16:00:00');
		assert.equal(at({ toJSDate: () => new Date('2030-06-01T10:00:00Z') }), '2030-06-01 18:00:00');
		assert.equal(at({ toISO: () => null, toJSDate: () => new Date('2030-06-01T10:00:00Z') }), '2030-06-01 18:00:00');
	});

	it('refuses an invalid Luxon-like object or one that throws', () => {
		invalid({ toISO: () => null, toJSDate: () => new Date(Number.NaN) });
		invalid({
			toISO: () => {
				throw new Error('boom');
			},
		});
		invalid({});
	});

	it('refuses a time in the past, showing both times in China time', () => {
		const error = invalid('2029-12-31T23:59:58Z');
		assert.match(error.message, /2030-01-01 07:59:58 \(China time, UTC\+08:00\) is in the past: it is now 2030-01-01 08:00:00/);
		invalid(new Date('2020-01-01T00:00:00Z'));
	});

	it('accepts now itself, to the second', () => {
		assert.equal(at('2030-01-01T00:00:00.500Z'), '2030-01-01 08:00:00');
	});

	it('uses the real clock when now is not given', () => {
		assert.throws(() => toVendorStartTime('2001-01-01T00:00:00Z', { timezone: 'UTC' }), InvalidInputError);
		assert.equal(toVendorStartTime('2999-01-01T00:00:00Z', { timezone: 'UTC' }), '2999-01-01 08:00:00');
	});

	it('refuses unreadable values, saying the accepted formats', () => {
		for (const bad of ['tomorrow', '2030-13-01 10:00', '2030-02-30 10:00', '2030-06-01 24:00', '2030-06-01 10:60', '01/06/2030 10:00', 'x'.repeat(10_000)]) {
			assert.match(invalid(bad).hint, /ISO 8601/, bad.slice(0, 20));
		}
		for (const bad of [42, null, undefined, true, [], new Date(Number.NaN)]) invalid(bad);
		assert.match(invalid('').message, /empty/);
		assert.match(invalid('2030-06-01').message, /no time of day/);
		assert.match(invalid('2030-06-01T10:00+25:00').message, /offset/);
	});

	it('accepts 29 February only in leap years', () => {
		assert.equal(at('2032-02-29 10:00', 'UTC'), '2032-02-29 18:00:00');
		invalid('2031-02-29 10:00', 'UTC');
	});

	it('refuses an unknown timezone when it is needed', () => {
		assert.match(invalid('2030-06-01 10:00', 'Mars/Olympus').message, /Mars\/Olympus/);
		invalid('2030-06-01 10:00', '');
		assert.equal(at('2030-06-01T10:00:00Z', 'Mars/Olympus'), '2030-06-01 18:00:00');
	});
});
