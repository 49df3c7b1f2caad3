import assert from 'node:assert/strict';

import fc from 'fast-check';

import { InvalidInputError } from '../../nodes/protocol';

/** For property tests of validators: anything may be refused, but only with the typed InvalidInputError. */
export function onlyInvalidInput(run: () => unknown, shown: unknown): void {
	try {
		run();
	} catch (error) {
		assert.ok(error instanceof InvalidInputError, `${String(error)} for ${fc.stringify(shown).slice(0, 80)}`);
	}
}

