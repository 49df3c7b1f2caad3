import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { DEFAULT_STATUS_NUM, InvalidInputError, MAX_STATUS_NUM, drainReports } from '../../../protocol';
import { filterReports, reportFilterOptions, type ReportFilterValues } from '../../../shared/reportOptions';
import { clientFromContext } from '../../../shared/transport';
import { errorItemJson, toNodeError } from '../../../shared/nodeErrors';
import { timeoutOption } from '../../../shared/timeoutOption';

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
		hint: 'On: keep requesting pages until 28inter has no report left. Off: one request per execution.',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_STATUS_NUM },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			...reportFilterOptions,
			{
				displayName: 'Max Reports',
				name: 'maxReports',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'With "Fetch Until Nothing Is Pending": stop after taking this many reports from 28inter (0 = no limit). Reports beyond it stay pending.',
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_STATUS_NUM },
				default: DEFAULT_STATUS_NUM,
				description: 'Reports asked for per request (statusNum, at most 10,000)',
			},
			timeoutOption,
		],
	},
];

/** An expression can give any value; the vendor takes 1–10,000 per request. */
function limitOf(value: unknown): number {
	const limit = Number(value);
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_STATUS_NUM) {
		throw new InvalidInputError(
			`Limit ${JSON.stringify(value)} is not a whole number from 1 to ${MAX_STATUS_NUM}`,
			'limit',
			'28inter hands out at most 10,000 reports per request: set Limit between 1 and 10,000, or turn on "Fetch Until Nothing Is Pending".',
		);
	}
	return limit;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let secrets: string[] = [];
		try {
			const options = this.getNodeParameter('options', itemIndex, {}) as ReportFilterValues & {
				maxReports?: number;
				pageSize?: number;
				timeout?: number;
			};
			const client = await clientFromContext(this, options.timeout);
			secrets = [client.password];
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const pageSize = Math.min(MAX_STATUS_NUM, Math.max(1, options.pageSize ?? DEFAULT_STATUS_NUM));
			const drainOptions = returnAll
				? { pageSize, maxReports: options.maxReports && options.maxReports > 0 ? options.maxReports : undefined }
				: { pageSize: limitOf(this.getNodeParameter('limit', itemIndex, 50)), maxPages: 1 };
			const result = await drainReports((statusNum) => client.reports(statusNum), drainOptions);
			if (result.error !== undefined) {
				// The reports already taken are gone from the vendor: output them, flag the failure.
				const failure = errorItemJson(result.error, { operation: 'reports', secrets });
				this.addExecutionHints({
					message: `Fetched ${result.reports.length} reports, then the next page failed: ${failure.error}. Run again to fetch the rest.`,
					type: 'warning',
					location: 'outputPane',
				});
			}
			const reports = filterReports(result.reports, options);
			const reportItems = this.helpers.constructExecutionMetaData(
				this.helpers.returnJsonArray(reports.map((report) => ({ ...report }))),
				{ itemData: { item: itemIndex } },
			);
			// A loop, not push(...items): a drain can return more items than a call takes arguments.
			for (const item of reportItems) output.push(item);
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, { operation: 'reports', itemIndex, secrets });
			output.push({ json: errorItemJson(error, { operation: 'reports', secrets }), pairedItem: { item: itemIndex } });
		}
	}
	return output;
}
