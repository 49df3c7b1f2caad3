import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { DeliveryReport } from '../../nodes/protocol';
import { MAX_KEYS, MAX_RECENT, admitNewReports, commitPoll, type LedgerState } from '../../nodes/Inter28Trigger/reportLedger';

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

function unknown(raw: Record<string, string>): DeliveryReport {
	return { mobile: '', taskId: '', status: 'unknown', statusCode: null, receivedAt: null, gatewayCode: '', extNo: '', problem: 'odd', raw };
}

/** Admits and commits, as one poll does. */
function poll(state: LedgerState, reports: DeliveryReport[]): DeliveryReport[] {
	const admission = admitNewReports(state, reports);
	commitPoll(state, { admission });
	return admission.fresh;
}

describe('report ledger', () => {
	it('drops reports received in an earlier poll and repeats within one poll', () => {
		const state: LedgerState = {};
		const first = admitNewReports(state, [report(1), report(2), report(2)]);
		assert.equal(first.fresh.length, 2);
		assert.equal(first.duplicates, 1);
		commitPoll(state, { admission: first });
		assert.deepEqual(poll(state, [report(2), report(3)]).map((r) => r.mobile), [report(3).mobile]);
		assert.equal(state.reportsReceived, 3);
	});

	it('treats a different status or time of the same number as a new report', () => {
		const state: LedgerState = {};
		poll(state, [report(1)]);
		assert.equal(poll(state, [{ ...report(1), receivedAt: '2026-03-01T10:05:00+08:00' }]).length, 1);
	});

	it('keeps two alike unknown reports of one poll (they may be two reports), but drops one received in an earlier poll', () => {
		const state: LedgerState = {};
		assert.equal(poll(state, [unknown({ status: '30' }), unknown({ status: '30' }), unknown({ status: '31' })]).length, 3);
		assert.equal(poll(state, [unknown({ status: '30' }), unknown({ status: '32' })]).length, 1);
	});

	it('stays bounded after 1,000,000 reports', () => {
		const state: LedgerState = {};
		for (let batch = 0; batch < 100; batch++) {
			poll(state, Array.from({ length: 10_000 }, (_, i) => report(batch * 10_000 + i, String(batch))));
		}
		assert.equal(state.reportsReceived, 1_000_000);
		assert.equal(state.emittedKeys?.length, MAX_KEYS);
		assert.equal(state.recentReports?.length, MAX_RECENT);
		const bytes = Buffer.byteLength(JSON.stringify(state));
		assert.ok(bytes < 200_000, `static data is ${bytes} bytes`);
		// The most recent keys are the ones kept.
		assert.equal(admitNewReports(state, [report(999_999, '99')]).fresh.length, 0);
	});

	it('replaces the stored arrays instead of mutating them (n8n watches top-level fields only)', () => {
		const state: LedgerState = {};
		poll(state, [report(1)]);
		const keysBefore = state.emittedKeys;
		const recentBefore = state.recentReports;
		const snapshot = [...(keysBefore ?? [])];
		poll(state, [report(2)]);
		assert.notEqual(state.emittedKeys, keysBefore);
		assert.notEqual(state.recentReports, recentBefore);
		assert.deepEqual(keysBefore, snapshot);
	});

	it('commits a failure whether or not reports came with it, and changes nothing for an empty poll', () => {
		const state: LedgerState = {};
		commitPoll(state, { admission: admitNewReports(state, []) });
		assert.deepEqual(state, {});
		const failure = { at: '2026-03-01T10:00:00.000Z', message: 'HTTP 500', code: 'HTTP_500', reportsKept: 0 };
		commitPoll(state, { failure });
		assert.deepEqual(state, { lastFailure: failure });
	});

	it('carries the count of version 0.1 (totalEmitted) over into reportsReceived', () => {
		const state: LedgerState = { totalEmitted: 41 };
		poll(state, [report(1)]);
		assert.equal(state.reportsReceived, 42);
		assert.equal(state.totalEmitted, undefined);
	});
});
