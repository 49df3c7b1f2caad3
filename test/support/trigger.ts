// Driving the 28inter MMS Trigger through the engine's poller, and reading what a poll handed to n8n.
import assert from 'node:assert/strict';

import { createPoller, type CreatePollerOptions, type PollResult, type Poller } from './engine/engine';
import type { RunningSimulator } from '../simulator';
import { credentials } from './credentials';
import { TRIGGER_TYPE } from './nodeParameters';
import type { ContractReport } from './reports';

export function newPoller(sim: RunningSimulator, options: Record<string, unknown> = {}, extra: Partial<CreatePollerOptions> = {}): Poller {
	return createPoller({ type: TRIGGER_TYPE, parameters: { options }, credentials: credentials(sim), ...extra });
}

/** The activation poll with nothing pending: no data, no error, state saved. */
export async function activate(poller: Poller): Promise<PollResult> {
	const result = await poller.poll('trigger');
	assert.equal(result.activation, true);
	assert.equal(result.error, undefined, result.error?.message);
	assert.equal(result.items, null);
	return result;
}

export function reportsOf(result: PollResult): ContractReport[] {
	return (result.items ?? []).map((item) => item.json as unknown as ContractReport);
}

export function warnings(result: PollResult): string[] {
	return result.logs.filter((entry) => entry.level === 'warn').map((entry) => entry.message);
}

/** Vendor report queries among the simulator's request records. */
export function reportQueries(sim: RunningSimulator): number {
	return sim.state.requests().filter((r) => r.operation === 'reports').length;
}
