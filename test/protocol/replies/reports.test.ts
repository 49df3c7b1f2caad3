import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { UnexpectedReplyError, VENDOR_CODES, VendorError, parseReportsReply as parsePage } from '../../../nodes/protocol';
import { thrown } from '../../support/thrown';

const parseReportsReply = (text: string) => parsePage(text).reports;

const PROLOG = '<?xml version="1.0" encoding="utf-8" ?> \n';
const box = (mobile: string, taskid: string, status: string, time: string, code = 'DELIVRD', ext = '') =>
	`<statusbox>\n<mobile>${mobile}</mobile>\n<taskid>${taskid}</taskid>\n<status>${status}</status>\n<receivetime>${time}</receivetime>\n<errorcode>${code}</errorcode>\n<extno>${ext}</extno>\n</statusbox>\n`;
const reply = (...boxes: string[]) => `${PROLOG}<returnsms>\n${boxes.join('\n')}</returnsms>\n`;

function unexpected(text: string): UnexpectedReplyError {
	const error = thrown(() => parsePage(text), UnexpectedReplyError);
	assert.equal(error.operation, 'reports');
	return error;
}

describe('parseReportsReply', () => {
	it('reads the document example (two reports)', () => {
		assert.deepEqual(parseReportsReply(reply(box('15023239810', '1212', '10', '2011-12-02 22:12:11'), box('15023239811', '1212', '20', '2011-12-02 22:12:11', '2'))), [
			{ mobile: '15023239810', taskId: '1212', status: 'delivered', statusCode: 10, receivedAt: '2011-12-02T22:12:11+08:00', gatewayCode: 'DELIVRD', extNo: '' },
			{ mobile: '15023239811', taskId: '1212', status: 'failed', statusCode: 20, receivedAt: '2011-12-02T22:12:11+08:00', gatewayCode: '2', extNo: '' },
		]);
	});

	it('reads a single report as a list of one', () => {
		const reports = parseReportsReply(reply(box('13800138000', '7', '10', '2011-12-02 22:12:11')));
		assert.equal(reports.length, 1);
		assert.equal(reports[0].mobile, '13800138000');
	});

	it('keeps numbers as strings: leading zeros and long task IDs survive', () => {
		const [report] = parseReportsReply(reply(box('013800138000', '123456789012345678901234', '10', '2011-12-02 22:12:11', '000', '0012')));
		assert.equal(report.mobile, '013800138000');
		assert.equal(report.taskId, '123456789012345678901234');
		assert.equal(report.gatewayCode, '000');
		assert.equal(report.extNo, '0012');
	});

	it('reads CDATA-wrapped errorcode and extno', () => {
		const [report] = parseReportsReply(reply(box('13800138000', '1', '20', '2011-12-02 22:12:11', '<![CDATA[MK:0001]]>', '<![CDATA[]]>')));
		assert.equal(report.gatewayCode, 'MK:0001');
		assert.equal(report.extNo, '');
		const [withExt] = parseReportsReply(reply(box('13800138000', '1', '20', '2011-12-02 22:12:11', '<![CDATA[<odd>&]]>', '<![CDATA[88]]>')));
		assert.equal(withExt.gatewayCode, '<odd>&');
		assert.equal(withExt.extNo, '88');
	});

	it('reads both date styles, single-digit month, day and hour included', () => {
		const times = ['2020/6/8 18:21:21', '2020-6-8 8:01:02', '2020/12/31 23:59:59', '2011-12-02 22:12:11'];
		const reports = parseReportsReply(reply(...times.map((t) => box('13800138000', '1', '10', t))));
		assert.deepEqual(
			reports.map((r) => r.receivedAt),
			['2020-06-08T18:21:21+08:00', '2020-06-08T08:01:02+08:00', '2020-12-31T23:59:59+08:00', '2011-12-02T22:12:11+08:00'],
		);
	});

	it('keeps an unrecognised time as written rather than losing the report', () => {
		assert.equal(parseReportsReply(reply(box('13800138000', '1', '10', 'yesterday')))[0].receivedAt, 'yesterday');
	});

	it('decodes entities', () => {
		assert.equal(parseReportsReply(reply(box('13800138000', '1', '20', '2011-12-02 22:12:11', 'A&amp;B')))[0].gatewayCode, 'A&B');
	});

	for (let code = 1; code <= 4; code++) {
		it(`turns errorstatus ${code} into a VendorError`, () => {
			const meaning = VENDOR_CODES.reports[String(code)];
			try {
				parseReportsReply(`${PROLOG}<returnsms>\n<errorstatus>\n<error>${code}</error>\n<remark>${meaning.chinese}</remark>\n</errorstatus>\n</returnsms>`);
				assert.fail('expected a VendorError');
			} catch (error) {
				assert.ok(error instanceof VendorError);
				assert.equal(error.operation, 'reports');
				assert.equal(error.code, String(code));
				assert.equal(error.message, `28inter error ${code}: ${meaning.english} (${meaning.chinese})`);
			}
		});
	}

	it('returns no reports for an empty body, white space, <returnsms/> and <returnsms></returnsms>', () => {
		for (const empty of ['', '  \r\n', '\ufeff', '<returnsms/>', '<returnsms />', `${PROLOG}<returnsms></returnsms>`, `${PROLOG}<returnsms>\n</returnsms>`, '<xml version="1.0" encoding="utf-8"><returnsms/>']) {
			assert.deepEqual(parseReportsReply(empty), [], JSON.stringify(empty));
		}
	});

	it('refuses truncated XML instead of returning part of it', () => {
		const full = reply(box('13800138000', '1', '10', '2011-12-02 22:12:11'), box('13800138001', '1', '10', '2011-12-02 22:12:11'));
		for (const cut of [30, 80, full.indexOf('</statusbox>') + 5, full.lastIndexOf('</returnsms>') + 4]) unexpected(full.slice(0, cut));
	});

	it('refuses what is not a report reply at all: HTML, text, another document, loose text, two roots', () => {
		unexpected('<html><body>Server busy</body></html>');
		unexpected('Server busy');
		unexpected('<returnsms><returnstatus>Faild</returnstatus><message>用户名或密码错误</message></returnsms>');
		unexpected('<returnsms>loose text</returnsms>');
		unexpected('<returnsms/><returnsms/>');
	});
});

describe('parseReportsReply: a <statusbox> it does not fully understand is still a report', () => {
	const good = box('13800138000', '7', '10', '2011-12-02 22:12:11');
	const odd: Array<[string, string, RegExp, Partial<{ mobile: string; taskId: string; statusCode: number | null; receivedAt: string | null }>]> = [
		['status 30', box('13800138001', '7', '30', '2011-12-02 22:12:11'), /<status> is "30", neither 10 nor 20/, { mobile: '13800138001', statusCode: 30, receivedAt: '2011-12-02T22:12:11+08:00' }],
		['a text status', box('13800138001', '7', 'DELIVRD', '2011-12-02 22:12:11'), /<status> is "DELIVRD"/, { statusCode: null }],
		['no mobile', '<statusbox><taskid>7</taskid><status>10</status><receivetime>2011-12-02 22:12:11</receivetime></statusbox>', /<mobile> is missing/, { mobile: '', statusCode: 10 }],
		['no receivetime', '<statusbox><mobile>13800138001</mobile><taskid>7</taskid><status>20</status></statusbox>', /<receivetime> is missing/, { receivedAt: null, statusCode: 20 }],
		['a repeated child', box('13800138001', '7', '10', '2011-12-02 22:12:11').replace('</status>', '</status><status>20</status>'), /<status> appears more than once/, { statusCode: null }],
		['a nested child', box('13800138001', '7', '10', 'x').replace('<mobile>13800138001</mobile>', '<mobile><n>13800138001</n></mobile>'), /<mobile> holds elements/, { mobile: '' }],
		['an empty box', '<statusbox/>', /the <statusbox> is empty/, { mobile: '', taskId: '', statusCode: null, receivedAt: null }],
		['text in the box', '<statusbox>13800138001,7,10</statusbox>', /holds text/, { mobile: '' }],
	];
	for (const [what, xml, problem, fields] of odd) {
		it(`${what}: output as status "unknown" with its raw fields, the others as usual`, () => {
			const page = parsePage(reply(good, xml, good.replace('13800138000', '13800138002')));
			assert.equal(page.reports.length, 3);
			assert.deepEqual(page.reports.map((r) => r.status), ['delivered', 'unknown', 'delivered']);
			const unknown = page.reports[1];
			assert.match(unknown.problem ?? '', problem);
			assert.ok(unknown.raw !== undefined && Object.keys(unknown.raw).length > 0, 'raw fields kept');
			for (const [key, value] of Object.entries(fields)) assert.deepEqual(unknown[key as keyof typeof unknown], value, key);
			assert.equal(page.notes.length, 1);
			assert.match(page.notes[0], /<statusbox> 2 was not understood/);
		});
	}

	it('keeps repeated values as a list in raw', () => {
		const [report] = parseReportsReply(reply(box('13800138001', '7', '10', 't').replace('</status>', '</status><status>20</status>')));
		assert.deepEqual(report.raw?.status, ['10', '20']);
		assert.equal(report.raw?.mobile, '13800138001');
	});

	it('reads a report with an extra child element normally', () => {
		const [report] = parseReportsReply(reply(box('13800138001', '7', '10', '2011-12-02 22:12:11').replace('</extno>', '</extno><channel>3</channel>')));
		assert.equal(report.status, 'delivered');
		assert.equal(report.raw, undefined);
	});

	it('keeps the reports beside an extra element or an <errorstatus> in <returnsms>, and notes it', () => {
		const extra = parsePage(`${PROLOG}<returnsms><total>2</total>${good}${good.replace('13800138000', '13800138001')}</returnsms>`);
		assert.equal(extra.reports.length, 2);
		assert.match(extra.notes.join(), /<returnsms> also held <total>, which was ignored/);
		const withError = parsePage(`${PROLOG}<returnsms>${good}<errorstatus><error>4</error><remark>参数不正确</remark></errorstatus></returnsms>`);
		assert.equal(withError.reports.length, 1);
		assert.match(withError.notes.join(), /<errorstatus> beside the reports: 28inter error 4/);
	});

	it('never drops a box of a large page over one odd one', () => {
		const boxes = Array.from({ length: 1000 }, (_, i) => box(String(13800000000 + i), '9', i === 500 ? '99' : '10', '2011-12-02 22:12:11'));
		const page = parsePage(reply(...boxes));
		assert.equal(page.reports.length, 1000);
		assert.equal(page.reports.filter((r) => r.status === 'unknown').length, 1);
		assert.equal(page.reports[500].mobile, '13800000500');
	});
});
