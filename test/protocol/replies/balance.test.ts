import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { UnexpectedReplyError, VendorError, parseBalanceReply } from '../../../nodes/protocol';
import { thrown } from '../../support/thrown';

const body = (inner: string, prolog = '<xml version="1.0" encoding="utf-8">') => `${prolog}\n\n<returnsms>\n\n${inner}\n</returnsms>\n`;
const success = (payinfo: string, overage: string, sendTotal = '1000') =>
	`<returnstatus>Success</returnstatus>\n<message>返回成功</message>\n<payinfo>${payinfo}</payinfo>\n<overage>${overage}</overage>\n<sendTotal>${sendTotal}</sendTotal>`;

function unexpected(body: string): UnexpectedReplyError {
	const error = thrown(() => parseBalanceReply(body), UnexpectedReplyError);
	assert.equal(error.operation, 'balance');
	return error;
}

describe('parseBalanceReply', () => {
	it('reads the document reply with its malformed <xml ...> prolog', () => {
		assert.deepEqual(parseBalanceReply(body(success('预付费', '350'))), { billing: 'prepaid', balance: 350, totalPoints: 1000, message: '返回成功' });
	});

	it('reads a correct <?xml ?> prolog and none', () => {
		const expected = { billing: 'prepaid', balance: 1.5, totalPoints: 1000, message: '返回成功' };
		assert.deepEqual(parseBalanceReply(body(success('预付费', '1.5'), '<?xml version="1.0" encoding="utf-8" ?>')), expected);
		assert.deepEqual(parseBalanceReply(body(success('预付费', '1.5'), '')), expected);
		assert.deepEqual(parseBalanceReply(`\ufeff${body(success('预付费', '1.5'))}`), expected);
	});

	it('accepts the malformed prolog closed at the end', () => {
		assert.equal(parseBalanceReply(`${body(success('后付费', '2'))}</xml>`).balance, 2);
	});

	it('reads a postpaid account with a negative balance', () => {
		assert.deepEqual(parseBalanceReply(body(success('后付费', '-120.75', '0'))), { billing: 'postpaid', balance: -120.75, totalPoints: 0, message: '返回成功' });
	});

	for (const [message, english] of [
		['用户名或密码不能为空', 'user name or password empty'],
		['用户名或密码错误', 'wrong user ID, account or password'],
	]) {
		it(`turns Faild "${message}" into a VendorError`, () => {
			try {
				parseBalanceReply(body(`<returnstatus>Faild</returnstatus>\n<message>${message}</message>\n<payinfo></payinfo>\n<overage></overage>\n<sendTotal></sendTotal>`));
				assert.fail('expected a VendorError');
			} catch (error) {
				assert.ok(error instanceof VendorError);
				assert.equal(error.operation, 'balance');
				assert.equal(error.code, 'Faild');
				assert.equal(error.chinese, message);
				assert.equal(error.message, `28inter error Faild: ${english} (${message})`);
			}
		});
	}

	it('refuses garbage as unexpected', () => {
		for (const text of [
			'',
			'   ',
			'Success',
			'<html><body>Login</body></html>',
			body(success('月付', '1')),
			body('<returnstatus>Maybe</returnstatus>'),
			body('<message>no status</message>'),
			body(success('预付费', '1')).slice(0, 120),
			'<returnsms/>',
			`${body(success('预付费', '1'))}<returnsms></returnsms>`,
			body(`${success('预付费', '1')}<overage>2</overage>`),
			'<!DOCTYPE returnsms [<!ENTITY a "Success">]><returnsms><returnstatus>&a;</returnstatus></returnsms>',
		]) {
			unexpected(text);
		}
	});

	it('reads empty, missing, grouped and decimal figures: a missing number is null, not a failure', () => {
		const figures = (overage: string | undefined, total: string | undefined) =>
			body(
				'<returnstatus>Success</returnstatus><message>返回成功</message><payinfo>预付费</payinfo>' +
					(overage === undefined ? '' : `<overage>${overage}</overage>`) +
					(total === undefined ? '' : `<sendTotal>${total}</sendTotal>`),
			);
		const cases: Array<[string | undefined, string | undefined, number | null, number | null]> = [
			['1000', '5000', 1000, 5000],
			['1,000', '1,234,567', 1000, 1234567],
			['1000.00', '5000.50', 1000, 5000.5],
			['', '', null, null],
			[undefined, undefined, null, null],
			['lots', '-12', null, -12],
			['1 000', '1，000', 1000, 1000],
		];
		for (const [overage, total, balance, totalPoints] of cases) {
			const info = parseBalanceReply(figures(overage, total));
			assert.equal(info.billing, 'prepaid');
			assert.equal(info.balance, balance, JSON.stringify(overage));
			assert.equal(info.totalPoints, totalPoints, JSON.stringify(total));
		}
	});
});
