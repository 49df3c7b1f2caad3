// Delivery reports whose <statusbox> the vendor document does not describe: a status other than
// 10/20, a status written as text, a missing or repeated or nested element, an unknown child. Real
// gateways drift like this; a client must still hand such a report on rather than drop the page
// it came in. An injection with an `oddity` renders every one of its reports that way.
//
// Each odd report carries a unique extno `odd-<n>` (n grows across resets, like task IDs), so a
// test can find it in a node's output, and the reports log keeps the report as the gateway holds
// it (status 10/20 from the failed share, its gateway code, its mobile...) plus `oddity`, which
// says how the statusbox on the wire departs from those values:
//
//   oddity              on the wire, instead of the document's statusbox
//   unknownStatus       <status>30</status>
//   textStatus          <status>{errorcode}</status>, e.g. <status>DELIVRD</status>
//   missingMobile       no <mobile> element
//   missingTaskid       no <taskid> element
//   missingReceivetime  no <receivetime> element
//   repeatedStatus      <status>{status}</status> then <status>{the other of 10/20}</status>
//   nestedMobile        <mobile><n>{mobile}</n></mobile>
//   extraChild          an unknown <channel>2</channel> after <extno>; otherwise a normal report

export type ReportOddity =
	| 'unknownStatus'
	| 'textStatus'
	| 'missingMobile'
	| 'missingTaskid'
	| 'missingReceivetime'
	| 'repeatedStatus'
	| 'nestedMobile'
	| 'extraChild';

export const REPORT_ODDITIES: readonly ReportOddity[] = [
	'unknownStatus',
	'textStatus',
	'missingMobile',
	'missingTaskid',
	'missingReceivetime',
	'repeatedStatus',
	'nestedMobile',
	'extraChild',
];

/** The status value no document version defines. */
export const UNKNOWN_STATUS = 30;
/** The child element extraChild adds. */
export const EXTRA_CHILD = '<channel>2</channel>';

export function oddExtNo(seq: number): string {
	return `odd-${seq}`;
}

/** One report's fields, already written as the reply style wants them (CDATA, date style). */
export interface StatusBoxFields {
	mobile: string;
	taskId: string;
	status: 10 | 20;
	receiveTime: string;
	/** The gateway code as text, without CDATA. */
	errorCode: string;
	/** errorcode and extno elements' content, CDATA applied. */
	errorCodeXml: string;
	extNoXml: string;
}

/** The odd <statusbox> of one report, CRLF line breaks like the normal ones. */
export function oddStatusBox(oddity: ReportOddity, f: StatusBoxFields, nl: string): string {
	const lines: string[] = ['<statusbox>'];
	if (oddity === 'nestedMobile') lines.push(`<mobile><n>${f.mobile}</n></mobile>`);
	else if (oddity !== 'missingMobile') lines.push(`<mobile>${f.mobile}</mobile>`);
	if (oddity !== 'missingTaskid') lines.push(`<taskid>${f.taskId}</taskid>`);
	if (oddity === 'unknownStatus') lines.push(`<status>${UNKNOWN_STATUS}</status>`);
	else if (oddity === 'textStatus') lines.push(`<status>${f.errorCode}</status>`);
	else lines.push(`<status>${f.status}</status>`);
	if (oddity === 'repeatedStatus') lines.push(`<status>${f.status === 10 ? 20 : 10}</status>`);
	if (oddity !== 'missingReceivetime') lines.push(`<receivetime>${f.receiveTime}</receivetime>`);
	lines.push(`<errorcode>${f.errorCodeXml}</errorcode>`, `<extno>${f.extNoXml}</extno>`);
	if (oddity === 'extraChild') lines.push(EXTRA_CHILD);
	lines.push('</statusbox>');
	return lines.join(nl) + nl;
}
