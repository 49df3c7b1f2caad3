import { InvalidInputError } from './errors';
import { LIST_SEPARATORS, parseMobileNumbers } from './recipients';
import { TASK_ID, type DeliveryReport, type ReportStatus } from './replies';
import { showValue } from './showValue';

/** The filter values as a node reads them: typed text, or whatever an expression gave. */
export interface ReportFilterInput {
	status?: unknown;
	taskIds?: unknown;
	mobiles?: unknown;
}

/** A checked filter; an absent field keeps every report. */
export interface ReportFilter {
	status?: ReportStatus;
	taskIds?: ReadonlySet<string>;
	mobiles?: ReadonlySet<string>;
}

const STATUSES: readonly string[] = ['delivered', 'failed', 'unknown'];
const TASK_IDS_HINT =
	'Give task IDs as the Send output shows them (digits and letters), separated by commas, spaces or new lines, or as a list from an expression.';

function invalidTaskId(message: string, hint = TASK_IDS_HINT): InvalidInputError {
	return new InvalidInputError(message, 'taskIds', hint);
}

function addTaskIds(value: unknown, into: Set<string>, nested: boolean): void {
	if (value === undefined || value === null || value === '') return;
	if (typeof value === 'string') {
		for (const token of value.split(LIST_SEPARATORS)) {
			if (token === '') continue;
			if (!TASK_ID.test(token)) throw invalidTaskId(`Only Task IDs: ${showValue(token)} is not a task ID`);
			into.add(token);
		}
		return;
	}
	if (typeof value === 'number' || typeof value === 'bigint') {
		// A task ID longer than 15 digits read as a number has already lost its last digits.
		if (typeof value === 'number' && !(Number.isSafeInteger(value) && value >= 0)) {
			throw invalidTaskId(
				`Only Task IDs: the number ${showValue(value)} is not a task ID it can match exactly`,
				'Give long task IDs as text, e.g. {{ String($json.taskId) }} or the taskId field of the Send output, which is text already.',
			);
		}
		into.add(String(value));
		return;
	}
	if (Array.isArray(value) && !nested) {
		for (const element of value) addTaskIds(element, into, true);
		return;
	}
	throw invalidTaskId(`Only Task IDs: ${showValue(value)} is not a task ID`);
}

function checkStatus(value: unknown): ReportStatus | undefined {
	if (value === undefined || value === null || value === '' || value === 'all') return undefined;
	if (typeof value === 'string' && STATUSES.includes(value)) return value as ReportStatus;
	throw new InvalidInputError(`Only Status ${showValue(value)} is not a report status`, 'status', 'Choose All, Delivered, Failed or Unknown.');
}

/** Checks and normalises the three filters before any report is fetched: a filter that fails after the
 *  fetch would lose the reports it was meant to sort. Mobile numbers go through the same parser as
 *  Recipients, so '+86 138 0013 8000' matches the report's '13800138000'. */
export function parseReportFilter(input: ReportFilterInput): ReportFilter {
	const filter: ReportFilter = {};
	const status = checkStatus(input.status);
	if (status !== undefined) filter.status = status;
	const taskIds = new Set<string>();
	addTaskIds(input.taskIds, taskIds, false);
	if (taskIds.size > 0) filter.taskIds = taskIds;
	const mobiles = parseMobileNumbers(input.mobiles ?? '', {
		field: 'mobiles',
		one: 'number in Only Mobile Numbers',
		many: 'numbers in Only Mobile Numbers',
	}).numbers;
	if (mobiles.length > 0) filter.mobiles = new Set(mobiles);
	return filter;
}

function isFilterEmpty(filter: ReportFilter): boolean {
	return filter.status === undefined && filter.taskIds === undefined && filter.mobiles === undefined;
}

/** The reports the filter keeps, in order; the same array when there is no filter. */
export function filterReports(reports: DeliveryReport[], filter: ReportFilter): DeliveryReport[] {
	if (isFilterEmpty(filter)) return reports;
	const { status, taskIds, mobiles } = filter;
	return reports.filter(
		(report) =>
			(status === undefined || report.status === status) &&
			(taskIds === undefined || taskIds.has(report.taskId)) &&
			(mobiles === undefined || mobiles.has(report.mobile)),
	);
}
