// A small typed client for the control API, for tests whose simulator runs in another process
// (npm run sim next to a real n8n). Same method names as SimulatorState, all async.
import type { AccountSpec, AccountView } from './accounts';
import type { ActiveFault, FaultSpec } from './faults';
import type { SubmissionJson } from './control';
import type {
	Counters,
	InjectReportsOptions,
	InjectReportsResult,
	ListOptions,
	ReportLogEntry,
	ReportsLogOptions,
	RequestRecord,
	ResetOptions,
	SimulatorSettings,
	Submission,
} from './state';

export interface SimulatorStateJson {
	settings: SimulatorSettings;
	accounts: AccountView[];
	counters: Counters;
	faults: ActiveFault[];
	pendingReports: { total: number; byAccount: Record<string, number> };
}

function query(options: Record<string, string | number | boolean | undefined>): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(options)) if (value !== undefined) params.set(key, String(value));
	const text = params.toString();
	return text === '' ? '' : `?${text}`;
}

export class SimulatorClient {
	readonly baseUrl: string;

	/** baseUrl: the simulator's URL, e.g. http://127.0.0.1:8080 (a trailing '/' is fine). */
	constructor(baseUrl: string) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
	}

	private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/__simulator${path}`, {
			method,
			headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		const value = text === '' ? null : (JSON.parse(text) as unknown);
		if (!response.ok) {
			const message = typeof value === 'object' && value !== null && 'error' in value ? String((value as { error: unknown }).error) : text;
			throw new Error(`simulator control ${method} ${path}: HTTP ${response.status}: ${message}`);
		}
		return value as T;
	}

	async state(): Promise<SimulatorStateJson> {
		return this.call('GET', '/state');
	}

	async reset(options: ResetOptions = {}): Promise<void> {
		await this.call('POST', '/reset', options);
	}

	async setAccounts(specs: readonly AccountSpec[]): Promise<AccountView[]> {
		return this.call('PUT', '/accounts', specs);
	}

	async accounts(): Promise<AccountView[]> {
		return this.call('GET', '/accounts');
	}

	async updateAccount(name: string, patch: Partial<Omit<AccountSpec, 'account'>>): Promise<AccountView> {
		return this.call('PATCH', `/accounts/${encodeURIComponent(name)}`, patch);
	}

	async settings(patch?: Partial<SimulatorSettings>): Promise<SimulatorSettings> {
		return patch ? this.call('PATCH', '/settings', patch) : this.call('GET', '/settings');
	}

	async injectReports(count: number, options: InjectReportsOptions = {}): Promise<InjectReportsResult> {
		return this.call('POST', '/reports', { count, ...options });
	}

	async pendingReports(account?: string): Promise<number> {
		if (account !== undefined) return (await this.call<{ pending: number }>('GET', `/reports/pending${query({ account })}`)).pending;
		return (await this.call<{ total: number }>('GET', '/reports/pending')).total;
	}

	async injectFault(spec: FaultSpec): Promise<ActiveFault[]> {
		return this.call('POST', '/faults', spec);
	}

	async injectFaults(specs: readonly FaultSpec[]): Promise<ActiveFault[]> {
		return this.call('POST', '/faults', specs);
	}

	async clearFaults(): Promise<void> {
		await this.call('DELETE', '/faults');
	}

	async faults(): Promise<ActiveFault[]> {
		return this.call('GET', '/faults');
	}

	/** Same shape as in-process: part bytes come back as Buffers. */
	async submissions(filter: ListOptions & { taskId?: string; account?: string } = {}): Promise<Submission[]> {
		const list = await this.call<SubmissionJson[]>('GET', `/submissions${query({ ...filter })}`);
		return list.map((s) => ({
			...s,
			frames: s.frames.map((f) => ({
				durationSeconds: f.durationSeconds,
				parts: f.parts.map((p) => ({
					type: p.type as Submission['frames'][number]['parts'][number]['type'],
					bytes: Buffer.from(p.bytes, 'base64'),
					...(p.text !== undefined ? { text: p.text } : {}),
				})),
			})),
		}));
	}

	async requests(options: ListOptions = {}): Promise<RequestRecord[]> {
		return this.call('GET', `/requests${query({ ...options })}`);
	}

	async reportsLog(options: ReportsLogOptions = {}): Promise<ReportLogEntry[]> {
		const { includeReports, ...rest } = options;
		return this.call('GET', `/reports/log${query({ ...rest, reports: includeReports === false ? false : undefined })}`);
	}

	async counters(): Promise<Counters> {
		return this.call('GET', '/counters');
	}

	async disagreements(): Promise<string[]> {
		return this.call('GET', '/disagreements');
	}
}
