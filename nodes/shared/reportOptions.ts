import type { INodeProperties } from 'n8n-workflow';

import type { DeliveryReport } from '../protocol';

export interface ReportFilterValues {
	status?: 'all' | 'delivered' | 'failed';
	taskIds?: string;
	mobiles?: string;
}

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
		],
		default: 'all',
		description:
			'Keep only reports with this status. Reports filtered out are still consumed at 28inter: they cannot be fetched again.',
	},
	{
		displayName: 'Only Task IDs',
		name: 'taskIds',
		type: 'string',
		default: '',
		placeholder: '27349872349823, 27349872349824',
		description:
			'Comma-separated task IDs to keep. Reports of other tasks are still consumed at 28inter: they cannot be fetched again.',
	},
	{
		displayName: 'Only Mobile Numbers',
		name: 'mobiles',
		type: 'string',
		default: '',
		placeholder: '13800138000, 13900139000',
		description:
			'Comma-separated numbers to keep. Reports for other numbers are still consumed at 28inter: they cannot be fetched again.',
	},
];

function listOf(value: string | undefined): Set<string> | undefined {
	const entries = (value ?? '')
		.split(/[\s,;，；]+/)
		.map((entry) => entry.trim().replace(/^(\+86|0086)/, ''))
		.filter(Boolean);
	return entries.length > 0 ? new Set(entries) : undefined;
}

export function filterReports(reports: DeliveryReport[], filters: ReportFilterValues): DeliveryReport[] {
	const status = filters.status && filters.status !== 'all' ? filters.status : undefined;
	const taskIds = listOf(filters.taskIds);
	const mobiles = listOf(filters.mobiles);
	if (!status && !taskIds && !mobiles) return reports;
	return reports.filter(
		(report) =>
			(!status || report.status === status) &&
			(!taskIds || taskIds.has(report.taskId)) &&
			(!mobiles || mobiles.has(report.mobile)),
	);
}
