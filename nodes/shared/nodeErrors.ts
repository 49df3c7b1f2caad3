import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import {
	BalanceTooLowError,
	InvalidInputError,
	UnexpectedReplyError,
	VendorError,
	redactSecrets,
	type VendorOperation,
} from '../protocol';
import { TransportError } from './transport/transportError';

const CHECK_REPORTS =
	'Check the delivery reports (Report → Get Many, or the 28inter MMS Trigger) before sending again: this node never retries a send by itself, because a retry could deliver the MMS twice.';

export interface ErrorContext {
	operation: VendorOperation;
	itemIndex?: number;
	/** Values that must never appear in an error (the password). */
	secrets: readonly string[];
	/** Appended to the description, e.g. the submissions already accepted. */
	extraDescription?: string;
}

/** A short machine-readable code, for `{ error, code }` items under Continue On Fail. */
function errorCodeOf(error: unknown): string {
	if (error instanceof VendorError) return error.code;
	if (error instanceof BalanceTooLowError) return 'BALANCE_TOO_LOW';
	if (error instanceof InvalidInputError) return 'INVALID_INPUT';
	if (error instanceof UnexpectedReplyError) return 'UNEXPECTED_REPLY';
	if (error instanceof TransportError) {
		if (error.failure === 'httpStatus') return `HTTP_${error.detail}`;
		return error.failure === 'notSent' ? 'NOT_SENT' : 'OUTCOME_UNKNOWN';
	}
	return 'UNKNOWN';
}

/**
 * Whether a failed request may still have taken effect at 28inter. Only a request that provably never
 * reached the vendor's application counts as not taken: the connection was refused or the host not
 * found, the server refused it with a 4xx before processing, the vendor answered with a failure code,
 * or the node refused the input. Everything else — a 5xx (a proxy may answer 502/504 after the vendor
 * accepted), a timeout, a reset, a reply that cannot be read, an error nobody expected — is uncertain:
 * calling such numbers "not sent" would invite a resend, and a second MMS.
 */
export function mayHaveBeenAccepted(error: unknown): boolean {
	if (error instanceof InvalidInputError || error instanceof VendorError) return false;
	if (error instanceof TransportError) {
		if (error.failure === 'notSent') return false;
		if (error.failure === 'httpStatus') return !isClientError(error.statusCode);
	}
	return true;
}

function isClientError(status: number | undefined): boolean {
	return status !== undefined && status >= 400 && status <= 499;
}

/**
 * Our messages are built from our own texts, so they cannot hold the password; only what
 * came from outside is redacted, before it is quoted: a reply (by the transport) and the
 * message of an error nobody expected (here). Redacting our own words would garble them
 * when a password happens to be a common word, and show where it occurs.
 */
function describe(
	error: unknown,
	operation: VendorOperation,
	secrets: readonly string[],
): { message: string; description: string } {
	if (error instanceof InvalidInputError) {
		return { message: error.message, description: `${error.hint} (parameter: ${error.field}; nothing was sent to 28inter)` };
	}
	if (error instanceof VendorError) {
		return { message: error.message, description: error.advice };
	}
	const mayHaveSent = operation === 'send' ? ` The MMS may or may not have been accepted. ${CHECK_REPORTS}` : '';
	const reportsLost =
		operation === 'reports'
			? ' If the vendor had already handed reports out in this lost reply, no client can fetch them again.'
			: '';
	if (error instanceof UnexpectedReplyError) {
		// The transport built this error from the reply with the password masked (Inter28Client.parse).
		return {
			message: error.message,
			description: `The server answered, but not with a 28inter protocol reply (often a proxy or maintenance page, or a wrong base URL).${mayHaveSent}${reportsLost}`,
		};
	}
	if (error instanceof TransportError) {
		if (error.failure === 'notSent') {
			return {
				message: error.message,
				description: `Check the credential's endpoint or base URL and this machine's network access (${error.detail}). Nothing was sent.`,
			};
		}
		if (error.failure === 'httpStatus') {
			if (operation !== 'send') {
				return { message: error.message, description: `Try again later; if it persists, check the base URL or ask 28inter about the service.${reportsLost}` };
			}
			if (isClientError(error.statusCode)) {
				return {
					message: error.message,
					description: `The server refused the request before processing it, so the MMS was not sent. Check the credential's base URL (it must point at the 28inter MMS interface) and the size of the message.`,
				};
			}
			return {
				message: `The MMS may have been sent: ${error.message}`,
				description: `A proxy in front of 28inter can answer so after the vendor accepted the MMS. ${CHECK_REPORTS}`,
			};
		}
		if (operation === 'send') {
			return {
				message: `The MMS may have been sent: ${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}`,
				description: `${CHECK_REPORTS} (${error.detail})`,
			};
		}
		return {
			message: error.message,
			description: `Try again later; if it persists, raise the Timeout option or check the network (${error.detail}).${reportsLost}`,
		};
	}
	const message = error instanceof Error ? error.message : String(error);
	return { message: `Unexpected failure: ${redactSecrets(message, secrets)}`, description: '' };
}

/**
 * Builds the n8n error from our typed errors' cleaned fields only. A NodeApiError is
 * never given a raw HTTP-client error: that would carry the form body (with the
 * password), and n8n would replace a timeout's text by its "consider Retry on Fail"
 * advice — the opposite of what a send needs.
 */
export function toNodeError(node: INode, error: unknown, context: ErrorContext): NodeApiError | NodeOperationError {
	const { message: cleanMessage, description } = describe(error, context.operation, context.secrets);
	const fullDescription = [description, context.extraDescription].filter(Boolean).join('\n\n');
	if (error instanceof InvalidInputError) {
		return new NodeOperationError(node, cleanMessage, {
			description: fullDescription,
			itemIndex: context.itemIndex,
		});
	}
	const response: JsonObject = { message: cleanMessage, description: fullDescription, code: errorCodeOf(error) };
	const httpCode = error instanceof TransportError && error.statusCode ? String(error.statusCode) : undefined;
	return new NodeApiError(node, response, {
		message: cleanMessage,
		description: fullDescription,
		itemIndex: context.itemIndex,
		httpCode,
	});
}

/** The `{ error, code }` item a failing item carries under Continue On Fail. */
export function errorItemJson(error: unknown, context: ErrorContext): JsonObject {
	const { message, description } = describe(error, context.operation, context.secrets);
	const json: JsonObject = { error: message, code: errorCodeOf(error), description };
	if (error instanceof InvalidInputError) json.field = error.field;
	return json;
}

/** The credential "Test" button's one line: in plain words what went wrong, and what to check. */
export function credentialTestWords(error: unknown, secrets: readonly string[]): string {
	if (error instanceof VendorError) {
		return `28inter refused these credentials: ${error.english} (${error.chinese}). Check the user ID, account and password.`;
	}
	if (error instanceof TransportError) {
		if (error.failure === 'notSent') return `${error.message}. Check the endpoint or base URL.`;
		if (error.failure === 'httpStatus') return `${error.message}. Check the base URL: it does not look like a 28inter entry point.`;
		return `${error.message}. The host may be down or blocked by a firewall.`;
	}
	if (error instanceof UnexpectedReplyError) {
		// Only the reply excerpt comes from outside: a proxy might echo the request.
		const excerpt = redactSecrets(error.excerpt.slice(0, 80), secrets);
		return `The server answered, but not like 28inter — check the base URL. It said: ${JSON.stringify(excerpt)}`;
	}
	if (error instanceof InvalidInputError) return `${error.message}. ${error.hint}`;
	const message = error instanceof Error ? error.message : String(error);
	return redactSecrets(message, secrets);
}
