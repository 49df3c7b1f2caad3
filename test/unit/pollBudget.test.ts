import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_POLL_BUDGET_MS, pollBudgetMs, shortestPollIntervalMs } from '../../nodes/Inter28Trigger/pollBudget';

describe('poll budget', () => {
	it('reads the shortest interval from Poll Times', () => {
		assert.equal(shortestPollIntervalMs({ item: [{ mode: 'everyMinute' }] }), 60_000);
		assert.equal(shortestPollIntervalMs({ item: [{ mode: 'everyX', value: 5, unit: 'minutes' }] }), 300_000);
		assert.equal(shortestPollIntervalMs({ item: [{ mode: 'everyX', value: 2, unit: 'hours' }] }), 7_200_000);
		assert.equal(shortestPollIntervalMs({ item: [{ mode: 'custom', cronExpression: '* * * * *' }] }), undefined);
		assert.equal(shortestPollIntervalMs({ item: [{ mode: 'everyHour' }, { mode: 'everyDay' }] }), 60_000);
		assert.equal(shortestPollIntervalMs(undefined), undefined);
	});

	it('takes the smallest of host budget, interval minus margin and the default', () => {
		assert.equal(pollBudgetMs(undefined, undefined), DEFAULT_POLL_BUDGET_MS);
		assert.equal(pollBudgetMs(undefined, 3_600_000), DEFAULT_POLL_BUDGET_MS);
		assert.equal(pollBudgetMs(20_000, 3_600_000), 20_000);
		assert.equal(pollBudgetMs(undefined, 30_000), 20_000);
		assert.equal(pollBudgetMs(0, undefined), DEFAULT_POLL_BUDGET_MS, 'a zero host budget means none');
	});

	it('respects a host budget smaller than any default', () => {
		assert.equal(pollBudgetMs(2_000, 60_000), 2_000);
	});
});
