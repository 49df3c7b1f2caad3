// The fast reading of report replies must never differ from the XML parser's: where the scanner
// answers, its reports equal readReportsXml's; where the reply is anything but the vendor's usual
// shape, it declines and the parser decides (including refusing a reply that is not the protocol).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { parseReportsReply, readReportsXml } from '../../../nodes/protocol';
import { scanReports } from '../../../nodes/protocol/replies/reportsScanner';

const NL = '\r\n';

interface Box {
	mobile: string;
	taskid: string;
	status: string;
	time: string;
	code: string;
	ext: string;
}

const boxArb: fc.Arbitrary<Box> = fc.record({
	mobile: fc.stringMatching(/^1[3-9]\d{9}$/),
	taskid: fc.stringMatching(/^\d{1,20}$/),
	status: fc.constantFrom('10', '20'),
	time: fc.constantFrom('2011-12-02 22:12:11', '2020/6/8 18:21:21', '2026-1-9 8:05:00', 'yesterday'),
	code: fc.constantFrom('DELIVRD', 'UNDELIV', 'MK:0001', '2', ''),
	ext: fc.constantFrom('', '0012', '88'),
});

function render(boxes: Box[], cdata: boolean, prolog: boolean): string {
	const wrap = (value: string) => (cdata ? `<![CDATA[${value}]]>` : value);
	const body = boxes
		.map(
			(b) =>
				`<statusbox>${NL}<mobile>${b.mobile}</mobile>${NL}<taskid>${b.taskid}</taskid>${NL}<status>${b.status}</status>${NL}` +
				`<receivetime>${b.time}</receivetime>${NL}<errorcode>${wrap(b.code)}</errorcode>${NL}<extno>${wrap(b.ext)}</extno>${NL}</statusbox>${NL}`,
		)
		.join('');
	return `${prolog ? `<?xml version="1.0" encoding="utf-8" ?> ${NL}` : ''}<returnsms>${NL}${body}</returnsms>`;
}

const replyArb = fc.tuple(fc.array(boxArb, { maxLength: 20 }), fc.boolean(), fc.boolean()).map(([boxes, cdata, prolog]) => render(boxes, cdata, prolog));

/** Edits a real reply might carry (or a proxy might make): each either keeps the meaning or changes it. */
const editArb = fc.oneof(
	fc.constant((t: string) => t.replace('DELIVRD', 'A&amp;B')),
	fc.constant((t: string) => t.replace('<statusbox>', '<statusbox><!-- x -->')),
	fc.constant((t: string) => t.replace('<status>', '<status kind="a">')),
	fc.constant((t: string) => t.replace(/<mobile>(\d+)<\/mobile>(\s*)<taskid>(\d+)<\/taskid>/, '<taskid>$3</taskid>$2<mobile>$1</mobile>')),
	fc.constant((t: string) => t.replace('<status>10</status>', '<status>30</status>')),
	fc.constant((t: string) => t.replace('<status>20</status>', '<status> 20 </status>')),
	fc.constant((t: string) => t.replace(/\r\n/g, '\n')),
	fc.constant((t: string) => t.replace(/\r\n/g, '')),
	fc.constant((t: string) => t.replace('</extno>', '</extno><channel>2</channel>')),
	fc.constant((t: string) => t.replace('<returnsms>', '<returnsms><total>3</total>')),
	fc.constant((t: string) => t.replace('<![CDATA[', '<![CDATA[ ')),
	fc.constant((t: string) => t.replace(']]>', ' ]]>')),
	fc.constant((t: string) => t.replace(/<extno>[^<]*<\/extno>/, '<extno/>')),
	fc.constant((t: string) => t.replace('<mobile>', '<MOBILE>').replace('</mobile>', '</MOBILE>')),
	fc.constant((t: string) => `\ufeff  ${t}  `),
	fc.integer({ min: 1, max: 400 }).map((cut) => (t: string) => t.slice(0, Math.max(0, t.length - cut))),
);

function fullReading(text: string): ReturnType<typeof readReportsXml> | Error {
	try {
		return readReportsXml(text);
	} catch (error) {
		return error as Error;
	}
}

describe('scanReports, the fast reading of report replies', () => {
	it('reads every reply in the vendor’s shape, exactly as the XML parser does', () => {
		fc.assert(
			fc.property(replyArb, (text) => {
				const scanned = scanReports(text);
				assert.ok(scanned !== undefined, 'the usual shape takes the fast path');
				assert.deepEqual(scanned, (fullReading(text) as ReturnType<typeof readReportsXml>).reports);
			}),
			{ numRuns: 300 },
		);
	});

	it('on any edit either agrees with the parser or leaves the reply to it', () => {
		fc.assert(
			fc.property(replyArb, fc.array(editArb, { minLength: 1, maxLength: 3 }), (text, edits) => {
				const edited = edits.reduce((t, edit) => edit(t), text);
				const scanned = scanReports(edited);
				if (scanned === undefined) return;
				const full = fullReading(edited);
				assert.ok(!(full instanceof Error), `the scanner read a reply the parser refuses: ${JSON.stringify(edited.slice(0, 200))}`);
				assert.deepEqual(scanned, full.reports);
				assert.deepEqual(full.notes, [], 'nothing the parser would warn about');
			}),
			{ numRuns: 1000 },
		);
	});

	it('parseReportsReply gives the same page either way', () => {
		const text = render([{ mobile: '13800138000', taskid: '7', status: '20', time: '2020/6/8 18:21:21', code: 'MK:0001', ext: '' }], true, true);
		assert.deepEqual(parseReportsReply(text), { reports: readReportsXml(text).reports, notes: [] });
		assert.deepEqual(parseReportsReply(text).reports[0], {
			mobile: '13800138000',
			taskId: '7',
			status: 'failed',
			statusCode: 20,
			receivedAt: '2020-06-08T18:21:21+08:00',
			gatewayCode: 'MK:0001',
			extNo: '',
		});
	});
});
