// Pending delivery reports, stored compactly so that a benchmark can queue a million of them.
// A report is never an object until it is handed out: an accepted send or an injection becomes one
// segment (task ID, creation time, a way to name the i-th mobile, a failure threshold), and the
// queue holds [start, end) slices of segments. Whether report i failed comes from a hash of
// (segment seed, i), so the decision is fixed when the segment is created (the failed share in
// force then) and costs no memory per report. An injection may ask for odd reports
// (reportOddities.ts): its segment then knows its oddity and the first of its `odd-<n>` numbers.
import { oddExtNo } from './reportOddities';
import type { ReportOddity } from './reportOddities';

export interface SimReport {
	taskId: string;
	mobile: string;
	/** 10 delivered, 20 failed: the only two values the document defines. */
	status: 10 | 20;
	/** China Standard Time, `YYYY-MM-DD HH:mm:ss`. How it is written on the wire depends on the
	 *  reportSlashDates setting. */
	receiveTime: string;
	/** DELIVRD for delivered reports, a gateway code for failed ones. */
	errorCode: string;
	extNo: string;
	/** Odd reports only: how the report's <statusbox> departs from the document (the fields above
	 *  are the report as the gateway holds it; reportOddities.ts says what the wire shows). */
	oddity?: ReportOddity;
}

export interface OddSpec {
	oddity: ReportOddity;
	/** n of the segment's first `odd-<n>` extno. */
	firstSeq: number;
}

const FAILURE_CODES = ['UNDELIV', 'EXPIRED', 'MK:0001', '2'] as const;
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

function pad2(n: number): string {
	return n < 10 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD HH:mm:ss` in UTC+08:00 (China has no daylight saving time). */
export function chinaTime(epochMs: number): string {
	const d = new Date(epochMs + CHINA_OFFSET_MS);
	return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** The other style seen at real deployments: `2020/6/8 18:21:21` (no zero padding of month, day or hour). */
export function chinaTimeSlashed(epochMs: number): string {
	const d = new Date(epochMs + CHINA_OFFSET_MS);
	return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} ${d.getUTCHours()}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** 32-bit integer mix (the murmur3 finaliser): cheap, and spreads consecutive indexes evenly. */
function mix(seed: number, index: number): number {
	let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
	return (h ^ (h >>> 16)) >>> 0;
}

export class ReportSegment {
	readonly receiveTime: string;
	readonly receiveTimeSlashed: string;
	private readonly threshold: number;

	constructor(
		readonly id: number,
		readonly account: string,
		readonly taskId: string,
		readonly count: number,
		readonly createdAt: number,
		failedShare: number,
		private readonly mobiles: readonly string[] | null,
		/** For synthetic segments: mobile i is 139 followed by 8 digits of (mobileBase + i). */
		private readonly mobileBase: number,
		/** Injected odd reports: every report of the segment is odd in the same way. */
		readonly odd: OddSpec | null = null,
	) {
		this.receiveTime = chinaTime(createdAt);
		this.receiveTimeSlashed = chinaTimeSlashed(createdAt);
		const share = Math.min(Math.max(failedShare, 0), 1);
		// Compared against a uint32 hash; share 1 must fail everything, so it gets a threshold above the range.
		this.threshold = share >= 1 ? 2 ** 32 : Math.floor(share * 2 ** 32);
	}

	mobile(i: number): string {
		if (this.mobiles) return this.mobiles[i];
		return String(13_900_000_000 + ((this.mobileBase + i) % 100_000_000));
	}

	failed(i: number): boolean {
		return mix(this.id, i) < this.threshold;
	}

	errorCode(i: number): string {
		return this.failed(i) ? FAILURE_CODES[mix(this.id ^ 0x5bd1e995, i) % FAILURE_CODES.length] : 'DELIVRD';
	}

	extNo(i: number): string {
		return this.odd ? oddExtNo(this.odd.firstSeq + i) : '';
	}

	report(i: number): SimReport {
		const failed = this.failed(i);
		const report: SimReport = {
			taskId: this.taskId,
			mobile: this.mobile(i),
			status: failed ? 20 : 10,
			receiveTime: this.receiveTime,
			errorCode: this.errorCode(i),
			extNo: this.extNo(i),
		};
		if (this.odd) report.oddity = this.odd.oddity;
		return report;
	}
}

export interface ReportSlice {
	segment: ReportSegment;
	start: number;
	end: number;
	/** true for the second hand-out of a report when the duplicateReports setting is on. */
	repeat: boolean;
}

export function sliceCount(slices: readonly ReportSlice[]): number {
	let n = 0;
	for (const s of slices) n += s.end - s.start;
	return n;
}

export function* sliceReports(slices: readonly ReportSlice[]): Generator<SimReport> {
	for (const s of slices) for (let i = s.start; i < s.end; i++) yield s.segment.report(i);
}

/** FIFO of slices with a moving head, compacted now and then so taking is O(slices taken). */
class SliceFifo {
	private items: ReportSlice[] = [];
	private head = 0;
	size = 0;

	push(slice: ReportSlice): void {
		if (slice.end <= slice.start) return;
		this.items.push(slice);
		this.size += slice.end - slice.start;
	}

	take(max: number, into: ReportSlice[]): number {
		let taken = 0;
		while (taken < max && this.head < this.items.length) {
			const first = this.items[this.head];
			const want = max - taken;
			const have = first.end - first.start;
			if (have <= want) {
				into.push(first);
				taken += have;
				this.head++;
			} else {
				into.push({ ...first, end: first.start + want });
				this.items[this.head] = { ...first, start: first.start + want };
				taken += want;
			}
		}
		if (this.head > 1024 && this.head * 2 > this.items.length) {
			this.items = this.items.slice(this.head);
			this.head = 0;
		}
		this.size -= taken;
		return taken;
	}
}

/** One account's pending reports. Repeats (second copies when duplicateReports is on) go out
 *  before new ones, so a client sees the duplicate in the very next reply. */
export class AccountReportQueue {
	private readonly repeats = new SliceFifo();
	private readonly fresh = new SliceFifo();

	get pending(): number {
		return this.repeats.size + this.fresh.size;
	}

	push(segment: ReportSegment): void {
		this.fresh.push({ segment, start: 0, end: segment.count, repeat: false });
	}

	take(max: number, duplicate: boolean): ReportSlice[] {
		const out: ReportSlice[] = [];
		const fromRepeats = this.repeats.take(max, out);
		const firstFresh = out.length;
		this.fresh.take(max - fromRepeats, out);
		if (duplicate) {
			for (let i = firstFresh; i < out.length; i++) this.repeats.push({ ...out[i], repeat: true });
		}
		return out;
	}
}
