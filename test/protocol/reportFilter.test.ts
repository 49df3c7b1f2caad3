import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InvalidInputError, filterReports, parseReportFilter, type DeliveryReport } from '../../nodes/protocol';

const base: DeliveryReport = {
	mobile: '13800138000',
	taskId: '11',
	status: 'delivered',
	statusCode: 10,
	receivedAt: '2026-01-01T00:00:00+08:00',
	gatewayCode: 'DELIVRD',
	extNo: '',
};
const reports: DeliveryReport[] = [
	base,
	{ ...base, mobile: '13900139000', status: 'failed', statusCode: 20 },
	{ ...base, taskId: '12' },
	{ ...base, taskId: '27349872349823', mobile: '13700137000', status: 'unknown', statusCode: 30, problem: 'odd', raw: { status: '30' } },
];

function keep(input: Parameters<typeof parseReportFilter>[0]): string[] {
	return filterReports(reports, parseReportFilter(input)).map((r) => `${r.taskId}/${r.mobile}`);
}

function refused(input: Parameters<typeof parseReportFilter>[0], field: string, message: RegExp): void {
	assert.throws(
		() => parseReportFilter(input),
		(error: unknown) => error instanceof InvalidInputError && error.field === field && message.test(error.message),
	);
}

describe('report filters', () => {
	it('passes everything through without filters (the same array)', () => {
		assert.equal(filterReports(reports, parseReportFilter({})), reports);
		assert.equal(filterReports(reports, parseReportFilter({ status: 'all', taskIds: ' ', mobiles: '' })), reports);
		assert.equal(filterReports(reports, parseReportFilter({ taskIds: [], mobiles: [null] })), reports);
	});

	it('filters by status, unknown included', () => {
		assert.deepEqual(keep({ status: 'failed' }), ['11/13900139000']);
		assert.deepEqual(keep({ status: 'unknown' }), ['27349872349823/13700137000']);
	});

	it('takes task IDs as text with any separator, as numbers and as lists (from an expression)', () => {
		assert.deepEqual(keep({ taskIds: '12；99' }), ['12/13800138000']);
		assert.deepEqual(keep({ taskIds: '12、11' }).length, 3);
		assert.deepEqual(keep({ taskIds: 12 }), ['12/13800138000']);
		assert.deepEqual(keep({ taskIds: 27349872349823 }), ['27349872349823/13700137000']);
		assert.deepEqual(keep({ taskIds: [12, '27349872349823'] }), ['12/13800138000', '27349872349823/13700137000']);
	});

	it('normalises mobile numbers exactly as Recipients does', () => {
		for (const mobiles of ['+8613800138000', '008613800138000', '+86 13800138000', '8613800138000', [13800138000], ['+86 13800138000']]) {
			assert.deepEqual(keep({ mobiles }), ['11/13800138000', '12/13800138000'], JSON.stringify(mobiles));
		}
		assert.deepEqual(keep({ mobiles: '13800138000、13900139000' }).length, 3);
		assert.deepEqual(keep({ status: 'delivered', taskIds: '11', mobiles: '13800138000' }), ['11/13800138000']);
	});

	it('refuses values it cannot match, naming the filter, before anything is fetched', () => {
		refused({ status: 'sent' }, 'status', /^Only Status "sent" is not a report status/);
		refused({ taskIds: 'abc!' }, 'taskIds', /^Only Task IDs: "abc!" is not a task ID/);
		refused({ taskIds: 1.5 }, 'taskIds', /task ID it can match exactly/);
		refused({ taskIds: 2 ** 60 }, 'taskIds', /task ID it can match exactly/);
		refused({ taskIds: [[1]] }, 'taskIds', /is not a task ID/);
		refused({ taskIds: { id: 1 } }, 'taskIds', /is not a task ID/);
		refused({ mobiles: '1380013800' }, 'mobiles', /^A number in Only Mobile Numbers is not a mainland China mobile number: position 1/);
		refused({ mobiles: ['13800138000', 'x', 'y'] }, 'mobiles', /^2 numbers in Only Mobile Numbers are not/);
	});
});
