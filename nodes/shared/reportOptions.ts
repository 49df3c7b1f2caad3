import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { MAX_STATUS_NUM, checkNumber, formatCount, parseReportFilter, statusNumRule, type ReportFilter } from '../protocol';
import { timeoutMsOf } from './timeoutOption';

/** Reports one drain may take when the user sets no cap: Get Many's "Max Reports" and the trigger's
 *  "Max Reports per Poll". A drain holds its reports in memory until the execution ends. */
export const DEFAULT_MAX_REPORTS = 100_000;

/** Filters shared by Report → Get Many and the trigger. */
export const reportFilterOptions: INodeProperties[] = [
	{
		displayName: 'Only Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'Delivered (10)', value: 'delivered' },
			{ name: 'Failed (20)', value: 'failed' },
			{ name: 'Unknown (Not Understood)', value: 'unknown' },
		],
		default: 'all',
		description: 'Keep only reports with this status. Reports filtered out are still consumed at 28inter: they cannot be fetched again.',
	},
	{
		displayName: 'Only Task IDs',
		name: 'taskIds',
		type: 'string',
		default: '',
		placeholder: '27349872349823, 27349872349824',
		description:
			'Task IDs to keep, separated by commas, spaces or new lines (an expression may give a number or a list). Reports filtered out are still consumed at 28inter: they cannot be fetched again.',
	},
	{
		displayName: 'Only Mobile Numbers',
		name: 'mobiles',
		type: 'string',
		default: '',
		placeholder: '13800138000, 13900139000',
		description:
			'Numbers to keep, written as in Recipients (+86 prefixes and separators are fine; an expression may give a list). Reports filtered out are still consumed at 28inter: they cannot be fetched again.',
	},
];

export const pageSizeOption: INodeProperties = {
	displayName: 'Page Size',
	name: 'pageSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_STATUS_NUM, numberPrecision: 0 },
	default: MAX_STATUS_NUM,
	description: 'Reports asked for per request (statusNum, at most 10,000)',
};

/** The cap on one drain, as Get Many ("Max Reports") and the trigger ("Max Reports per Poll") offer it. */
export function maxReportsOption(name: string, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: DEFAULT_MAX_REPORTS,
		description,
	};
}

export interface ReportOptions {
	filter: ReportFilter;
	pageSize: number;
	maxReports: number;
	timeoutMs: number;
}

/** Reads and checks the options both report readers share, before any request. `maxReportsName` is the
 *  option holding the cap; 0 there (the old "no limit") means the default cap. */
export function readReportOptions(options: IDataObject, maxReportsName: string, maxReportsLabel: string): ReportOptions {
	const cap = options[maxReportsName];
	return {
		filter: parseReportFilter({ status: options.status, taskIds: options.taskIds, mobiles: options.mobiles }),
		pageSize: options.pageSize === undefined ? MAX_STATUS_NUM : checkNumber(options.pageSize, statusNumRule('pageSize', 'Page Size')),
		maxReports:
			cap === undefined || cap === 0 || cap === '0'
				? DEFAULT_MAX_REPORTS
				: checkNumber(cap, {
						field: maxReportsName,
						label: maxReportsLabel,
						min: 1,
						whole: true,
						hint: `Give the most reports to take in one go as a whole number (default ${formatCount(DEFAULT_MAX_REPORTS)}); the rest stay pending at 28inter.`,
					}),
		timeoutMs: timeoutMsOf(options.timeout, 30),
	};
}
