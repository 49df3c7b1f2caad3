// Everything the simulated gateway remembers, and the operations the control API exposes. The
// HTTP control API (control.ts) and in-process tests call the same methods.
import { AccountBook, DEFAULT_ACCOUNTS, viewAccount } from './accounts';
import type { Account, AccountSpec, AccountView } from './accounts';
import { FaultQueue } from './faults';
import type { ActiveFault, AnyFaultKind, FaultSpec, VendorOperation } from './faults';
import { oddExtNo, REPORT_ODDITIES } from './reportOddities';
import type { ReportOddity } from './reportOddities';
import { AccountReportQueue, ReportSegment, sliceCount, sliceReports } from './reportQueue';
import type { ReportSlice, SimReport } from './reportQueue';
import { BALANCE_NUMBERS } from './vendorReplies';
import type { BalanceNumbers, BalanceProlog, EmptyReportsReply } from './vendorReplies';
import type { WirePartType } from './wireFormat';

export interface SimulatorSettings {
	/** Prolog of the balance reply: the document's malformed `<xml …>` (default), a correct `<?xml ?>`, or none. */
	balanceProlog: BalanceProlog;
	/** <overage> and <sendTotal> of a successful balance reply: `1000` (default), `1,000`, `1000.00`,
	 *  empty elements, or no elements. */
	balanceNumbers: BalanceNumbers;
	/** Wrap errorcode and extno of reports in CDATA, as some deployments do. */
	reportCdata: boolean;
	/** Write receivetime as `2020/6/8 18:21:21` instead of `2020-06-08 18:21:21`. */
	reportSlashDates: boolean;
	/** Add `<total>N</total>`, an element the document does not have, directly inside <returnsms>
	 *  of every report reply that carries reports. */
	reportExtraElement: boolean;
	/** What a report query answers when nothing is pending: an empty body (default), or
	 *  `<returnsms></returnsms>` / `<returnsms/>` after the prolog. */
	emptyReports: EmptyReportsReply;
	/** Share (0..1) of recipients whose report is 20 (failed); fixed per send when it is accepted. */
	failedShare: number;
	/** 7 or 8: answer every otherwise valid send with that code (the vendor's own failures). */
	forceSendCode: 7 | 8 | null;
	/** Hand every report out twice (the copy comes in the next reply), to test client-side dedupe. */
	duplicateReports: boolean;
	/** When the protocol core and the simulator's own wire check disagree about a send, answer
	 *  HTTP 500 with an explanation (default) so the test fails loudly; false = follow the wire check. */
	strictAgreement: boolean;
	/** How many request records and submissions are kept (oldest dropped first). */
	recordLimit: number;
}

export const DEFAULT_SETTINGS: Readonly<SimulatorSettings> = Object.freeze({
	balanceProlog: 'malformed',
	balanceNumbers: 'plain',
	reportCdata: false,
	reportSlashDates: false,
	reportExtraElement: false,
	emptyReports: 'emptyBody',
	failedShare: 0.1,
	forceSendCode: null,
	duplicateReports: false,
	strictAgreement: true,
	recordLimit: 500,
});

export interface SubmissionPart {
	type: WirePartType;
	bytes: Buffer;
	/** txt parts: the text decoded from GB2312. */
	text?: string;
}

export interface SubmissionFrame {
	durationSeconds: number;
	parts: SubmissionPart[];
}

/** One accepted send, as the gateway received it. */
export interface Submission {
	taskId: string;
	account: string;
	userId: string;
	mobiles: string[];
	title: string;
	/** `YYYY-MM-DD HH:mm:ss` as sent, or null for an immediate send. */
	startTime: string | null;
	/** The content field exactly as it arrived (after form decoding). */
	content: string;
	frames: SubmissionFrame[];
	/** Title UTF-8 bytes + decoded part bytes: what the 100 KB limit is measured on. */
	sizeBytes: number;
	receivedAt: string;
	balanceAfter: number;
}

export type RequestOperation = VendorOperation | 'unknown';

export interface RequestRecord {
	id: number;
	receivedAt: string;
	method: string;
	path: string;
	operation: RequestOperation;
	contentType: string;
	/** Form fields as received, password replaced by '***'; content cut to 4096 characters. */
	fields: Record<string, string>;
	/** Length of the content field before cutting, when present. */
	contentLength?: number;
	/** Vendor code answered: '0'..'10' or 'accepted' for sends, 'Success'/'Faild' for balance,
	 *  'errorstatus 1'..'4' / 'reports N' / 'empty' for reports. null when a fault answered first. */
	vendorCode: string | null;
	/** Why a send or query was refused, or what the simulator noticed (in English). */
	note?: string;
	fault: AnyFaultKind | null;
	/** Did the request change vendor state (charge, queue, dequeue)? */
	effect: boolean;
	httpStatus: number | null;
	/** The reply body, cut to 2000 characters. */
	reply: string;
	replyBytes: number;
	/** answered: the whole reply was written; lost: the connection closed before that. */
	outcome: 'inFlight' | 'answered' | 'lost';
	taskId?: string;
}

export type HandoutOutcome = 'inFlight' | 'delivered' | 'lostInReply';

export interface ReportLogEntry {
	id: number;
	requestId: number;
	at: string;
	account: string;
	count: number;
	/** Reports in this hand-out that had been handed out before (duplicateReports). */
	duplicates: number;
	/** delivered: the reply was written completely; lostInReply: taken off the queue but the
	 *  connection was dropped or cut (a fault, or the client gave up), so the client never had them. */
	outcome: HandoutOutcome;
	fault: AnyFaultKind | null;
	reports?: SimReport[];
}

interface Handout {
	id: number;
	requestId: number;
	at: string;
	account: string;
	slices: ReportSlice[];
	count: number;
	duplicates: number;
	outcome: HandoutOutcome;
	fault: AnyFaultKind | null;
}

export interface Counters {
	requests: number;
	sendsAccepted: number;
	sendsRefused: number;
	recipientsAccepted: number;
	reportsQueuedBySends: number;
	reportsInjected: number;
	reportsPending: number;
	reportsHandedOut: number;
	reportsDelivered: number;
	reportsLostInReply: number;
	duplicatesHandedOut: number;
	faultsApplied: number;
	disagreements: number;
}

export interface InjectReportsOptions {
	/** Account name (default 'demo' or the first account). */
	account?: string;
	/** Failed share for these reports (default: the failedShare setting). */
	failedShare?: number;
	/** Task ID to file them under (default: a new one). */
	taskId?: string;
	/** Render every report of this injection as this kind of statusbox the document does not
	 *  describe, each with a unique extno `odd-<n>` (see reportOddities.ts). */
	oddity?: ReportOddity;
}

export interface InjectReportsResult {
	account: string;
	taskId: string;
	count: number;
	pending: number;
	/** Odd injections only: the extno of the first and of the last report (`odd-<n>`, consecutive). */
	oddExtNos?: { first: string; last: string };
}

export interface ListOptions {
	offset?: number;
	limit?: number;
}

export interface ReportsLogOptions extends ListOptions {
	/** Materialise the reports of each hand-out (default true). */
	includeReports?: boolean;
}

export interface ResetOptions {
	accounts?: readonly AccountSpec[];
	settings?: Partial<SimulatorSettings>;
}

const MAX_INJECT = 50_000_000;
const MAX_HANDOUTS = 100_000;

function page<T>(items: readonly T[], options: ListOptions = {}): T[] {
	const offset = Math.max(0, options.offset ?? 0);
	const limit = options.limit ?? items.length;
	return items.slice(offset, offset + Math.max(0, limit));
}

function zeroCounters(): Counters {
	return {
		requests: 0,
		sendsAccepted: 0,
		sendsRefused: 0,
		recipientsAccepted: 0,
		reportsQueuedBySends: 0,
		reportsInjected: 0,
		reportsPending: 0,
		reportsHandedOut: 0,
		reportsDelivered: 0,
		reportsLostInReply: 0,
		duplicatesHandedOut: 0,
		faultsApplied: 0,
		disagreements: 0,
	};
}

export function validateSettings(patch: Partial<SimulatorSettings>, base: SimulatorSettings): SimulatorSettings {
	const next: SimulatorSettings = { ...base, ...patch };
	if (!['malformed', 'correct', 'none'].includes(next.balanceProlog)) throw new TypeError('balanceProlog must be malformed, correct or none');
	if (!BALANCE_NUMBERS.includes(next.balanceNumbers)) throw new TypeError(`balanceNumbers must be one of ${BALANCE_NUMBERS.join(', ')}`);
	if (!['emptyBody', 'emptyReturnsms', 'selfClosing'].includes(next.emptyReports)) throw new TypeError('emptyReports must be emptyBody, emptyReturnsms or selfClosing');
	if (typeof next.failedShare !== 'number' || !(next.failedShare >= 0 && next.failedShare <= 1)) throw new TypeError('failedShare must be a number from 0 to 1');
	if (next.forceSendCode !== null && next.forceSendCode !== 7 && next.forceSendCode !== 8) throw new TypeError('forceSendCode must be 7, 8 or null');
	for (const key of ['reportCdata', 'reportSlashDates', 'reportExtraElement', 'duplicateReports', 'strictAgreement'] as const) {
		if (typeof next[key] !== 'boolean') throw new TypeError(`${key} must be true or false`);
	}
	if (!Number.isInteger(next.recordLimit) || next.recordLimit < 1) throw new TypeError('recordLimit must be an integer >= 1');
	for (const key of Object.keys(patch)) {
		if (!(key in DEFAULT_SETTINGS)) throw new TypeError(`unknown setting ${key}`);
	}
	return next;
}

export class SimulatorState {
	private book: AccountBook;
	private current: SimulatorSettings;
	private queues = new Map<string, AccountReportQueue>();
	private readonly faultQueue = new FaultQueue();
	private submissionList: Submission[] = [];
	private requestList: RequestRecord[] = [];
	private handouts: Handout[] = [];
	private disagreementList: string[] = [];
	private count: Counters = zeroCounters();
	// Task IDs and segment IDs keep growing across resets, so a test never sees an ID twice.
	private lastTaskId = 27_349_872_349_823;
	private nextSegmentId = 1;
	private nextRequestId = 1;
	private nextHandoutId = 1;
	private mobileBase = 0;
	// n of the next `odd-<n>` extno; keeps growing across resets like task IDs.
	private nextOddSeq = 1;

	constructor(options: ResetOptions = {}) {
		this.book = new AccountBook(options.accounts ?? DEFAULT_ACCOUNTS);
		this.current = validateSettings(options.settings ?? {}, { ...DEFAULT_SETTINGS });
	}

	/** Back to a fresh gateway: accounts (defaults unless given), settings, queues, logs, faults. */
	reset(options: ResetOptions = {}): void {
		this.book = new AccountBook(options.accounts ?? DEFAULT_ACCOUNTS);
		this.current = validateSettings(options.settings ?? {}, { ...DEFAULT_SETTINGS });
		this.queues = new Map();
		this.faultQueue.clear();
		this.submissionList = [];
		this.requestList = [];
		this.handouts = [];
		this.disagreementList = [];
		this.count = zeroCounters();
	}

	/** Replaces all accounts; pending reports of accounts that no longer exist are dropped. */
	setAccounts(specs: readonly AccountSpec[]): AccountView[] {
		this.book.replace(specs);
		for (const name of [...this.queues.keys()]) if (!this.book.get(name)) this.queues.delete(name);
		return this.accounts();
	}

	accounts(): AccountView[] {
		return this.book.list().map(viewAccount);
	}

	/** Change one account (balance, permissions, password...). */
	updateAccount(name: string, patch: Partial<Omit<AccountSpec, 'account'>>): AccountView {
		return viewAccount(this.book.update(name, patch));
	}

	/** Reads the settings; with a patch, changes them first. */
	settings(patch?: Partial<SimulatorSettings>): SimulatorSettings {
		if (patch) this.current = validateSettings(patch, this.current);
		return { ...this.current };
	}

	/** Queue `count` synthetic reports in O(1): they become objects only when handed out. */
	injectReports(count: number, options: InjectReportsOptions = {}): InjectReportsResult {
		if (!Number.isInteger(count) || count < 1 || count > MAX_INJECT) throw new TypeError(`count must be an integer from 1 to ${MAX_INJECT}`);
		const account = options.account ?? (this.book.get('demo') ? 'demo' : this.book.list()[0]?.account);
		if (!account || !this.book.get(account)) throw new RangeError(`no simulator account named ${String(account)}`);
		if (options.taskId !== undefined && !/^[0-9]{1,30}$/.test(options.taskId)) throw new TypeError('taskId must be digits');
		const failedShare = options.failedShare ?? this.current.failedShare;
		if (!(failedShare >= 0 && failedShare <= 1)) throw new TypeError('failedShare must be a number from 0 to 1');
		if (options.oddity !== undefined && !REPORT_ODDITIES.includes(options.oddity)) throw new TypeError(`oddity must be one of ${REPORT_ODDITIES.join(', ')}`);
		const taskId = options.taskId ?? this.newTaskId();
		const odd = options.oddity === undefined ? null : { oddity: options.oddity, firstSeq: this.nextOddSeq };
		if (odd) this.nextOddSeq += count;
		const segment = new ReportSegment(this.nextSegmentId++, account, taskId, count, Date.now(), failedShare, null, this.mobileBase, odd);
		this.mobileBase = (this.mobileBase + count) % 100_000_000;
		this.queueFor(account).push(segment);
		this.count.reportsInjected += count;
		const result: InjectReportsResult = { account, taskId, count, pending: this.queueFor(account).pending };
		if (odd) result.oddExtNos = { first: oddExtNo(odd.firstSeq), last: oddExtNo(odd.firstSeq + count - 1) };
		return result;
	}

	/** Reports waiting to be handed out (one account, or all). */
	pendingReports(account?: string): number {
		if (account !== undefined) return this.queues.get(account)?.pending ?? 0;
		let total = 0;
		for (const queue of this.queues.values()) total += queue.pending;
		return total;
	}

	injectFault(spec: FaultSpec): ActiveFault[] {
		this.faultQueue.add(spec);
		return this.faultQueue.list();
	}

	injectFaults(specs: readonly FaultSpec[]): ActiveFault[] {
		// Validate all before adding any, so a bad list changes nothing.
		const probe = new FaultQueue();
		for (const spec of specs) probe.add(spec);
		for (const spec of specs) this.faultQueue.add(spec);
		return this.faultQueue.list();
	}

	clearFaults(): void {
		this.faultQueue.clear();
	}

	faults(): ActiveFault[] {
		return this.faultQueue.list();
	}

	submissions(filter: ListOptions & { taskId?: string; account?: string } = {}): Submission[] {
		const matching = this.submissionList.filter(
			(s) => (filter.taskId === undefined || s.taskId === filter.taskId) && (filter.account === undefined || s.account === filter.account),
		);
		return page(matching, filter);
	}

	requests(options: ListOptions = {}): RequestRecord[] {
		return page(this.requestList, options).map((r) => ({ ...r, fields: { ...r.fields } }));
	}

	reportsLog(options: ReportsLogOptions = {}): ReportLogEntry[] {
		const include = options.includeReports !== false;
		return page(this.handouts, options).map((h) => ({
			id: h.id,
			requestId: h.requestId,
			at: h.at,
			account: h.account,
			count: h.count,
			duplicates: h.duplicates,
			outcome: h.outcome,
			fault: h.fault,
			...(include ? { reports: [...sliceReports(h.slices)] } : {}),
		}));
	}

	counters(): Counters {
		return { ...this.count, reportsPending: this.pendingReports() };
	}

	/** Sends where the protocol core and the simulator's own wire check came to different results. */
	disagreements(): string[] {
		return [...this.disagreementList];
	}

	// ---- used by the vendor request handlers (vendor.ts, server.ts) ----

	get config(): Readonly<SimulatorSettings> {
		return this.current;
	}

	get accountBook(): AccountBook {
		return this.book;
	}

	takeFault(operation: VendorOperation): ActiveFault | undefined {
		const fault = this.faultQueue.take(operation);
		if (fault) this.count.faultsApplied++;
		return fault;
	}

	newTaskId(): string {
		this.lastTaskId++;
		return String(this.lastTaskId);
	}

	startRequest(record: Omit<RequestRecord, 'id' | 'outcome' | 'httpStatus' | 'reply' | 'replyBytes' | 'vendorCode' | 'effect'>): RequestRecord {
		const full: RequestRecord = {
			...record,
			id: this.nextRequestId++,
			vendorCode: null,
			effect: false,
			httpStatus: null,
			reply: '',
			replyBytes: 0,
			outcome: 'inFlight',
		};
		this.count.requests++;
		this.requestList.push(full);
		if (this.requestList.length > this.current.recordLimit) this.requestList.splice(0, this.requestList.length - this.current.recordLimit);
		return full;
	}

	/** Charges the account, queues one report per recipient and keeps the submission. */
	acceptSend(account: Account, submission: Omit<Submission, 'taskId' | 'balanceAfter' | 'receivedAt'>, now: number): Submission {
		const cost = submission.mobiles.length;
		account.balance -= cost;
		if (account.billing === 'postpaid') account.sendTotal += cost;
		const taskId = this.newTaskId();
		const record: Submission = { ...submission, taskId, receivedAt: new Date(now).toISOString(), balanceAfter: account.balance };
		const segment = new ReportSegment(this.nextSegmentId++, account.account, taskId, cost, now, this.current.failedShare, submission.mobiles, 0);
		this.queueFor(account.account).push(segment);
		this.count.sendsAccepted++;
		this.count.recipientsAccepted += cost;
		this.count.reportsQueuedBySends += cost;
		this.submissionList.push(record);
		if (this.submissionList.length > this.current.recordLimit) this.submissionList.splice(0, this.submissionList.length - this.current.recordLimit);
		return record;
	}

	refusedSend(): void {
		this.count.sendsRefused++;
	}

	/** Takes up to `max` reports off the account's queue; the hand-out starts inFlight and is
	 *  settled by settleHandout once the server knows whether the reply reached the client. */
	takeReports(account: string, max: number, requestId: number, fault: AnyFaultKind | null): Handout {
		const slices = this.queueFor(account).take(max, this.current.duplicateReports);
		const count = sliceCount(slices);
		let duplicates = 0;
		for (const s of slices) if (s.repeat) duplicates += s.end - s.start;
		const handout: Handout = {
			id: this.nextHandoutId++,
			requestId,
			at: new Date().toISOString(),
			account,
			slices,
			count,
			duplicates,
			outcome: 'inFlight',
			fault,
		};
		this.count.reportsHandedOut += count;
		this.count.duplicatesHandedOut += duplicates;
		if (count > 0) {
			this.handouts.push(handout);
			if (this.handouts.length > MAX_HANDOUTS) this.handouts.splice(0, this.handouts.length - MAX_HANDOUTS);
		}
		return handout;
	}

	settleHandout(handout: Handout, delivered: boolean): void {
		if (handout.outcome !== 'inFlight') return;
		handout.outcome = delivered ? 'delivered' : 'lostInReply';
		if (delivered) this.count.reportsDelivered += handout.count;
		else this.count.reportsLostInReply += handout.count;
	}

	recordDisagreement(text: string): void {
		this.count.disagreements++;
		this.disagreementList.push(text);
		if (this.disagreementList.length > 100) this.disagreementList.shift();
	}

	private queueFor(account: string): AccountReportQueue {
		let queue = this.queues.get(account);
		if (!queue) {
			queue = new AccountReportQueue();
			this.queues.set(account, queue);
		}
		return queue;
	}
}

export type { Handout };
