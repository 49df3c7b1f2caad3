// Shared by the integration tests of the 28inter MMS node (test/node/*.test.ts): simulator
// accounts with distinctive passwords, node parameters, sample images, and the secret check.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';

import type { AccountSpec, RequestRecord, RunningSimulator } from '../simulator';
import { DEFAULT_ACCOUNTS } from '../simulator';
import type { LogEntry, RecordedError, RunNodeResult } from '../support/engine/engine';

export const NODE_TYPE = 'n8n-nodes-28inter.inter28';

/** Every password in these tests contains this stem, so one substring check finds any of them
 *  (encodeURIComponent leaves the stem unchanged, so it also finds form-encoded copies). */
export const SECRET_STEM = 'S3cr3t-Pa55';
/** The demo account's password: the non-ASCII Δ makes percent-encoded copies differ from the raw one. */
export const PASSWORD = `${SECRET_STEM}-Δ`;
export const WRONG_PASSWORD = `Wr0ng-${SECRET_STEM}-Δ`;

/** The simulator's default accounts, each with a password that contains SECRET_STEM. */
export const ACCOUNTS: AccountSpec[] = DEFAULT_ACCOUNTS.map((spec) => ({
	...spec,
	password: spec.account === 'demo' ? PASSWORD : `${SECRET_STEM}-${spec.account}-Δ`,
}));

export type AccountName = 'demo' | 'no-mms' | 'no-reports' | 'low-balance' | 'postpaid';

export function passwordOf(account: string): string {
	const spec = ACCOUNTS.find((a) => a.account === account);
	assert.ok(spec, `no test account ${account}`);
	return spec.password;
}

export interface CredentialData {
	endpoint: 'custom';
	baseUrl: string;
	userId: string;
	account: string;
	password: string;
}

export function credentialData(baseUrl: string, account: AccountName = 'demo', overrides: Partial<CredentialData> = {}): CredentialData {
	const spec = ACCOUNTS.find((a) => a.account === account);
	assert.ok(spec, `no test account ${account}`);
	return { endpoint: 'custom', baseUrl, userId: spec.userId, account: spec.account, password: spec.password, ...overrides };
}

export function credentials(
	sim: RunningSimulator | string,
	account: AccountName = 'demo',
	overrides: Partial<CredentialData> = {},
): { inter28Api: CredentialData } {
	return { inter28Api: credentialData(typeof sim === 'string' ? sim : sim.url, account, overrides) };
}

/** Back to a fresh gateway with the test accounts (each test starts from the same state). */
export function resetSimulator(sim: RunningSimulator): void {
	sim.state.reset({ accounts: ACCOUNTS });
}

export function requestsOf(sim: RunningSimulator, operation: RequestRecord['operation']): RequestRecord[] {
	return sim.state.requests().filter((r) => r.operation === operation);
}

// ---------------------------------------------------------------------------
// Node parameters.
// ---------------------------------------------------------------------------

export interface FrameParam {
	duration?: number;
	text?: string;
	binaryPropertyName?: string;
}

export function sendParameters(opts: {
	recipients: unknown;
	title?: string;
	frames?: FrameParam[];
	rawContent?: string;
	options?: Record<string, unknown>;
}): Record<string, unknown> {
	const raw = opts.rawContent !== undefined;
	return {
		resource: 'message',
		operation: 'send',
		recipients: opts.recipients,
		title: opts.title ?? '测试',
		contentSource: raw ? 'raw' : 'frames',
		...(raw
			? { rawContent: opts.rawContent }
			: { frames: { frame: (opts.frames ?? [{ duration: 3, text: '你好' }]).map((f) => ({ duration: 3, text: '', binaryPropertyName: '', ...f })) } }),
		options: opts.options ?? {},
	};
}

export function balanceParameters(options: Record<string, unknown> = {}): Record<string, unknown> {
	return { resource: 'account', operation: 'getBalance', options };
}

export function reportParameters(opts: { returnAll?: boolean; limit?: number; options?: Record<string, unknown> } = {}): Record<string, unknown> {
	return {
		resource: 'report',
		operation: 'getAll',
		returnAll: opts.returnAll ?? false,
		...(opts.limit === undefined ? {} : { limit: opts.limit }),
		options: opts.options ?? {},
	};
}

/** `count` distinct valid mobile numbers 13800000000, 13800000001, ... */
export function mobileNumbers(count: number, base = 13_800_000_000): string[] {
	return Array.from({ length: count }, (_, i) => String(base + i));
}

// ---------------------------------------------------------------------------
// Sample images: real headers, and bytes chosen so that their base64 holds '+' and '/'
// (a '+' sent without percent-encoding would arrive as a space and corrupt the image).
// ---------------------------------------------------------------------------

const PLUS_SLASH_FILLER = Buffer.from([0xfb, 0xef, 0xbe, 0xff, 0xfe, 0x3e, 0xf8, 0x00, 0x7f]);

/** A minimal JFIF JPEG: SOI, APP0, filler bytes, EOI. */
export const JPEG = Buffer.concat([
	Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
	// One byte so the filler starts on a 3-byte boundary (the 20-byte header is not one).
	Buffer.from([0x00]),
	PLUS_SLASH_FILLER,
	PLUS_SLASH_FILLER,
	Buffer.from('ffd9', 'hex'),
]);
/** A 1×1 GIF89a. */
export const GIF = Buffer.from('47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b', 'hex');
/** The first bytes of a PNG: 28inter does not accept PNG. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

// ---------------------------------------------------------------------------
// Errors and secrets.
// ---------------------------------------------------------------------------

/** The recorded error of a failed run, asserting that there is one. */
export function failure(result: RunNodeResult): RecordedError {
	assert.ok(result.error, `expected the node to fail; it output ${JSON.stringify(result.items.map((i) => i.json)).slice(0, 400)}`);
	return result.error;
}

/** Asserts that the failure is a node error of this kind, recorded for this item. */
export function assertNodeError(
	result: RunNodeResult,
	expected: { name: 'NodeApiError' | 'NodeOperationError'; message: string | RegExp; itemIndex?: number },
): RecordedError {
	const error = failure(result);
	assert.equal(error.name, expected.name);
	if (typeof expected.message === 'string') assert.equal(error.message, expected.message);
	else assert.match(error.message, expected.message);
	// The thrown instance is the same error as the recorded copy (the harness keeps both).
	assert.ok(result.thrownError instanceof Error, 'the node threw an Error instance');
	assert.equal((result.thrownError as Error).message, error.message);
	if (expected.itemIndex !== undefined) assert.equal(error.context?.itemIndex, expected.itemIndex);
	assert.equal(result.items.length, 0, 'a failed node outputs nothing');
	return error;
}

/** Every form a secret could take in text that left the node. */
function forms(secret: string): string[] {
	return [secret, encodeURIComponent(secret), encodeURIComponent(secret).toLowerCase(), JSON.stringify(secret).slice(1, -1)];
}

/** Asserts that no test password (nor its stem, nor an encoded form) appears in any of the values. */
export function assertNoSecret(...values: unknown[]): void {
	const secrets = [SECRET_STEM, ...ACCOUNTS.map((a) => a.password), WRONG_PASSWORD].flatMap(forms);
	for (const value of values) {
		// inspect() also shows non-enumerable fields such as `stack` and `cause`; JSON shows what n8n stores.
		const texts = [typeof value === 'string' ? value : inspect(value, { depth: 12, showHidden: false, maxStringLength: null, maxArrayLength: null })];
		try {
			texts.push(JSON.stringify(value) ?? '');
		} catch {
			// Circular values are still covered by inspect().
		}
		for (const text of texts) {
			for (const secret of secrets) {
				assert.ok(!text.includes(secret), `a password (${JSON.stringify(secret)}) leaked into: ${text.slice(Math.max(0, text.indexOf(secret) - 200), text.indexOf(secret) + 60)}`);
			}
		}
	}
}

/** Checks everything a run exposes: items, recorded and thrown error (message, description, stack), hints, logs, run data. */
export function assertRunHasNoSecret(result: RunNodeResult): void {
	const thrown = result.thrownError as (Error & { description?: unknown }) | undefined;
	assertNoSecret(
		result.items,
		result.error,
		result.error?.message,
		result.error?.description,
		result.error?.stack,
		thrown,
		thrown?.message,
		thrown?.description,
		thrown?.stack,
		result.hints,
		result.logs as LogEntry[],
		result.runData,
	);
}
