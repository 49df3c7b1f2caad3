/** Wall-clock time <-> instant in an IANA zone using only Intl, so the server's own zone never leaks in. */

export interface WallTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError when Intl does not know the zone. */
function formatterFor(zone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(zone);
	if (formatter === undefined) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		formatters.set(zone, formatter);
	}
	return formatter;
}

export function isKnownTimeZone(zone: string): boolean {
	if (typeof zone !== 'string' || zone.trim() === '') return false;
	try {
		formatterFor(zone);
		return true;
	} catch {
		return false;
	}
}

/** Date.UTC, but years 0-99 stay years 0-99 instead of becoming 1900-1999. */
export function utcMillis(wall: WallTime): number {
	const date = new Date(0);
	date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
	date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
	return date.getTime();
}

/** Minutes east of UTC that `zone` observes at the instant `epochMs`. */
function zoneOffsetMinutes(epochMs: number, zone: string): number {
	const fields: Record<string, number> = {};
	for (const part of formatterFor(zone).formatToParts(new Date(epochMs))) {
		if (part.type !== 'literal') fields[part.type] = Number(part.value);
	}
	const wallAsUtc = utcMillis({
		year: fields.year,
		month: fields.month,
		day: fields.day,
		hour: fields.hour === 24 ? 0 : fields.hour,
		minute: fields.minute,
		second: fields.second,
		millisecond: 0,
	});
	const wholeSeconds = Math.floor(epochMs / 1000) * 1000;
	return Math.round((wallAsUtc - wholeSeconds) / 60_000);
}

const DAY_MS = 86_400_000;

/** The instant a wall time denotes in `zone`. Offsets change at most once a day, so the offsets a day before
 *  and a day after are the only candidates. A repeated wall time (DST ends) takes its earlier occurrence; a
 *  skipped one (DST starts) is read with the offset before the jump, which moves it forward by the jump, as
 *  Luxon (n8n's date library) does. */
export function wallTimeToEpoch(wall: WallTime, zone: string): number {
	const local = utcMillis(wall);
	const before = zoneOffsetMinutes(local - DAY_MS, zone);
	const after = zoneOffsetMinutes(local + DAY_MS, zone);
	const withBefore = local - before * 60_000;
	const withAfter = local - after * 60_000;
	const beforeFits = zoneOffsetMinutes(withBefore, zone) === before;
	const afterFits = zoneOffsetMinutes(withAfter, zone) === after;
	if (beforeFits && afterFits) return Math.min(withBefore, withAfter);
	if (afterFits) return withAfter;
	return withBefore;
}
