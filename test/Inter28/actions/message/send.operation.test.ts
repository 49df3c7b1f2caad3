// Message → Send through n8n's real engine, over HTTP to the 28inter simulator: what arrives at
// the gateway (frames, bytes, numbers, start time) and what the node outputs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as iconv from 'iconv-lite';

import { runNode, type BinaryMode, type InputItem } from '../../../support/engine/engine';
import { credentials } from '../../../support/credentials';
import { mobileNumbers, NODE_TYPE, sendParameters } from '../../../support/nodeParameters';
import { GIF, JPEG } from '../../../support/sampleImages';
import { failure } from '../../../support/runAssertions';
import { assertRunHasNoSecret } from '../../../support/secrets';
import { requestsOf, useSimulator } from '../../../support/simulatorFixture';

const sim = useSimulator();

function imageItem(): InputItem {
	return {
		json: { campaign: 'spring' },
		binary: {
			photo: { data: JPEG, mimeType: 'image/jpeg', fileName: 'promo.jpg' },
			anim: { data: GIF, mimeType: 'image/gif', fileName: 'anim.gif' },
		},
	};
}

describe('Message → Send: content arrives byte-exact', () => {
	for (const binaryMode of ['filesystem', 'default'] as BinaryMode[]) {
		it(`sends text + JPEG + GIF frames from input binary data (${binaryMode} binary mode)`, async () => {
			const result = await runNode({
				type: NODE_TYPE,
				parameters: sendParameters({
					recipients: '13800138000, 13900139000',
					title: '春季新品',
					frames: [
						{ duration: 3, text: '春季新品上市，欢迎光临！ABC 123' },
						{ duration: 5, binaryPropertyName: 'photo' },
						{ duration: 2, text: '动画', binaryPropertyName: 'anim' },
					],
				}),
				credentials: credentials(sim),
				items: [imageItem()],
				binaryMode,
			});
			assert.equal(result.error, undefined, result.error?.message);
			assertRunHasNoSecret(result);

			const [submission, ...others] = sim.state.submissions();
			assert.equal(others.length, 0, 'exactly one submission');
			assert.deepEqual(submission.mobiles, ['13800138000', '13900139000']);
			assert.equal(submission.title, '春季新品');
			assert.equal(submission.startTime, null);
			assert.deepEqual(
				submission.frames.map((f) => [f.durationSeconds, f.parts.map((p) => p.type)]),
				[
					[3, ['txt']],
					[5, ['jpg']],
					[2, ['txt', 'gif']],
				],
			);
			const [text, photo, anim] = submission.frames;
			assert.equal(text.parts[0].text, '春季新品上市，欢迎光临！ABC 123');
			assert.deepEqual(text.parts[0].bytes, iconv.encode('春季新品上市，欢迎光临！ABC 123', 'gb2312'));
			assert.deepEqual(photo.parts[0].bytes, JPEG);
			assert.equal(anim.parts[0].text, '动画');
			assert.deepEqual(anim.parts[1].bytes, GIF);
			// The JPEG's base64 holds '+': it only survives if the form body was percent-encoded.
			assert.match(JPEG.toString('base64'), /\+/);
			assert.deepEqual(sim.state.disagreements(), []);

			assert.equal(result.items.length, 1);
			const out = result.items[0];
			assert.equal(out.json.taskId, submission.taskId);
			assert.equal(typeof out.json.taskId, 'string');
			assert.equal(out.json.balance, submission.balanceAfter);
			assert.equal(out.json.balance, 1_000_000 - 2);
			assert.equal(out.json.recipientCount, 2);
			assert.deepEqual(out.pairedItem, { item: 0 });
		});
	}

	it('sends raw protocol content exactly as given (the vendor document\'s text part and a JPEG)', async () => {
		const raw = `3,txt|zsSxvg==;4,jpg|${JPEG.toString('base64')},txt|${iconv.encode('图片', 'gb2312').toString('base64')}`;
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000', title: 'raw', rawContent: raw }),
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, result.error?.message);
		assertRunHasNoSecret(result);
		const [submission] = sim.state.submissions();
		assert.equal(submission.content, raw, 'the content field arrives unchanged');
		assert.equal(submission.frames[0].parts[0].text, '文本');
		assert.deepEqual(submission.frames[1].parts[0].bytes, JPEG);
		assert.equal(submission.frames[1].parts[1].text, '图片');
		assert.equal(result.items[0].json.taskId, submission.taskId);
		assert.equal(result.items[0].json.recipientCount, 1);
	});
});

describe('Message → Send: recipients', () => {
	it('splits 4,500 recipients into submissions of 2,000/2,000/500, each number sent once, duplicates and +86 removed', async () => {
		const numbers = mobileNumbers(4500);
		// Input with extras the node must clean up: prefixes, duplicates, mixed separators.
		const input = [
			...numbers.slice(0, 10).map((n) => `+86${n}`),
			...numbers.slice(10, 20).map((n) => `0086${n}`),
			...numbers.slice(20),
			...numbers.slice(100, 150),
			`+86 ${numbers[0]}`,
		].join(',\n');
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: input, frames: [{ duration: 3, text: '通知' }] }),
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, result.error?.message);

		const submissions = sim.state.submissions();
		assert.deepEqual(
			submissions.map((s) => s.mobiles.length).sort((a, b) => b - a),
			[2000, 2000, 500],
		);
		const sent = submissions.flatMap((s) => s.mobiles);
		assert.equal(sent.length, 4500, 'no number sent twice');
		assert.deepEqual([...sent].sort(), [...numbers].sort(), 'every number sent exactly once');
		assert.equal(requestsOf(sim, 'send').length, 3);

		assert.equal(result.items.length, 3);
		const byTask = new Map(submissions.map((s) => [s.taskId, s]));
		for (const [index, item] of result.items.entries()) {
			const submission = byTask.get(String(item.json.taskId));
			assert.ok(submission, `output ${index} names a task the gateway accepted`);
			assert.equal(item.json.recipientCount, submission.mobiles.length);
			assert.deepEqual(item.json.recipients, submission.mobiles);
			assert.equal(item.json.balance, submission.balanceAfter);
			assert.equal(item.json.batch, index + 1);
			assert.equal(item.json.batchCount, 3);
			assert.equal(item.json.duplicatesRemoved, 51);
			assert.deepEqual(item.pairedItem, { item: 0 });
		}
		assert.deepEqual(
			result.items.map((i) => i.json.recipientCount),
			[2000, 2000, 500],
		);
		assert.equal(new Set(result.items.map((i) => i.json.taskId)).size, 3);
	});

	it('takes an array of numbers from an expression', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '={{ $json.phones }}' }),
			credentials: credentials(sim),
			items: [{ json: { phones: ['13800138000', 13900139000, '+8613700137000', '13800138000'] } }],
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(sim.state.submissions()[0].mobiles, ['13800138000', '13900139000', '13700137000']);
		assert.equal(result.items[0].json.duplicatesRemoved, 1);
	});

	it('sends 2,001 numbers as two submissions, so the vendor never has to answer code 5', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: mobileNumbers(2001).join(',') }),
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(
			sim.state.submissions().map((s) => s.mobiles.length),
			[2000, 1],
		);
		assert.ok(requestsOf(sim, 'send').every((r) => r.vendorCode === 'accepted'));
	});
});

describe('Message → Send: several input items', () => {
	it('sends one message per item, each output linked to its item', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '={{ $json.to }}', frames: [{ duration: 3, text: '={{ $json.text }}' }] }),
			credentials: credentials(sim),
			items: [{ json: { to: '13800138000', text: '第一' } }, { json: { to: '13900139000', text: '第二' } }],
		});
		assert.equal(result.error, undefined, result.error?.message);
		const submissions = sim.state.submissions();
		assert.equal(submissions.length, 2);
		for (const [index, item] of result.items.entries()) {
			const submission = submissions.find((s) => s.taskId === item.json.taskId);
			assert.ok(submission);
			assert.deepEqual(item.pairedItem, { item: index });
			assert.deepEqual(submission.mobiles, [['13800138000', '13900139000'][index]]);
			assert.equal(submission.frames[0].parts[0].text, ['第一', '第二'][index]);
		}
	});
});

describe('Message → Send: Scheduled At', () => {
	const cases = [
		// New York is UTC-4 in July (EDT) and UTC-5 in January (EST); China is UTC+8 all year.
		{ input: '2099-07-01T09:30:00', china: '2099-07-01 21:30:00' },
		{ input: '2099-01-15 22:15:30', china: '2099-01-16 11:15:30' },
		// An explicit offset wins over the workflow timezone.
		{ input: '2099-01-15T08:00:00Z', china: '2099-01-15 16:00:00' },
	];
	for (const { input, china } of cases) {
		it(`reads ${input} in the workflow timezone America/New_York and sends starttime ${china} (China time)`, async () => {
			const result = await runNode({
				type: NODE_TYPE,
				parameters: sendParameters({ recipients: '13800138000', options: { scheduledAt: input } }),
				credentials: credentials(sim),
				timezone: 'America/New_York',
			});
			assert.equal(result.error, undefined, result.error?.message);
			const [submission] = sim.state.submissions();
			assert.equal(submission.startTime, china);
			assert.equal(requestsOf(sim, 'send')[0].fields.starttime, china);
			assert.equal(result.items[0].json.scheduledAt, china);
		});
	}

	it('refuses a time in the past before sending anything', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000', options: { scheduledAt: '2020-01-01T10:00:00' } }),
			credentials: credentials(sim),
			timezone: 'America/New_York',
		});
		assert.ok(result.error, 'the node fails');
		assert.equal(result.error.name, 'NodeOperationError');
		assert.match(result.error.message, /^The scheduled time 2020-01-01 23:00:00 \(China time, UTC\+08:00\) is in the past/);
		assert.match(String(result.error.description), /parameter: scheduledAt; nothing was sent/);
		assert.equal(sim.state.requests().length, 0, 'no request reached the gateway');
		assertRunHasNoSecret(result);
	});
});

describe('Message → Send: Retry On Fail', () => {
	it('warns in an execution hint when "Retry On Fail" is on', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000' }),
			credentials: credentials(sim),
			retryOnFail: true,
			maxTries: 2,
		});
		assert.equal(result.error, undefined, result.error?.message);
		const warning = result.hints.find((h) => /Retry On Fail/.test(h.message));
		assert.ok(warning, `hints: ${JSON.stringify(result.hints)}`);
		assert.equal(warning.type, 'warning');
		assert.match(warning.message, /delivered twice/);
		assert.equal(sim.state.submissions().length, 1);
	});

	it('shows no such hint when "Retry On Fail" is off', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000' }),
			credentials: credentials(sim),
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.hints.filter((h) => /Retry On Fail/.test(h.message)).length, 0);
	});
});

describe('Message → Send: Retry On Fail in a failed run', () => {
	it('puts the Retry On Fail warning into the error of a failed send', async () => {
		sim.state.settings({ forceSendCode: 7 });
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000' }),
			credentials: credentials(sim),
			retryOnFail: true,
			maxTries: 2,
		});
		const error = failure(result);
		assert.match(error.message, /^28inter error 7:/);
		assert.match(String(error.description), /Retry On Fail" is on/);
		assertRunHasNoSecret(result);
	});
});
