export type VendorOperation = 'send' | 'balance' | 'reports';

export interface VendorCodeMeaning {
	code: string;
	english: string;
	chinese: string;
	advice: string;
}

const CHECK_CREDENTIAL = 'Check the user ID, account and password in the 28inter credential.';
const FILL_CREDENTIAL = 'Fill in the user ID, account and password in the 28inter credential.';

function meaning(code: string, english: string, chinese: string, advice: string): VendorCodeMeaning {
	return { code, english, chinese, advice };
}

// The Chinese texts are the vendor document's own words, so a user can match them against the vendor's support replies.
export const VENDOR_CODES: Record<VendorOperation, Record<string, VendorCodeMeaning>> = {
	send: {
		'0': meaning('0', 'parameters wrong', '参数不对', 'Check that the base URL points at the 28inter MMS interface and that every field is filled in.'),
		'1': meaning('1', 'user name or password empty', '用户名或密码不能为空', FILL_CREDENTIAL),
		'2': meaning('2', 'wrong user ID, account or password', '用户名或密码错误', CHECK_CREDENTIAL),
		'3': meaning('3', 'no mobile numbers', '号码为空', 'Give at least one mobile number in Recipients.'),
		'4': meaning('4', 'content empty', '内容为空', 'Give every frame a text or an image, or fill in the raw content.'),
		'5': meaning('5', 'more than 2000 numbers in one submission', '单次提交号码不能超过2000个', 'Send to at most 2,000 numbers per submission.'),
		'6': meaning('6', 'insufficient balance', '余额不足', 'Top up the 28inter account, then send again.'),
		'7': meaning('7', 'submit failed', '提交任务失败', 'The vendor could not create the task: try again later, and contact 28inter support if it keeps happening.'),
		'8': meaning('8', 'other error', '其他错误', 'The vendor reported an unspecified error: try again later, and contact 28inter support if it keeps happening.'),
		'9': meaning('9', 'MMS larger than 100 KB', '彩信文件大于100K', 'Make the images smaller or shorten the text: title plus content must stay within 102,400 bytes.'),
		'10': meaning('10', 'account not enabled for MMS', '该用户不支持彩信', 'Ask 28inter to enable MMS for this account.'),
	},
	reports: {
		'1': meaning('1', 'user name or password empty', '用户名或密码不能为空', FILL_CREDENTIAL),
		'2': meaning('2', 'wrong user ID, account or password', '用户名或密码错误', CHECK_CREDENTIAL),
		'3': meaning('3', 'account not allowed to read delivery reports', '该用户不允许查看状态报告', 'Ask 28inter to enable delivery report access (状态报告) for this account.'),
		'4': meaning('4', 'parameters incorrect', '参数不正确', 'Check that the base URL points at the 28inter MMS interface and that the number of reports to fetch is between 1 and 10,000.'),
	},
	balance: {
		Faild: meaning('Faild', 'balance query refused', '查询失败', CHECK_CREDENTIAL),
	},
};

// The balance reply carries its reason as Chinese text next to the single code 'Faild'.
const BALANCE_MESSAGES: Record<string, { english: string; advice: string }> = {
	用户名或密码不能为空: { english: 'user name or password empty', advice: FILL_CREDENTIAL },
	用户名或密码错误: { english: 'wrong user ID, account or password', advice: CHECK_CREDENTIAL },
};

export function vendorCodeMeaning(operation: VendorOperation, code: string): VendorCodeMeaning | undefined {
	const table = VENDOR_CODES[operation];
	return Object.prototype.hasOwnProperty.call(table, code) ? table[code] : undefined;
}

export abstract class Inter28Error extends Error {
	abstract readonly kind: 'invalidInput' | 'vendor' | 'unexpectedReply';
}

/** Bad user input detected before anything is sent. `field` is the node parameter name ('recipients', 'title',
 *  'frames', 'rawContent', 'scheduledAt', 'baseUrl', ...); the message says what is wrong (no trailing period,
 *  like n8n's own messages) and `hint` says what to fix, as a full sentence. */
export class InvalidInputError extends Inter28Error {
	readonly kind = 'invalidInput' as const;
	readonly field: string;
	readonly hint: string;

	constructor(message: string, field: string, hint: string) {
		super(message);
		this.name = 'InvalidInputError';
		this.field = field;
		this.hint = hint;
	}
}

/** The vendor answered with one of its failure codes. */
export class VendorError extends Inter28Error {
	readonly kind = 'vendor' as const;
	readonly operation: VendorOperation;
	readonly code: string;
	readonly english: string;
	readonly chinese: string;
	readonly advice: string;

	/** `vendorText` is the vendor's own explanation (balance <message>, reports <remark>) when it sent one. */
	constructor(operation: VendorOperation, code: string, vendorText?: string) {
		const known = vendorCodeMeaning(operation, code);
		const text = vendorText?.trim() ?? '';
		let english = known?.english ?? 'unknown error code';
		let chinese = known?.chinese ?? (text === '' ? '未知错误' : text);
		let advice = known?.advice ?? 'Contact 28inter support and quote this code.';
		if (operation === 'balance' && text !== '') {
			chinese = text;
			const specific = Object.prototype.hasOwnProperty.call(BALANCE_MESSAGES, text) ? BALANCE_MESSAGES[text] : undefined;
			if (specific !== undefined) {
				english = specific.english;
				advice = specific.advice;
			}
		}
		super(`28inter error ${code}: ${english} (${chinese})`);
		this.name = 'VendorError';
		this.operation = operation;
		this.code = code;
		this.english = english;
		this.chinese = chinese;
		this.advice = advice;
	}
}

const EXCERPT_MAX_CHARS = 200;

const OPERATION_LABELS: Record<VendorOperation, string> = {
	send: 'send request',
	balance: 'balance query',
	reports: 'delivery report query',
};

function excerptOf(body: string): string {
	// Collapsing whitespace keeps an HTML error page readable on one line.
	// Only the head matters; slicing first keeps a megabyte-long error page cheap.
	const flat = body.trimStart().slice(0, EXCERPT_MAX_CHARS * 20).replace(/\s+/g, ' ').trim();
	if (flat.length <= EXCERPT_MAX_CHARS) return flat;
	let cut = flat.slice(0, EXCERPT_MAX_CHARS);
	const last = cut.charCodeAt(cut.length - 1);
	if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
	return cut;
}

/** HTTP 200 but not a protocol reply (HTML page, empty body, truncated XML...). */
export class UnexpectedReplyError extends Inter28Error {
	readonly kind = 'unexpectedReply' as const;
	readonly operation: VendorOperation;
	/** At most 200 characters of the body, whitespace collapsed. The caller must still redact secrets before logging. */
	readonly excerpt: string;

	constructor(operation: VendorOperation, body: string, reason: string) {
		const excerpt = excerptOf(body);
		const quoted = excerpt === '' ? 'The body was empty.' : `It began: "${excerpt}"`;
		super(
			`28inter sent a reply to the ${OPERATION_LABELS[operation]} that is not in the protocol's format (${reason}). ${quoted} ` +
				'Check that the base URL points at the 28inter MMS interface and is not a proxy or login page.',
		);
		this.name = 'UnexpectedReplyError';
		this.operation = operation;
		this.excerpt = excerpt;
	}
}

/** Check Balance First: the account cannot pay for what this execution would send, so nothing was sent.
 *  An input error of the `checkBalance` option, with the figures a user needs to decide. */
export class BalanceTooLowError extends InvalidInputError {
	readonly pointsNeeded: number;
	readonly pointsAvailable: number | null;

	constructor(pointsNeeded: number, pointsAvailable: number | null) {
		super(
			pointsAvailable === null
				? `28inter did not say how many points are left, so the ${pointsNeeded} points this send needs cannot be confirmed`
				: `Not enough points: this send needs ${pointsNeeded}, the account has ${pointsAvailable}`,
			'checkBalance',
			pointsAvailable === null
				? 'Turn off "Check Balance First" to send without the check.'
				: 'Top up the 28inter account, send to fewer numbers, or set "Points per Recipient" to what 28inter really charges.',
		);
		this.name = 'BalanceTooLowError';
		this.pointsNeeded = pointsNeeded;
		this.pointsAvailable = pointsAvailable;
	}
}
