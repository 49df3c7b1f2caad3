// The one secret scanner: every form a test password could take (raw, percent-, form- and
// JSON-escaped, cut at its non-ASCII character, base64), searched in all text reachable from a value.
import assert from 'node:assert/strict';

import type { RunNodeResult } from './engine/engine';
import { ACCOUNTS, SECRET_STEM, WRONG_PASSWORD } from './credentials';

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

const SECRETS = [...new Set([SECRET_STEM, WRONG_PASSWORD, ...ACCOUNTS.map((a) => a.password)].flatMap(secretForms))];

/** Fails naming where a test password was found. `values` is everything to search (results, errors, logs). */
export function assertNoSecret(label: string, ...values: unknown[]): void {
	for (const [index, value] of values.entries()) {
		for (const text of reachableText(value)) {
			for (const form of SECRETS) {
				const at = text.indexOf(form);
				if (at !== -1) {
					assert.fail(`${label}: a password (as "${form}") appears in value ${index}: …${text.slice(Math.max(0, at - 60), at + form.length + 20)}…`);
				}
			}
		}
	}
}

/** Everything a node run exposes: items, error (recorded and thrown), hints, logs, run data. */
export function runSurface(result: RunNodeResult): unknown[] {
	return [result.items, result.outputs, result.error, result.thrownError, result.hints, result.logs, result.run, result.staticData];
}

export function assertRunHasNoSecret(result: RunNodeResult, label = 'run'): void {
	assertNoSecret(label, ...runSurface(result));
}
