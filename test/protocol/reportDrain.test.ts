import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { DeliveryReport, ReportsPage } from '../../nodes/protocol';
import { MIN_PAGE_MS, drainReports } from '../../nodes/protocol/reportDrain';

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
		fetch: async (statusNum: number): Promise<ReportsPage> => {
			asked.push(statusNum);
			if (failOnCall !== undefined && asked.length === failOnCall) throw new Error('page failed');
			const page = Array.from({ length: Math.min(statusNum, total - next) }, (_, i) => report(next + i));
			next += page.length;
			return { reports: page, notes: [] };
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

	it('never starts a page with less than MIN_PAGE_MS left, and tells each page the time left', async () => {
		const q = queue(100);
		let clock = 0;
		const timeLeft: Array<number | undefined> = [];
		const result = await drainReports(
			async (n, left) => {
				timeLeft.push(left);
				clock += 1000;
				return q.fetch(n);
			},
			{ pageSize: 10, deadline: 2 * MIN_PAGE_MS + 1500, now: () => clock },
		);
		// Time left before each page: 5,500, 4,500, 3,500, 2,500; then 1,500 < MIN_PAGE_MS stops the drain.
		assert.deepEqual(timeLeft, [5500, 4500, 3500, 2500]);
		assert.equal(result.pages, 4);
		assert.equal(result.stoppedBy, 'deadline');
		const late = await drainReports(q.fetch, { pageSize: 10, deadline: 0, now: () => 99 });
		assert.equal(late.pages, 1, 'the first page is always fetched');
	});

	it('gives the first page at least MIN_PAGE_MS even when the deadline has passed, and no time limit without a deadline', async () => {
		const seen: Array<number | undefined> = [];
		await drainReports(async (_n, left) => (seen.push(left), { reports: [], notes: [] }), { pageSize: 10, deadline: 0, now: () => 5000 });
		await drainReports(async (_n, left) => (seen.push(left), { reports: [], notes: [] }), { pageSize: 10 });
		assert.deepEqual(seen, [MIN_PAGE_MS, undefined]);
	});

	it('collects what was odd about each page', async () => {
		let call = 0;
		const result = await drainReports(
			async () => {
				call++;
				return call === 1 ? { reports: [report(1), report(2)], notes: ['first'] } : { reports: [report(3)], notes: ['second'] };
			},
			{ pageSize: 2 },
		);
		assert.deepEqual(result.notes, ['first', 'second']);
		assert.equal(result.reports.length, 3);
	});

	it('fetches one page only with maxPages 1', async () => {
		const q = queue(100);
		const result = await drainReports(q.fetch, { pageSize: 10, maxPages: 1 });
		assert.equal(result.reports.length, 10);
		assert.equal(result.stoppedBy, 'maxPages');
	});
});
