// Entry point for tests: start a simulated 28inter gateway on a free port, talk to it over HTTP,
// inspect or steer it through `state` (in-process) or SimulatorClient (another process).
import type { AddressInfo } from 'node:net';
import type { AccountSpec } from './accounts';
import { createSimulatorServer } from './server';
import { SimulatorState } from './state';
import type { SimulatorSettings } from './state';

export { DEFAULT_ACCOUNTS } from './accounts';
export type { AccountSpec, AccountView, Billing } from './accounts';
export { SimulatorClient } from './client';
export type { SimulatorStateJson } from './client';
export { CONTROL_PREFIX } from './control';
export type { SubmissionJson } from './control';
export { ALL_FAULT_KINDS, DEFAULT_DELAY_MS, FAULT_KINDS, FAULT_TAKES_EFFECT, faultTakesEffect } from './faults';
export type { ActiveFault, AnyFaultKind, ChosenEffectFaultKind, FaultKind, FaultOperation, FaultSpec } from './faults';
export { GARBAGE_BODY, HTML200_PAGE, HTTP500_PAGE, iisErrorPage, proxyErrorPage, statusFaultPage } from './faultReplies';
export type { FaultPage } from './faultReplies';
export { EXTRA_CHILD, oddExtNo, REPORT_ODDITIES, UNKNOWN_STATUS } from './reportOddities';
export type { ReportOddity } from './reportOddities';
export { chinaTime, chinaTimeSlashed } from './reportQueue';
export type { SimReport } from './reportQueue';
export { DEFAULT_SETTINGS, SimulatorState } from './state';
export type {
	Counters,
	HandoutOutcome,
	InjectReportsOptions,
	InjectReportsResult,
	ListOptions,
	ReportLogEntry,
	ReportsLogOptions,
	RequestRecord,
	ResetOptions,
	SimulatorSettings,
	Submission,
	SubmissionFrame,
	SubmissionPart,
} from './state';
export { DEFAULT_STATUS_NUM, MAX_RECIPIENTS, MAX_STATUS_NUM } from './vendor';
export { BALANCE_NUMBERS } from './vendorReplies';
export type { BalanceNumbers, BalanceProlog, EmptyReportsReply } from './vendorReplies';

export interface StartSimulatorOptions {
	/** Default 0: a free port chosen by the system. */
	port?: number;
	/** Default 127.0.0.1: the simulator is for this machine unless asked otherwise. */
	host?: string;
	accounts?: AccountSpec[];
	settings?: Partial<SimulatorSettings>;
}

export interface RunningSimulator {
	/** e.g. http://127.0.0.1:41234 — what a credential's custom baseUrl should be. */
	url: string;
	port: number;
	host: string;
	/** The same operations as the control API, called directly. */
	state: SimulatorState;
	/** Stops the server and destroys keep-alive sockets, so the test process can exit. */
	close(): Promise<void>;
}

export async function startSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
	const state = new SimulatorState({ accounts: options.accounts, settings: options.settings });
	const { server, close } = createSimulatorServer(state);
	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const urlHost = host.includes(':') ? `[${host}]` : host;
	return { url: `http://${urlHost}:${port}`, port, host, state, close };
}
