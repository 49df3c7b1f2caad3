import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	Inter28Error,
	InvalidInputError,
	UnexpectedReplyError,
	VENDOR_CODES,
	VendorError,
	vendorCodeMeaning,
} from '../../nodes/protocol';

describe('vendor code table', () => {
	it('has every send code 0-10, report code 1-4 and the balance code Faild', () => {
		assert.deepEqual(Object.keys(VENDOR_CODES.send).sort((a, b) => Number(a) - Number(b)), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
		assert.deepEqual(Object.keys(VENDOR_CODES.reports).sort(), ['1', '2', '3', '4']);
		assert.deepEqual(Object.keys(VENDOR_CODES.balance), ['Faild']);
	});

	it('keeps the vendor document wording in Chinese', () => {
		const chinese = Object.values(VENDOR_CODES.send).map((m) => m.chinese);
		assert.deepEqual(chinese, [
			'参数不对',
			'用户名或密码不能为空',
			'用户名或密码错误',
			'号码为空',
			'内容为空',
			'单次提交号码不能超过2000个',
			'余额不足',
			'提交任务失败',
			'其他错误',
			'彩信文件大于100K',
			'该用户不支持彩信',
		]);
		assert.equal(VENDOR_CODES.reports['3'].chinese, '该用户不允许查看状态报告');
		assert.match(VENDOR_CODES.reports['3'].advice, /enable/i);
	});

	it('gives every code an English meaning and advice', () => {
		for (const table of Object.values(VENDOR_CODES)) {
			for (const [code, meaning] of Object.entries(table)) {
				assert.equal(meaning.code, code);
				assert.ok(meaning.english.length > 3 && meaning.advice.length > 10, code);
			}
		}
	});

	it('looks codes up without reaching the prototype', () => {
		assert.equal(vendorCodeMeaning('send', '2')?.english, 'wrong user ID, account or password');
		assert.equal(vendorCodeMeaning('send', '11'), undefined);
		assert.equal(vendorCodeMeaning('send', 'toString'), undefined);
		assert.equal(vendorCodeMeaning('reports', '0'), undefined);
	});
});

describe('VendorError', () => {
	it('formats the message as the contract shows', () => {
		const error = new VendorError('send', '2');
		assert.equal(error.message, '28inter error 2: wrong user ID, account or password (用户名或密码错误)');
		assert.equal(error.kind, 'vendor');
		assert.equal(error.operation, 'send');
		assert.equal(error.code, '2');
		assert.ok(error instanceof Inter28Error && error instanceof Error);
		assert.match(error.advice, /credential/);
	});

	it('uses the vendor message for a balance failure', () => {
		const error = new VendorError('balance', 'Faild', '用户名或密码不能为空');
		assert.equal(error.message, '28inter error Faild: user name or password empty (用户名或密码不能为空)');
		const unknown = new VendorError('balance', 'Faild', '账户已冻结');
		assert.equal(unknown.message, '28inter error Faild: balance query refused (账户已冻结)');
	});

	it('still explains an unknown code', () => {
		const error = new VendorError('reports', '9', '奇怪');
		assert.equal(error.message, '28inter error 9: unknown error code (奇怪)');
		assert.match(error.advice, /support/);
	});
});

describe('InvalidInputError and UnexpectedReplyError', () => {
	it('InvalidInputError carries field and hint', () => {
		const error = new InvalidInputError('Something is wrong', 'title', 'Fix it.');
		assert.equal(error.message, 'Something is wrong');
		assert.equal(error.field, 'title');
		assert.equal(error.hint, 'Fix it.');
		assert.equal(error.kind, 'invalidInput');
	});

	it('UnexpectedReplyError quotes at most 200 characters, on one line', () => {
		const body = `<html>\n\n<body>${'长'.repeat(500)}</body></html>`;
		const error = new UnexpectedReplyError('send', body, 'test');
		assert.equal(error.excerpt.length, 200);
		assert.ok(error.excerpt.startsWith('<html> <body>长'));
		assert.ok(error.message.includes(error.excerpt));
		assert.equal(error.kind, 'unexpectedReply');
		assert.equal(error.operation, 'send');
	});

	it('never cuts an emoji in half', () => {
		const error = new UnexpectedReplyError('send', `${'a'.repeat(199)}😀😀`, 'test');
		assert.equal(error.excerpt, 'a'.repeat(199));
	});

	it('says when the body was empty', () => {
		const error = new UnexpectedReplyError('balance', '', 'the body is empty');
		assert.equal(error.excerpt, '');
		assert.match(error.message, /empty/);
	});
});
