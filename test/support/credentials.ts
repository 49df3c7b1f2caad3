// The test accounts and their credentials. Every password contains SECRET_STEM, so one scanner
// (secrets.ts) finds any of them in any output; the non-ASCII Δ makes a percent-encoded copy differ
// from the raw one, and both must stay hidden.
import assert from 'node:assert/strict';

import { DEFAULT_ACCOUNTS, type AccountSpec, type RunningSimulator } from '../simulator';

export const SECRET_STEM = 'S3cr3t-Pa55';
/** The demo account's password. */
export const PASSWORD = `${SECRET_STEM}-Δ`;
export const WRONG_PASSWORD = `Wr0ng-${SECRET_STEM}-Δ`;

/** The simulator's default accounts, each with a password that contains SECRET_STEM. */
export const ACCOUNTS: AccountSpec[] = DEFAULT_ACCOUNTS.map((spec) => ({
	...spec,
	password: spec.account === 'demo' ? PASSWORD : `${SECRET_STEM}-${spec.account}-Δ`,
}));

/** The demo account's user ID and name (its password is PASSWORD). */
export const DEMO = { userId: '1001', account: 'demo' } as const;

export type AccountName = 'demo' | 'no-mms' | 'no-reports' | 'low-balance' | 'postpaid';

/** The test accounts with some changed, e.g. accountsWith({ demo: { balance: 1e12 } }). */
export function accountsWith(changes: Partial<Record<AccountName, Partial<AccountSpec>>>): AccountSpec[] {
	return ACCOUNTS.map((spec) => ({ ...spec, ...changes[spec.account as AccountName] }));
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

/** `{ inter28Api: … }` for runNode / createPoller: a simulator (or any base URL) and one of its accounts. */
export function credentials(
	sim: RunningSimulator | string,
	account: AccountName = 'demo',
	overrides: Partial<CredentialData> = {},
): { inter28Api: CredentialData } {
	return { inter28Api: credentialData(typeof sim === 'string' ? sim : sim.url, account, overrides) };
}
