// README: the poll's time budget is "the smallest of n8n's own poll budget (n8n >= 2.38), the poll
// interval minus 10 s, and 45 s". The engine test of a spent budget is in pollReports.drain.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_POLL_BUDGET_MS, pollBudgetMs, shortestPollIntervalMs } from '../../nodes/Inter28Trigger/pollBudget';

describe('28inter MMS Trigger: poll budget', () => {
	it('takes the smallest of the host budget, the interval minus 10 s, and 45 s', () => {
		assert.equal(DEFAULT_POLL_BUDGET_MS, 45_000);
		assert.equal(pollBudgetMs(undefined, undefined), 45_000);
		assert.equal(pollBudgetMs(5 * 60_000, undefined), 45_000, "n8n's legacy scheduler default (5 min)");
		assert.equal(pollBudgetMs(36_000, undefined), 36_000, "n8n's durable scheduler");
		assert.equal(pollBudgetMs(undefined, 60_000), 45_000);
		assert.equal(pollBudgetMs(undefined, 3_600_000), 45_000);
		assert.equal(pollBudgetMs(undefined, 50_000), 40_000);
		assert.equal(pollBudgetMs(undefined, 30_000), 20_000);
		assert.equal(pollBudgetMs(20_000, 50_000), 20_000);
		assert.equal(pollBudgetMs(2_000, 60_000), 2_000, 'a host budget smaller than any default');
		assert.equal(pollBudgetMs(0, undefined), 45_000, 'a zero host budget means none');
	});

	it('reads the shortest interval from Poll Times', () => {
		assert.equal(shortestPollIntervalMs({ item: [{ mode: 'everyMinute' }] }), 60_000);
		assert.equal(shortestPollIntervalMs({ item: [{ mode: 'everyX', value: 2, unit: 'minutes' }] }), 120_000);
		assert.equal(shortestPollIntervalMs({ item: [{ mode: 'everyX', value: 2, unit: 'hours' }] }), 7_200_000);
		assert.equal(shortestPollIntervalMs({ item: [{ mode: 'everyHour' }] }), 3_600_000);
		assert.equal(shortestPollIntervalMs({ item: [{ mode: 'custom', cronExpression: '* * * * *' }] }), undefined);
		assert.equal(shortestPollIntervalMs({ item: [{ mode: 'everyHour' }, { mode: 'everyDay' }] }), 60_000, 'several items: conservative');
		assert.equal(shortestPollIntervalMs(undefined), undefined);
		assert.equal(pollBudgetMs(undefined, shortestPollIntervalMs({ item: [{ mode: 'everyMinute' }] })), 45_000);
	});
});
