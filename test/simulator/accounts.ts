// Accounts the simulated gateway knows. Each one carries exactly the switches the vendor
// document implies an account has: a password, a balance in points, MMS permission (code 10
// when missing) and report permission (errorstatus 3 when missing), plus the billing kind the
// balance reply reports.

export type Billing = 'prepaid' | 'postpaid';

export interface AccountSpec {
	/** 企业ID, sent as `userid`. */
	userId: string;
	/** 账号, sent as `account`; unique among the simulator's accounts. */
	account: string;
	password: string;
	/** Points; one point is charged per recipient of an accepted send. */
	balance: number;
	/** false -> every send answers 10 (该用户不支持彩信). */
	mms: boolean;
	/** false -> every report query answers errorstatus 3 (该用户不允许查看状态报告). */
	reports: boolean;
	/** prepaid (预付费, default) refuses a send it cannot pay with code 6; postpaid (后付费) lets
	 *  the balance go negative, as real postpaid accounts do. */
	billing?: Billing;
	/** The balance reply's `sendTotal`. For prepaid accounts the document calls it the total points
	 *  ever recharged, so by default it is the starting balance. For postpaid accounts it is left to
	 *  grow with the points used. */
	sendTotal?: number;
}

export type Account = Required<AccountSpec>;

/** What the control API shows: never the password itself. */
export interface AccountView extends Omit<Account, 'password'> {
	password: '***';
}

export const DEFAULT_ACCOUNTS: readonly AccountSpec[] = Object.freeze([
	{ userId: '1001', account: 'demo', password: 'demo-secret-pw', balance: 1_000_000, mms: true, reports: true },
	{ userId: '1002', account: 'no-mms', password: 'no-mms-pw', balance: 1_000, mms: false, reports: true },
	{ userId: '1003', account: 'no-reports', password: 'no-reports-pw', balance: 1_000, mms: true, reports: false },
	{ userId: '1004', account: 'low-balance', password: 'low-balance-pw', balance: 5, mms: true, reports: true },
	{
		userId: '1005',
		account: 'postpaid',
		password: 'postpaid-pw',
		balance: -120,
		mms: true,
		reports: true,
		billing: 'postpaid',
		sendTotal: 120,
	},
]);

export function toAccount(spec: AccountSpec): Account {
	if (typeof spec.userId !== 'string' || spec.userId === '') throw new TypeError('account spec: userId must be a non-empty string');
	if (typeof spec.account !== 'string' || spec.account === '') throw new TypeError('account spec: account must be a non-empty string');
	if (typeof spec.password !== 'string' || spec.password === '') throw new TypeError(`account spec ${spec.account}: password must be a non-empty string`);
	if (!Number.isFinite(spec.balance)) throw new TypeError(`account spec ${spec.account}: balance must be a finite number`);
	const billing = spec.billing ?? 'prepaid';
	if (billing !== 'prepaid' && billing !== 'postpaid') throw new TypeError(`account spec ${spec.account}: billing must be prepaid or postpaid`);
	return {
		userId: spec.userId,
		account: spec.account,
		password: spec.password,
		balance: spec.balance,
		mms: spec.mms !== false,
		reports: spec.reports !== false,
		billing,
		sendTotal: spec.sendTotal ?? (billing === 'prepaid' ? Math.max(spec.balance, 0) : 0),
	};
}

export function viewAccount(account: Account): AccountView {
	return { ...account, password: '***' };
}

export type CredentialCheck =
	| { ok: true; account: Account }
	| { ok: false; reason: 'empty' | 'wrong' };

/** Keyed by account name; the user ID and password must match too. */
export class AccountBook {
	private readonly byName = new Map<string, Account>();

	constructor(specs: readonly AccountSpec[]) {
		this.replace(specs);
	}

	replace(specs: readonly AccountSpec[]): void {
		const next = new Map<string, Account>();
		for (const spec of specs) {
			const account = toAccount(spec);
			if (next.has(account.account)) throw new TypeError(`account spec: duplicate account name ${account.account}`);
			next.set(account.account, account);
		}
		this.byName.clear();
		for (const [name, account] of next) this.byName.set(name, account);
	}

	list(): Account[] {
		return [...this.byName.values()];
	}

	get(name: string): Account | undefined {
		return this.byName.get(name);
	}

	/** Both vendor codes exist: 1 when any of the three is empty, 2 when they do not match. */
	check(userId: string | undefined, account: string | undefined, password: string | undefined): CredentialCheck {
		if (!userId || !account || !password) return { ok: false, reason: 'empty' };
		const found = this.byName.get(account);
		if (!found || found.userId !== userId || found.password !== password) return { ok: false, reason: 'wrong' };
		return { ok: true, account: found };
	}

	update(name: string, patch: Partial<Omit<AccountSpec, 'account'>>): Account {
		const found = this.byName.get(name);
		if (!found) throw new RangeError(`no simulator account named ${name}`);
		const next = toAccount({ ...found, ...patch, account: name });
		// sendTotal keeps its own value unless the patch gives one: changing the balance is not a recharge.
		if (patch.sendTotal === undefined) next.sendTotal = found.sendTotal;
		this.byName.set(name, next);
		return next;
	}
}
