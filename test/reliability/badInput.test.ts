// Bad input to Message → Send, through n8n's real engine (the packed package): every case must
// give a typed, readable error naming the parameter, send nothing, and leak no password. A
// fast-check fuzz then checks the other direction: whatever the node does send, the simulator
// (which decodes every send with its own, independent wire check) accepts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { runNode, type InputItem, type RunNodeResult } from '../support/engine/engine';
import { GIF89A_1X1, JPEG, PNG, WEBP } from '../support/protocolSamples';
import { accountsWith, credentials } from '../support/credentials';
import { mobileNumbers } from '../support/nodeParameters';
import { assertNoSecret, runSurface } from '../support/secrets';
import { useSimulator } from '../support/simulatorFixture';
import { trackUnhandled } from '../support/unhandled';

const unhandled = trackUnhandled();
const sim = useSimulator({ accounts: accountsWith({ demo: { balance: 1e12 } }), settings: { recordLimit: 1_000_000, failedShare: 0.1 } });

type Field = 'recipients' | 'title' | 'frames' | 'rawContent' | 'scheduledAt';

interface Case {
	name: string;
	parameters: Record<string, unknown>;
	options?: Record<string, unknown>;
	items?: InputItem[];
	field: Field;
	message: RegExp;
}

const BASE = {
	resource: 'message',
	operation: 'send',
	recipients: '13800138000',
	title: '标题',
	contentSource: 'frames',
	frames: { frame: [{ duration: 3, text: '你好', binaryPropertyName: '' }] },
};

const frames = (...list: Array<Record<string, unknown>>): Record<string, unknown> => ({ frames: { frame: list } });
const raw = (rawContent: string): Record<string, unknown> => ({ contentSource: 'raw', rawContent });
const withBinary = (name: string, data: Buffer, mimeType: string): InputItem[] => [{ json: {}, binary: { [name]: { data, mimeType, fileName: `file.${mimeType.split('/')[1]}` } } }];
const b64 = (bytes: Buffer): string => bytes.toString('base64');

const HUGE_VALID = mobileNumbers(100_000, 13_000_000_000);

const CASES: Case[] = [
	// Recipients
	{ name: 'junk among numbers', parameters: { recipients: '13800138000, abc, 1380013800, 12345678901' }, field: 'recipients', message: /3 recipients are not.*position 2: "abc".*position 3: "1380013800".*position 4: "12345678901"/ },
	{ name: 'empty recipients (from an expression)', parameters: { recipients: '={{ "" }}' }, field: 'recipients', message: /No recipients/ },
	{ name: 'null recipients (from an expression)', parameters: { recipients: '={{ null }}' }, field: 'recipients', message: /No recipients/ },
	{ name: 'empty list of recipients', parameters: { recipients: '={{ [] }}' }, field: 'recipients', message: /No recipients/ },
	{ name: 'separators only', parameters: { recipients: ' ,;，；、\n\t ' }, field: 'recipients', message: /No recipients/ },
	{ name: 'full-width digits', parameters: { recipients: '１３８００１３８０００' }, field: 'recipients', message: /position 1/ },
	{ name: 'Arabic-Indic digits', parameters: { recipients: '١٣٨٠٠١٣٨٠٠٠' }, field: 'recipients', message: /position 1/ },
	{ name: 'emoji glued to a number', parameters: { recipients: '13800138000📱' }, field: 'recipients', message: /position 1/ },
	{ name: 'landline and foreign numbers', parameters: { recipients: '010-12345678; +1 4155550100; 12800138000' }, field: 'recipients', message: /recipients are not/ },
	{ name: 'lone country code', parameters: { recipients: '13800138000 +86' }, field: 'recipients', message: /position 2: "\+86"/ },
	{ name: 'array with an object and a nested list', parameters: { recipients: '={{ ["13800138000", { "a": 1 }, ["13900139000"]] }}' }, field: 'recipients', message: /\(object\).*\(a nested list\)/ },
	{ name: 'number too large for a phone', parameters: { recipients: '={{ 1.38e25 }}' }, field: 'recipients', message: /position 1/ },
	{ name: 'huge list with one bad entry at the end', parameters: { recipients: `${HUGE_VALID.join(',')},1380013800x` }, field: 'recipients', message: /position 100001: "1380013800x"/ },
	{ name: 'huge list of junk', parameters: { recipients: Array.from({ length: 50_000 }, (_, i) => `junk${i}`).join('\n') }, field: 'recipients', message: /50000 recipients are not.* and 49980 more/ },
	// Frames
	{ name: 'no frames', parameters: { frames: {} }, field: 'frames', message: /No frames/ },
	{ name: 'frame with neither text nor image', parameters: frames({ duration: 3, text: '', binaryPropertyName: '' }), field: 'frames', message: /Frame 1 has neither text nor an image/ },
	{ name: 'frame duration 0', parameters: frames({ duration: 0, text: 'a' }), field: 'frames', message: /Frame 1: the duration 0/ },
	{ name: 'frame duration 1.5', parameters: frames({ duration: 1.5, text: 'a' }), field: 'frames', message: /Frame 1: the duration 1\.5/ },
	{ name: 'frame duration negative', parameters: frames({ duration: -3, text: 'a' }), field: 'frames', message: /duration -3/ },
	{ name: 'emoji in frame text', parameters: frames({ duration: 3, text: '新品😀上市' }), field: 'frames', message: /GB2312.*😀.*position 3/ },
	{ name: 'lone surrogate in frame text', parameters: frames({ duration: 3, text: 'ab\ud83d' }), field: 'frames', message: /GB2312/ },
	{ name: 'wrong binary property', parameters: frames({ duration: 3, binaryPropertyName: 'photo' }), items: withBinary('data', JPEG, 'image/jpeg'), field: 'frames', message: /no binary property "photo"/ },
	{ name: 'binary property on an item without binaries', parameters: frames({ duration: 3, binaryPropertyName: 'data' }), field: 'frames', message: /no binary property "data"/ },
	{ name: 'PNG image', parameters: frames({ duration: 3, binaryPropertyName: 'data' }), items: withBinary('data', PNG, 'image/png'), field: 'frames', message: /PNG/ },
	{ name: 'WebP image', parameters: frames({ duration: 3, binaryPropertyName: 'data' }), items: withBinary('data', WEBP, 'image/webp'), field: 'frames', message: /WebP|WEBP/ },
	{ name: 'PDF as image', parameters: frames({ duration: 3, binaryPropertyName: 'data' }), items: withBinary('data', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj'), 'application/pdf'), field: 'frames', message: /neither a JPEG nor a GIF|PDF/ },
	{ name: 'empty file as image', parameters: frames({ duration: 3, binaryPropertyName: 'data' }), items: withBinary('data', Buffer.alloc(0), 'image/jpeg'), field: 'frames', message: /empty \(0 bytes\)/ },
	{ name: 'text file named .jpg', parameters: frames({ duration: 3, binaryPropertyName: 'data' }), items: withBinary('data', Buffer.from('hello world'), 'image/jpeg'), field: 'frames', message: /not an image Fit Images can read \(its first bytes match no known image format\)/ },
	{ name: 'MMS over 100 KB', parameters: frames({ duration: 3, text: '好'.repeat(51_201) }), field: 'frames', message: /102,408 bytes, over the vendor's limit of 102,400.*frame 1 txt 102,402 bytes/ },
	// Raw content
	{ name: 'raw: empty (from an expression)', parameters: raw('={{ "" }}'), field: 'rawContent', message: /content is empty/ },
	{ name: 'raw: no duration', parameters: raw('txt|zsSxvg=='), field: 'rawContent', message: /does not start with its duration/ },
	{ name: 'raw: duration only', parameters: raw('3'), field: 'rawContent', message: /no text or image/ },
	{ name: 'raw: duration 0', parameters: raw('0,txt|zsSxvg=='), field: 'rawContent', message: /duration "0"/ },
	{ name: 'raw: trailing ;', parameters: raw('3,txt|zsSxvg==;'), field: 'rawContent', message: /ends with ";"/ },
	{ name: 'raw: space after ;', parameters: raw('3,txt|zsSxvg==; 3,txt|zsSxvg=='), field: 'rawContent', message: /Frame 2 starts with a space/ },
	{ name: 'raw: missing |', parameters: raw('3,txtzsSxvg=='), field: 'rawContent', message: /has no "\|"/ },
	{ name: 'raw: png type', parameters: raw(`3,png|${b64(PNG)}`), field: 'rawContent', message: /type "png"/ },
	{ name: 'raw: upper-case type', parameters: raw('3,TXT|zsSxvg=='), field: 'rawContent', message: /type "TXT"/ },
	{ name: 'raw: base64 with a space (a + sent raw)', parameters: raw('3,txt|zsSx vg=='), field: 'rawContent', message: /space at character 5/ },
	{ name: 'raw: base64 wrong length', parameters: raw('3,txt|zsSxvg='), field: 'rawContent', message: /not a multiple of 4/ },
	{ name: 'raw: URL-safe base64', parameters: raw(`3,jpg|${b64(JPEG).replace(/\//g, '_')}`), field: 'rawContent', message: /URL-safe|does not start like/ },
	{ name: 'raw: empty base64', parameters: raw('3,txt|'), field: 'rawContent', message: /base64 is empty/ },
	{ name: 'raw: jpg holding a GIF', parameters: raw(`3,jpg|${b64(GIF89A_1X1)}`), field: 'rawContent', message: /declared jpg but holds a GIF/ },
	{ name: 'raw: gif holding a PNG', parameters: raw(`3,gif|${b64(PNG)}`), field: 'rawContent', message: /PNG/ },
	{ name: 'raw: UTF-8 text instead of GB2312', parameters: raw(`3,txt|${Buffer.from('你', 'utf8').toString('base64')}`), field: 'rawContent', message: /not valid GB2312/ },
	{ name: 'raw: non-base64 character', parameters: raw('3,txt|zsSx★g=='), field: 'rawContent', message: /U\+2605/ },
	// Schedule
	{ name: 'schedule in the past', parameters: {}, options: { scheduledAt: '2001-01-01T10:00:00' }, field: 'scheduledAt', message: /in the past/ },
	{ name: 'schedule not a date', parameters: {}, options: { scheduledAt: 'next tuesday-ish' }, field: 'scheduledAt', message: /cannot be read|not a date/ },
	{ name: 'schedule impossible date', parameters: {}, options: { scheduledAt: '2031-02-30T10:00:00' }, field: 'scheduledAt', message: /not a real date/ },
	{ name: 'schedule impossible offset', parameters: {}, options: { scheduledAt: '2031-01-01T10:00:00+25:00' }, field: 'scheduledAt', message: /offset|cannot be read/ },
	{ name: 'schedule year 99999', parameters: {}, options: { scheduledAt: '+099999-01-01T00:00:00Z' }, field: 'scheduledAt', message: /too far|cannot be read|not a/ },
	// Title
	{ name: '2 MB title', parameters: { title: '标'.repeat(700_000) }, field: 'frames', message: /over the vendor's limit.*title 2,100,000 bytes/ },
	{ name: 'lone surrogate in the title', parameters: { title: '新品\ud800' }, field: 'title', message: /title contains a broken character/ },
];

function expectInvalid(label: string, result: RunNodeResult, field: Field, message: RegExp): void {
	const error = result.error;
	assert.ok(error, `${label}: the node failed`);
	assert.equal((result.thrownError as Error | undefined)?.constructor.name, 'NodeOperationError', `${label}: a typed input error`);
	assert.match(error.message, message, `${label}: message`);
	// Readable: bounded, no JavaScript artefacts, ends like a sentence fragment n8n shows as the title.
	assert.ok(error.message.length <= 700, `${label}: message is ${error.message.length} characters long`);
	assert.doesNotMatch(error.message, /\[object |undefined|NaN|TypeError|at .*\.js:\d+/, `${label}: message`);
	assert.ok(String(error.description).includes(`(parameter: ${field}; nothing was sent to 28inter)`), `${label}: description names the parameter: ${String(error.description)}`);
	assert.ok(String(error.description).length <= 1000, `${label}: description is short`);
}

describe('bad input to Send: typed error naming the field, nothing sent', () => {
	for (const c of CASES) {
		it(c.name, async () => {
			sim.reset();
			const parameters = { ...BASE, ...c.parameters, options: { ...(c.options ?? {}) } };
			const result = await runNode({ type: 'inter28', parameters, credentials: credentials(sim), items: c.items, timezone: 'Asia/Shanghai' });
			expectInvalid(c.name, result, c.field, c.message);
			assertNoSecret(c.name, ...runSurface(result));

			// Continue On Fail: the same error as an item carrying the field.
			const cof = await runNode({ type: 'inter28', parameters, credentials: credentials(sim), items: c.items, continueOnFail: true, timezone: 'Asia/Shanghai' });
			assert.equal(cof.error, undefined);
			assert.equal(cof.items.length, 1);
			assert.equal(cof.items[0].json.code, 'INVALID_INPUT');
			assert.equal(cof.items[0].json.field, c.field);
			assertNoSecret(`${c.name} (continue on fail)`, ...runSurface(cof));

			assert.deepEqual(sim.state.requests(), [], 'nothing reached the simulator');
		});
	}

	it('a literal empty Recipients or Raw Content is refused by n8n before the node runs', async () => {
		sim.reset();
		for (const [parameters, label] of [
			[{ ...BASE, recipients: '', options: {} }, 'Recipients'],
			[{ ...BASE, ...raw(''), options: {} }, 'Raw Content'],
		] as const) {
			await assert.rejects(
				runNode({ type: 'inter28', parameters, credentials: credentials(sim) }),
				(error: Error) => {
					assert.match(error.message, new RegExp(`Parameter "${label}" is required`));
					assertNoSecret('required parameter', error);
					return true;
				},
			);
		}
		assert.deepEqual(sim.state.requests(), []);
	});

	for (const [name, bad, field] of [
		['recipients', { to: '13800138000,oops', title: 'ok' }, 'recipients'],
		['title with a lone surrogate', { to: '13900139000', title: '坏\udc00' }, 'title'],
	] as const) {
		it(`a bad item 2 (${name}) stops the run before item 1 is sent`, async () => {
			sim.reset();
			const result = await runNode({
				type: 'inter28',
				parameters: { ...BASE, recipients: '={{ $json.to }}', title: '={{ $json.title }}', options: {} },
				credentials: credentials(sim),
				items: [{ json: { to: '13800138000', title: 'ok' } }, { json: bad }],
			});
			assert.ok(result.error, 'bad item 2 fails the run');
			assert.equal(result.error.context?.itemIndex, 1);
			assert.ok(String(result.error.description).includes(`(parameter: ${field}; nothing was sent to 28inter)`), String(result.error.description));
			assert.deepEqual(sim.state.requests(), [], 'nothing sent: all items are validated before the first request');
			assertNoSecret('multi-item', ...runSurface(result));
		});
	}
});

describe('fuzz: the node refuses with a typed error, or sends only what the vendor accepts', () => {
	const junkToken = fc.constantFrom('abc', '1380013800', '138001380001', '+86', '0086', '12800138000', '１３８００１３８０００', '😀', '', '-', '13800138000x');
	const goodToken = fc.integer({ min: 0, max: 9_999_999 }).map((n) => `13${String(n).padStart(9, '0')}`);
	const separator = fc.constantFrom(',', ';', ' ', '\n', '，', '；', '、', ', ', '\t');
	const recipients = fc
		.array(fc.oneof({ weight: 5, arbitrary: goodToken }, { weight: 1, arbitrary: junkToken }), { minLength: 0, maxLength: 30 })
		.chain((tokens) => fc.array(separator, { minLength: tokens.length, maxLength: tokens.length }).map((seps) => tokens.map((t, i) => t + seps[i]).join('')));
	const text = fc.oneof(
		fc.string({ maxLength: 40 }),
		fc.constantFrom('你好，世界', '新品上市！', '验证码 123456', '😀', 'Ω≈ç√', '\u0000\u0001', 'ab\ud800cd', '€', '〇〡'),
	);
	const title = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', '标题', '新品\ud800', '🎉 promo'));
	const duration = fc.oneof(fc.integer({ min: -2, max: 20 }), fc.constantFrom(1.5, 0));

	it('random Send parameters', async () => {
		let sent = 0;
		let refused = 0;
		await fc.assert(
			fc.asyncProperty(recipients, text, title, duration, async (to, body, heading, seconds) => {
				sim.reset();
				// Through item fields and expressions, so that empty values reach the node (a literal empty
				// required parameter is refused by n8n itself before the node runs).
				const result = await runNode({
					type: 'inter28',
					parameters: {
						...BASE,
						recipients: '={{ $json.to }}',
						title: '={{ $json.title }}',
						frames: { frame: [{ duration: '={{ $json.seconds }}', text: '={{ $json.text }}', binaryPropertyName: '' }] },
						options: {},
					},
					credentials: credentials(sim),
					items: [{ json: { to, title: heading, seconds, text: body } }],
				});
				assertNoSecret('fuzz', ...runSurface(result));
				const requests = sim.state.requests();
				if (result.error) {
					refused++;
					assert.equal((result.thrownError as Error | undefined)?.constructor.name, 'NodeOperationError', `typed error for ${JSON.stringify([to, body, heading, seconds])}: ${result.error.message}`);
					assert.match(String(result.error.description), /\(parameter: (recipients|title|frames); nothing was sent to 28inter\)/);
					assert.deepEqual(requests, []);
				} else {
					sent++;
					assert.ok(requests.length >= 1);
					for (const request of requests) assert.equal(request.vendorCode, 'accepted', `the simulator refused what the node sent: ${request.note ?? ''}`);
					assert.deepEqual(sim.state.disagreements(), []);
				}
			}),
			{ numRuns: 120, seed: 28_028 },
		);
		assert.ok(sent > 10 && refused > 10, `both outcomes exercised (sent ${sent}, refused ${refused})`);
	});

	it('mutated raw content', async () => {
		const valid = `3,txt|zsSxvg==,jpg|${b64(JPEG)};5,gif|${b64(GIF89A_1X1)}`;
		const mutation = fc.record({
			at: fc.nat({ max: valid.length }),
			kind: fc.constantFrom('insert', 'delete', 'replace'),
			char: fc.constantFrom(' ', '+', '/', '=', ',', ';', '|', 'A', '0', '-', '_', 'é', '\n'),
		});
		let sent = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
				let content = valid;
				for (const m of mutations) {
					const at = Math.min(m.at, content.length);
					content =
						m.kind === 'insert'
							? content.slice(0, at) + m.char + content.slice(at)
							: m.kind === 'delete'
								? content.slice(0, at) + content.slice(at + 1)
								: content.slice(0, at) + m.char + content.slice(at + 1);
				}
				sim.reset();
				const result = await runNode({
					type: 'inter28',
					parameters: { ...BASE, ...raw('={{ $json.content }}'), options: {} },
					credentials: credentials(sim),
					items: [{ json: { content } }],
				});
				const requests = sim.state.requests();
				if (result.error) {
					assert.equal((result.thrownError as Error | undefined)?.constructor.name, 'NodeOperationError', `typed error for ${JSON.stringify(content)}: ${result.error.message}`);
					assert.match(String(result.error.description), /\(parameter: rawContent; nothing was sent to 28inter\)/);
					assert.deepEqual(requests, []);
				} else {
					sent++;
					assert.equal(requests.length, 1);
					assert.equal(requests[0].vendorCode, 'accepted', `the simulator refused ${JSON.stringify(content)}: ${requests[0].note ?? ''}`);
				}
			}),
			{ numRuns: 120, seed: 2_800 },
		);
		assert.ok(sent > 0, 'some mutations are still valid content (e.g. a changed data character)');
	});
});

describe('summary', () => {
	it('no unhandled rejection or uncaught exception', () => {
		assert.deepEqual(unhandled.list.map(String), []);
	});
});
