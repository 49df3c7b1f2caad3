import { BalanceTooLowError, type BalanceInfo } from '../../../protocol';
import type { Inter28Client } from '../../../shared/transport';

/** What one balance query says about the execution about to be sent. */
export interface BalanceVerdict {
	billing: BalanceInfo['billing'];
	balance: number | null;
	pointsNeeded: number;
	/** null when it cannot be told: a postpaid account (it may go negative), or no figure in the reply. */
	covers: boolean | null;
}

export function pointsNeeded(recipients: number, pointsPerRecipient: number): number {
	// Points are whole at 28inter; a fractional rate rounds up, so the check never says "enough" too early.
	return Math.ceil(recipients * pointsPerRecipient);
}

export async function queryBalance(client: Inter28Client, needed: number): Promise<BalanceVerdict> {
	const info = await client.balance();
	const covers = info.billing === 'postpaid' || info.balance === null ? null : info.balance >= needed;
	return { billing: info.billing, balance: info.balance, pointsNeeded: needed, covers };
}

/**
 * "Check Balance First": nothing is sent when a prepaid balance is below what the whole execution
 * needs, or when 28inter did not state it. A postpaid account is not held back (its balance may go
 * negative by contract).
 */
export function assertBalanceCovers(verdict: BalanceVerdict): void {
	// `covers` is null for a postpaid account (let through) and for a missing balance (held back).
	if (verdict.billing !== 'postpaid' && verdict.covers !== true) throw new BalanceTooLowError(verdict.pointsNeeded, verdict.balance);
}
