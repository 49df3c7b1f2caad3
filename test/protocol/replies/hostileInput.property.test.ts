import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { Inter28Error, UnexpectedReplyError, parseBalanceReply, parseReportsReply, parseSendReply } from '../../../nodes/protocol';

const BALANCE = '<xml version="1.0" encoding="utf-8">\n<returnsms>\n<returnstatus>Success</returnstatus>\n<message>返回成功</message>\n<payinfo>预付费</payinfo>\n<overage>350</overage>\n<sendTotal>1000</sendTotal>\n</returnsms>';
const BALANCE_FAILED = '<?xml version="1.0" encoding="utf-8" ?><returnsms><returnstatus>Faild</returnstatus><message>用户名或密码错误</message></returnsms>';
const REPORTS =
	'<?xml version="1.0" encoding="utf-8" ?>\n<returnsms>\n<statusbox>\n<mobile>15023239810</mobile>\n<taskid>1212</taskid>\n<status>10</status>\n<receivetime>2011-12-02 22:12:11</receivetime>\n<errorcode><![CDATA[DELIVRD]]></errorcode>\n<extno></extno>\n</statusbox>\n<statusbox>\n<mobile>15023239811</mobile>\n<taskid>1212</taskid>\n<status>20</status>\n<receivetime>2020/6/8 18:21:21</receivetime>\n<errorcode>2</errorcode>\n<extno/>\n</statusbox>\n</returnsms>';
const REPORTS_ERROR = '<?xml version="1.0" encoding="utf-8" ?><returnsms><errorstatus><error>3</error><remark>该用户不允许查看状态报告</remark></errorstatus></returnsms>';
const SEND = '100:27349872349823';

const parsers: Array<[string, (body: string) => unknown, string[]]> = [
	['parseSendReply', parseSendReply, [SEND, '6']],
	['parseBalanceReply', parseBalanceReply, [BALANCE, BALANCE_FAILED]],
	['parseReportsReply', parseReportsReply, [REPORTS, REPORTS_ERROR]],
];

const xmlish = fc.string({ unit: fc.constantFrom(...'<>/?!-[]CDATA="xml returnsms statusbox errorstatus mobile 10 20 &amp;;#\n'.split(' ').flatMap((w) => [w, ...w.split('')])), maxLength: 400 });

function onlyTypedErrors(parse: (body: string) => unknown, body: string): void {
	try {
		parse(body);
	} catch (error) {
		assert.ok(error instanceof Inter28Error, `${String(error)} for ${JSON.stringify(body.slice(0, 120))}`);
	}
}

describe('reply parsers on hostile input', () => {
	for (const [name, parse, samples] of parsers) {
		it(`${name} only throws the project's errors on random strings`, () => {
			fc.assert(
				fc.property(fc.oneof(fc.string({ maxLength: 500 }), fc.string({ unit: 'binary', maxLength: 500 }), xmlish), (body) => onlyTypedErrors(parse, body)),
				{ numRuns: 1500 },
			);
		});

		it(`${name} only throws the project's errors on truncations and mutations of valid replies`, () => {
			const mutation = fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.nat({ max: 5 }), fc.string({ maxLength: 4 })).map(([sample, at, drop, insert]) => {
				const cut = at % (sample.length + 1);
				return sample.slice(0, cut) + insert + sample.slice(cut + drop);
			});
			fc.assert(fc.property(mutation, (body) => onlyTypedErrors(parse, body)), { numRuns: 1500 });
			for (const sample of samples) {
				for (let cut = 0; cut < sample.length; cut++) onlyTypedErrors(parse, sample.slice(0, cut));
			}
		});
	}

	it('a truncated reports reply is never read as a shorter list', () => {
		for (let cut = 1; cut < REPORTS.length - 1; cut++) {
			const body = REPORTS.slice(0, cut);
			if (body.trim().endsWith('</returnsms>')) continue;
			assert.throws(() => parseReportsReply(body), UnexpectedReplyError, `cut at ${cut}`);
		}
	});

	it('treats a Buffer body as UTF-8 and anything else as an unexpected reply', () => {
		assert.deepEqual(parseSendReply(Buffer.from(SEND) as unknown as string), { balance: 100, taskId: '27349872349823' });
		assert.equal(parseBalanceReply(Buffer.from(BALANCE) as unknown as string).billing, 'prepaid');
		for (const [, parse] of parsers) {
			for (const odd of [undefined, null, 42, { toString: 0 }, ['100:1']]) {
				assert.throws(() => parse(odd as unknown as string), UnexpectedReplyError);
			}
		}
	});

	it('finishes quickly on large and deeply nested input', () => {
		const started = performance.now();
		const deep = `<returnsms>${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}</returnsms>`;
		const open = `<returnsms>${'<'.repeat(200_000)}</returnsms>`;
		const attrs = `<returnsms><statusbox ${'a="'.repeat(50_000)}></statusbox></returnsms>`;
		const cdata = `<returnsms>${'<![CDATA['.repeat(50_000)}</returnsms>`;
		for (const body of [deep, open, attrs, cdata, 'x'.repeat(1_000_000), `${'1'.repeat(100_000)}:1`]) {
			for (const [, parse] of parsers) onlyTypedErrors(parse, body);
		}
		assert.ok(performance.now() - started < 5_000, `took ${performance.now() - started} ms`);
	});
});
