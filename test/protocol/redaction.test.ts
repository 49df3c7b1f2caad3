import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildFormBody, redactSecrets } from '../../nodes/protocol';

describe('redactSecrets', () => {
	it('removes the raw, percent-encoded and form-encoded password', () => {
		const password = 'p@ss word+1/密';
		const body = buildFormBody({ account: 'a', password });
		const text = `raw ${password} | body ${body} | form p%40ss+word%2B1%2F%E5%AF%86 | lower p%40ss%20word%2b1%2f%e5%af%86 | json ${JSON.stringify({ password })}`;
		const redacted = redactSecrets(text, [password]);
		assert.ok(!redacted.includes('p@ss'), redacted);
		assert.ok(!redacted.includes('p%40ss'), redacted);
		assert.equal(redacted.split('***').length - 1, 5);
	});

	it('replaces a longer secret whole even when it contains a shorter one', () => {
		assert.equal(redactSecrets('token abc123 and abc', ['abc', 'abc123']), 'token *** and ***');
	});

	it('escapes JSON forms too', () => {
		assert.equal(redactSecrets('{"password":"a\\"b"}', ['a"b']), '{"password":"***"}');
	});

	it('ignores empty secrets and survives a lone surrogate', () => {
		assert.equal(redactSecrets('nothing here', ['', 'x\ud800']), 'nothing here');
		assert.equal(redactSecrets('x\ud800!', ['x\ud800']), '***!');
	});
});
