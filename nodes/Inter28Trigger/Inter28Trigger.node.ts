import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { InvalidInputError, MAX_STATUS_NUM, VendorError, drainReports, type DeliveryReport } from '../protocol';
import { inter28ApiTest } from '../shared/methods/credentialTest';
import { errorItemJson, toNodeError } from '../shared/nodeErrors';
import { filterReports, reportFilterOptions, type ReportFilterValues } from '../shared/reportOptions';
import { timeoutOption } from '../shared/timeoutOption';
import { clientFromContext } from '../shared/transport';
import { pollBudgetMs, shortestPollIntervalMs } from './pollBudget';
import { admitNewReports, type LedgerState } from './reportLedger';

interface TriggerOptions extends ReportFilterValues {
	maxReportsPerPoll?: number;
	pageSize?: number;
	fetchLiveInManualMode?: boolean;
	timeout?: number;
}

const DEFAULT_MAX_REPORTS_PER_POLL = 100_000;

// n8n starts a poll on every cron tick even if the previous one is still draining.
// Two drains of the same trigger at once would race on its static data, so the
// second one stands aside. Keyed per workflow and node, process-wide.
const pollsInFlight = new Set<string>();
// The first poll of an activation: a throw there makes publishing the workflow fail.
// n8n builds one poll context per activation and reuses it for every scheduled poll, so a
// context not seen before means a new activation, also when the same workflow is published
// again or updated in this process (a workflow ID would be seen already then).
const activationsSeen = new WeakSet<object>();

function isActivationSafeToSkip(error: unknown): boolean {
	// Wrong credentials or a bad URL will not heal by themselves: fail activation loudly.
	return !(error instanceof VendorError) && !(error instanceof InvalidInputError);
}

export class Inter28Trigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: '28inter MMS Trigger',
		name: 'inter28Trigger',
		icon: { light: 'file:../../icons/inter28.svg', dark: 'file:../../icons/inter28.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'On new delivery report',
		description: 'Starts the workflow for every new 28inter MMS delivery report',
		defaults: { name: '28inter MMS Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'inter28Api', required: true, testedBy: 'inter28ApiTest' }],
		properties: [
			{
				displayName:
					'28inter hands out each delivery report only once. While this workflow is active, do not read reports of the same account elsewhere (Report → Get Many, another trigger): they would be gone from here.',
				name: 'consumeNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					...reportFilterOptions,
					{
						displayName: 'Fetch Live Reports in Manual Mode',
						name: 'fetchLiveInManualMode',
						type: 'boolean',
						default: false,
						description:
							'Whether "Fetch Test Event" takes real pending reports from 28inter. They are then gone for the active workflow, and manual runs do not remember them. Off: the test event shows the last reports this trigger already emitted.',
					},
					{
						displayName: 'Max Reports per Poll',
						name: 'maxReportsPerPoll',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_MAX_REPORTS_PER_POLL,
						description: 'Stop taking reports after this many in one poll; the rest stay pending for the next poll',
					},
					{
						displayName: 'Page Size',
						name: 'pageSize',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_STATUS_NUM },
						default: MAX_STATUS_NUM,
						description: 'Reports asked for per request (statusNum, at most 10,000)',
					},
					timeoutOption,
				],
			},
		],
	};

	methods = { credentialTest: { inter28ApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const state = this.getWorkflowStaticData('node') as LedgerState & IDataObject;
		const manual = this.getMode() === 'manual';

		if (manual && !options.fetchLiveInManualMode) {
			const recent = filterReports(state.recentReports ?? [], options);
			if (recent.length === 0) {
				throw new NodeOperationError(node, 'No delivery report has reached this trigger yet', {
					description:
						'The test event shows reports that the active workflow already emitted, so that testing never steals live reports. Publish (activate) the workflow and send an MMS, or turn on "Fetch Live Reports in Manual Mode" to take pending reports from 28inter now (they will then not reach the active workflow).',
				});
			}
			return [this.helpers.returnJsonArray(recent as unknown as IDataObject[])];
		}

		const key = `${this.getWorkflow().id ?? ''}/${node.name}`;
		if (pollsInFlight.has(key)) {
			this.logger.warn('28inter trigger: the previous poll is still draining reports; skipping this one', { node: node.name });
			return null;
		}
		const firstPoll = !manual && !activationsSeen.has(this);
		activationsSeen.add(this);
		pollsInFlight.add(key);
		let secrets: string[] = [];
		try {
			const client = await clientFromContext(this, options.timeout);
			secrets = [client.password];
			const hostBudget = (this as unknown as { getPollBudgetMs?: () => number | undefined }).getPollBudgetMs?.();
			const budget = pollBudgetMs(hostBudget, shortestPollIntervalMs(this.getNodeParameter('pollTimes', {})));

			let result;
			try {
				result = await drainReports((statusNum) => client.reports(statusNum), {
					pageSize: Math.min(MAX_STATUS_NUM, Math.max(1, options.pageSize ?? MAX_STATUS_NUM)),
					maxReports: options.maxReportsPerPoll ?? DEFAULT_MAX_REPORTS_PER_POLL,
					deadline: Date.now() + budget,
				});
			} catch (error) {
				if (firstPoll && isActivationSafeToSkip(error)) {
					const failure = errorItemJson(error, { operation: 'reports', secrets });
					this.logger.warn(`28inter trigger: first poll failed, will try again at the next poll: ${failure.error}`, {
						node: node.name,
						code: failure.code,
					});
					state.lastFailure = { at: new Date().toISOString(), message: String(failure.error), code: String(failure.code), reportsKept: 0 };
					return null;
				}
				throw toNodeError(node, error, { operation: 'reports', secrets });
			}

			const { fresh, duplicates, next } = admitNewReports(state, result.reports);
			if (duplicates > 0) {
				this.logger.warn(`28inter trigger: dropped ${duplicates} report(s) already emitted`, { node: node.name });
			}
			if (result.error !== undefined) {
				// Never throw once reports were taken: a throw would discard them for good.
				const failure = errorItemJson(result.error, { operation: 'reports', secrets });
				this.logger.warn(
					`28inter trigger: emitting ${result.reports.length} report(s) fetched before a failure; the rest will come with the next poll: ${failure.error}`,
					{ node: node.name, code: failure.code },
				);
				next.lastFailure = {
					at: new Date().toISOString(),
					message: String(failure.error),
					code: String(failure.code),
					reportsKept: result.reports.length,
				};
			}
			const emitted: DeliveryReport[] = filterReports(fresh, options);
			if (emitted.length === 0) return null;
			if (!manual) {
				// Reassign top-level fields: n8n notices changes through a proxy on them.
				state.emittedKeys = next.emittedKeys;
				state.recentReports = next.recentReports;
				state.totalEmitted = next.totalEmitted;
				if (next.lastFailure) state.lastFailure = next.lastFailure;
			}
			// If the execution is later lost (a queue-mode worker killed mid-run), this line is
			// how a person finds which reports it held: 28inter will not hand them out again.
			const taskIds = [...new Set(emitted.map((report) => report.taskId))];
			this.logger.info(`28inter trigger: emitting ${emitted.length} report(s)`, {
				node: node.name,
				count: emitted.length,
				taskIds: taskIds.slice(0, 20).join(',') + (taskIds.length > 20 ? ` (+${taskIds.length - 20} more)` : ''),
			});
			return [this.helpers.returnJsonArray(emitted as unknown as IDataObject[])];
		} finally {
			pollsInFlight.delete(key);
		}
	}
}
