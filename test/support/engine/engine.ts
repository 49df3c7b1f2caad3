// In-process n8n engine for tests.
//
// Runs node types through n8n's real engine, pinned in test/support/engine/package.json
// (n8n-core 2.41.1 / n8n-workflow 2.41.0):
//   - actions:  n8n-core `WorkflowExecute` (real ExecuteContext, helpers.httpRequest,
//               httpRequestWithAuthentication, getBinaryDataBuffer, BinaryDataService,
//               continueOnFail / retryOnFail handling, hints, paired items),
//   - pollers:  n8n-core `PollContext` driven by n8n-core `PollTriggerExecutor`, with the
//               static-data persistence of n8n's server (see createPoller below),
//   - credential tests: n8n-core `CredentialTestContext`, as n8n's CredentialsTester uses.
// Packages are loaded with n8n-core's own `PackageDirectoryLoader` (which, like n8n,
// adds the `pollTimes` parameter to polling nodes).
//
// Only the server-side pieces that live in n8n's `packages/cli` are re-implemented here:
// the credentials helper (decrypted data comes from the test) and static-data saving.
//
// Run `node test/support/engine/prepare.mjs` first: it installs the harness dependencies and
// the packed n8n-nodes-28inter into test/support/engine/node_modules.
import { userFolder } from './env';

import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import {
	BinaryDataConfig,
	BinaryDataService,
	CredentialTestContext,
	Credentials,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	PackageDirectoryLoader,
	PollContext,
	PollTriggerExecutor,
	TriggersAndPollers,
	WorkflowExecute,
	runPollInStagingScope,
} from 'n8n-core';
import {
	ICredentialsHelper,
	LoggerProxy,
	NodeHelpers,
	UserError,
	Workflow,
	createRunExecutionData,
	isSubMinuteCron,
	toCronExpression,
} from 'n8n-workflow';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	ICredentialType,
	ICredentials,
	ICredentialsDecrypted,
	IConnections,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialTestResult,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	IPollFunctions,
	IRequestOptionsSimplified,
	IRun,
	IRunData,
	ITaskData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	TriggerTime,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

export const HARNESS_DIR = __dirname;
export const PACKAGE_NAME = 'n8n-nodes-28inter';
export { userFolder };

// ---------------------------------------------------------------------------
// Logging: n8n-core gives every node context `Container.get(Logger)`; route it
// (and n8n-workflow's LoggerProxy) into the log sink of the run or poll in progress.
// ---------------------------------------------------------------------------

export interface LogEntry {
	level: string;
	message: string;
	meta?: unknown;
}

const logSink = new AsyncLocalStorage<LogEntry[]>();

function makeLogger(): Logger {
	const log = (level: string) => (message: string, meta?: unknown) => {
		logSink.getStore()?.push(meta === undefined ? { level, message } : { level, message, meta });
	};
	const logger: Record<string, unknown> = {
		error: log('error'),
		warn: log('warn'),
		info: log('info'),
		debug: log('debug'),
		verbose: log('verbose'),
	};
	logger.scoped = () => logger;
	return new Proxy(logger, {
		get: (target, key) => (key in target ? target[key as string] : () => undefined),
	}) as unknown as Logger;
}

// ---------------------------------------------------------------------------
// One-time engine setup (DI container, binary data service).
// ---------------------------------------------------------------------------

export type BinaryMode = 'default' | 'filesystem';

let setupDone: Promise<void> | undefined;
let currentBinaryMode: BinaryMode | undefined;

async function ensureSetup(binaryMode: BinaryMode = 'filesystem'): Promise<void> {
	setupDone ??= (async () => {
		const logger = makeLogger();
		Container.set(Logger, logger);
		LoggerProxy.init(logger as never);
	})();
	await setupDone;
	if (currentBinaryMode !== binaryMode) {
		// 'filesystem' is n8n 2.x's default in regular mode (files under
		// <N8N_USER_FOLDER>/.n8n/storage, items carry `id`); 'default' keeps the bytes
		// base64-encoded in the item (`data`), as n8n 1.x did by default.
		Container.get(BinaryDataConfig).mode = binaryMode;
		await Container.get(BinaryDataService).init();
		currentBinaryMode = binaryMode;
	}
}

/** Reads a binary item the way n8n does (memory or filesystem). */
export async function binaryToBuffer(binary: IBinaryData): Promise<Buffer> {
	await ensureSetup(currentBinaryMode ?? 'filesystem');
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

// ---------------------------------------------------------------------------
// Node and credential types.
// ---------------------------------------------------------------------------

type AnyNodeType = INodeType | IVersionedNodeType;
type Ctor<T> = new () => T;

const nodeTypesByName = new Map<string, AnyNodeType>();
const shortNames = new Map<string, string>(); // 'inter28' -> 'n8n-nodes-28inter.inter28'
const credentialTypesByName = new Map<string, ICredentialType>();

/** Told what a node's execute() or poll() returned or threw; the value passes on unchanged. */
interface NodeCallObserver {
	returned(nodeName: string, method: 'execute' | 'poll', value: unknown): void;
	threw(nodeName: string, method: 'execute' | 'poll', error: unknown): void;
}

/**
 * n8n records a node error in the run data as a plain object (`{ ...error, message, stack }`,
 * WorkflowExecute.reportNodeExecutionError), so `instanceof` cannot work on it. To also give
 * tests the thrown instance, each run gets node types whose execute/poll remember the error
 * they threw (rethrown unchanged) in `thrown`, keyed by node name.
 */
function thrownObserver(thrown: Map<string, unknown>): NodeCallObserver {
	return {
		returned: (nodeName) => thrown.delete(nodeName),
		threw: (nodeName, _method, error) => thrown.set(nodeName, error),
	};
}

function makeNodeTypes(observer?: NodeCallObserver): INodeTypes {
	const wrap = (type: INodeType): INodeType => {
		if (!observer) return type;
		const wrapped = Object.create(type) as INodeType;
		for (const method of ['execute', 'poll'] as const) {
			const original = type[method] as ((this: IExecuteFunctions) => Promise<unknown>) | undefined;
			if (typeof original !== 'function') continue;
			Object.defineProperty(wrapped, method, {
				value: async function (this: IExecuteFunctions) {
					let result: unknown;
					try {
						result = await original.call(this);
					} catch (error) {
						observer.threw(this.getNode().name, method, error);
						throw error;
					}
					observer.returned(this.getNode().name, method, result);
					return result;
				},
			});
		}
		return wrapped;
	};
	const getByName = (name: string) => {
		const type = nodeTypesByName.get(resolveTypeName(name));
		if (!type) throw new UserError(`Unknown node type "${name}"`);
		return type;
	};
	return {
		getByName,
		getByNameAndVersion(name: string, version?: number) {
			return wrap(NodeHelpers.getVersionedNodeType(getByName(name), version));
		},
		getKnownTypes() {
			return {};
		},
	} as INodeTypes;
}

function resolveTypeName(name: string): string {
	if (nodeTypesByName.has(name)) return name;
	const full = shortNames.get(name);
	if (full) return full;
	throw new UserError(
		`Unknown node type "${name}". Known: ${[...nodeTypesByName.keys()].join(', ') || '(none loaded)'}`,
	);
}

function allVersions(type: AnyNodeType): INodeType[] {
	return 'nodeVersions' in type ? Object.values(type.nodeVersions) : [type];
}

/** Registers a node type given as an instance or a class (name defaults to `description.name`). */
export function registerNodeType(type: AnyNodeType | Ctor<AnyNodeType>, packageName = 'CUSTOM'): string {
	const instance = typeof type === 'function' ? new type() : type;
	const short = instance.description.name.replace(/^.*\./, '');
	const full = `${packageName}.${short}`;
	nodeTypesByName.set(full, instance);
	shortNames.set(short, full);
	return full;
}

/** Registers a credential type given as an instance or a class. */
export function registerCredentialType(type: ICredentialType | Ctor<ICredentialType>): string {
	const instance = typeof type === 'function' ? new type() : type;
	credentialTypesByName.set(instance.name, instance);
	return instance.name;
}

export interface LoadedPackage {
	packageName: string;
	directory: string;
	/** Full type names, e.g. 'n8n-nodes-28inter.inter28'. */
	nodes: string[];
	credentials: string[];
	nodeTypes: Record<string, AnyNodeType>;
	credentialTypes: Record<string, ICredentialType>;
}

const loadedPackages = new Map<string, Promise<LoadedPackage>>();

/**
 * Loads a node package directory (its package.json `n8n` section) with n8n-core's
 * PackageDirectoryLoader, the loader n8n uses for installed community packages.
 */
export async function loadNodePackage(directory: string): Promise<LoadedPackage> {
	const dir = resolve(directory);
	let loading = loadedPackages.get(dir);
	if (!loading) {
		loading = (async () => {
			await ensureSetup();
			const loader = new PackageDirectoryLoader(dir);
			await loader.loadAll();
			const result: LoadedPackage = {
				packageName: loader.packageName,
				directory: dir,
				nodes: [],
				credentials: [],
				nodeTypes: {},
				credentialTypes: {},
			};
			for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
				const full = registerNodeType(type, loader.packageName);
				result.nodes.push(full);
				result.nodeTypes[name] = type;
			}
			for (const [name, { type }] of Object.entries(loader.credentialTypes)) {
				registerCredentialType(type);
				result.credentials.push(name);
				result.credentialTypes[name] = type;
			}
			return result;
		})();
		loadedPackages.set(dir, loading);
	}
	return await loading;
}

/** Loads n8n-nodes-28inter as installed from the packed tarball by prepare.mjs. */
export async function loadPackage(): Promise<LoadedPackage> {
	const dir = join(HARNESS_DIR, 'node_modules', PACKAGE_NAME);
	if (!existsSync(join(dir, 'package.json'))) {
		throw new Error(
			`${PACKAGE_NAME} is not installed in test/support/engine. Run \`npm run build && node test/support/engine/prepare.mjs\` first.`,
		);
	}
	return await loadNodePackage(dir);
}

/** Loads the harness's own fixture nodes (test/support/engine/fixtures). */
export async function loadFixtures(): Promise<LoadedPackage> {
	return await loadNodePackage(join(HARNESS_DIR, 'fixtures'));
}

function getCredentialType(name: string): ICredentialType {
	const type = credentialTypesByName.get(name);
	if (!type) throw new UserError(`Unknown credential type "${name}"`);
	return type;
}

function credentialParentTypes(name: string): string[] {
	const type = credentialTypesByName.get(name);
	if (!type?.extends) return [];
	return type.extends.flatMap((parent) => [parent, ...credentialParentTypes(parent)]);
}

function credentialProperties(name: string): INodeProperties[] {
	const type = getCredentialType(name);
	if (!type.extends) return type.properties;
	// As n8n's CredentialsHelper.getCredentialsProperties: parents first, own last.
	const combined: INodeProperties[] = [];
	for (const parent of type.extends) combined.push(...credentialProperties(parent));
	for (const property of type.properties) {
		const index = combined.findIndex((p) => p.name === property.name);
		if (index === -1) combined.push(property);
		else combined[index] = property;
	}
	return combined;
}

/** Decrypted credential data with the type's defaults applied, as n8n hands it to nodes. */
export function applyCredentialDefaults(type: string, data: IDataObject): ICredentialDataDecryptedObject {
	const withDefaults = NodeHelpers.getNodeParameters(credentialProperties(type), data as never, true, false, null, null);
	return { ...(withDefaults as ICredentialDataDecryptedObject) };
}

// ---------------------------------------------------------------------------
// Credentials helper (n8n's is in packages/cli/src/credentials-helper.ts).
// ---------------------------------------------------------------------------

/**
 * Serves the decrypted credential data given to the harness. `authenticate` applies the
 * credential type's `authenticate` (function or generic) the same way n8n's
 * CredentialsHelper does, so it is a no-op for types without one. `preAuthentication`
 * and `runPreAuthentication` are no-ops.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** Every `updateCredentials` call, for assertions. */
	readonly updates: Array<{ type: string; data: ICredentialDataDecryptedObject }> = [];

	constructor(private readonly store: Record<string, IDataObject>) {
		super();
	}

	getParentTypes(name: string): string[] {
		return credentialParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = credentialTypesByName.get(credentialType);
		if (!type || !(type as { restrictToSupportedNodes?: boolean }).restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some((n) => n === nodeType || nodeType.endsWith(`.${n}`));
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions & Record<string, unknown>;
		const { authenticate } = getCredentialType(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (authenticate && typeof authenticate === 'object' && authenticate.type === 'generic') {
			if (!workflow || !node) throw new Error('Workflow and node are required for declarative credential authentication');
			requestOptions.headers ??= {};
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const resolvedKey = resolveCredentialValue(key, credentials, workflow, node);
					const resolvedValue = resolveCredentialValue(value, credentials, workflow, node);
					const target = (requestOptions[outerKey] ??= {}) as Record<string, unknown>;
					target[resolvedKey] = resolvedValue;
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const credentials = new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type);
		await credentials.setData(this.raw(nodeCredentials, type) as ICredentialDataDecryptedObject);
		return credentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode: WorkflowExecuteMode,
		_executeData?: unknown,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.raw(nodeCredentials, type);
		return raw ? ({ ...data } as ICredentialDataDecryptedObject) : applyCredentialDefaults(type, data);
	}

	async updateCredentials(_n: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.store[type] = data;
		this.updates.push({ type, data });
	}

	async updateCredentialsOauthTokenData(
		_n: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = { ...this.store[type], ...data };
		this.updates.push({ type, data });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialProperties(type);
	}

	private raw(nodeCredentials: INodeCredentialsDetails, type: string): IDataObject {
		const data = this.store[type];
		if (!data) {
			throw new UserError(`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`);
		}
		return data;
	}
}

function resolveCredentialValue(
	value: string,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow,
	node: INode,
): string {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials } as never,
		undefined,
		'',
	);
	return resolved ? String(resolved) : '';
}

// ---------------------------------------------------------------------------
// Additional data (n8n's is built by packages/cli workflow-execute-additional-data.ts).
// ---------------------------------------------------------------------------

let executionCounter = 0;
let workflowCounter = 0;

function nextWorkflowId(): string {
	return `harnessWf${String(++workflowCounter).padStart(6, '0')}`;
}

function buildAdditionalData(opts: {
	credentialsHelper: ICredentialsHelper;
	workflowData: IWorkflowBase;
	mode: WorkflowExecuteMode;
	executionId?: string;
}): IWorkflowExecuteAdditionalData {
	const base = 'http://localhost:5678';
	const executionId = opts.executionId ?? String(++executionCounter);
	const notSupported = (what: string) => async () => {
		throw new Error(`${what} is not supported by the test harness`);
	};
	return {
		credentialsHelper: opts.credentialsHelper,
		executeWorkflow: notSupported('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notSupported('startRunnerTask'),
		logAiEvent: () => {},
		currentNodeExecutionIndex: 0,
		executionId,
		workflowId: opts.workflowData.id,
		userId: 'harness-user',
		variables: {},
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		externalSecretsProxy: new ExternalSecretsProxy(),
		hooks: new ExecutionLifecycleHooks(opts.mode, executionId, opts.workflowData),
	} as unknown as IWorkflowExecuteAdditionalData;
}

function nodeCredentialsFor(credentials: Record<string, object> | undefined): INode['credentials'] {
	if (!credentials) return undefined;
	const result: NonNullable<INode['credentials']> = {};
	for (const type of Object.keys(credentials)) result[type] = { id: `cred-${type}`, name: `${type} (harness)` };
	return result;
}

function workflowBase(id: string, name: string, nodes: INode[], connections: IConnections, settings: IDataObject): IWorkflowBase {
	const now = new Date();
	return {
		id,
		name,
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings,
		createdAt: now,
		updatedAt: now,
		activeVersionId: null,
	} as unknown as IWorkflowBase;
}

// ---------------------------------------------------------------------------
// Running action nodes through WorkflowExecute.
// ---------------------------------------------------------------------------

export interface InputItem {
	json: IDataObject | object;
	binary?: Record<string, { data: Buffer; mimeType: string; fileName?: string } | IBinaryData>;
	pairedItem?: INodeExecutionData['pairedItem'];
}

export interface WorkflowNodeSpec {
	name: string;
	/** 'inter28', 'n8n-nodes-28inter.inter28', 'CUSTOM.fixtureNode', ... */
	type: string;
	typeVersion?: number;
	parameters?: object;
	continueOnFail?: boolean;
	/** n8n's node setting "On Error"; overrides continueOnFail. */
	onError?: INode['onError'];
	retryOnFail?: boolean;
	maxTries?: number;
	/** ms; n8n default 1000, clamped to 0..5000, and 0 means 1000 (`|| 1000`): the harness uses 1 unless given. maxTries is clamped to 2..5. */
	waitBetweenTries?: number;
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
	disabled?: boolean;
}

export interface RunWorkflowOptions {
	nodes: WorkflowNodeSpec[];
	/** n8n connections object, or a simple chain given as [from, to] pairs (main output 0 → input 0). */
	connections?: IConnections | Array<[string, string]>;
	/** Node that receives `items` as its input; defaults to the first node. */
	startNode?: string;
	items?: InputItem[];
	credentials?: Record<string, object>;
	timezone?: string;
	/** Workflow execute mode; 'manual' = run from the editor. Default 'manual'. */
	mode?: WorkflowExecuteMode;
	binaryMode?: BinaryMode;
	/** Workflow static data (as stored) to start with. */
	staticData?: IDataObject;
}

export interface NodeRunResult {
	/** Main output 0 of the last run of the node. */
	items: INodeExecutionData[];
	/** All outputs of the last run (outputs[i] = items of output i). */
	outputs: INodeExecutionData[][];
	/**
	 * The node error as n8n recorded it in the run data: a plain object copy
	 * (`{ ...error, message, stack }`) with message, description, httpCode, context, ...
	 * `instanceof` does not work on it; use `thrownError`.
	 */
	error?: RecordedError;
	/** The error instance the node threw (instanceof NodeApiError works), if it threw. */
	thrownError?: unknown;
	hints: Array<{ message: string; [key: string]: unknown }>;
	taskData?: ITaskData;
}

export type RecordedError = Error & {
	description?: string | null;
	httpCode?: string | null;
	context?: IDataObject;
	level?: string;
	[key: string]: unknown;
};

export interface WorkflowRunResult {
	run: IRun;
	runData: IRunData;
	/** Per node name: result of its last run. */
	nodes: Record<string, NodeRunResult>;
	/** Execution-level error (the node error that stopped the workflow), if any. */
	error?: Error;
	logs: LogEntry[];
	/** Static data after the run (what n8n would save for a non-manual execution). */
	staticData: IDataObject;
	credentialsHelper: TestCredentialsHelper;
}

async function toInputItems(items: InputItem[], workflowId: string, executionId: string): Promise<INodeExecutionData[]> {
	const service = Container.get(BinaryDataService);
	const result: INodeExecutionData[] = [];
	for (const [index, item] of items.entries()) {
		const out: INodeExecutionData = { json: { ...(item.json as IDataObject) }, pairedItem: item.pairedItem ?? { item: index } };
		if (item.binary) {
			out.binary = {};
			for (const [key, value] of Object.entries(item.binary)) {
				if (!Buffer.isBuffer(value.data)) {
					out.binary[key] = value as IBinaryData;
					continue;
				}
				const fileName = value.fileName;
				const fileExtension = fileName?.includes('.') ? fileName.split('.').pop() : undefined;
				const meta = { mimeType: value.mimeType, fileName, fileExtension, data: '' } as IBinaryData;
				out.binary[key] = await service.store({ type: 'execution', workflowId, executionId }, value.data, meta);
			}
		}
		result.push(out);
	}
	return result;
}

function toNode(spec: WorkflowNodeSpec, index: number, credentials: Record<string, object> | undefined): INode {
	const typeName = resolveTypeName(spec.type);
	const type = nodeTypesByName.get(typeName)!;
	const typeVersion =
		spec.typeVersion ??
		('nodeVersions' in type
			? type.currentVersion
			: Array.isArray(type.description.version)
				? Math.max(...type.description.version)
				: type.description.version);
	const description = NodeHelpers.getVersionedNodeType(type, typeVersion).description;
	// Only credentials the node declares are attached, like the editor does.
	const declared = new Set((description.credentials ?? []).map((c) => c.name));
	const attached = credentials ? Object.fromEntries(Object.entries(credentials).filter(([k]) => declared.has(k))) : undefined;
	const node: INode = {
		id: `node-${index}-${spec.name.replace(/\W+/g, '-')}`,
		name: spec.name,
		type: typeName,
		typeVersion,
		position: [index * 200, 0],
		parameters: (spec.parameters ?? {}) as INode['parameters'],
		credentials: nodeCredentialsFor(attached),
	};
	if (spec.onError) node.onError = spec.onError;
	else if (spec.continueOnFail) node.onError = 'continueRegularOutput';
	if (spec.retryOnFail) {
		node.retryOnFail = true;
		node.maxTries = spec.maxTries ?? 3;
		node.waitBetweenTries = spec.waitBetweenTries ?? 1;
	}
	if (spec.alwaysOutputData) node.alwaysOutputData = true;
	if (spec.executeOnce) node.executeOnce = true;
	if (spec.disabled) node.disabled = true;
	return node;
}

function toConnections(connections: RunWorkflowOptions['connections']): IConnections {
	if (!connections) return {};
	if (!Array.isArray(connections)) return connections;
	const result: IConnections = {};
	for (const [from, to] of connections) {
		const main = ((result[from] ??= { main: [[]] }).main ??= [[]]);
		(main[0] ??= []).push({ node: to, type: 'main', index: 0 });
	}
	return result;
}

function plainStaticData(data: IDataObject): IDataObject {
	// What a database JSON column would give back (drops the proxy, __dataChanged, undefined; Dates → strings).
	return JSON.parse(JSON.stringify(data ?? {})) as IDataObject;
}

function nodeResult(taskData: ITaskData | undefined, thrownError?: unknown): NodeRunResult {
	const outputs = (taskData?.data?.main ?? []).map((o) => o ?? []);
	return {
		items: outputs[0] ?? [],
		outputs,
		error: taskData?.error as RecordedError | undefined,
		thrownError,
		hints: (taskData?.hints ?? []) as NodeRunResult['hints'],
		taskData,
	};
}

/** Runs several nodes as one workflow through n8n-core's WorkflowExecute. */
export async function runWorkflow(opts: RunWorkflowOptions): Promise<WorkflowRunResult> {
	await ensureSetup(opts.binaryMode ?? 'filesystem');
	const mode = opts.mode ?? 'manual';
	const credentialStore = Object.fromEntries(
		Object.entries(opts.credentials ?? {}).map(([k, v]) => [k, { ...(v as IDataObject) }]),
	);
	const credentialsHelper = new TestCredentialsHelper(credentialStore);
	const nodes = opts.nodes.map((spec, index) => toNode(spec, index, opts.credentials));
	const connections = toConnections(opts.connections);
	const settings: IDataObject = opts.timezone ? { timezone: opts.timezone } : {};
	const workflowId = nextWorkflowId();
	const workflowData = workflowBase(workflowId, 'Harness workflow', nodes, connections, settings);
	const thrown = new Map<string, unknown>();
	const workflow = new Workflow({
		id: workflowId,
		name: workflowData.name,
		nodes,
		connections,
		active: false,
		nodeTypes: makeNodeTypes(thrownObserver(thrown)),
		staticData: opts.staticData ? plainStaticData(opts.staticData) : undefined,
		settings,
	});
	const additionalData = buildAdditionalData({ credentialsHelper, workflowData, mode });
	const startName = opts.startNode ?? nodes[0].name;
	const startNode = workflow.getNode(startName);
	if (!startNode) throw new Error(`Unknown start node "${startName}"`);
	const input = await toInputItems(opts.items ?? [{ json: {} }], workflowId, additionalData.executionId!);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [input] }, source: null }],
		},
	});
	const logs: LogEntry[] = [];
	const run = await logSink.run(logs, async () => {
		await workflow.expression.acquireIsolate();
		try {
			return await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
		} finally {
			await workflow.expression.releaseIsolate();
		}
	});
	const runData = run.data.resultData.runData;
	const nodesResult: Record<string, NodeRunResult> = {};
	for (const [name, tasks] of Object.entries(runData)) nodesResult[name] = nodeResult(tasks.at(-1), thrown.get(name));
	return {
		run,
		runData,
		nodes: nodesResult,
		error: run.data.resultData.error as Error | undefined,
		logs,
		staticData: plainStaticData(workflow.staticData),
		credentialsHelper,
	};
}

export interface RunNodeOptions {
	type: string;
	parameters: object;
	credentials?: Record<string, object>;
	items?: InputItem[];
	continueOnFail?: boolean;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	timezone?: string;
	typeVersion?: number;
	nodeName?: string;
	mode?: WorkflowExecuteMode;
	binaryMode?: BinaryMode;
	staticData?: IDataObject;
}

export interface RunNodeResult extends NodeRunResult {
	runData: IRunData;
	run: IRun;
	logs: LogEntry[];
	staticData: IDataObject;
	credentialsHelper: TestCredentialsHelper;
}

/** Runs one node on the given input items through a real Workflow + WorkflowExecute. */
export async function runNode(opts: RunNodeOptions): Promise<RunNodeResult> {
	const name = opts.nodeName ?? 'Node Under Test';
	const result = await runWorkflow({
		nodes: [
			{
				name,
				type: opts.type,
				typeVersion: opts.typeVersion,
				parameters: opts.parameters,
				continueOnFail: opts.continueOnFail,
				retryOnFail: opts.retryOnFail,
				maxTries: opts.maxTries,
				waitBetweenTries: opts.waitBetweenTries,
			},
		],
		items: opts.items,
		credentials: opts.credentials,
		timezone: opts.timezone,
		mode: opts.mode,
		binaryMode: opts.binaryMode,
		staticData: opts.staticData,
	});
	const node = result.nodes[name] ?? nodeResult(undefined);
	return {
		...node,
		error: node.error ?? (result.error as RecordedError | undefined),
		runData: result.runData,
		run: result.run,
		logs: result.logs,
		staticData: result.staticData,
		credentialsHelper: result.credentialsHelper,
	};
}

// ---------------------------------------------------------------------------
// Polling triggers.
// ---------------------------------------------------------------------------

export type PollScheduler = 'legacy' | 'durable';

/** What happens to the published workflow while a poll runs (`poll('trigger', { supersede })`). */
export type Supersede = 'republish' | 'unpublish';

/** n8n 2.41.1's scheduler defaults (@n8n/config SchedulerConfig): pollTimeoutSeconds, leaseDurationSeconds. */
export const DURABLE_POLL_TIMEOUT_MS = 45_000;
export const DURABLE_LEASE_DURATION_MS = 60_000;

/**
 * The budget n8n 2.41.1 gives a durable scheduled poll (TriggerExecutionContextFactory
 * .getExecutePollFunctions): the ceiling min(poll timeout, lease) minus a margin of 20 % of it,
 * at least 5 s and at most half the ceiling. 36,000 ms with the defaults.
 */
export function durablePollBudgetMs(pollTimeoutMs = DURABLE_POLL_TIMEOUT_MS, leaseDurationMs = DURABLE_LEASE_DURATION_MS): number {
	const ceilingMs = Math.min(pollTimeoutMs, leaseDurationMs);
	return ceilingMs - Math.min(Math.max(0.2 * ceilingMs, 5_000), ceilingMs / 2);
}

export const DURABLE_POLL_BUDGET_MS = durablePollBudgetMs();

export interface CreatePollerOptions {
	type: string;
	parameters: object;
	credentials: Record<string, object>;
	nodeName?: string;
	timezone?: string;
	typeVersion?: number;
	/** Workflow static data as stored in the database before activation, e.g. { 'node:My Trigger': {...} }. */
	staticData?: IDataObject;
	/**
	 * Which n8n scheduler runs the polls (see createPoller): 'legacy' (default; n8n's default, the
	 * in-process cron) or 'durable' (N8N_SCHEDULER_ENABLED with enabledForPollTriggers, durable
	 * poll cursors off).
	 */
	scheduler?: PollScheduler;
	/**
	 * Value for `this.getPollBudgetMs()`. Legacy: of every poll; unset = what n8n 2.41.1 gives,
	 * PollContext's own default of 5 minutes. Durable: of every scheduled poll; unset =
	 * durablePollBudgetMs(pollTimeoutMs, leaseDurationMs), 36 s with the defaults. A durable
	 * activation poll always has PollContext's default: n8n builds its context without a fence.
	 */
	pollBudgetMs?: number;
	/** Durable only: the scheduler's poll timeout (default 45,000 ms). A scheduled poll still
	 *  running after it is abandoned: n8n moves on and never emits or saves what it returns. */
	pollTimeoutMs?: number;
	/** Durable only: the scheduler's lease duration (default 60,000 ms); only shapes the budget. */
	leaseDurationMs?: number;
	/** Activation mode of the first trigger-mode poll: 'activate' (user publishes) by default. */
	activationMode?: WorkflowActivateMode;
}

export interface PollOptions {
	/**
	 * Trigger mode: the workflow is republished (true or 'republish') or unpublished
	 * ('unpublish') while this poll runs, i.e. its trigger is no longer the current one when the
	 * poll ends. What n8n then does with the poll's result depends on the scheduler (see
	 * createPoller); `PollResult.discarded` says what was thrown away. The next trigger poll is a
	 * fresh activation from the persisted data ('update' after a republish, 'activate' after an
	 * unpublish, as when the user publishes again).
	 */
	supersede?: boolean | Supersede;
}

export interface PollResult {
	/** What the poll emitted (n8n starts an execution with it), or null. */
	items: INodeExecutionData[] | null;
	/** Every output of the emitted data. */
	outputs: INodeExecutionData[][] | null;
	/**
	 * Trigger mode: the error instance n8n got (activation failure, or the one passed to
	 * `__emitError`). Manual mode: the error as recorded in the run data (plain object).
	 */
	error?: RecordedError;
	/** The error instance poll() threw, if it threw (both modes), also when n8n ignored it. */
	thrownError?: unknown;
	/** True for a trigger-mode poll that activated the workflow (the first, or the first after a
	 *  restart, a republish or an unpublish that brings an activation poll). */
	activation: boolean;
	/** True when this poll made n8n persist the workflow static data. */
	saved: boolean;
	logs: LogEntry[];
	/**
	 * What the node's poll() returned when n8n threw it away instead of emitting it: its data,
	 * or null. Present only when that happened: a superseded legacy poll, a durable poll whose
	 * workflow was unpublished meanwhile, a durable poll abandoned after pollTimeoutMs. So every
	 * report a node fetched went either into `items` or into `discarded` (or into an error).
	 */
	discarded?: INodeExecutionData[][] | null;
	/** Set when the poll ran with the supersede option. */
	superseded?: Supersede;
	/** Durable: the poll outran pollTimeoutMs and was abandoned. (n8n does not wait for it; the
	 *  harness does, so that `discarded` is known before poll() returns.) */
	timedOut?: boolean;
	/**
	 * Trigger mode: which PollContext the node ran with, numbered from 1 per poller (a number,
	 * not the object: the context reaches the credentials). Legacy: the activation's, reused by
	 * every scheduled poll. Durable: a new one for every scheduled poll. Unset if activation
	 * failed before the poll.
	 */
	contextId?: number;
	/** Trigger mode: what that context's getActivationMode() answers. */
	activationMode?: WorkflowActivateMode;
}

export interface Poller {
	poll(mode: 'trigger' | 'manual', options?: PollOptions): Promise<PollResult>;
	/** Workflow static data as n8n persisted it (database), without the `node:` prefix layer: see `workflowStaticData`. */
	staticData(): IDataObject;
	/** The persisted workflow-level static data object ({ 'node:<name>': {...}, global... }). */
	workflowStaticData(): IDataObject;
	/** The in-memory static data of the active workflow (what the next scheduled poll sees).
	 *  Durable: there is none between polls (each builds its workflow anew), so the persisted data. */
	liveStaticData(): IDataObject;
	/**
	 * Simulates an n8n restart / re-activation with that activation mode (default 'init').
	 * Legacy: the next trigger poll re-activates from persisted data. Durable: 'init' and
	 * 'leadershipChange' keep the poll job, which survives a restart in the database, so n8n
	 * runs no activation poll and the next trigger poll is a scheduled one; 'activate' and
	 * 'update' (a publish) re-provision the job, so the next trigger poll re-activates.
	 */
	restart(activationMode?: WorkflowActivateMode): void;
	logs: LogEntry[];
	node: INode;
	credentialsHelper: TestCredentialsHelper;
}

const POLL_TIMED_OUT = Symbol('poll timed out');

/**
 * A polling trigger driven the way n8n 2.41.1 drives it, with its default (legacy, in-process
 * cron) scheduler or the opt-in durable one.
 *
 * Legacy scheduler, static data persistence as in n8n's server (packages/cli, version 2.41.1):
 *  - Activation: ActiveWorkflowManager.add() builds ONE Workflow from the stored
 *    workflow (staticData from the DB), calls ActiveWorkflowTriggers.addAllTriggers →
 *    activatePollTrigger (packages/core/src/execution-engine/active-workflow-triggers.ts),
 *    which validates `pollTimes` and runs the first poll at once as
 *    `executePollTrigger(true)` (PollTriggerExecutor with testingTrigger = true: an error
 *    is thrown and fails the activation). After activation succeeds, add() calls
 *    `workflowStaticDataService.saveStaticData(workflow)`
 *    (packages/cli/src/active-workflow-manager.ts). So the activation poll's changes are
 *    saved whether it returned data or null; a failed activation saves nothing.
 *  - Scheduled polls reuse that same Workflow object and PollContext (the cron callback
 *    calls the same executePollTrigger closure). PollTriggerExecutor
 *    (packages/core/src/execution-engine/poll-trigger-executor.ts) calls `__emit` when the
 *    poll returns data; the server's `__emit`
 *    (packages/cli/src/workflows/triggers/trigger-execution-context.factory.ts,
 *    getExecutePollFunctions) calls `saveStaticData(workflow)` before starting the
 *    execution. A poll returning null calls only `__commitCursor`, a no-op unless durable
 *    poll cursors are enabled: nothing is saved, but the in-memory changes stay in the
 *    live Workflow and are saved by the next poll that emits (or lost on restart).
 *    A failing poll goes to `__emitError` (failed execution recorded), nothing saved.
 *  - saveStaticData (packages/cli/src/workflows/workflow-static-data.service.ts) writes
 *    only when `workflow.staticData.__dataChanged === true`. That flag is set by
 *    n8n-workflow's ObservableObject proxy, which wraps only the objects present when the
 *    Workflow was built: in-place changes inside an object created during this process
 *    (e.g. `sd.seen = {}` then later `sd.seen[id] = 1`) are NOT detected. Node static
 *    data is stored under `node:<node name>`; the stored copy is JSON (Dates → strings).
 *  - Superseded poll (`supersede`): unpublishing or republishing removes the workflow's
 *    triggers (ActiveWorkflowTriggers.remove), so the `isCurrent()` PollTriggerExecutor got
 *    from activatePollTrigger turns false. It is checked before the poll (true here) and after
 *    it: the result is dropped ("Discarding in-flight poll result for superseded workflow"),
 *    a thrown error is ignored ("Ignoring in-flight poll error..."): nothing emitted, nothing
 *    saved. The activation poll runs with testingTrigger = true, which never asks isCurrent,
 *    so a supersede during activation changes nothing about that poll.
 *  - Manual mode ("Fetch test event"): WorkflowExecute.executePollNode creates a
 *    PollContext in 'manual' mode on a workflow built from the stored data; the
 *    execution hooks save static data only `if (!isManualMode)`
 *    (packages/cli/src/execution-lifecycle/execution-lifecycle-hooks.ts): never saved.
 *
 * Durable scheduler (N8N_SCHEDULER_ENABLED + N8N_SCHEDULER_ENABLED_FOR_POLL_TRIGGERS, durable
 * cursors off):
 *  - Activation is the legacy one except for the schedule: activatePollTrigger asks the
 *    PollJobManager (PollTriggerJobRegistrar) to provision the job and runs
 *    `executePollTrigger(true)` on the factory's context only when a job was inserted, i.e.
 *    on a publish; a restart finds the job in the database and runs no activation poll.
 *    The activation context has no budget function (no fence), so PollContext's default.
 *  - Every scheduled poll is a task (packages/cli/src/scheduling/poll-trigger-node/
 *    poll-trigger-task-handler.ts) that calls TriggerExecutionContextFactory
 *    .createPollExecutionContext: a NEW Workflow built from the workflow data loaded from the
 *    database (so from the persisted static data) and a NEW PollContext with activation mode
 *    'update' and getPollBudgetMs = the durable budget. Nothing survives in memory between
 *    polls: a null poll's static data changes are lost, since it saves nothing
 *    (commitStagedCursor is a no-op without durable cursors).
 *  - It does not go through PollTriggerExecutor: it races runPollFunction against the poll
 *    timeout (abandoned: nothing emitted or saved); data is handed to `__emit` (which saves
 *    the static data) unless the workflow is no longer active (unpublished meanwhile:
 *    "Workflow deactivated during poll; discarding the result"; a republish leaves it active,
 *    so the result is emitted); a thrown error goes to `__emitError` whatever happened to
 *    the workflow. Poll backoff after failures (ticks skipped) is not modelled: each poll()
 *    is a tick that runs.
 *
 * The harness runs polls one after another. In n8n, the activation that follows a republish
 * starts while the superseded poll still runs, from the static data persisted before that
 * poll ended; here it starts after, from what that poll saved (legacy: nothing).
 */
export function createPoller(opts: CreatePollerOptions): Poller {
	const nodeName = opts.nodeName ?? 'Trigger Under Test';
	const scheduler: PollScheduler = opts.scheduler ?? 'legacy';
	if (scheduler !== 'legacy' && scheduler !== 'durable') throw new TypeError(`scheduler must be legacy or durable, not ${String(scheduler)}`);
	const pollTimeoutMs = opts.pollTimeoutMs ?? DURABLE_POLL_TIMEOUT_MS;
	const durableBudgetMs = opts.pollBudgetMs ?? durablePollBudgetMs(pollTimeoutMs, opts.leaseDurationMs ?? DURABLE_LEASE_DURATION_MS);
	const credentialStore = Object.fromEntries(
		Object.entries(opts.credentials ?? {}).map(([k, v]) => [k, { ...(v as IDataObject) }]),
	);
	const credentialsHelper = new TestCredentialsHelper(credentialStore);
	const node = toNode(
		{ name: nodeName, type: opts.type, typeVersion: opts.typeVersion, parameters: opts.parameters },
		0,
		opts.credentials,
	);
	const settings: IDataObject = opts.timezone ? { timezone: opts.timezone } : {};
	const workflowId = nextWorkflowId();
	let persisted: IDataObject = plainStaticData(opts.staticData ?? {});
	let nextActivationMode: WorkflowActivateMode = opts.activationMode ?? 'activate';
	const allLogs: LogEntry[] = [];

	type PendingPoll = { emitted?: INodeExecutionData[][]; emittedError?: Error; saved: boolean };
	/** What the node's poll() did in the poll in progress, and who wants to know when it ends. */
	type PollCall = { returned?: { value: unknown }; thrown?: { error: unknown }; onSettled?: () => void };
	let call: PollCall = {};

	// The node type's poll is wrapped to see what it returned, also when n8n throws that away.
	const pollNodeTypes = makeNodeTypes({
		returned: (name, method, value) => {
			if (name !== nodeName || method !== 'poll') return;
			call.returned = { value };
			call.onSettled?.();
		},
		threw: (name, method, error) => {
			if (name !== nodeName || method !== 'poll') return;
			call.thrown = { error };
			call.onSettled?.();
		},
	});

	// What activation created: the workflow, context and executor. Legacy keeps it for every
	// scheduled poll until a restart or supersede; durable drops it. `current` is what isCurrent() answers.
	type ActivatedTrigger = { workflow: Workflow; context: PollContext; execute: () => Promise<void>; current: { value: boolean }; state: { pending: PendingPoll } };
	let legacy: ActivatedTrigger | undefined;
	// Durable: whether the workflow's poll job is provisioned (activation done).
	let durableJob = false;
	const contextIds = new WeakMap<PollContext, number>();
	let contextCount = 0;
	const describeContext = (context: PollContext) => ({ contextId: contextIds.get(context), activationMode: context.getActivationMode() });

	const buildWorkflow = () =>
		new Workflow({
			id: workflowId,
			name: 'Harness poll workflow',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: pollNodeTypes,
			staticData: plainStaticData(persisted),
			settings,
		});

	// WorkflowStaticDataService.saveStaticData
	const saveStaticData = (workflow: Workflow, pending: PendingPoll) => {
		if (workflow.staticData.__dataChanged === true) {
			persisted = plainStaticData(workflow.staticData);
			workflow.staticData.__dataChanged = false;
			pending.saved = true;
		}
	};

	// As TriggerExecutionContextFactory.getExecutePollFunctions without durable cursors
	// (PollCursorService.resolveCursor → { migrated: false }): static data is the workflow's.
	const newPollContext = (workflow: Workflow, activation: WorkflowActivateMode, state: { pending: PendingPoll }, budgetMs: number | undefined) => {
		const context = new PollContext(
			workflow,
			node,
			buildAdditionalData({ credentialsHelper, workflowData: workflowBase(workflowId, workflow.name!, [node], {}, settings), mode: 'trigger' }),
			'trigger',
			activation,
			(data) => {
				saveStaticData(workflow, state.pending);
				state.pending.emitted = data;
			},
			(error) => {
				state.pending.emittedError = error;
			},
			async () => {},
			async (poll) => await poll(),
			() => workflow.getStaticData('node', node),
			budgetMs === undefined ? undefined : () => budgetMs,
		);
		contextIds.set(context, ++contextCount);
		return context;
	};

	const activate = async (pending: PendingPoll): Promise<ActivatedTrigger> => {
		const workflow = buildWorkflow();
		const state = { pending };
		const budgetMs = scheduler === 'legacy' ? opts.pollBudgetMs : undefined;
		const context = newPollContext(workflow, nextActivationMode, state, budgetMs);
		// ActiveWorkflowTriggers.activatePollTrigger
		const pollTimes = context.getNodeParameter('pollTimes') as { item?: TriggerTime[] };
		const cronExpressions = (pollTimes.item ?? []).map(toCronExpression);
		if (cronExpressions.some(isSubMinuteCron)) {
			throw new UserError('The polling interval is too short. It has to be at least a minute.');
		}
		const current = { value: true };
		const executor = Container.get(PollTriggerExecutor).create(workflow, node, context as IPollFunctions, () => current.value);
		await executor(true);
		// ActiveWorkflowManager.add: saveStaticData after the triggers were added.
		saveStaticData(workflow, pending);
		return { workflow, context, execute: async () => await executor(), current, state };
	};

	// PollTriggerTaskHandler.execute after createPollExecutionContext.
	const durableScheduledPoll = async (pending: PendingPoll, supersede: Supersede | undefined) => {
		const workflow = buildWorkflow();
		const context = newPollContext(workflow, 'update', { pending }, durableBudgetMs);
		const logger = Container.get(Logger);
		// WorkflowRepository.isActive after the poll: only an unpublish makes it false.
		let active = true;
		if (supersede) call.onSettled = () => (active = supersede !== 'unpublish');
		let abandoned: Promise<unknown> | undefined;
		await runPollInStagingScope(context as IPollFunctions, async () => {
			await workflow.expression.acquireIsolate();
			let timer: NodeJS.Timeout | undefined;
			try {
				const poll = Container.get(TriggersAndPollers).runPollFunction(workflow, node, context as IPollFunctions);
				poll.catch(() => {});
				const timedOut = new Promise<typeof POLL_TIMED_OUT>((resolve) => {
					timer = setTimeout(() => resolve(POLL_TIMED_OUT), pollTimeoutMs);
					timer.unref();
				});
				const outcome = await Promise.race([poll, timedOut]);
				if (outcome === POLL_TIMED_OUT) {
					logger.warn('Poll exceeded its timeout and was abandoned', { workflowId, nodeId: node.id, pollTimeoutMs });
					abandoned = poll;
					return;
				}
				if (outcome === null) return;
				if (!active) {
					logger.debug('Workflow deactivated during poll; discarding the result', { workflowId, nodeId: node.id });
					return;
				}
				context.__emit(outcome);
			} catch (error) {
				context.__emitError(error instanceof Error ? error : new Error(String(error)));
			} finally {
				clearTimeout(timer);
				await workflow.expression.releaseIsolate();
			}
		});
		if (abandoned) await abandoned.catch(() => {});
		return { context, timedOut: abandoned !== undefined, discarded: abandoned !== undefined || !active };
	};

	const pollManual = async (logs: LogEntry[]): Promise<PollResult> => {
		const result = await runWorkflowForManualPoll(node, persisted, credentialStore, settings);
		return { ...result, activation: false, saved: false, logs };
	};

	/** After a supersede, n8n has a new trigger (republish) or none until the user publishes again. */
	const superseded = (supersede: Supersede) => {
		legacy = undefined;
		durableJob = false;
		nextActivationMode = supersede === 'republish' ? 'update' : 'activate';
	};

	const pollTrigger = async (logs: LogEntry[], supersede: Supersede | undefined): Promise<PollResult> => {
		const pending: PendingPoll = { saved: false };
		call = {};
		const tail = (): Partial<PollResult> => ({
			thrownError: pending.emittedError ?? call.thrown?.error,
			...(supersede ? { superseded: supersede } : {}),
		});
		const emitted = () => ({ items: pending.emitted?.[0] ?? null, outputs: pending.emitted ?? null, saved: pending.saved, logs });
		const activated = scheduler === 'legacy' ? legacy !== undefined : durableJob;
		if (!activated) {
			let trigger: ActivatedTrigger;
			try {
				trigger = await activate(pending);
			} catch (error) {
				if (supersede) superseded(supersede);
				return { items: null, outputs: null, error: error as RecordedError, thrownError: error, activation: true, saved: false, logs, ...(supersede ? { superseded: supersede } : {}) };
			}
			if (scheduler === 'legacy') legacy = trigger;
			else durableJob = true;
			if (supersede) superseded(supersede);
			return { ...emitted(), activation: true, ...describeContext(trigger.context), ...tail() };
		}
		if (scheduler === 'durable') {
			const run = await durableScheduledPoll(pending, supersede);
			if (supersede) superseded(supersede);
			return {
				...emitted(),
				error: pending.emittedError as RecordedError | undefined,
				activation: false,
				...describeContext(run.context),
				...tail(),
				...(run.discarded && call.returned ? { discarded: call.returned.value as INodeExecutionData[][] | null } : {}),
				...(run.timedOut ? { timedOut: true } : {}),
			};
		}
		const trigger = legacy!;
		trigger.state.pending = pending;
		if (supersede) call.onSettled = () => (trigger.current.value = false);
		await trigger.execute();
		if (supersede) superseded(supersede);
		return {
			...emitted(),
			error: pending.emittedError as RecordedError | undefined,
			activation: false,
			...describeContext(trigger.context),
			...tail(),
			...(supersede && call.returned ? { discarded: call.returned.value as INodeExecutionData[][] | null } : {}),
		};
	};

	return {
		node,
		credentialsHelper,
		logs: allLogs,
		async poll(mode, options = {}) {
			const supersede: Supersede | undefined =
				options.supersede === true ? 'republish' : options.supersede === false || options.supersede === undefined ? undefined : options.supersede;
			if (supersede !== undefined && supersede !== 'republish' && supersede !== 'unpublish') {
				throw new TypeError(`supersede must be true, 'republish' or 'unpublish', not ${String(options.supersede)}`);
			}
			if (supersede && mode !== 'trigger') throw new TypeError('supersede applies to trigger-mode polls: a manual poll belongs to no published workflow');
			await ensureSetup();
			const logs: LogEntry[] = [];
			try {
				return await logSink.run(logs, async () => (mode === 'manual' ? await pollManual(logs) : await pollTrigger(logs, supersede)));
			} finally {
				allLogs.push(...logs);
			}
		},
		staticData() {
			return plainStaticData((persisted[`node:${nodeName}`] as IDataObject) ?? {});
		},
		workflowStaticData() {
			return plainStaticData(persisted);
		},
		liveStaticData() {
			if (!legacy) return this.staticData();
			return plainStaticData((legacy.workflow.staticData[`node:${nodeName}`] as IDataObject) ?? {});
		},
		restart(activationMode: WorkflowActivateMode = 'init') {
			legacy = undefined;
			// The durable job lives in the database: a restart or leadership change keeps it.
			if (activationMode !== 'init' && activationMode !== 'leadershipChange') durableJob = false;
			nextActivationMode = activationMode;
		},
	};
}

async function runWorkflowForManualPoll(
	node: INode,
	persisted: IDataObject,
	credentialStore: Record<string, IDataObject>,
	settings: IDataObject,
): Promise<Pick<PollResult, 'items' | 'outputs' | 'error' | 'thrownError'>> {
	const credentialsHelper = new TestCredentialsHelper({ ...credentialStore });
	const workflowId = nextWorkflowId();
	const workflowData = workflowBase(workflowId, 'Harness manual poll', [node], {}, settings);
	const thrown = new Map<string, unknown>();
	const workflow = new Workflow({
		id: workflowId,
		name: workflowData.name,
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: makeNodeTypes(thrownObserver(thrown)),
		staticData: plainStaticData(persisted),
		settings,
	});
	const additionalData = buildAdditionalData({ credentialsHelper, workflowData, mode: 'manual' });
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [[{ json: {} }]] }, source: null }] },
	});
	const run = await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const task = run.data.resultData.runData[node.name]?.at(-1);
	const error = (task?.error ?? run.data.resultData.error) as RecordedError | undefined;
	const outputs = task?.data?.main?.map((o) => o ?? []) ?? null;
	return {
		items: outputs?.[0] ?? null,
		outputs: outputs && outputs.length ? outputs : null,
		error,
		thrownError: thrown.get(node.name),
	};
}

// ---------------------------------------------------------------------------
// Credential tests (n8n: packages/cli/src/services/credentials-tester.service.ts).
// ---------------------------------------------------------------------------

/**
 * Runs the node's `methods.credentialTest[testedBy]` for a credential type, with the
 * context n8n's CredentialsTester builds (n8n-core CredentialTestContext: only the
 * legacy `helpers.request` and SSH tunnel helpers) and the data with defaults applied.
 */
export async function testCredential(type: string, data: object): Promise<INodeCredentialTestResult> {
	await ensureSetup();
	let testFunction: ICredentialTestFunction | undefined;
	for (const nodeType of nodeTypesByName.values()) {
		for (const version of allVersions(nodeType).reverse()) {
			for (const { name, testedBy } of version.description.credentials ?? []) {
				if (name !== type || !testedBy) continue;
				if (typeof testedBy !== 'string') {
					throw new Error(`Credential "${type}" is tested by a request definition; only testedBy functions are supported`);
				}
				testFunction = version.methods?.credentialTest?.[testedBy];
				if (testFunction) break;
			}
			if (testFunction) break;
		}
		if (testFunction) break;
	}
	if (!testFunction) {
		if (getCredentialType(type).test) {
			throw new Error(`Credential "${type}" uses a declarative \`test\` request; not supported by the harness`);
		}
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}
	const workflowData = workflowBase(nextWorkflowId(), 'credential test', [], {}, {});
	const additionalData = buildAdditionalData({
		credentialsHelper: new TestCredentialsHelper({ [type]: data as IDataObject }),
		workflowData,
		mode: 'internal',
	});
	const credentials: ICredentialsDecrypted = {
		id: `cred-${type}`,
		name: `${type} (harness)`,
		type,
		data: applyCredentialDefaults(type, data as IDataObject),
	};
	const context = new CredentialTestContext(additionalData);
	return await logSink.run([], async () => await testFunction!.call(context as never, credentials));
}
