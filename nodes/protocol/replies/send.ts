import { UnexpectedReplyError, VendorError } from '../errors';
import { bodyText, cleanBody } from './xmlReply';

export interface SendAccepted {
	/** The account balance after this send, as the vendor reports it (may be negative or decimal). */
	balance: number;
	/** The vendor's task ID, kept as text: it is longer than a JavaScript number can hold exactly. */
	taskId: string;
}

/** A task ID as the vendor writes it in 'balance:taskId'; report filters accept the same. */
export const TASK_ID = /^[0-9A-Za-z_-]{1,64}$/;
const ACCEPTED = new RegExp(`^(-?\\d{1,15}(?:\\.\\d{1,10})?):(${TASK_ID.source.slice(1, -1)})$`);
const FAILURE_CODE = /^(?:\d|10)$/;
// Longer than any reply the document describes; checked first so a large HTML page never meets a regex.
const MAX_REPLY_CHARS = 100;

/** 'balance:taskId' (e.g. '100:27349872349823') -> SendAccepted; a bare code '0'..'10' -> VendorError('send');
 *  anything else -> UnexpectedReplyError quoting at most 200 characters. */
export function parseSendReply(reply: string): SendAccepted {
	const body = bodyText(reply, 'send');
	const text = cleanBody(body);
	if (text === '') throw new UnexpectedReplyError('send', text, 'the body is empty');
	if (text.length <= MAX_REPLY_CHARS) {
		if (FAILURE_CODE.test(text)) throw new VendorError('send', text);
		const accepted = ACCEPTED.exec(text);
		if (accepted !== null) return { balance: Number(accepted[1]), taskId: accepted[2] };
	}
	throw new UnexpectedReplyError('send', body, "it is neither 'balance:taskID' nor an error code from 0 to 10");
}
