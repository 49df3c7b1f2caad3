import { NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';

import { InvalidInputError, VendorError, drainReports, filterReports, type DeliveryReport } from '../protocol';
import { errorItemJson, toNodeError } from '../shared/nodeErrors';
import { readReportOptions, type ReportOptions } from '../shared/reportOptions';
import { clientFromContext } from '../shared/transport';
import { isActivationPoll, recentPollWindowMs } from './activationPoll';
import { pollBudgetMs, shortestPollIntervalMs } from './pollBudget';
import { admitNewReports, commitPoll, type LedgerState, type PollFailure } from './reportLedger';

// n8n starts a poll on every tick even if the previous one is still draining. Two drains of the same
// trigger at once would race on its static data, so the second one stands aside. Process-wide.
const pollsInFlight = new Set<string>();

function passingFault(error: unknown): boolean {
	// Wrong credentials or a bad URL will not heal by themselves: they fail the activation loudly.
	return !(error instanceof VendorError) && !(error instanceof InvalidInputError);
}

function asItems(reports: DeliveryReport[]): INodeExecutionData[] {
	const items = new Array<INodeExecutionData>(reports.length);
	for (let i = 0; i < reports.length; i++) items[i] = { json: reports[i] as unknown as IDataObject };
	return items;
}

function taskIdSummary(reports: DeliveryReport[]): string {
	const taskIds = [...new Set(reports.map((report) => report.taskId))];
	return taskIds.slice(0, 20).join(',') + (taskIds.length > 20 ? ` (+${taskIds.length - 20} more)` : '');
}

/** "Fetch Test Event": the last reports this trigger already received, so testing never takes live ones. */
function testEvent(this: IPollFunctions, state: LedgerState, options: ReportOptions): INodeExecutionData[][] {
	const recent = filterReports(state.recentReports ?? [], options.filter);
	if (recent.length === 0) {
		throw new NodeOperationError(this.getNode(), 'No delivery report has reached this trigger yet', {
			description:
				'The test event shows reports that the active workflow already received, so that testing never steals live reports. Publish (activate) the workflow and send an MMS, or turn on "Fetch Live Reports in Manual Mode" to take pending reports from 28inter now (they will then not reach the active workflow).',
		});
	}
	return [asItems(recent)];
}

/**
 * One poll: drain the vendor within the poll's time budget, drop reports already received, commit the
 * ledger, hand the rest to n8n. Never throws once reports were taken (a throw would discard them); fails
 * when nothing was taken, except for a passing fault at activation, which would block publishing.
 */
export async function pollReports(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const node = this.getNode();
	const raw = this.getNodeParameter('options', {}) as IDataObject;
	let options: ReportOptions;
	try {
		options = readReportOptions(raw, 'maxReportsPerPoll', 'Max Reports per Poll');
	} catch (error) {
		throw toNodeError(node, error, { operation: 'reports', secrets: [] });
	}
	const state = this.getWorkflowStaticData('node') as LedgerState & IDataObject;
	const manual = this.getMode() === 'manual';
	if (manual && raw.fetchLiveInManualMode !== true) return testEvent.call(this, state, options);

	const key = `${this.getWorkflow().id ?? ''}/${node.name}`;
	if (pollsInFlight.has(key)) {
		this.logger.warn('28inter trigger: the previous poll is still draining reports; skipping this one', { node: node.name });
		return null;
	}
	const interval = shortestPollIntervalMs(this.getNodeParameter('pollTimes', {}));
	const activation = isActivationPoll(this, key, recentPollWindowMs(interval));
	pollsInFlight.add(key);
	let secrets: string[] = [];
	try {
		const client = await clientFromContext(this, options.timeoutMs);
		secrets = [client.password];
		const hostBudget = (this as unknown as { getPollBudgetMs?: () => number | undefined }).getPollBudgetMs?.();
		const deadline = Date.now() + pollBudgetMs(hostBudget, interval);
		const failureOf = (error: unknown, reportsKept: number): PollFailure => {
			const json = errorItemJson(error, { operation: 'reports', secrets });
			return { at: new Date().toISOString(), message: String(json.error), code: String(json.code), reportsKept };
		};

		let result;
		try {
			result = await drainReports((statusNum, timeLeftMs) => client.reports(statusNum, timeLeftMs), {
				pageSize: options.pageSize,
				maxReports: options.maxReports,
				deadline,
			});
		} catch (error) {
			if (activation && passingFault(error)) {
				const failure = failureOf(error, 0);
				this.logger.warn(`28inter trigger: first poll failed, will try again at the next poll: ${failure.message}`, { node: node.name, code: failure.code });
				commitPoll(state, { failure });
				return null;
			}
			throw toNodeError(node, error, { operation: 'reports', secrets });
		}

		const admission = admitNewReports(state, result.reports);
		const failure = result.error === undefined ? undefined : failureOf(result.error, result.reports.length);
		if (!manual) commitPoll(state, { admission, failure });
		if (admission.duplicates > 0) this.logger.warn(`28inter trigger: dropped ${admission.duplicates} report(s) already received`, { node: node.name });
		if (result.notes.length > 0) this.logger.warn(`28inter trigger: odd delivery report reply: ${result.notes.join('; ')}`, { node: node.name });
		if (failure !== undefined) {
			this.logger.warn(
				`28inter trigger: handing ${result.reports.length} report(s) fetched before a failure to n8n; the rest will come with the next poll: ${failure.message}`,
				{ node: node.name, code: failure.code },
			);
		}
		const emitted = filterReports(admission.fresh, options.filter);
		if (emitted.length === 0) return null;
		// If the execution is lost later (a queue-mode worker killed, n8n discarding the result of a poll
		// superseded by a republish), this line is how a person finds which reports it held.
		this.logger.info(`28inter trigger: handing ${emitted.length} report(s) to n8n to start one execution`, {
			node: node.name,
			count: emitted.length,
			taskIds: taskIdSummary(emitted),
		});
		return [asItems(emitted)];
	} finally {
		pollsInFlight.delete(key);
	}
}
