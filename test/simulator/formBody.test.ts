import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildFormBody } from '../../nodes/protocol';
import { parseFormBody } from './formBody';

describe('the simulator reads form bodies as ASP.NET does', () => {
	it("round-trips the core's buildFormBody, a base64 '+' included", () => {
		const fields = { action: 'send', title: '标题 & = + ?', content: '3,txt|zsSxvg==,jpg|/9j/4A+B=', empty: '' };
		assert.deepEqual(parseFormBody(buildFormBody(fields)), fields);
	});

	it('reads "+" as a space, as browsers send it', () => {
		assert.deepEqual(parseFormBody('content=3,jpg|ab+cd&x'), { content: '3,jpg|ab cd', x: '' });
	});

	it('keeps __proto__ as plain data', () => {
		const parsed = parseFormBody('__proto__=x&a=1');
		assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
		assert.equal(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value, 'x');
	});

	it('throws on broken percent-encoding', () => {
		assert.throws(() => parseFormBody('a=%E4%ZZ'), URIError);
	});
});
