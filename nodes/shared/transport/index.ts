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
	type EndpointChoice,
	type ReportsPage,
	type SendAccepted,
	type SendMessage,
} from '../../protocol';
import { classifyRequestFailure, httpStatusError, requestTimedOut } from './transportError';

/** The only HTTP call the protocol needs: post a form, read text back. */
export type PostForm = (request: { url: string; body: string; timeoutMs: number }) => Promise<{
	statusCode: number;
	body: string;
}>;


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

/** Runs one helper call and reads its reply; whatever the helper throws becomes a TransportError. */
async function posted(
	url: string,
	deadline: AbortSignal | undefined,
	call: () => Promise<unknown>,
): Promise<{ statusCode: number; body: string }> {
	try {
		const response = (await call()) as { statusCode?: number; body?: unknown };
		return { statusCode: response.statusCode ?? 200, body: asText(response.body) };
	} catch (error) {
		throw deadline?.aborted ? requestTimedOut(hostOf(url)) : classifyRequestFailure(error, hostOf(url));
	}
}

type ReplyBody = AsyncIterable<Buffer> & { destroy?: () => void };

function isStream(body: unknown): body is ReplyBody {
	return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
}

/**
 * Reads a streamed reply as it arrives. A page of 10,000 reports is ~4.4 MB: received whole, it
 * sits in memory three times (the client's chunks, their concatenation, the text) until the
 * garbage collector frees the Buffers, which for large ones comes late; read here, each chunk is
 * decoded and dropped at once.
 */
async function readText(body: ReplyBody): Promise<string> {
	// `stream: true` keeps a character split across two chunks whole; `ignoreBOM` reads a BOM as
	// Buffer#toString does.
	const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
	let text = '';
	try {
		for await (const chunk of body) text += decoder.decode(chunk, { stream: true });
	} finally {
		body.destroy?.();
	}
	return text + decoder.decode();
}

/** Adapter for node executions and polls: n8n's `helpers.httpRequest`. */
function postFormWithHttpRequest(context: IExecuteFunctions | IPollFunctions): PostForm {
	return async ({ url, body, timeoutMs }) => {
		// The helper's own timeout stops waiting at the headers; this one also bounds the body, so a
		// poll's page never outlives the time it was given.
		const deadline = AbortSignal.timeout(timeoutMs);
		return await posted(url, deadline, async () => {
			const response = (await context.helpers.httpRequest({
				method: 'POST',
				url,
				body,
				headers: FORM_HEADERS,
				timeout: timeoutMs,
				abortSignal: deadline,
				// Raw bytes: a bare vendor code such as `2` must not be JSON-parsed into a number.
				encoding: 'stream',
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as { statusCode?: number; body?: unknown };
			return { statusCode: response.statusCode, body: isStream(response.body) ? await readText(response.body) : response.body };
		});
	};
}

/**
 * Adapter for the credential test: n8n gives that context only the legacy
 * `helpers.request` (no `httpRequest`), so this one legacy call is deliberate.
 */
export function postFormWithLegacyRequest(context: ICredentialTestFunctions): PostForm {
	return async ({ url, body, timeoutMs }) =>
		await posted(url, undefined, async () =>
			context.helpers.request({
				method: 'POST',
				uri: url,
				body,
				headers: FORM_HEADERS,
				timeout: timeoutMs,
				encoding: null,
				json: false,
				resolveWithFullResponse: true,
				simple: false,
			}),
		);
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
		private readonly timeoutMs: number,
	) {}

	get password(): string {
		return this.connection.account.password;
	}

	private async call(path: string, body: string, timeoutMs = this.timeoutMs): Promise<string> {
		const url = this.connection.baseUrl + path;
		const reply = await this.post({ url, body, timeoutMs });
		if (reply.statusCode < 200 || reply.statusCode > 299) throw httpStatusError(reply.statusCode, hostOf(url));
		return reply.body;
	}

	/**
	 * A reply that cannot be read is quoted in the error, and a page that echoes the request (some
	 * proxies and error pages do) holds the password. Only that outside text is redacted: the reply
	 * is parsed again with the password masked, so the error's quote and its reason both come from
	 * the masked text, while the node's own words stay as written. A reply that parses is never
	 * masked: a short password could otherwise garble real data (a password "10" and status 10).
	 */
	private parse<T>(parseReply: (body: string) => T, body: string): T {
		try {
			return parseReply(body);
		} catch (error) {
			// A core error either way: nodeErrors.ts turns it into the n8n error.
			throw this.withoutPassword(error, parseReply, body);
		}
	}

	private withoutPassword(error: unknown, parseReply: (body: string) => unknown, body: string): unknown {
		if (!(error instanceof UnexpectedReplyError) && !(error instanceof VendorError)) return error;
		const masked = redactSecrets(body, [this.password]);
		if (masked === body) return error;
		try {
			parseReply(masked);
		} catch (maskedError) {
			if (maskedError instanceof UnexpectedReplyError || maskedError instanceof VendorError) return maskedError;
		}
		return new UnexpectedReplyError(error.operation, masked, 'it contains the password, shown here as ***');
	}

	/** A sender for the submissions of one message (its title and content are encoded once). */
	sender(message: SendMessage): (mobiles: string[]) => Promise<SendAccepted> {
		const bodyFor = sendBodyBuilder(this.connection.account, message);
		return async (mobiles) => this.parse(parseSendReply, await this.call(PATHS.send, bodyFor(mobiles)));
	}

	async balance(): Promise<BalanceInfo> {
		return this.parse(parseBalanceReply, await this.call(PATHS.balance, buildFormBody(balanceFields(this.connection.account))));
	}

	/** One page of reports; `timeoutMs` cuts this request's timeout (a poll's budget), never raises it. */
	async reports(statusNum: number, timeoutMs?: number): Promise<ReportsPage> {
		const body = buildFormBody(reportsFields(this.connection.account, statusNum));
		const timeout = timeoutMs === undefined ? this.timeoutMs : Math.min(this.timeoutMs, timeoutMs);
		return this.parse(parseReportsReply, await this.call(PATHS.reports, body, timeout));
	}
}

/** The vendor client for a node execution or a poll, built from the `inter28Api` credential. */
export async function clientFromContext(context: IExecuteFunctions | IPollFunctions, timeoutMs: number): Promise<Inter28Client> {
	const credentials = await context.getCredentials('inter28Api');
	return new Inter28Client(postFormWithHttpRequest(context), connectionFromCredentials(credentials), timeoutMs);
}
