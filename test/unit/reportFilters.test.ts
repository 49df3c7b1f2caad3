import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { DeliveryReport } from '../../nodes/protocol';
import { filterReports } from '../../nodes/Inter28/reportFilters';

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
];

describe('report filters', () => {
	it('passes everything through without filters', () => {
		assert.equal(filterReports(reports, {}), reports);
		assert.equal(filterReports(reports, { status: 'all', taskIds: ' ', mobiles: '' }).length, 3);
	});

	it('filters by status, task IDs and numbers (with +86)', () => {
		assert.deepEqual(filterReports(reports, { status: 'failed' }).map((r) => r.mobile), ['13900139000']);
		assert.equal(filterReports(reports, { taskIds: '12；99' }).length, 1);
		assert.equal(filterReports(reports, { mobiles: '+8613800138000' }).length, 2);
		assert.equal(filterReports(reports, { status: 'delivered', taskIds: '11' }).length, 1);
	});
});
