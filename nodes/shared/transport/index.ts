import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IExecuteFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import {
	PATHS,
	balanceFields,
	buildFormBody,
	parseBalanceReply,
	parseReportsReply,
	parseSendReply,
	redactSecrets,
	reportsFields,
	resolveBaseUrl,
	sendBodyBuilder,
	UnexpectedReplyError,
	VendorError,
	type AccountCredentials,
	type BalanceInfo,
	type DeliveryReport,
	type EndpointChoice,
	type SendAccepted,
	type SendMessage,
} from '../../protocol';
import { classifyRequestFailure, httpStatusError } from './transportError';

export { TransportError } from './transportError';

/** The only HTTP call the protocol needs: post a form, read text back. */
export type PostForm = (request: { url: string; body: string; timeoutMs: number }) => Promise<{
	statusCode: number;
	body: string;
}>;

export const DEFAULT_TIMEOUT_MS = 30_000;

/** The node's "Timeout (Seconds)" option in milliseconds; unset or not positive means the default. */
export function timeoutFromSeconds(seconds: number | undefined): number {
	return seconds && seconds > 0 ? Math.round(seconds * 1000) : DEFAULT_TIMEOUT_MS;
}

const FORM_HEADERS = { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' };

function asText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
	// Anything else means a helper parsed the body for us; a vendor reply never is JSON.
	return body === undefined || body === null ? '' : JSON.stringify(body);
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'the configured endpoint';
	}
}

/** Adapter for node executions and polls: n8n's `helpers.httpRequest`. */
export function postFormWithHttpRequest(context: IExecuteFunctions | IPollFunctions): PostForm {
	return async ({ url, body, timeoutMs }) => {
		try {
			const response = (await context.helpers.httpRequest({
				method: 'POST',
				url,
				body,
				headers: FORM_HEADERS,
				timeout: timeoutMs,
				// Raw bytes: a bare vendor code such as `2` must not be JSON-parsed into a number.
				encoding: 'arraybuffer',
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as { statusCode?: number; body?: unknown };
			return { statusCode: response.statusCode ?? 200, body: asText(response.body) };
		} catch (error) {
			throw classifyRequestFailure(error, hostOf(url));
		}
	};
}

/**
 * Adapter for the credential test: n8n gives that context only the legacy
 * `helpers.request` (no `httpRequest`), so this one legacy call is deliberate.
 */
export function postFormWithLegacyRequest(context: ICredentialTestFunctions): PostForm {
	return async ({ url, body, timeoutMs }) => {
		try {
			const response = (await context.helpers.request({
				method: 'POST',
				uri: url,
				body,
				headers: FORM_HEADERS,
				timeout: timeoutMs,
				encoding: null,
				json: false,
				resolveWithFullResponse: true,
				simple: false,
			})) as { statusCode?: number; body?: unknown };
			return { statusCode: response.statusCode ?? 200, body: asText(response.body) };
		} catch (error) {
			throw classifyRequestFailure(error, hostOf(url));
		}
	};
}

export interface Inter28Connection {
	baseUrl: string;
	account: AccountCredentials;
}

/** Reads the `inter28Api` credential. Throws the core's InvalidInputError for a bad custom URL. */
export function connectionFromCredentials(data: ICredentialDataDecryptedObject): Inter28Connection {
	const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string).trim() : String(data[key] ?? ''));
	return {
		baseUrl: resolveBaseUrl((text('endpoint') || 'nonTelecom') as EndpointChoice, text('baseUrl')),
		account: { userId: text('userId'), account: text('account'), password: String(data.password ?? '') },
	};
}

/** The vendor's three calls. Everything that talks HTTP to 28inter goes through here. */
export class Inter28Client {
	constructor(
		private readonly post: PostForm,
		private readonly connection: Inter28Connection,
		private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
	) {}

	get password(): string {
		return this.connection.account.password;
	}

	private async call(path: string, body: string): Promise<string> {
		const url = this.connection.baseUrl + path;
		const reply = await this.post({ url, body, timeoutMs: this.timeoutMs });
		if (reply.statusCode < 200 || reply.statusCode > 299) throw httpStatusError(reply.statusCode, hostOf(url));
		return reply.body;
	}

	/**
	 * A page that echoes the request (some proxies and error pages do) holds the password. The
	 * error quotes the reply cut to a fixed length, and a cut through the password leaves a
	 * prefix that later redaction cannot recognise: so such a reply is redacted before quoting.
	 */
	private parse<T>(parseReply: (body: string) => T, body: string): T {
		try {
			return parseReply(body);
		} catch (error) {
			// A core error either way: nodeErrors.ts turns it into the n8n error.
			throw this.withoutPassword(error, body);
		}
	}

	private withoutPassword(error: unknown, body: string): unknown {
		const secrets = [this.password];
		if (error instanceof UnexpectedReplyError) {
			const redacted = redactSecrets(body, secrets);
			return redacted === body ? error : new UnexpectedReplyError(error.operation, redacted, 'it contains the password, shown here as ***');
		}
		if (error instanceof VendorError) {
			// The balance <message> (and an unknown code's remark) is the vendor's own text.
			const text = redactSecrets(error.chinese, secrets);
			return text === error.chinese ? error : new VendorError(error.operation, error.code, text);
		}
		return error;
	}

	/** A sender for the submissions of one message (its title and content are encoded once). */
	sender(message: Omit<SendMessage, 'mobiles'>): (mobiles: string[]) => Promise<SendAccepted> {
		const bodyFor = sendBodyBuilder(this.connection.account, message);
		return async (mobiles) => this.parse(parseSendReply, await this.call(PATHS.send, bodyFor(mobiles)));
	}

	async balance(): Promise<BalanceInfo> {
		return this.parse(parseBalanceReply, await this.call(PATHS.balance, buildFormBody(balanceFields(this.connection.account))));
	}

	async reports(statusNum: number): Promise<DeliveryReport[]> {
		const body = buildFormBody(reportsFields(this.connection.account, statusNum));
		return this.parse(parseReportsReply, await this.call(PATHS.reports, body));
	}
}

/** The vendor client for a node execution or a poll, built from the `inter28Api` credential. */
export async function clientFromContext(context: IExecuteFunctions | IPollFunctions, timeoutSeconds?: number): Promise<Inter28Client> {
	const credentials = await context.getCredentials('inter28Api');
	return new Inter28Client(postFormWithHttpRequest(context), connectionFromCredentials(credentials), timeoutFromSeconds(timeoutSeconds));
}
