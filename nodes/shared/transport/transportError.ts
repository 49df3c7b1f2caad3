/**
 * Why a request to 28inter got no protocol reply. Built from a few cleaned fields of
 * the HTTP client's error, never by wrapping it: the client's error carries the
 * request body — and with it the password — in its config.
 *
 * - `notSent`: the request never reached the vendor (refused, unknown host). Safe to resend.
 * - `outcomeUnknown`: the request left but no reply came back (timeout, dropped
 *   connection). A send may have been accepted: check reports before resending.
 * - `httpStatus`: the vendor (or a proxy) answered with a non-2xx status.
 */
export type TransportFailure = 'notSent' | 'outcomeUnknown' | 'httpStatus';

export class TransportError extends Error {
	constructor(
		readonly failure: TransportFailure,
		message: string,
		/** The system error code or HTTP status, for descriptions and `code` in outputs. */
		readonly detail: string,
		readonly statusCode?: number,
	) {
		super(message);
		this.name = 'TransportError';
	}
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ERR_INVALID_URL', 'ERR_INVALID_PROTOCOL']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'ERR_CANCELED']);

function readField(value: unknown, key: string): unknown {
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function systemCode(error: unknown): string {
	for (const candidate of [error, readField(error, 'cause'), readField(error, 'error')]) {
		const code = readField(candidate, 'code');
		if (typeof code === 'string' && code.length > 0) return code.toUpperCase();
	}
	const message = readField(error, 'message');
	if (typeof message === 'string') {
		if (/timeout/i.test(message)) return 'ETIMEDOUT';
		if (/socket hang up/i.test(message)) return 'ECONNRESET';
	}
	return 'UNKNOWN';
}

function httpStatusOf(error: unknown): number | undefined {
	const status =
		readField(readField(error, 'response'), 'status') ??
		readField(error, 'statusCode') ??
		readField(error, 'httpCode');
	const parsed = typeof status === 'string' ? Number(status) : status;
	return typeof parsed === 'number' && Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
}

/** Turns whatever an HTTP helper threw into a TransportError that holds no request data. */
export function classifyRequestFailure(error: unknown, host: string): TransportError {
	const status = httpStatusOf(error);
	if (status !== undefined && (status < 200 || status > 299)) return httpStatusError(status, host);
	const code = systemCode(error);
	if (NOT_SENT_CODES.has(code)) {
		return new TransportError('notSent', `Could not reach 28inter at ${host}: the request was not sent`, code);
	}
	if (TIMEOUT_CODES.has(code)) return requestTimedOut(host, code);
	return new TransportError('outcomeUnknown', `The connection to 28inter at ${host} broke before a reply arrived`, code);
}

export function requestTimedOut(host: string, code = 'ETIMEDOUT'): TransportError {
	return new TransportError('outcomeUnknown', `No reply from 28inter at ${host} before the timeout`, code);
}

export function httpStatusError(status: number, host: string): TransportError {
	return new TransportError('httpStatus', `28inter at ${host} answered HTTP ${status} instead of a protocol reply`, String(status), status);
}
