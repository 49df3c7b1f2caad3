// The vendor's own words, copied from the document (docs/vendor/28inter-mms-protocol.zh.txt) rather than taken
// from the protocol core: the simulator is what the core is checked against, so it must not
// inherit a typo from it. A test compares this table with the core's VENDOR_CODES.

/** 2.1.3: the bare codes a send can answer. */
export const SEND_CODE_TEXT: Readonly<Record<number, string>> = {
	0: '参数不对',
	1: '用户名或密码不能为空',
	2: '用户名或密码错误',
	3: '号码为空',
	4: '内容为空',
	5: '单次提交号码不能超过2000个',
	6: '余额不足',
	7: '提交任务失败',
	8: '其他错误',
	9: '彩信文件大于100K',
	10: '该用户不支持彩信',
};

/** 2.3.4: <error>/<remark> of a failed report query. */
export const REPORT_ERROR_TEXT: Readonly<Record<number, string>> = {
	1: '用户名或密码不能为空',
	2: '用户名或密码错误',
	3: '该用户不允许查看状态报告',
	4: '参数不正确',
};

/** 2.2.3: <message> of the balance reply. */
export const BALANCE_MESSAGES = {
	success: '返回成功',
	empty: '用户名或密码不能为空',
	wrong: '用户名或密码错误',
} as const;

/** 2.2.3: <payinfo>. */
export const PAYINFO = { prepaid: '预付费', postpaid: '后付费' } as const;
