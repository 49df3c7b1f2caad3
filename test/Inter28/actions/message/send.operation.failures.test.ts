// Message → Send failures through n8n's real engine against the 28inter simulator: every vendor
// code 0–10 (produced by the vendor, or refused by the node before any request), Continue On
// Fail, failures in the middle of a multi-batch send, and transport faults (never retried).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runNode, type InputItem } from '../../../support/engine/engine';
import { startSimulator, type FaultKind } from '../../../simulator';
import { type AccountName, type CredentialData, credentials, WRONG_PASSWORD } from '../../../support/credentials';
import { mobileNumbers, NODE_TYPE, sendParameters } from '../../../support/nodeParameters';
import { assertNodeError } from '../../../support/runAssertions';
import { JPEG, PNG } from '../../../support/sampleImages';
import { assertRunHasNoSecret } from '../../../support/secrets';
import { requestsOf, useSimulator } from '../../../support/simulatorFixture';

const sim = useSimulator();

describe('vendor send codes the node cannot prevent', () => {
	const cases: Array<{
		code: string;
		message: string;
		description: RegExp;
		account?: AccountName;
		overrides?: Partial<CredentialData>;
		recipients?: string;
		setup?: () => void;
	}> = [
		{
			code: '1',
			message: '28inter error 1: user name or password empty (用户名或密码不能为空)',
			description: /Fill in the user ID, account and password/,
			overrides: { password: '' },
		},
		{
			code: '2',
			message: '28inter error 2: wrong user ID, account or password (用户名或密码错误)',
			description: /Check the user ID, account and password/,
			overrides: { password: WRONG_PASSWORD },
		},
		{
			code: '6',
			message: '28inter error 6: insufficient balance (余额不足)',
			description: /Top up the 28inter account/,
			account: 'low-balance',
			recipients: mobileNumbers(6).join(','),
		},
		{
			code: '7',
			message: '28inter error 7: submit failed (提交任务失败)',
			description: /try again later/,
			setup: () => sim.state.settings({ forceSendCode: 7 }),
		},
		{
			code: '8',
			message: '28inter error 8: other error (其他错误)',
			description: /unspecified error/,
			setup: () => sim.state.settings({ forceSendCode: 8 }),
		},
		{
			code: '10',
			message: '28inter error 10: account not enabled for MMS (该用户不支持彩信)',
			description: /Ask 28inter to enable MMS/,
			account: 'no-mms',
		},
	];

	for (const c of cases) {
		it(`code ${c.code} becomes a node error naming the code, its meaning and the vendor text`, async () => {
			c.setup?.();
			const result = await runNode({
				type: NODE_TYPE,
				parameters: sendParameters({ recipients: c.recipients ?? '13800138000' }),
				credentials: credentials(sim, c.account ?? 'demo', c.overrides),
			});
			const error = assertNodeError(result, { name: 'NodeApiError', message: c.message, itemIndex: 0 });
			assert.match(String(error.description), c.description);
			assert.match(String(error.description), /Nothing was accepted by 28inter before the failure/);
			const sends = requestsOf(sim, 'send');
			assert.equal(sends.length, 1, 'sent once, never retried');
			assert.equal(sends[0].vendorCode, c.code, 'the gateway really answered this code');
			assert.equal(sim.state.submissions().length, 0);
			assertRunHasNoSecret(result);

			// With Continue On Fail the item carries { error, code } instead.
			sim.reset();
			c.setup?.();
			const continued = await runNode({
				type: NODE_TYPE,
				parameters: sendParameters({ recipients: c.recipients ?? '13800138000' }),
				credentials: credentials(sim, c.account ?? 'demo', c.overrides),
				continueOnFail: true,
			});
			assert.equal(continued.error, undefined);
			assert.equal(continued.items.length, 1);
			assert.equal(continued.items[0].json.error, c.message);
			assert.equal(continued.items[0].json.code, c.code);
			assert.deepEqual(continued.items[0].pairedItem, { item: 0 });
			assertRunHasNoSecret(continued);
		});
	}
});

describe('inputs the vendor would refuse (codes 0, 3, 4, 9) are refused before any request', () => {
	const bigJpeg = Buffer.alloc(102_400, 0x11);
	JPEG.copy(bigJpeg, 0, 0, 4);
	const cases: Array<{
		name: string;
		parameters: Record<string, unknown>;
		items?: InputItem[];
		field: string;
		message: RegExp;
		description?: RegExp;
	}> = [
		{
			name: 'code 3: no recipients',
			parameters: sendParameters({ recipients: ' , ; \n' }),
			field: 'recipients',
			message: /^No recipients given$/,
		},
		{
			name: 'code 0: numbers that are not mainland mobile numbers, each named with its position',
			parameters: sendParameters({ recipients: '13800138000, 1380013800, 23800138000, +1 2025550123' }),
			field: 'recipients',
			message: /^4 recipients are not mainland China mobile numbers: position 2: "1380013800", position 3: "23800138000", position 4: "\+1", position 5: "2025550123"$/,
		},
		{
			name: 'code 4: a frame with neither text nor image',
			parameters: sendParameters({ recipients: '13800138000', frames: [{ duration: 3, text: '' }] }),
			field: 'frames',
			message: /^Frame 1 has neither text nor an image$/,
		},
		{
			name: 'code 4: no frames at all',
			parameters: { ...sendParameters({ recipients: '13800138000' }), frames: { frame: [] } },
			field: 'frames',
			message: /^No frames/,
		},
		{
			name: 'code 4: empty raw content',
			// n8n itself refuses an empty required parameter; an expression can still give ''.
			parameters: sendParameters({ recipients: '13800138000', rawContent: '={{ $json.content }}' }),
			items: [{ json: { content: '' } }],
			field: 'rawContent',
			message: /^The content is empty$/,
		},
		{
			name: 'code 0: raw content with a space after ";" (as in the vendor document\'s example)',
			parameters: sendParameters({ recipients: '13800138000', rawContent: '3,txt|zsSxvg==; 5,txt|zsSxvg==' }),
			field: 'rawContent',
			message: /starts with a space or line break/,
		},
		{
			name: 'code 0: raw content with a part type the vendor does not know',
			parameters: sendParameters({ recipients: '13800138000', rawContent: '3,png|iVBORw0KGgo=' }),
			field: 'rawContent',
			message: /has the type "png"/,
		},
		{
			name: 'code 0: a frame duration of 0',
			parameters: sendParameters({ recipients: '13800138000', frames: [{ duration: 0, text: 'x' }] }),
			field: 'frames',
			message: /^Frame 1: the duration 0 is not a whole number of seconds of at least 1$/,
		},
		{
			name: 'code 9: more than 100 KB (title + decoded bytes), with Fit Images off',
			parameters: sendParameters({ recipients: '13800138000', title: '大', frames: [{ duration: 3, binaryPropertyName: 'data' }], options: { fitImages: false } }),
			items: [{ json: {}, binary: { data: { data: bigJpeg, mimeType: 'image/jpeg', fileName: 'big.jpg' } } }],
			field: 'frames',
			message: /^The MMS is 102,403 bytes, over the vendor's limit of 102,400 bytes \(100 KB\)/,
			description: /at least 3 bytes smaller/,
		},
		{
			name: 'an emoji in the text, named with its position',
			parameters: sendParameters({ recipients: '13800138000', frames: [{ duration: 3, text: '新品 😀 上市' }] }),
			field: 'frames',
			message: /^Frame 1 text contains a character that the vendor's GB2312 text encoding cannot hold: "😀" \(U\+1F600\) at position 4$/,
		},
		{
			name: 'a PNG image, with Fit Images off',
			parameters: sendParameters({ recipients: '13800138000', frames: [{ duration: 3, binaryPropertyName: 'data' }], options: { fitImages: false } }),
			items: [{ json: {}, binary: { data: { data: PNG, mimeType: 'image/png', fileName: 'logo.png' } } }],
			field: 'frames',
			message: /^Frame 1 image is a PNG file$/,
			description: /accepts only GIF and JPEG/,
		},
		{
			name: 'a missing binary property, naming the ones the item has',
			parameters: sendParameters({ recipients: '13800138000', frames: [{ duration: 3, binaryPropertyName: 'image' }] }),
			items: [
				{
					json: {},
					binary: {
						photo: { data: JPEG, mimeType: 'image/jpeg', fileName: 'a.jpg' },
						attachment_1: { data: JPEG, mimeType: 'image/jpeg', fileName: 'b.jpg' },
					},
				},
			],
			field: 'frames',
			message: /^Frame 1: the input item has no binary property "image"$/,
			description: /Use one of the input's binary properties: photo, attachment_1\./,
		},
		{
			name: 'a past scheduled time',
			parameters: sendParameters({ recipients: '13800138000', options: { scheduledAt: '2001-02-03T04:05:06+08:00' } }),
			field: 'scheduledAt',
			message: /^The scheduled time 2001-02-03 04:05:06 \(China time, UTC\+08:00\) is in the past/,
		},
	];

	for (const c of cases) {
		it(c.name, async () => {
			const result = await runNode({ type: NODE_TYPE, parameters: c.parameters, credentials: credentials(sim), items: c.items });
			const error = assertNodeError(result, { name: 'NodeOperationError', message: c.message, itemIndex: 0 });
			assert.match(String(error.description), new RegExp(`\\(parameter: ${c.field}; nothing was sent to 28inter\\)`));
			if (c.description) assert.match(String(error.description), c.description);
			assert.deepEqual(sim.state.requests(), [], 'no request reached the gateway');
			assertRunHasNoSecret(result);
		});
	}

	it('validates every input item before sending any: a bad third item stops the first two', async () => {
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '={{ $json.to }}' }),
			credentials: credentials(sim),
			items: [{ json: { to: '13800138000' } }, { json: { to: '13900139000' } }, { json: { to: '12345' } }],
		});
		assertNodeError(result, { name: 'NodeOperationError', message: /position 1: "12345"/, itemIndex: 2 });
		assert.deepEqual(sim.state.requests(), []);
	});
});

describe('Continue On Fail with several items', () => {
	const bad = [
		{ what: 'an invalid recipient', item: { to: '1380013800', text: '第二' }, message: /^A recipient is not a mainland China mobile number: position 1: "1380013800"$/, field: 'recipients' },
		{ what: 'an emoji', item: { to: '13700137000', text: '第二 🎉' }, message: /"🎉" \(U\+1F389\) at position 4/, field: 'frames' },
	];
	for (const b of bad) {
		it(`outputs { error, code } for a middle item with ${b.what}; the other two are sent`, async () => {
			const result = await runNode({
				type: NODE_TYPE,
				parameters: sendParameters({ recipients: '={{ $json.to }}', frames: [{ duration: 3, text: '={{ $json.text }}' }] }),
				credentials: credentials(sim),
				items: [{ json: { to: '13800138000', text: '第一' } }, { json: b.item }, { json: { to: '13900139000', text: '第三' } }],
				continueOnFail: true,
			});
			assert.equal(result.error, undefined);
			assertRunHasNoSecret(result);
			assert.equal(result.items.length, 3);
			const [first, middle, last] = result.items;
			assert.deepEqual(
				result.items.map((i) => i.pairedItem),
				[{ item: 0 }, { item: 1 }, { item: 2 }],
			);
			assert.match(String(middle.json.error), b.message);
			assert.equal(middle.json.code, 'INVALID_INPUT');
			assert.equal(middle.json.field, b.field);
			assert.equal(middle.json.taskId, undefined);

			const submissions = sim.state.submissions();
			assert.equal(submissions.length, 2, 'the bad item sent nothing');
			assert.equal(requestsOf(sim, 'send').length, 2);
			assert.deepEqual(submissions.find((s) => s.taskId === first.json.taskId)?.mobiles, ['13800138000']);
			assert.deepEqual(submissions.find((s) => s.taskId === last.json.taskId)?.frames[0].parts[0].text, '第三');
			assert.deepEqual(submissions.find((s) => s.taskId === last.json.taskId)?.mobiles, ['13900139000']);
		});
	}
});

describe('a failure in the middle of a multi-batch send', () => {
	// 4,500 numbers = batches of 2,000 / 2,000 / 500; one at a time so the order is fixed.
	const numbers = mobileNumbers(4500);
	// Check Balance First would stop these sends before batch 1, and the items here are sent one by one:
	// they test a failure in the middle and its effect on the next item.
	const parameters = sendParameters({ recipients: numbers.join(','), options: { concurrency: 1, checkBalance: false, combineItems: false } });

	it('insufficient balance for batch 2: no new batch starts, and the error names the accepted task', async () => {
		sim.state.updateAccount('low-balance', { balance: 2500 });
		const result = await runNode({ type: NODE_TYPE, parameters, credentials: credentials(sim, 'low-balance') });
		const error = assertNodeError(result, {
			name: 'NodeApiError',
			message: '28inter error 6: insufficient balance (余额不足)',
			itemIndex: 0,
		});
		const submissions = sim.state.submissions();
		assert.equal(submissions.length, 1);
		assert.equal(requestsOf(sim, 'send').length, 2, 'batch 3 never started');
		const [accepted] = submissions;
		assert.deepEqual(accepted.mobiles, numbers.slice(0, 2000));
		const description = String(error.description);
		assert.match(description, /Already accepted by 28inter \(do not send these again\):/);
		assert.ok(
			description.includes(`item 1, batch 1: task ${accepted.taskId} — 2,000 numbers (13800000000 … 13800001999)`),
			description,
		);
		assert.ok(description.includes('Not sent (refused):\nitem 1, batch 2: 2,000 numbers (13800002000 … 13800003999)'), description);
		assert.match(description, /Not sent \(stopped after the failure\): 500 numbers\./);
		assertRunHasNoSecret(result);
	});

	it('without Continue On Fail, the next input items are not started either', async () => {
		sim.state.updateAccount('low-balance', { balance: 2500 });
		const result = await runNode({
			type: NODE_TYPE,
			parameters: { ...parameters, recipients: '={{ $json.to }}' },
			credentials: credentials(sim, 'low-balance'),
			items: [{ json: { to: numbers } }, { json: { to: '13900139000,13900139001' } }],
		});
		const error = assertNodeError(result, { name: 'NodeApiError', message: '28inter error 6: insufficient balance (余额不足)', itemIndex: 0 });
		assert.deepEqual(
			sim.state.submissions().map((s) => s.mobiles.length),
			[2000],
		);
		assert.equal(requestsOf(sim, 'send').length, 2, 'item 2 was never sent');
		// 500 of item 1 plus the 2 numbers of item 2.
		assert.match(String(error.description), /Not sent \(stopped after the failure\): 502 numbers\./);
	});

	it('with Continue On Fail: the accepted batch is output beside the error item, and the next input item goes on', async () => {
		sim.state.updateAccount('low-balance', { balance: 2500 });
		const result = await runNode({
			type: NODE_TYPE,
			parameters: { ...parameters, recipients: '={{ $json.to }}' },
			credentials: credentials(sim, 'low-balance'),
			items: [{ json: { to: numbers } }, { json: { to: '13900139000,13900139001' } }],
			continueOnFail: true,
		});
		assert.equal(result.error, undefined);
		assertRunHasNoSecret(result);
		const submissions = sim.state.submissions();
		assert.deepEqual(
			submissions.map((s) => s.mobiles.length),
			[2000, 2],
		);
		assert.equal(requestsOf(sim, 'send').length, 3, 'item 1: batches 1 and 2; item 2: one batch');
		assert.deepEqual(
			result.items.map((i) => [i.pairedItem, i.json.taskId ?? i.json.code]),
			[
				[{ item: 0 }, submissions[0].taskId],
				[{ item: 0 }, '6'],
				[{ item: 1 }, submissions[1].taskId],
			],
		);
		assert.equal(result.items[0].json.recipientCount, 2000);
		assert.equal(result.items[1].json.error, '28inter error 6: insufficient balance (余额不足)');
		assert.equal(result.items[1].json.notSentRecipientCount, 2500);
		assert.equal(result.items[1].json.uncertainRecipientCount, 0, 'a vendor code means nothing was taken');
	});

	it('the reply to batch 2 is lost: batch 3 is not sent, batch 1 is named, nothing is sent twice', async () => {
		// The first fault only delays batch 1 by 0 ms (a normal reply), so the second hits batch 2.
		sim.state.injectFaults([
			{ kind: 'delay', delayMs: 0, operation: 'send' },
			{ kind: 'acceptedThenDrop', operation: 'send' },
		]);
		const result = await runNode({ type: NODE_TYPE, parameters, credentials: credentials(sim) });
		const error = assertNodeError(result, { name: 'NodeApiError', message: /^The MMS may have been sent: /, itemIndex: 0 });
		const submissions = sim.state.submissions();
		// The gateway accepted batch 2 although the node never saw its task ID.
		assert.deepEqual(
			submissions.map((s) => s.mobiles[0]),
			[numbers[0], numbers[2000]],
		);
		assert.equal(requestsOf(sim, 'send').length, 2);
		const description = String(error.description);
		assert.ok(description.includes(`task ${submissions[0].taskId} — 2,000 numbers`), description);
		assert.ok(!description.includes(submissions[1].taskId), 'a task ID the node never received cannot be named');
		assert.ok(description.includes('May have been accepted (check the delivery reports before resending these):\nitem 1, batch 2: 2,000 numbers (13800002000 … 13800003999)'), description);
		assert.match(description, /Not sent \(stopped after the failure\): 500 numbers\./);
		assert.doesNotMatch(`${error.message} ${description}`, /Retry on Fail/i);
		assertRunHasNoSecret(result);
	});
});

describe('transport faults on send: "may have been sent", never retried', () => {
	const cases: Array<{ kind: FaultKind; message: RegExp; description: RegExp; charged: boolean }> = [
		{
			kind: 'delay',
			message: /^The MMS may have been sent: no reply from 28inter at 127\.0\.0\.1:\d+ before the timeout$/,
			description: /Check the delivery reports/,
			charged: true,
		},
		{
			kind: 'acceptedThenDrop',
			message: /^The MMS may have been sent: the connection to 28inter at 127\.0\.0\.1:\d+ broke before a reply arrived$/,
			description: /Check the delivery reports/,
			charged: true,
		},
		{
			kind: 'truncated',
			message: /^The MMS may have been sent: /,
			description: /Check the delivery reports/,
			charged: true,
		},
		{
			kind: 'drop',
			message: /^The MMS may have been sent: the connection to 28inter at 127\.0\.0\.1:\d+ broke before a reply arrived$/,
			description: /Check the delivery reports/,
			charged: false,
		},
		{
			kind: 'html200',
			message: /^28inter sent a reply to the send request that is not in the protocol's format \(.*\)\. It began: "<!DOCTYPE html/,
			description: /not with a 28inter protocol reply.*The MMS may or may not have been accepted\. Check the delivery reports/,
			charged: false,
		},
		{
			kind: 'http500',
			message: /^The MMS may have been sent: 28inter at 127\.0\.0\.1:\d+ answered HTTP 500 instead of a protocol reply$/,
			description: /after the vendor accepted the MMS.*Check the delivery reports/,
			charged: false,
		},
	];

	for (const c of cases) {
		it(`${c.kind}: the error says so, and the send was requested exactly once`, async () => {
			sim.state.injectFault({ kind: c.kind, operation: 'send', delayMs: 2000 });
			const result = await runNode({
				type: NODE_TYPE,
				parameters: sendParameters({ recipients: '13800138000', options: { timeout: 1 } }),
				credentials: credentials(sim),
			});
			const error = assertNodeError(result, { name: 'NodeApiError', message: c.message, itemIndex: 0 });
			assert.match(String(error.description), c.description);
			// n8n's own text for a timeout recommends "Retry on Fail": wrong advice for a send.
			assert.doesNotMatch(`${error.message}\n${error.description}`, /Retry on Fail/i);
			assert.equal(requestsOf(sim, 'send').length, 1, 'not repeated');
			assert.equal(sim.state.submissions().length, c.charged ? 1 : 0);
			assertRunHasNoSecret(result);
		});
	}

	it('an unreachable host says nothing was sent', async () => {
		const closed = await startSimulator();
		const url = closed.url;
		await closed.close();
		const result = await runNode({
			type: NODE_TYPE,
			parameters: sendParameters({ recipients: '13800138000' }),
			credentials: credentials(url),
		});
		const error = assertNodeError(result, { name: 'NodeApiError', message: /^Could not reach 28inter at 127\.0\.0\.1:\d+: the request was not sent$/ });
		assert.match(String(error.description), /Nothing was sent\./);
		assertRunHasNoSecret(result);
	});
});
