import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { DeliveryReport } from '../../nodes/protocol';
import { drainReports } from '../../nodes/protocol/reportDrain';

function report(n: number): DeliveryReport {
	return {
		mobile: `138${String(n).padStart(8, '0')}`,
		taskId: '1',
		status: 'delivered',
		statusCode: 10,
		receivedAt: '2026-01-01T00:00:00+08:00',
		gatewayCode: 'DELIVRD',
		extNo: '',
	};
}

/** A vendor queue that hands each report out once, like 28inter. */
function queue(total: number, failOnCall?: number) {
	let next = 0;
	const asked: number[] = [];
	return {
		asked,
		taken: () => next,
		fetch: async (statusNum: number) => {
			asked.push(statusNum);
			if (failOnCall !== undefined && asked.length === failOnCall) throw new Error('page failed');
			const page = Array.from({ length: Math.min(statusNum, total - next) }, (_, i) => report(next + i));
			next += page.length;
			return page;
		},
	};
}

describe('drainReports', () => {
	it('fetches pages until a short page', async () => {
		const q = queue(25_000);
		const result = await drainReports(q.fetch, { pageSize: 10_000 });
		assert.equal(result.reports.length, 25_000);
		assert.deepEqual(q.asked, [10_000, 10_000, 10_000]);
		assert.equal(result.stoppedBy, 'shortPage');
		assert.equal(new Set(result.reports.map((r) => r.mobile)).size, 25_000);
	});

	it('stops on an empty page when the total is a multiple of the page size', async () => {
		const q = queue(20);
		const result = await drainReports(q.fetch, { pageSize: 10 });
		assert.equal(result.reports.length, 20);
		assert.equal(result.stoppedBy, 'empty');
		assert.equal(result.pages, 3);
	});

	it('never asks for more than the cap, so nothing beyond it is consumed', async () => {
		const q = queue(100);
		const result = await drainReports(q.fetch, { pageSize: 30, maxReports: 45 });
		assert.equal(result.reports.length, 45);
		assert.deepEqual(q.asked, [30, 15]);
		assert.equal(q.taken(), 45);
		assert.equal(result.stoppedBy, 'maxReports');
	});

	it('keeps what it fetched when a later page fails', async () => {
		const q = queue(25, 2);
		const result = await drainReports(q.fetch, { pageSize: 10 });
		assert.equal(result.reports.length, 10);
		assert.equal(result.stoppedBy, 'error');
		assert.match(String((result.error as Error).message), /page failed/);
	});

	it('throws when the first page fails: nothing was taken', async () => {
		const q = queue(25, 1);
		await assert.rejects(drainReports(q.fetch, { pageSize: 10 }), /page failed/);
	});

	it('stops at the deadline after at least one page', async () => {
		const q = queue(100);
		let clock = 0;
		const result = await drainReports(
			async (n) => {
				clock += 1000;
				return q.fetch(n);
			},
			{ pageSize: 10, deadline: 2500, now: () => clock },
		);
		assert.equal(result.pages, 3);
		assert.equal(result.stoppedBy, 'deadline');
		const late = await drainReports(q.fetch, { pageSize: 10, deadline: 0, now: () => 99 });
		assert.equal(late.pages, 1, 'the first page is always fetched');
	});

	it('fetches one page only with maxPages 1', async () => {
		const q = queue(100);
		const result = await drainReports(q.fetch, { pageSize: 10, maxPages: 1 });
		assert.equal(result.reports.length, 10);
		assert.equal(result.stoppedBy, 'maxPages');
	});
});
