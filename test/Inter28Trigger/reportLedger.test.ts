import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { DeliveryReport } from '../../nodes/protocol';
import { MAX_KEYS, MAX_RECENT, admitNewReports, type LedgerState } from '../../nodes/Inter28Trigger/reportLedger';

function report(n: number, taskId = '7'): DeliveryReport {
	return {
		mobile: `139${String(n).padStart(8, '0')}`,
		taskId,
		status: n % 5 === 0 ? 'failed' : 'delivered',
		statusCode: n % 5 === 0 ? 20 : 10,
		receivedAt: '2026-03-01T10:00:00+08:00',
		gatewayCode: 'DELIVRD',
		extNo: '',
	};
}

describe('report ledger', () => {
	it('drops reports emitted in an earlier poll and repeats within one batch', () => {
		const first = admitNewReports({}, [report(1), report(2), report(2)]);
		assert.equal(first.fresh.length, 2);
		assert.equal(first.duplicates, 1);
		const second = admitNewReports(first.next, [report(2), report(3)]);
		assert.deepEqual(
			second.fresh.map((r) => r.mobile),
			[report(3).mobile],
		);
		assert.equal(second.next.totalEmitted, 3);
	});

	it('treats a different status or time of the same number as a new report', () => {
		const first = admitNewReports({}, [report(1)]);
		const later = { ...report(1), receivedAt: '2026-03-01T10:05:00+08:00' };
		assert.equal(admitNewReports(first.next, [later]).fresh.length, 1);
	});

	it('stays bounded after 1,000,000 reports', () => {
		let state: LedgerState = {};
		for (let batch = 0; batch < 100; batch++) {
			const reports = Array.from({ length: 10_000 }, (_, i) => report(batch * 10_000 + i, String(batch)));
			state = admitNewReports(state, reports).next;
		}
		assert.equal(state.totalEmitted, 1_000_000);
		assert.equal(state.emittedKeys?.length, MAX_KEYS);
		assert.equal(state.recentReports?.length, MAX_RECENT);
		const bytes = Buffer.byteLength(JSON.stringify(state));
		assert.ok(bytes < 200_000, `static data is ${bytes} bytes`);
		// The most recent keys are the ones kept.
		const last = report(999_999, '99');
		assert.equal(admitNewReports(state, [last]).fresh.length, 0);
	});

	it('returns new arrays instead of mutating the stored ones', () => {
		const state: LedgerState = admitNewReports({}, [report(1)]).next;
		const keysBefore = state.emittedKeys;
		const snapshot = [...(keysBefore ?? [])];
		const next = admitNewReports(state, [report(2)]).next;
		assert.notEqual(next.emittedKeys, keysBefore);
		assert.deepEqual(keysBefore, snapshot);
	});
});
