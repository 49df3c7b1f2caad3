// One simulator per test file, started with the package loaded, reset to the test accounts before
// every test; plus the ways tests steer it (a fault on the n-th request) and wait for its record.
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';

import { loadPackage } from './engine/engine';
import { startSimulator, type AccountSpec, type FaultSpec, type RunningSimulator, type SimulatorSettings } from '../simulator';
import { ACCOUNTS } from './credentials';

/** The running simulator (available from the `before` hook on), and a way back to a fresh one. */
export type SimulatorFixture = RunningSimulator & {
	/** Back to a fresh gateway with the fixture's accounts and settings (also done before every test). */
	reset(): void;
};

export interface FixtureOptions {
	settings?: Partial<SimulatorSettings>;
	/** Default: the test accounts (credentials.ts); see accountsWith() for changes to them. */
	accounts?: AccountSpec[];
	/** Load the packed package into the in-process engine first (default true; the simulator's own tests need no nodes). */
	nodes?: boolean;
}

/** Starts one simulator for the test file (and loads the package), resets it before every test. Use the
 *  returned object like the simulator itself: `const sim = useSimulator(); … sim.state.injectReports(3)`. */
export function useSimulator(options: FixtureOptions = {}): SimulatorFixture {
	const accounts = options.accounts ?? ACCOUNTS;
	let running: RunningSimulator | undefined;
	const reset = (): void => {
		assert.ok(running, 'the simulator starts in the before hook');
		running.state.reset({ accounts, settings: options.settings });
	};
	before(async () => {
		if (options.nodes !== false) await loadPackage();
		running = await startSimulator({ accounts, settings: options.settings });
	});
	after(async () => {
		await running?.close();
	});
	beforeEach(reset);
	return new Proxy({} as SimulatorFixture, {
		get(_target, key) {
			if (key === 'reset') return reset;
			assert.ok(running, 'the simulator starts in the before hook');
			const value: unknown = Reflect.get(running, key);
			return typeof value === 'function' ? value.bind(running) : value;
		},
	});
}

type Operation = 'send' | 'balance' | 'reports';

/**
 * Injects `spec` right before the `nth` (1-based) request of `operation` takes its fault, so the
 * earlier requests go through. The simulator's own queue applies faults to the *next* matching
 * request only; this wraps its fault lookup for that.
 */
export function faultOnNth(sim: RunningSimulator, operation: Operation, nth: number, spec: Omit<FaultSpec, 'operation'>): void {
	const state = sim.state;
	const original = state.takeFault.bind(state);
	let seen = 0;
	state.takeFault = (op) => {
		if (op === operation && ++seen === nth) {
			state.injectFault({ ...spec, operation } as FaultSpec);
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

/** The simulator's records of one operation's requests (it keeps the last `recordLimit`). */
export function requestsOf(sim: RunningSimulator, operation: Operation): ReturnType<RunningSimulator['state']['requests']> {
	return sim.state.requests().filter((r) => r.operation === operation);
}
