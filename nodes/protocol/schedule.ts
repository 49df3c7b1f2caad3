import { InvalidInputError } from './errors';
import { showValue } from './showValue';
import { isKnownTimeZone, utcMillis, type WallTime, wallTimeToEpoch } from './zonedTime';

export interface ScheduleOptions {
	/** IANA zone that a time without offset is read in (the workflow's timezone). */
	timezone: string;
	now?: Date;
}

const FIELD = 'scheduledAt';
// The vendor's clock: China Standard Time, UTC+08:00 all year.
const CHINA_OFFSET_MS = 8 * 3_600_000;
const MAX_INPUT_CHARS = 64;
const FORMATS_HINT =
	"Use an ISO 8601 date and time such as 2025-03-01T09:30:00+08:00 or 2025-03-01T01:30:00Z, or a time without offset such as 2025-03-01 09:30 (read in the workflow's timezone).";
const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:\s*([Zz]|[+-]\d{2}(?::?\d{2})?))?$/;

function unreadable(shown: string): InvalidInputError {
	return new InvalidInputError(`The scheduled time ${shown} is not a date and time that can be read`, FIELD, FORMATS_HINT);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
	return month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

function offsetMinutes(text: string): number | undefined {
	if (text === 'Z' || text === 'z') return 0;
	const sign = text[0] === '-' ? -1 : 1;
	const digits = text.slice(1).replace(':', '');
	const hours = Number(digits.slice(0, 2));
	const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
	if (hours > 23 || minutes > 59) return undefined;
	return sign * (hours * 60 + minutes);
}

function parseString(text: string, timezone: string): number {
	const shown = JSON.stringify(text.length > MAX_INPUT_CHARS ? `${text.slice(0, MAX_INPUT_CHARS)}…` : text);
	if (text.length > MAX_INPUT_CHARS) throw unreadable(shown);
	const match = DATE_TIME.exec(text.trim());
	if (match === null) throw unreadable(shown);
	const [, year, month, day, hour, minute, second, fraction, offset] = match;
	if (hour === undefined) {
		throw new InvalidInputError(`The scheduled time ${shown} has a date but no time of day`, FIELD, `Add the time, e.g. ${text.trim()} 09:30. ${FORMATS_HINT}`);
	}
	const wall: WallTime = {
		year: Number(year),
		month: Number(month),
		day: Number(day),
		hour: Number(hour),
		minute: Number(minute),
		second: second === undefined ? 0 : Number(second),
		millisecond: fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0')),
	};
	const valid =
		wall.month >= 1 &&
		wall.month <= 12 &&
		wall.day >= 1 &&
		wall.day <= daysInMonth(wall.year, wall.month) &&
		wall.hour <= 23 &&
		wall.minute <= 59 &&
		wall.second <= 59;
	if (!valid) throw new InvalidInputError(`The scheduled time ${shown} is not a real date and time`, FIELD, FORMATS_HINT);
	if (offset !== undefined) {
		const minutes = offsetMinutes(offset);
		if (minutes === undefined) throw new InvalidInputError(`The scheduled time ${shown} has an impossible UTC offset`, FIELD, FORMATS_HINT);
		return utcMillis(wall) - minutes * 60_000;
	}
	if (!isKnownTimeZone(timezone)) {
		throw new InvalidInputError(
			`The scheduled time ${shown} has no UTC offset, and the workflow timezone ${showValue(timezone)} is not a known time zone`,
			FIELD,
			'Set a valid timezone such as Asia/Shanghai in the workflow settings, or give the time with an offset such as +08:00.',
		);
	}
	return wallTimeToEpoch(wall, timezone);
}

function fromDate(date: Date, shown: string): number {
	const time = date.getTime();
	if (Number.isNaN(time)) throw new InvalidInputError(`The scheduled time ${shown} is an invalid date`, FIELD, FORMATS_HINT);
	return time;
}

// Luxon's DateTime (what n8n's dateTime parameters and $now give) is recognised by shape, without importing Luxon.
function fromDateLike(value: object, timezone: string): number {
	const candidate = value as { toISO?: unknown; toJSDate?: unknown };
	try {
		if (typeof candidate.toISO === 'function') {
			const iso: unknown = candidate.toISO();
			if (typeof iso === 'string') return parseString(iso, timezone);
		}
		if (typeof candidate.toJSDate === 'function') {
			const date: unknown = candidate.toJSDate();
			if (date instanceof Date) return fromDate(date, 'given');
		}
	} catch (error) {
		if (error instanceof InvalidInputError) throw error;
	}
	throw new InvalidInputError('The scheduled time is an invalid date object', FIELD, FORMATS_HINT);
}

function toInstant(value: unknown, timezone: string): number {
	if (value instanceof Date) return fromDate(value, 'given');
	if (typeof value === 'string') {
		if (value.trim() === '') throw new InvalidInputError('The scheduled time is empty', FIELD, `${FORMATS_HINT} Leave the option out to send at once.`);
		return parseString(value, timezone);
	}
	if (typeof value === 'object' && value !== null) return fromDateLike(value, timezone);
	throw new InvalidInputError(`The scheduled time is a ${value === null ? 'null' : typeof value}, not a date and time`, FIELD, FORMATS_HINT);
}

function two(value: number): string {
	return String(value).padStart(2, '0');
}

/** Instant -> 'YYYY-MM-DD HH:mm:ss' in China Standard Time (the format in the vendor document). */
function formatChinaTime(epochMs: number): string {
	const d = new Date(Math.floor(epochMs / 1000) * 1000 + CHINA_OFFSET_MS);
	return `${String(d.getUTCFullYear()).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** -> 'YYYY-MM-DD HH:mm:ss' in China Standard Time (UTC+08:00, no DST). A value without offset is read in
 *  options.timezone (IANA), never in the server's zone. Compared with `now` to the second, the precision the
 *  vendor's format has. */
export function toVendorStartTime(value: unknown, options: ScheduleOptions): string {
	const instant = toInstant(value, options.timezone);
	const now = (options.now ?? new Date()).getTime();
	if (!Number.isFinite(instant) || new Date(instant + CHINA_OFFSET_MS).getUTCFullYear() > 9999) {
		throw new InvalidInputError('The scheduled time is too far in the future', FIELD, FORMATS_HINT);
	}
	if (Math.floor(instant / 1000) < Math.floor(now / 1000)) {
		throw new InvalidInputError(
			`The scheduled time ${formatChinaTime(instant)} (China time, UTC+08:00) is in the past: it is now ${formatChinaTime(now)} there`,
			FIELD,
			'Pick a time in the future, or leave the option out to send at once.',
		);
	}
	return formatChinaTime(instant);
}
