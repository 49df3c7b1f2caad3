import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { MAX_STATUS_NUM, checkNumber, drainReports, filterReports, formatCount, statusNumRule, type DrainOptions, type DrainResult } from '../../../protocol';
import { errorItemJson, toNodeError } from '../../../shared/nodeErrors';
import { DEFAULT_MAX_REPORTS, maxReportsOption, pageSizeOption, readReportOptions, reportFilterOptions, type ReportOptions } from '../../../shared/reportOptions';
import { optionsCollection } from '../../../shared/nodeDescription';
import { timeoutOption } from '../../../shared/timeoutOption';
import { clientFromContext, type Inter28Client } from '../../../shared/transport';

const show = { resource: ['report'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'28inter hands out each delivery report only once. Reports fetched here are gone for everyone else — including an active "28inter MMS Trigger" on the same account.',
		name: 'consumeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Fetch Until Nothing Is Pending',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		hint: 'On: keep requesting pages until 28inter has no report left (or Max Reports is reached). Off: one request per execution.',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_STATUS_NUM, numberPrecision: 0 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
	optionsCollection(
		[
			...reportFilterOptions,
			maxReportsOption(
				'maxReports',
				'Max Reports',
				`With "Fetch Until Nothing Is Pending": stop after taking this many reports from 28inter (default ${formatCount(DEFAULT_MAX_REPORTS)}; the rest stay pending for the next run). All of them are held in memory until the execution ends.`,
			),
			pageSizeOption,
			timeoutOption,
		],
		show,
	),
];

interface ReportRequest {
	client: Inter28Client;
	options: ReportOptions;
	drain: DrainOptions;
	returnAll: boolean;
}

const LIMIT_HINT =
	'28inter hands out at most 10,000 reports per request: set Limit between 1 and 10,000, or turn on "Fetch Until Nothing Is Pending".';

/** Reads and checks one item's parameters, and builds its client (a bad credential fails here too). */
async function readRequest(this: IExecuteFunctions, itemIndex: number, clients: Map<number, Promise<Inter28Client>>): Promise<ReportRequest> {
	const options = readReportOptions(this.getNodeParameter('options', itemIndex, {}) as IDataObject, 'maxReports', 'Max Reports');
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) === true;
	const drain: DrainOptions = returnAll
		? { pageSize: options.pageSize, maxReports: options.maxReports }
		: { pageSize: checkNumber(this.getNodeParameter('limit', itemIndex, 50), { ...statusNumRule('limit', 'Limit'), hint: LIMIT_HINT }), maxPages: 1 };
	let client = clients.get(options.timeoutMs);
	if (client === undefined) {
		client = clientFromContext(this, options.timeoutMs);
		clients.set(options.timeoutMs, client);
	}
	return { client: await client, options, drain, returnAll };
}

function failureHint(itemIndex: number, taken: number, message: string): string {
	const before = taken > 0 ? `fetched ${formatCount(taken)} report(s), then a request failed` : 'a request failed';
	return `Item ${itemIndex + 1}: ${before}: ${message}. The reports fetched in this run are in the output; run again to fetch the rest.`;
}

/**
 * Every item's parameters are checked before the first request. Once 28inter has handed out anything in
 * this execution, the node never throws: a throw would discard reports the vendor will not hand out
 * again. A failure then becomes an execution hint (and, with Continue On Fail, the item's error item);
 * without Continue On Fail no further item is fetched. The run fails only when nothing was fetched.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const continueOnFail = this.continueOnFail();
	const clients = new Map<number, Promise<Inter28Client>>();
	const requests: Array<ReportRequest | undefined> = [];
	const invalid = new Map<number, unknown>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			requests.push(await readRequest.call(this, itemIndex, clients));
		} catch (error) {
			if (!continueOnFail) throw toNodeError(node, error, { operation: 'reports', itemIndex, secrets: [] });
			requests.push(undefined);
			invalid.set(itemIndex, error);
		}
	}
	const secrets = requests.find((request) => request !== undefined)?.client.password;
	const context = { operation: 'reports' as const, secrets: secrets === undefined ? [] : [secrets] };

	const output: INodeExecutionData[] = [];
	const notFetched: number[] = [];
	let taken = 0;
	let stopped = false;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const request = requests[itemIndex];
		if (request === undefined) {
			output.push({ json: errorItemJson(invalid.get(itemIndex), context), pairedItem: { item: itemIndex } });
			continue;
		}
		if (stopped) {
			notFetched.push(itemIndex);
			continue;
		}
		let result: DrainResult;
		try {
			result = await drainReports((statusNum) => request.client.reports(statusNum), request.drain);
		} catch (error) {
			if (taken === 0 && !continueOnFail) throw toNodeError(node, error, { ...context, itemIndex });
			result = { reports: [], notes: [], pages: 0, stoppedBy: 'error', error };
		}
		taken += result.reports.length;
		const pairedItem = { item: itemIndex };
		// The parser built each report once; it goes out as it is (a drain can be 100,000 items).
		for (const report of filterReports(result.reports, request.options.filter)) {
			output.push({ json: report as unknown as IDataObject, pairedItem });
		}
		if (result.notes.length > 0) {
			this.logger.warn(`28inter: odd delivery report reply for item ${itemIndex + 1}: ${result.notes.join('; ')}`, { node: node.name });
			this.addExecutionHints({ message: `Item ${itemIndex + 1}: ${result.notes.slice(0, 3).join('; ')}`, type: 'warning', location: 'outputPane' });
		}
		if (request.returnAll && result.stoppedBy === 'maxReports') {
			this.addExecutionHints({
				message: `Item ${itemIndex + 1}: stopped at Max Reports (${formatCount(request.options.maxReports)}); more reports may be pending at 28inter. Run again, or raise Max Reports.`,
				type: 'info',
				location: 'outputPane',
			});
		}
		if (result.error !== undefined) {
			const json = errorItemJson(result.error, context);
			this.addExecutionHints({ message: failureHint(itemIndex, result.reports.length, String(json.error)), type: 'warning', location: 'outputPane' });
			if (continueOnFail) output.push({ json: { ...json, reportsFetched: result.reports.length }, pairedItem });
			else stopped = true;
		}
	}
	if (notFetched.length > 0) {
		this.addExecutionHints({
			message: `Not fetched after the failure: item${notFetched.length === 1 ? '' : 's'} ${notFetched.map((i) => i + 1).join(', ')}. Run again to fetch them.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	return output;
}
