// The protocol core and the simulator checked against each other: the core's encoder output must
// be accepted and decoded identically by the simulator's own wire reader, the two decoders must
// accept and refuse the same mutated content, and the core's reply parsers must read every reply
// style the simulator writes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { balanceFields, buildFormBody, decodeContent, encodeFrames, MAX_MMS_BYTES, parseBalanceReply, parseReportsReply, parseSendReply, PATHS, reportsFields, sendBodyBuilder, VENDOR_CODES } from '../../nodes/protocol';
import type { FrameInput } from '../../nodes/protocol';
import { compareWithCore } from './vendor';
import { REPORT_ERROR_TEXT, SEND_CODE_TEXT } from './vendorText';
import { decodeStrictBase64, decodeWireContent } from './wireFormat';
import { form, statusBoxes } from './testHelpers';
import { parseFormBody } from './formBody';
import { DEFAULT_ACCOUNTS } from './index';
import { useSimulator } from '../support/simulatorFixture';

const credentials = { userId: '1001', account: 'demo', password: 'demo-secret-pw' };

// Text the GB2312 encoder can hold: ASCII, common hanzi, full-width punctuation, a few symbols.
const TEXT_CHARS = [...'abcXYZ019 ,.;|=+/-_!?%&\'"\n', ...'彩信文本你好世界测试短消息中国', ...'，。；：“”（）【】、', ...'€°±×÷αβγ'];
const textArb = fc.string({ unit: fc.constantFrom(...TEXT_CHARS), minLength: 1, maxLength: 60 });
const jpegArb = fc.uint8Array({ minLength: 0, maxLength: 400 }).map((rest) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(rest)]));
const gifArb = fc
	.tuple(fc.constantFrom('GIF87a', 'GIF89a'), fc.uint8Array({ minLength: 0, maxLength: 400 }))
	.map(([magic, rest]) => Buffer.concat([Buffer.from(magic, 'latin1'), Buffer.from(rest)]));
const frameArb: fc.Arbitrary<FrameInput> = fc
	.record({
		durationSeconds: fc.integer({ min: 1, max: 3600 }),
		text: fc.option(textArb, { nil: undefined }),
		images: fc.array(fc.oneof(jpegArb, gifArb), { maxLength: 3 }).map((list) => list.map((bytes) => ({ bytes }))),
	})
	.filter((frame) => frame.text !== undefined || frame.images.length > 0);
const framesArb = fc.array(frameArb, { minLength: 1, maxLength: 5 });

// The simulator's own tests: no nodes to load, its default accounts.
const sim = useSimulator({ nodes: false, accounts: DEFAULT_ACCOUNTS });

describe('core encoder vs simulator decoder', () => {
	it('decodes every encodeFrames output exactly like the input (in process, many runs)', () => {
		fc.assert(
			fc.property(framesArb, (frames) => {
				const { content } = encodeFrames(frames);
				const wire = decodeWireContent(content);
				assert.ok(wire.ok, wire.ok ? '' : wire.problem);
				assert.equal(wire.value.length, frames.length);
				frames.forEach((input, f) => {
					const got = wire.value[f];
					assert.equal(got.durationSeconds, input.durationSeconds);
					const texts = got.parts.filter((p) => p.type === 'txt');
					assert.equal(texts.map((p) => p.text).join(''), input.text ?? '');
					const images = got.parts.filter((p) => p.type !== 'txt');
					assert.deepEqual(
						images.map((p) => p.bytes),
						(input.images ?? []).map((i) => Buffer.from(i.bytes)),
					);
				});
				assert.equal(compareWithCore(content, 'title', wire), null);
			}),
			{ numRuns: 500 },
		);
	});

	it('accepts every encodeFrames output sent over HTTP with the core\'s form body, and records the same frames', async () => {
		await fc.assert(
			fc.asyncProperty(framesArb, textArb, async (frames, title) => {
				const encoded = encodeFrames(frames);
				const body = sendBodyBuilder(credentials, { title, content: encoded.content })(['13800000000']);
				const response = await fetch(sim.url + PATHS.send, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
				const accepted = parseSendReply(await response.text());
				const [submission] = sim.state.submissions({ taskId: accepted.taskId });
				assert.equal(submission.title, title);
				assert.equal(submission.content, encoded.content);
				assert.deepEqual(
					submission.frames.map((f) => ({ durationSeconds: f.durationSeconds, parts: f.parts.map((p) => ({ type: p.type, bytes: p.bytes })) })),
					encoded.frames.map((f) => ({ durationSeconds: f.durationSeconds, parts: f.parts.map((p) => ({ type: p.type, bytes: Buffer.from(p.bytes) })) })),
				);
			}),
			{ numRuns: 60 },
		);
		assert.deepEqual(sim.state.disagreements(), []);
	});

	it('accepts and refuses the same mutated content as the core', () => {
		const interesting = [' ', ';', ',', '|', '=', '+', '/', 'A', '0', '-', '_', '\n', '文'];
		fc.assert(
			fc.property(framesArb, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...interesting), fc.constantFrom('replace', 'insert', 'delete')), { minLength: 1, maxLength: 3 }), (frames, edits) => {
				let content = encodeFrames(frames).content;
				for (const [at, ch, op] of edits) {
					const i = at % (content.length + 1);
					if (op === 'replace') content = content.slice(0, i) + ch + content.slice(i + 1);
					else if (op === 'insert') content = content.slice(0, i) + ch + content.slice(i);
					else content = content.slice(0, i) + content.slice(i + 1);
				}
				assert.equal(compareWithCore(content, '', decodeWireContent(content)), null, content.slice(0, 200));
			}),
			{ numRuns: 1000 },
		);
	});

	it('both refuse a space inside base64', () => {
		const content = `3,jpg|${Buffer.from([0xff, 0xd8, 0xff, 0xfb, 0xef]).toString('base64').replace('+', ' ')}`;
		const wire = decodeWireContent(content);
		assert.equal(wire.ok, false);
		assert.throws(() => decodeContent(content), /space/);
		assert.equal(compareWithCore(content, '', wire), null);
	});

	it('strict base64 unit cases', () => {
		assert.deepEqual(decodeStrictBase64('zsSxvg=='), { ok: true, value: Buffer.from('cec4b1be', 'hex') });
		for (const bad of ['', 'zsSxvg=', 'zsSxvg', 'zs=xvg==', 'zsSx vg=', 'zsSxvh==', 'zs-xvg==', 'zsSxvg===']) {
			assert.equal(decodeStrictBase64(bad).ok, false, bad);
		}
	});
});

describe('vendor tables', () => {
	it('the core names every code with the document\'s Chinese text', () => {
		for (const [code, text] of Object.entries(SEND_CODE_TEXT)) assert.equal(VENDOR_CODES.send[code]?.chinese, text, `send ${code}`);
		for (const [code, text] of Object.entries(REPORT_ERROR_TEXT)) assert.equal(VENDOR_CODES.reports[code]?.chinese, text, `reports ${code}`);
		assert.ok(VENDOR_CODES.balance.Faild);
	});

	it('100K is 100 x 1024 bytes on both sides', () => {
		assert.equal(MAX_MMS_BYTES, 100 * 1024);
	});

	it('the simulator\'s form body parser reads what the tests build, + as space', () => {
		const fields = { a: '1+2 3', b: '文本', c: '=&%' };
		assert.deepEqual(parseFormBody(form(fields)), fields);
		assert.deepEqual(parseFormBody('x=a+b'), { x: 'a b' });
	});
});

describe('core reply parsers read every simulator reply style', () => {
	it('send replies and codes', async () => {
		const accepted = parseSendReply(await (await post(sendBodyBuilder(credentials, { title: 't', content: '3,txt|zsSxvg==' })(['13800000000']))).text());
		assert.equal(accepted.balance, 999_999);
		sim.state.settings({ forceSendCode: 7 });
		const refused = await (await post(sendBodyBuilder(credentials, { title: 't', content: '3,txt|zsSxvg==' })(['13800000000']))).text();
		assert.throws(() => parseSendReply(refused), /28inter error 7/);
	});

	it('balance replies with each prolog, and Faild', async () => {
		for (const balanceProlog of ['malformed', 'correct', 'none'] as const) {
			sim.state.settings({ balanceProlog });
			const info = parseBalanceReply(await (await post(buildFormBody(balanceFields(credentials)))).text());
			assert.deepEqual(info, { billing: 'prepaid', balance: 1_000_000, totalPoints: 1_000_000, message: '返回成功' });
			const failed = await (await post(buildFormBody(balanceFields({ ...credentials, password: 'wrong' })))).text();
			assert.throws(() => parseBalanceReply(failed), /用户名或密码错误/);
		}
	});

	it('report replies in every style, including empty and errors', async () => {
		for (const reportCdata of [false, true]) {
			for (const reportSlashDates of [false, true]) {
				sim.state.settings({ reportCdata, reportSlashDates, failedShare: 0.5 });
				sim.state.injectReports(50);
				const text = await (await post(buildFormBody(reportsFields(credentials, 4000)), PATHS.reports)).text();
				const reports = parseReportsReply(text).reports;
				const boxes = statusBoxes(text);
				assert.equal(reports.length, 50);
				reports.forEach((r, i) => {
					assert.equal(r.mobile, boxes[i].mobile);
					assert.equal(r.taskId, boxes[i].taskid);
					assert.equal(r.statusCode, Number(boxes[i].status));
					assert.match(r.receivedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
					assert.equal(r.gatewayCode === 'DELIVRD', r.status === 'delivered');
					assert.equal(r.extNo, '');
				});
			}
		}
		for (const emptyReports of ['emptyBody', 'emptyReturnsms', 'selfClosing'] as const) {
			sim.state.settings({ emptyReports });
			assert.deepEqual(parseReportsReply(await (await post(buildFormBody(reportsFields(credentials, 10)), PATHS.reports)).text()).reports, []);
		}
		const denied = await (await post(buildFormBody(reportsFields({ ...credentials, password: 'x' }, 10)), PATHS.reports)).text();
		assert.throws(() => parseReportsReply(denied), /28inter error 2/);
	});
});

function post(body: string, path: string = PATHS.send): Promise<Response> {
	return fetch(sim.url + path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
}
