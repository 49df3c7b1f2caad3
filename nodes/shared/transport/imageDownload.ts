import type { IExecuteFunctions } from 'n8n-workflow';

import { InvalidInputError, formatCount } from '../../protocol';

/** Larger than any photo a phone takes; a bigger download is refused before it fills memory. */
const MAX_IMAGE_DOWNLOAD_BYTES = 20 * 1024 * 1024;

interface StreamResponse {
	statusCode?: number;
	headers?: Record<string, unknown>;
	body?: AsyncIterable<Buffer> & { destroy?: () => void };
}

/** The URL as an error may show it: no user name, password, query or fragment (they can hold tokens). */
function shownUrl(url: URL): string {
	return `${url.protocol}//${url.host}${url.pathname}`;
}

function badUrl(message: string): InvalidInputError {
	return new InvalidInputError(message, 'frames', 'Give a full http:// or https:// address of the picture.');
}

function failure(label: string, url: string, problem: string, hint: string): InvalidInputError {
	return new InvalidInputError(`${label}: the image at ${url} ${problem}`, 'frames', hint);
}

/**
 * Downloads one frame image with n8n's HTTP helper (so redirects and the instance's proxy settings
 * apply), within a timeout and a size cap read while streaming. Every failure is a refusal of the
 * input, raised before anything is sent.
 */
export async function downloadImage(
	context: IExecuteFunctions,
	text: string,
	options: { label: string; timeoutMs: number; maxBytes?: number },
): Promise<Buffer> {
	const maxBytes = options.maxBytes ?? MAX_IMAGE_DOWNLOAD_BYTES;
	let url: URL;
	try {
		url = new URL(text.trim());
	} catch {
		throw badUrl(`${options.label}: the image URL ${JSON.stringify(text.slice(0, 80))} is not a valid URL`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw badUrl(`${options.label}: the image URL must start with http:// or https://, not ${url.protocol}//`);
	}
	const shown = shownUrl(url);
	// Bounds the whole download, body included (the helper's own timeout stops waiting at the headers).
	const signal = AbortSignal.timeout(options.timeoutMs);
	let body: StreamResponse['body'];
	try {
		const response = (await context.helpers.httpRequest({
			method: 'GET',
			url: url.href,
			encoding: 'stream',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: options.timeoutMs,
			abortSignal: signal,
		})) as StreamResponse;
		body = response.body;
		const status = response.statusCode ?? 200;
		if (status < 200 || status > 299) {
			throw failure(options.label, shown, `could not be downloaded: the server answered HTTP ${status}`, 'Check the address: open it in a browser, or give the picture as binary data instead.');
		}
		const declared = Number(response.headers?.['content-length']);
		if (Number.isFinite(declared) && declared > maxBytes) {
			throw failure(options.label, shown, `is ${formatCount(declared)} bytes, more than the ${formatCount(maxBytes)} the node downloads`, 'Use a smaller picture.');
		}
		if (body === undefined) throw failure(options.label, shown, 'could not be downloaded: the reply had no body', 'Check the address.');
		const chunks: Buffer[] = [];
		let total = 0;
		for await (const chunk of body) {
			total += chunk.length;
			if (total > maxBytes) {
				throw failure(options.label, shown, `is more than the ${formatCount(maxBytes)} bytes the node downloads`, 'Use a smaller picture.');
			}
			chunks.push(chunk);
		}
		if (total === 0) throw failure(options.label, shown, 'is empty (0 bytes)', 'Check the address: it must lead to the picture itself.');
		return Buffer.concat(chunks, total);
	} catch (error) {
		const why = signal.aborted ? `did not arrive within ${Math.round(options.timeoutMs / 1000)} s` : 'could not be downloaded (the connection failed)';
		throw error instanceof InvalidInputError
			? error
			: failure(options.label, shown, why, 'Check the address and that this n8n can reach it, or give the picture as binary data instead.');
	} finally {
		body?.destroy?.();
	}
}
