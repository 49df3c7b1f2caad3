// Odd delivery reports (statusboxes the document does not describe) and the extra element inside
// <returnsms>. The expected XML is written out here by hand, not built by the simulator's writer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REPORT_ODDITIES, SimulatorClient } from './index';
import type { ReportOddity, SimReport } from './index';
import { post, queryFields, REPORTS_PATH, statusBoxes } from './testHelpers';
import { DEFAULT_ACCOUNTS } from './index';
import { useSimulator } from '../support/simulatorFixture';

// The simulator's own tests: no nodes to load, its default accounts.
const sim = useSimulator({ nodes: false, accounts: DEFAULT_ACCOUNTS });

async function query(overrides: Record<string, string> = {}): Promise<string> {
	const reply = await post(sim.url, REPORTS_PATH, queryFields(overrides));
	assert.equal(reply.status, 200);
	return reply.text;
}

/** Every <statusbox>…</statusbox> exactly as written. */
function rawBoxes(xml: string): string[] {
	return [...xml.matchAll(/<statusbox>[\s\S]*?<\/statusbox>\r\n/g)].map((m) => m[0]);
}

function allReports(): SimReport[] {
	return sim.state.reportsLog().flatMap((entry) => entry.reports ?? []);
}

/** The document's statusbox for a report, line by line, CRLF. */
function lines(r: SimReport): Record<'mobile' | 'taskid' | 'status' | 'receivetime' | 'errorcode' | 'extno', string> {
	return {
		mobile: `<mobile>${r.mobile}</mobile>`,
		taskid: `<taskid>${r.taskId}</taskid>`,
		status: `<status>${r.status}</status>`,
		receivetime: `<receivetime>${r.receiveTime}</receivetime>`,
		errorcode: `<errorcode>${r.errorCode}</errorcode>`,
		extno: `<extno>${r.extNo}</extno>`,
	};
}

function box(parts: string[]): string {
	return ['<statusbox>', ...parts, '</statusbox>'].join('\r\n') + '\r\n';
}

const EXPECTED: Record<ReportOddity, (r: SimReport) => string> = {
	unknownStatus: (r) => {
		const l = lines(r);
		return box([l.mobile, l.taskid, '<status>30</status>', l.receivetime, l.errorcode, l.extno]);
	},
	textStatus: (r) => {
		const l = lines(r);
		return box([l.mobile, l.taskid, `<status>${r.errorCode}</status>`, l.receivetime, l.errorcode, l.extno]);
	},
	missingMobile: (r) => {
		const l = lines(r);
		return box([l.taskid, l.status, l.receivetime, l.errorcode, l.extno]);
	},
	missingTaskid: (r) => {
		const l = lines(r);
		return box([l.mobile, l.status, l.receivetime, l.errorcode, l.extno]);
	},
	missingReceivetime: (r) => {
		const l = lines(r);
		return box([l.mobile, l.taskid, l.status, l.errorcode, l.extno]);
	},
	repeatedStatus: (r) => {
		const l = lines(r);
		return box([l.mobile, l.taskid, l.status, `<status>${r.status === 10 ? 20 : 10}</status>`, l.receivetime, l.errorcode, l.extno]);
	},
	nestedMobile: (r) => {
		const l = lines(r);
		return box([`<mobile><n>${r.mobile}</n></mobile>`, l.taskid, l.status, l.receivetime, l.errorcode, l.extno]);
	},
	extraChild: (r) => {
		const l = lines(r);
		return box([l.mobile, l.taskid, l.status, l.receivetime, l.errorcode, l.extno, '<channel>2</channel>']);
	},
};

describe('odd reports', () => {
	for (const oddity of REPORT_ODDITIES) {
		it(`${oddity}: every report of the injection is written that way, between normal ones`, async () => {
			sim.state.injectReports(2, { failedShare: 0 });
			const odd = sim.state.injectReports(4, { oddity, failedShare: 0.5 });
			sim.state.injectReports(1, { failedShare: 0 });
			const xml = await query();
			const boxes = rawBoxes(xml);
			const reports = allReports();
			assert.equal(boxes.length, 7);
			assert.equal(reports.length, 7);
			for (let i = 0; i < 7; i++) {
				const report = reports[i];
				if (i >= 2 && i < 6) {
					assert.equal(report.oddity, oddity);
					assert.equal(report.taskId, odd.taskId);
					assert.equal(boxes[i], EXPECTED[oddity](report), `report ${i}`);
				} else {
					assert.equal(report.oddity, undefined);
					assert.equal(report.extNo, '');
					assert.equal(boxes[i], box(Object.values(lines(report))), `normal report ${i}`);
				}
			}
			const extNos = reports.slice(2, 6).map((r) => r.extNo);
			assert.deepEqual(odd.oddExtNos, { first: extNos[0], last: extNos[3] });
			const first = Number(/^odd-(\d+)$/.exec(extNos[0])?.[1]);
			assert.deepEqual(extNos, [first, first + 1, first + 2, first + 3].map((n) => `odd-${n}`));
			assert.equal(xml.split(extNos[2]).length, 2, 'an odd extno occurs once in the reply');
		});
	}

	it('textStatus writes the gateway code where the number belongs: DELIVRD, or the failure code', async () => {
		sim.state.injectReports(3, { oddity: 'textStatus', failedShare: 0 });
		sim.state.injectReports(3, { oddity: 'textStatus', failedShare: 1 });
		const statuses = rawBoxes(await query()).map((b) => /<status>([^<]*)<\/status>/.exec(b)?.[1]);
		assert.deepEqual(statuses.slice(0, 3), ['DELIVRD', 'DELIVRD', 'DELIVRD']);
		for (const status of statuses.slice(3)) assert.match(status ?? '', /^(UNDELIV|EXPIRED|MK:0001|2)$/);
		assert.deepEqual(allReports().map((r) => r.status), [10, 10, 10, 20, 20, 20]);
	});

	it('extno numbers keep growing across injections and resets', async () => {
		const a = sim.state.injectReports(2, { oddity: 'extraChild' });
		const b = sim.state.injectReports(3, { oddity: 'missingMobile' });
		sim.state.reset();
		const c = sim.state.injectReports(1, { oddity: 'nestedMobile' });
		const n = (extNo: string | undefined) => Number(extNo?.slice('odd-'.length));
		assert.equal(n(b.oddExtNos?.first), n(a.oddExtNos?.last) + 1);
		assert.equal(n(b.oddExtNos?.last), n(b.oddExtNos?.first) + 2);
		assert.equal(n(c.oddExtNos?.first), n(b.oddExtNos?.last) + 1);
		assert.equal(sim.state.injectReports(1).oddExtNos, undefined);
	});

	it('follows the reply styles: CDATA extno and errorcode, slash dates', async () => {
		sim.state.settings({ reportCdata: true, reportSlashDates: true });
		const odd = sim.state.injectReports(1, { oddity: 'missingTaskid', failedShare: 0 });
		const [written] = rawBoxes(await query());
		assert.equal(
			written.replace(/<receivetime>[^<]*<\/receivetime>/, '<receivetime/>'),
			box([`<mobile>${allReports()[0].mobile}</mobile>`, '<status>10</status>', '<receivetime/>', '<errorcode><![CDATA[DELIVRD]]></errorcode>', `<extno><![CDATA[${odd.oddExtNos?.first}]]></extno>`]),
		);
		assert.match(written, /<receivetime>\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}:\d{2}<\/receivetime>/);
	});

	it('are handed out once and logged like any report, including when the reply is lost', async () => {
		sim.state.injectReports(5, { oddity: 'unknownStatus' });
		sim.state.injectFault({ kind: 'acceptedThenDrop', operation: 'reports' });
		await assert.rejects(post(sim.url, REPORTS_PATH, queryFields({ statusNum: '2' })));
		assert.equal(rawBoxes(await query()).length, 3);
		assert.equal(await query(), '');
		const log = sim.state.reportsLog();
		assert.deepEqual(log.map((e) => [e.count, e.outcome]), [
			[2, 'lostInReply'],
			[3, 'delivered'],
		]);
		assert.ok(log.every((e) => e.reports?.every((r) => r.oddity === 'unknownStatus' && r.extNo.startsWith('odd-'))));
	});

	it('a 10,000-report reply keeps its odd reports among the normal ones', async () => {
		sim.state.injectReports(4000);
		const odd = sim.state.injectReports(2, { oddity: 'repeatedStatus' });
		sim.state.injectReports(5998);
		const xml = await query({ statusNum: '10000' });
		assert.equal(rawBoxes(xml).length, 10_000);
		const boxes = statusBoxes(xml);
		assert.equal(boxes[4000].extno, odd.oddExtNos?.first);
		assert.equal(boxes[4001].extno, odd.oddExtNos?.last);
		assert.equal(boxes.filter((b) => b.extno !== '').length, 2);
	});

	it('refuses an unknown oddity, in process and through the control API', async () => {
		assert.throws(() => sim.state.injectReports(1, { oddity: 'weird' as ReportOddity }), /oddity must be one of unknownStatus, textStatus/);
		assert.equal(sim.state.pendingReports(), 0);
		const client = new SimulatorClient(sim.url);
		await assert.rejects(client.injectReports(1, { oddity: 'weird' as ReportOddity }), /HTTP 400: oddity must be one of/);
		const result = await client.injectReports(2, { oddity: 'nestedMobile' });
		assert.match(result.oddExtNos?.first ?? '', /^odd-\d+$/);
		assert.match(rawBoxes(await query())[0], /<mobile><n>139\d{8}<\/n><\/mobile>/);
		const log = await client.reportsLog();
		assert.deepEqual(log[0].reports?.map((r) => r.oddity), ['nestedMobile', 'nestedMobile']);
	});
});

describe('reportExtraElement', () => {
	it('adds <total>N</total> directly inside <returnsms> of replies that carry reports', async () => {
		sim.state.settings({ reportExtraElement: true });
		sim.state.injectReports(5);
		const xml = await query({ statusNum: '3' });
		assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8" ?> \r\n<returnsms>\r\n<total>3</total>\r\n<statusbox>\r\n'), xml.slice(0, 120));
		assert.equal(statusBoxes(xml).length, 3);
		assert.match(await query(), /<returnsms>\r\n<total>2<\/total>\r\n<statusbox>/);
	});

	it('leaves empty replies and error replies alone', async () => {
		sim.state.settings({ reportExtraElement: true });
		assert.equal(await query(), '');
		sim.state.settings({ emptyReports: 'emptyReturnsms' });
		assert.doesNotMatch(await query(), /<total>/);
		assert.doesNotMatch(await query({ statusNum: '0' }), /<total>/);
	});

	it('is off by default and refused unless boolean', async () => {
		sim.state.injectReports(1);
		assert.doesNotMatch(await query(), /<total>/);
		assert.throws(() => sim.state.settings({ reportExtraElement: 'yes' as unknown as boolean }), /reportExtraElement must be true or false/);
	});
});
