import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { UnexpectedReplyError, VENDOR_CODES, VendorError, parseSendReply } from '../../../nodes/protocol';
import { thrown } from '../../support/thrown';

function unexpected(body: string): UnexpectedReplyError {
	const error = thrown(() => parseSendReply(body), UnexpectedReplyError);
	assert.equal(error.operation, 'send');
	return error;
}

describe('parseSendReply', () => {
	it('reads balance and task ID, keeping the task ID as text', () => {
		assert.deepEqual(parseSendReply('100:27349872349823'), { balance: 100, taskId: '27349872349823' });
		assert.deepEqual(parseSendReply('1:12345678901234567890'), { balance: 1, taskId: '12345678901234567890' });
	});

	it('accepts a negative or decimal balance', () => {
		assert.deepEqual(parseSendReply('-12.5:88'), { balance: -12.5, taskId: '88' });
		assert.deepEqual(parseSendReply('0:0012'), { balance: 0, taskId: '0012' });
	});

	it('trims white space and a BOM', () => {
		assert.deepEqual(parseSendReply('\ufeff 100:1\r\n'), { balance: 100, taskId: '1' });
	});

	for (let code = 0; code <= 10; code++) {
		it(`turns code ${code} into a VendorError with its meaning`, () => {
			try {
				parseSendReply(` ${code}\n`);
				assert.fail('expected a VendorError');
			} catch (error) {
				assert.ok(error instanceof VendorError);
				assert.equal(error.code, String(code));
				assert.equal(error.operation, 'send');
				const meaning = VENDOR_CODES.send[String(code)];
				assert.equal(error.message, `28inter error ${code}: ${meaning.english} (${meaning.chinese})`);
			}
		});
	}

	it('refuses other numbers, HTML and an empty body as unexpected', () => {
		for (const body of ['11', '-1', '05', '100', '100:', ':123', '100:1:2', 'OK']) unexpected(body);
		assert.match(unexpected('').message, /empty/);
		assert.match(unexpected('  \n ').message, /empty/);
		const html = unexpected('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>');
		assert.match(html.excerpt, /502 Bad Gateway/);
	});

	it('quotes at most 200 characters of a long body', () => {
		const error = unexpected(`<html>${'x'.repeat(5_000)}</html>`);
		assert.equal(error.excerpt.length, 200);
		assert.ok(error.message.length < 600);
	});
});
