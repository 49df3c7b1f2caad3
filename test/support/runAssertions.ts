// Assertions about how a node run failed.
import assert from 'node:assert/strict';

import type { RecordedError, RunNodeResult } from './engine/engine';

/** The recorded error of a failed run, asserting that there is one. */
export function failure(result: RunNodeResult): RecordedError {
	assert.ok(result.error, `expected the node to fail; it output ${JSON.stringify(result.items.map((i) => i.json)).slice(0, 400)}`);
	return result.error;
}

/** Asserts that the failure is a node error of this kind, recorded for this item. */
export function assertNodeError(
	result: RunNodeResult,
	expected: { name: 'NodeApiError' | 'NodeOperationError'; message: string | RegExp; itemIndex?: number },
): RecordedError {
	const error = failure(result);
	assert.equal(error.name, expected.name);
	if (typeof expected.message === 'string') assert.equal(error.message, expected.message);
	else assert.match(error.message, expected.message);
	// The thrown instance is the same error as the recorded copy (the harness keeps both).
	assert.ok(result.thrownError instanceof Error, 'the node threw an Error instance');
	assert.equal((result.thrownError as Error).message, error.message);
	if (expected.itemIndex !== undefined) assert.equal(error.context?.itemIndex, expected.itemIndex);
	assert.equal(result.items.length, 0, 'a failed node outputs nothing');
	return error;
}
