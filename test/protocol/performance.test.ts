import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';

import { decodeContent, encodeFrames, parseReportsReply } from '../../nodes/protocol';

/** Best of several runs: the least disturbed measurement of each side. */
function fastest(run: () => unknown, rounds: number, perRound: number): number {
	for (let i = 0; i < perRound; i++) run();
	let best = Number.POSITIVE_INFINITY;
	for (let round = 0; round < rounds; round++) {
		const started = performance.now();
		for (let i = 0; i < perRound; i++) run();
		best = Math.min(best, (performance.now() - started) / perRound);
	}
	return best;
}

function reportsBody(count: number): string {
	let body = '<?xml version="1.0" encoding="utf-8" ?>\n<returnsms>\n';
	for (let i = 0; i < count; i++) {
		body += `<statusbox>\n<mobile>1502323${String(i).padStart(4, '0')}</mobile>\n<taskid>27349872349${i}</taskid>\n<status>${i % 7 === 0 ? 20 : 10}</status>\n<receivetime>2020/6/${1 + (i % 28)} 18:21:21</receivetime>\n<errorcode><![CDATA[DELIVRD]]></errorcode>\n<extno></extno>\n</statusbox>\n`;
	}
	return `${body}</returnsms>`;
}

describe('performance', () => {
	it('encodeFrames of ~100 KB (text + 60 KB JPEG + 30 KB GIF) is within 2x of a bare base64', () => {
		const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(60 * 1024 - 4)]);
		const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), randomBytes(30 * 1024 - 6)]);
		const text = '彩信测试 MMS test，'.repeat(500);
		const frames = [
			{ durationSeconds: 3, text, images: [{ bytes: jpeg }] },
			{ durationSeconds: 5, images: [{ bytes: gif }] },
		];
		const same = Buffer.concat([encodeFrames([{ durationSeconds: 1, text }]).frames[0].parts[0].bytes, jpeg, gif]);
		assert.ok(same.length > 95_000 && same.length < 105_000);
		const ours = fastest(() => encodeFrames(frames), 7, 40);
		const bare = fastest(() => same.toString('base64'), 7, 40);
		assert.ok(ours <= bare * 2, `encodeFrames ${ours.toFixed(3)} ms vs base64 ${bare.toFixed(3)} ms`);
	});

	it('parseReportsReply of 10,000 statusbox is within 1.5x of a bare fast-xml-parser parse', () => {
		const body = reportsBody(10_000);
		const bareParser = new XMLParser();
		assert.equal(parseReportsReply(body).length, 10_000);
		const ours = fastest(() => parseReportsReply(body), 4, 1);
		const bare = fastest(() => bareParser.parse(body), 4, 1);
		assert.ok(ours <= bare * 1.5, `parseReportsReply ${ours.toFixed(1)} ms vs bare ${bare.toFixed(1)} ms`);
	});

	it('decodeContent grows linearly with the content', () => {
		const image = (size: number) => `3,jpg|${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(size)]).toString('base64')}`;
		const small = image(100_000);
		const large = image(1_000_000);
		const smallTime = fastest(() => decodeContent(small), 5, 5);
		const largeTime = fastest(() => decodeContent(large), 5, 2);
		assert.ok(largeTime < smallTime * 30, `10x input took ${(largeTime / smallTime).toFixed(1)}x the time`);
	});
});
