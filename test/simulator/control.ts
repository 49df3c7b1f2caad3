// The JSON control API, under a path no real gateway serves. Every route maps to one method of
// SimulatorState, so a test in another process can do what an in-process test does directly.
//
//   GET    /__simulator                     route list
//   GET    /__simulator/state               settings, accounts, counters, faults, pending reports
//   POST   /__simulator/reset               {accounts?, settings?}
//   GET    /__simulator/accounts            accounts (password '***')
//   PUT    /__simulator/accounts            AccountSpec[] replaces all accounts
//   PATCH  /__simulator/accounts/{name}     change one account (balance, mms, reports, password...)
//   GET    /__simulator/settings            current settings
//   PATCH  /__simulator/settings            change some settings
//   POST   /__simulator/reports             {count, account?, failedShare?, taskId?, oddity?} inject reports
//   GET    /__simulator/reports/pending     {total, byAccount} (?account=name)
//   GET    /__simulator/reports/log         hand-outs (?offset&limit&reports=false)
//   GET    /__simulator/faults              queued faults
//   POST   /__simulator/faults              FaultSpec or FaultSpec[]
//   DELETE /__simulator/faults              clear faults
//   GET    /__simulator/submissions         accepted sends, bytes as base64 (?taskId&account&offset&limit)
//   GET    /__simulator/requests            request records (?offset&limit)
//   GET    /__simulator/counters            counters
//   GET    /__simulator/disagreements       core vs wire-check disagreements
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccountSpec } from './accounts';
import type { FaultSpec } from './faults';
import type { InjectReportsOptions, ListOptions, ResetOptions, SimulatorSettings, SimulatorState, Submission } from './state';

export const CONTROL_PREFIX = '/__simulator';

const ROUTES = [
	'GET /__simulator/state',
	'POST /__simulator/reset {accounts?, settings?}',
	'GET|PUT /__simulator/accounts',
	'PATCH /__simulator/accounts/{name}',
	'GET|PATCH /__simulator/settings',
	'POST /__simulator/reports {count, account?, failedShare?, taskId?, oddity?}',
	'GET /__simulator/reports/pending?account=',
	'GET /__simulator/reports/log?offset=&limit=&reports=false',
	'GET|POST|DELETE /__simulator/faults',
	'GET /__simulator/submissions?taskId=&account=&offset=&limit=',
	'GET /__simulator/requests?offset=&limit=',
	'GET /__simulator/counters',
	'GET /__simulator/disagreements',
];

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

/** Submissions in JSON: Buffers become base64 strings. */
export interface SubmissionJson extends Omit<Submission, 'frames'> {
	frames: Array<{ durationSeconds: number; parts: Array<{ type: string; bytes: string; text?: string }> }>;
}

export function submissionToJson(s: Submission): SubmissionJson {
	return {
		...s,
		frames: s.frames.map((f) => ({
			durationSeconds: f.durationSeconds,
			parts: f.parts.map((p) => ({ type: p.type, bytes: p.bytes.toString('base64'), ...(p.text !== undefined ? { text: p.text } : {}) })),
		})),
	};
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8').trim();
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new HttpError(400, 'body is not valid JSON');
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectBody(body: unknown): Record<string, unknown> {
	if (body === undefined) return {};
	if (!isObject(body)) throw new HttpError(400, 'body must be a JSON object');
	return body;
}

function listOptions(params: URLSearchParams): ListOptions {
	const options: ListOptions = {};
	const offset = params.get('offset');
	const limit = params.get('limit');
	if (offset !== null) options.offset = Number(offset);
	if (limit !== null) options.limit = Number(limit);
	if (Number.isNaN(options.offset) || Number.isNaN(options.limit)) throw new HttpError(400, 'offset and limit must be numbers');
	return options;
}

function send(res: ServerResponse, status: number, value: unknown): void {
	const body = JSON.stringify(value ?? null);
	res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
	res.end(body);
}

function pendingByAccount(state: SimulatorState): Record<string, number> {
	const out: Record<string, number> = {};
	for (const account of state.accounts()) out[account.account] = state.pendingReports(account.account);
	return out;
}

function route(state: SimulatorState, method: string, path: string, params: URLSearchParams, body: unknown): unknown {
	const rest = path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '');
	if (rest === '' && method === 'GET') return { routes: ROUTES };
	if (rest === '/state' && method === 'GET') {
		return {
			settings: state.settings(),
			accounts: state.accounts(),
			counters: state.counters(),
			faults: state.faults(),
			pendingReports: { total: state.pendingReports(), byAccount: pendingByAccount(state) },
		};
	}
	if (rest === '/reset' && method === 'POST') {
		state.reset(objectBody(body) as ResetOptions);
		return { ok: true };
	}
	if (rest === '/accounts') {
		if (method === 'GET') return state.accounts();
		if (method === 'PUT') {
			if (!Array.isArray(body)) throw new HttpError(400, 'body must be an array of accounts');
			return state.setAccounts(body as AccountSpec[]);
		}
	}
	if (rest.startsWith('/accounts/') && method === 'PATCH') {
		return state.updateAccount(decodeURIComponent(rest.slice('/accounts/'.length)), objectBody(body) as Partial<AccountSpec>);
	}
	if (rest === '/settings') {
		if (method === 'GET') return state.settings();
		if (method === 'PATCH' || method === 'PUT') return state.settings(objectBody(body) as Partial<SimulatorSettings>);
	}
	if (rest === '/reports' && method === 'POST') {
		const b = objectBody(body);
		const { count, ...options } = b;
		return state.injectReports(count as number, options as InjectReportsOptions);
	}
	if (rest === '/reports/pending' && method === 'GET') {
		const account = params.get('account');
		if (account !== null) return { account, pending: state.pendingReports(account) };
		return { total: state.pendingReports(), byAccount: pendingByAccount(state) };
	}
	if (rest === '/reports/log' && method === 'GET') {
		return state.reportsLog({ ...listOptions(params), includeReports: params.get('reports') !== 'false' });
	}
	if (rest === '/faults') {
		if (method === 'GET') return state.faults();
		if (method === 'POST') return Array.isArray(body) ? state.injectFaults(body as FaultSpec[]) : state.injectFault(objectBody(body) as unknown as FaultSpec);
		if (method === 'DELETE') {
			state.clearFaults();
			return [];
		}
	}
	if (rest === '/submissions' && method === 'GET') {
		const filter = { ...listOptions(params), ...(params.get('taskId') !== null ? { taskId: params.get('taskId') ?? '' } : {}), ...(params.get('account') !== null ? { account: params.get('account') ?? '' } : {}) };
		return state.submissions(filter).map(submissionToJson);
	}
	if (rest === '/requests' && method === 'GET') return state.requests(listOptions(params));
	if (rest === '/counters' && method === 'GET') return state.counters();
	if (rest === '/disagreements' && method === 'GET') return state.disagreements();
	throw new HttpError(404, `no control route ${method} ${path}; GET ${CONTROL_PREFIX} lists them`);
}

export async function handleControl(state: SimulatorState, req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<void> {
	try {
		const body = await readJson(req);
		send(res, 200, route(state, req.method ?? 'GET', path, new URLSearchParams(query), body));
	} catch (error) {
		if (error instanceof HttpError) send(res, error.status, { error: error.message });
		// Validation errors from SimulatorState are the caller's mistake, not the simulator's.
		else if (error instanceof TypeError || error instanceof RangeError) send(res, 400, { error: error.message });
		else throw error;
	}
}
