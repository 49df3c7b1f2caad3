// Shared by the reliability tests: a simulator with a distinctive password, a secret scanner that
// reads everything a user or a log could see, fault injection on the n-th request, and waiting
// until the simulator knows whether each reply reached the client.
import assert from 'node:assert/strict';

import type { RunNodeResult } from '../support/engine/engine';
import { startSimulator, type FaultSpec, type RunningSimulator } from '../simulator';

/** Non-ASCII on purpose: its percent-encoded form differs from the raw one, and both must stay hidden. */
export const PASSWORD = 'S3cr3t-Pa55-Δ';
export const ACCOUNT = { userId: '8801', account: 'reliability' } as const;

export async function startReliabilitySimulator(): Promise<RunningSimulator> {
	return await startSimulator({
		accounts: [{ ...ACCOUNT, password: PASSWORD, balance: 1e12, mms: true, reports: true }],
		// Keep every record: the tests compare the simulator's record with what the nodes output.
		settings: { recordLimit: 1_000_000, failedShare: 0.1 },
	});
}

export function resetSimulator(sim: RunningSimulator): void {
	sim.state.reset({
		accounts: [{ ...ACCOUNT, password: PASSWORD, balance: 1e12, mms: true, reports: true }],
		settings: { recordLimit: 1_000_000, failedShare: 0.1 },
	});
}

export function credentialsFor(sim: RunningSimulator): Record<string, object> {
	return { inter28Api: { endpoint: 'custom', baseUrl: sim.url, userId: ACCOUNT.userId, account: ACCOUNT.account, password: PASSWORD } };
}

// ---------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------

/** Every shape the password could leak in: raw, its ASCII head (a leak cut at the Δ), percent-,
 *  form- and JSON-escaped, and base64. */
export function secretForms(secret: string): string[] {
	const percent = encodeURIComponent(secret);
	const forms = new Set<string>([
		secret,
		secret.replace(/[^\x20-\x7e].*$/u, ''),
		percent,
		percent.toLowerCase(),
		percent.replace(/%20/g, '+'),
		JSON.stringify(secret).slice(1, -1),
		secret.replace(/[^\x20-\x7e]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
		Buffer.from(secret, 'utf8').toString('base64'),
	]);
	return [...forms].filter((form) => form.length >= 6);
}

/**
 * All text reachable from a value: own properties including non-enumerable ones (an Error's
 * message and stack), getters left alone, Buffers read as UTF-8, cycles followed once.
 */
export function reachableText(value: unknown, seen = new Set<unknown>(), out: string[] = []): string[] {
	if (value === null || value === undefined) return out;
	if (typeof value === 'string') {
		out.push(value);
		return out;
	}
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
		out.push(String(value));
		return out;
	}
	if (typeof value !== 'object' && typeof value !== 'function') return out;
	if (seen.has(value)) return out;
	seen.add(value);
	if (Buffer.isBuffer(value)) {
		out.push(value.toString('utf8'));
		return out;
	}
	if (value instanceof Map || value instanceof Set) {
		for (const entry of value) reachableText(entry, seen, out);
		return out;
	}
	for (const key of Object.getOwnPropertyNames(value)) {
		const descriptor = Object.getOwnPropertyDescriptor(value, key);
		if (descriptor === undefined || descriptor.get !== undefined) continue;
		out.push(key);
		reachableText(descriptor.value, seen, out);
	}
	return out;
}

/** Fails naming where the password was found. `values` is everything to search (results, errors, logs). */
export function assertNoSecret(label: string, ...values: unknown[]): void {
	const forms = secretForms(PASSWORD);
	for (const [index, value] of values.entries()) {
		for (const text of reachableText(value)) {
			for (const form of forms) {
				const at = text.indexOf(form);
				if (at !== -1) {
					assert.fail(`${label}: the password (as "${form}") appears in value ${index}: …${text.slice(Math.max(0, at - 60), at + form.length + 20)}…`);
				}
			}
		}
	}
}

/** Everything a node run exposes: items, error (recorded and thrown), hints, logs, run data. */
export function runSurface(result: RunNodeResult): unknown[] {
	return [result.items, result.outputs, result.error, result.thrownError, result.hints, result.logs, result.run, result.staticData];
}

// ---------------------------------------------------------------------------
// Faults
// ---------------------------------------------------------------------------

type FaultOperation = 'send' | 'balance' | 'reports';

/**
 * Injects `spec` right before the `nth` (1-based) request of `operation` takes its fault, so the
 * earlier requests go through. The simulator's own queue applies faults to the *next* matching
 * request only; this wraps its fault lookup for that.
 */
export function faultOnNth(sim: RunningSimulator, operation: FaultOperation, nth: number, spec: Omit<FaultSpec, 'operation'>): void {
	const state = sim.state;
	const original = state.takeFault.bind(state);
	let seen = 0;
	state.takeFault = (op) => {
		if (op === operation && ++seen === nth) {
			state.injectFault({ ...spec, operation });
			state.takeFault = original;
		}
		return original(op);
	};
}

/** Waits until the simulator has settled every request and hand-out (a held or cut reply is
 *  recorded as lost only when its connection closes). */
export async function waitSettled(sim: RunningSimulator, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const busy =
			sim.state.requests().some((r) => r.outcome === 'inFlight') ||
			sim.state.reportsLog({ includeReports: false }).some((h) => h.outcome === 'inFlight');
		if (!busy) return;
		if (Date.now() > deadline) assert.fail('the simulator still has requests in flight');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

// ---------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------

export interface ReportLike {
	taskId: string;
	mobile: string;
	statusCode: number;
}

export function reportKey(report: ReportLike): string {
	return `${report.taskId}|${report.mobile}|${report.statusCode}`;
}

/** The simulator's reports log split by outcome, as keys. */
export function handedOut(sim: RunningSimulator): { delivered: string[]; lost: string[] } {
	const delivered: string[] = [];
	const lost: string[] = [];
	for (const handout of sim.state.reportsLog()) {
		const keys = (handout.reports ?? []).map((r) => `${r.taskId}|${r.mobile}|${r.status}`);
		if (handout.outcome === 'delivered') delivered.push(...keys);
		else if (handout.outcome === 'lostInReply') lost.push(...keys);
		else assert.fail(`hand-out ${handout.id} is still in flight`);
	}
	return { delivered, lost };
}

/** Asserts no duplicates and returns the keys as a set. */
export function uniqueKeys(label: string, keys: string[]): Set<string> {
	const set = new Set(keys);
	if (set.size !== keys.length) {
		const counts = new Map<string, number>();
		for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
		const twice = [...counts].filter(([, n]) => n > 1).slice(0, 3);
		assert.fail(`${label}: ${keys.length - set.size} duplicate(s), e.g. ${JSON.stringify(twice)}`);
	}
	return set;
}

export function sameSet(label: string, actual: Set<string>, expected: Set<string>): void {
	const missing = [...expected].filter((k) => !actual.has(k));
	const extra = [...actual].filter((k) => !expected.has(k));
	assert.deepEqual({ missing: missing.slice(0, 5), extra: extra.slice(0, 5), missingCount: missing.length, extraCount: extra.length }, { missing: [], extra: [], missingCount: 0, extraCount: 0 }, label);
}

// ---------------------------------------------------------------------------
// Unhandled rejections
// ---------------------------------------------------------------------------

/** Records unhandled rejections and uncaught exceptions of this test process. */
export function trackUnhandled(): { list: unknown[] } {
	const list: unknown[] = [];
	process.on('unhandledRejection', (reason) => list.push(reason));
	process.on('uncaughtExceptionMonitor', (error) => list.push(error));
	return { list };
}

export function numbers(count: number, base: number): string[] {
	return Array.from({ length: count }, (_, i) => String(base + i));
}
