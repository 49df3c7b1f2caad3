import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InvalidInputError, buildFormBody } from '../../nodes/protocol';

describe('buildFormBody', () => {
	it('percent-encodes a base64 "+" as %2B so it does not arrive as a space', () => {
		const body = buildFormBody({ content: '3,jpg|/9j/4A+B=' });
		assert.equal(body, 'content=3%2Cjpg%7C%2F9j%2F4A%2BB%3D');
		assert.ok(!body.includes('+'));
		assert.equal(new URLSearchParams(body).get('content'), '3,jpg|/9j/4A+B=');
	});

	it('sends a Chinese title as UTF-8 percent-encoding', () => {
		assert.equal(buildFormBody({ title: '彩信' }), 'title=%E5%BD%A9%E4%BF%A1');
	});

	it('keeps key order, keeps empty strings and leaves out undefined', () => {
		assert.equal(buildFormBody({ action: 'send', starttime: '', skipped: undefined, mobile: '13800138000,13900139000' }), 'action=send&starttime=&mobile=13800138000%2C13900139000');
	});

	it('refuses a broken character with an InvalidInputError naming the field', () => {
		assert.throws(
			() => buildFormBody({ title: 'a\ud83d' }),
			(error: unknown) => error instanceof InvalidInputError && error.field === 'title',
		);
	});
});
