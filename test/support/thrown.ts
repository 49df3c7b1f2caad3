import assert from 'node:assert/strict';

/** Runs `run` and returns what it threw, failing unless that is an instance of `type`. */
export function thrown<T extends Error>(run: () => unknown, type: abstract new (...args: never[]) => T): T {
	try {
		run();
	} catch (error) {
		assert.ok(error instanceof type, String(error));
		return error;
	}
	assert.fail(`expected ${type.name} to be thrown`);
}

/** The async twin of thrown(): awaits `promise` and returns its rejection, failing unless it is a `type`. */
export async function rejected<T extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof type, String(error));
		return error;
	}
	assert.fail(`expected ${type.name} to be thrown`);
}
