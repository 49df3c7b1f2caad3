// The HTTP side: routes vendor paths to vendor.ts and /__simulator/ to control.ts, applies
// scripted faults, and finds out whether each reply actually reached the client.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parseFormBody } from './formBody';
import { handleControl, CONTROL_PREFIX } from './control';
import { faultTakesEffect } from './faults';
import type { ActiveFault, VendorOperation } from './faults';
import { garbagePage, HTML200_PAGE, HTTP500_PAGE, iisErrorPage, statusFaultPage, VENDOR_HEADERS } from './faultReplies';
import type { FaultPage } from './faultReplies';
import type { RequestOperation, RequestRecord, SimulatorState } from './state';
import { handleBalance, handleReports, handleSend } from './vendor';
import type { VendorResult } from './vendor';

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const LOGGED_CONTENT_CHARS = 4096;
const LOGGED_REPLY_CHARS = 2000;

export interface SimulatorServer {
	server: Server;
	/** Stops listening, ends keep-alive sockets, and cancels replies held back by delay faults. */
	close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				resolve(null);
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks, size)));
		req.on('error', reject);
	});
}

function classify(path: string, fields: Readonly<Record<string, string>>): RequestOperation {
	if (path === '/sendmms.aspx') return fields.action === 'overage' ? 'balance' : 'send';
	if (path === '/mmsstatusapi.aspx') return 'reports';
	return 'unknown';
}

function maskFields(fields: Readonly<Record<string, string>>): { fields: Record<string, string>; contentLength?: number } {
	const copy: Record<string, string> = {};
	let contentLength: number | undefined;
	for (const [key, value] of Object.entries(fields)) {
		if (key.toLowerCase() === 'password') copy[key] = '***';
		else if (key === 'content' && value.length > LOGGED_CONTENT_CHARS) {
			copy[key] = value.slice(0, LOGGED_CONTENT_CHARS);
			contentLength = value.length;
		} else copy[key] = value;
	}
	if (contentLength === undefined && typeof fields.content === 'string') contentLength = fields.content.length;
	return { fields: copy, contentLength };
}

/** Writes a reply and reports whether all of it was handed to the client's connection. */
function writeReply(res: ServerResponse, status: number, body: string | Buffer, settled: (delivered: boolean) => void, page?: FaultPage): void {
	const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
	let done = false;
	const finish = (delivered: boolean): void => {
		if (done) return;
		done = true;
		settled(delivered);
	};
	res.on('finish', () => finish(true));
	res.on('close', () => finish(false));
	if (page) res.writeHead(status, page.reason, { ...page.headers, 'Content-Length': bytes.length });
	else res.writeHead(status, { ...VENDOR_HEADERS, 'Content-Length': bytes.length });
	res.end(bytes);
}

/** A fault's page, written whole: the client gets a complete reply, just not the protocol's. */
function writePage(res: ServerResponse, page: FaultPage, settled: (delivered: boolean) => void): void {
	writeReply(res, page.status, page.body, settled, page);
}

function faultPage(fault: ActiveFault): FaultPage {
	return fault.kind === 'status' ? statusFaultPage(fault.status ?? 500) : garbagePage();
}

export function createSimulatorServer(state: SimulatorState): SimulatorServer {
	const sockets = new Set<Socket>();
	// Replies held back by delay faults, each with what to record if it never goes out.
	const held = new Map<NodeJS.Timeout, () => void>();

	function finishRecord(record: RequestRecord, status: number | null, body: string | Buffer, delivered: boolean): void {
		// Junk bytes are recorded as their lossy UTF-8 reading; replyBytes stays exact.
		const text = typeof body === 'string' ? body : body.toString('utf8');
		record.httpStatus = status;
		record.reply = text.length > LOGGED_REPLY_CHARS ? text.slice(0, LOGGED_REPLY_CHARS) : text;
		record.replyBytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
		record.outcome = delivered ? 'answered' : 'lost';
	}

	function process(operation: VendorOperation, fields: Readonly<Record<string, string>>, record: RequestRecord, fault: ActiveFault | undefined): VendorResult {
		const result =
			operation === 'send'
				? handleSend(state, fields)
				: operation === 'balance'
					? handleBalance(state, fields)
					: handleReports(state, fields, record.id, fault?.kind ?? null);
		record.vendorCode = result.vendorCode;
		record.effect = result.effect;
		if (result.note !== undefined) record.note = record.note ? `${record.note}; ${result.note}` : result.note;
		if (result.taskId !== undefined) record.taskId = result.taskId;
		return result;
	}

	function settle(record: RequestRecord, result: VendorResult, status: number | null, body: string, delivered: boolean): void {
		finishRecord(record, status, body, delivered);
		if (result.handout) state.settleHandout(result.handout, delivered);
	}

	async function handleVendor(req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<void> {
		const body = await readBody(req);
		if (body === null) {
			res.writeHead(413, VENDOR_HEADERS);
			res.end('Request Entity Too Large');
			return;
		}
		const contentType = req.headers['content-type'] ?? '';
		const notes: string[] = [];
		let fields: Record<string, string> = {};
		// ASP.NET fills Request.Form only for a form body; anything else leaves the fields empty.
		if (req.method !== 'POST') notes.push(`${req.method ?? '?'} request: the gateway reads only a POST form body`);
		else if (!/^application\/x-www-form-urlencoded\b/i.test(contentType)) notes.push(`Content-Type ${JSON.stringify(contentType)} is not application/x-www-form-urlencoded, so no field was read`);
		else {
			try {
				fields = parseFormBody(body.toString('utf8'));
			} catch {
				// The parser's message quotes the broken piece, which may be the password: not echoed.
				notes.push('form body could not be decoded (broken percent-encoding), so no field was read');
			}
		}
		if (query !== '') notes.push('query string ignored: the gateway reads the POST body');
		const operation = classify(path, fields);
		const masked = maskFields(fields);
		const record = state.startRequest({
			receivedAt: new Date().toISOString(),
			method: req.method ?? '',
			path,
			operation,
			contentType,
			fields: masked.fields,
			...(masked.contentLength !== undefined ? { contentLength: masked.contentLength } : {}),
			...(notes.length > 0 ? { note: notes.join('; ') } : {}),
			fault: null,
		});
		if (operation === 'unknown') {
			// IIS's answer for a page that does not exist.
			const page = iisErrorPage(404);
			writeReply(res, 404, page.body, (delivered) => finishRecord(record, 404, page.body, delivered));
			return;
		}
		const fault = state.takeFault(operation);
		record.fault = fault?.kind ?? null;

		if (fault && !faultTakesEffect(fault)) {
			if (fault.kind === 'drop') {
				finishRecord(record, null, '', false);
				req.socket.destroy();
				return;
			}
			if (fault.kind === 'status' || fault.kind === 'garbage') {
				const page = faultPage(fault);
				writePage(res, page, (delivered) => finishRecord(record, page.status, page.body, delivered));
				return;
			}
			const status = fault.kind === 'http500' ? 500 : 200;
			const page = fault.kind === 'http500' ? HTTP500_PAGE : HTML200_PAGE;
			writeReply(res, status, page, (delivered) => finishRecord(record, status, page, delivered));
			return;
		}

		const result = process(operation, fields, record, fault);
		if (!fault) {
			writeReply(res, result.httpStatus, result.body, (delivered) => settle(record, result, result.httpStatus, result.body, delivered));
			return;
		}
		if (fault.kind === 'status' || fault.kind === 'garbage') {
			// The vendor's reply never reaches the client whatever becomes of the page that replaces
			// it, so its reports are lost now rather than when the page is written.
			if (result.handout) state.settleHandout(result.handout, false);
			const page = faultPage(fault);
			const replaced = `processed (${result.vendorCode}), then answered ${fault.kind === 'status' ? `HTTP ${page.status}` : 'junk'} instead of the vendor's reply`;
			record.note = record.note ? `${record.note}; ${replaced}` : replaced;
			writePage(res, page, (delivered) => finishRecord(record, page.status, page.body, delivered));
			return;
		}
		if (fault.kind === 'acceptedThenDrop') {
			settle(record, result, null, '', false);
			req.socket.destroy();
			return;
		}
		if (fault.kind === 'truncated') {
			// Full Content-Length, half the bytes, then the connection closes: the client sees
			// headers and a body that ends early, never a short reply that might parse.
			const bytes = Buffer.from(result.body, 'utf8');
			const cut = Math.floor(bytes.length / 2);
			settle(record, result, result.httpStatus, bytes.subarray(0, cut).toString('utf8'), false);
			res.writeHead(result.httpStatus, { ...VENDOR_HEADERS, 'Content-Length': bytes.length });
			res.write(bytes.subarray(0, cut), () => req.socket.destroy());
			if (cut === 0) req.socket.destroy();
			return;
		}
		// delay: processed on arrival; the reply waits, and is lost if the client gives up meanwhile.
		const lost = (): void => settle(record, result, null, '', false);
		if (fault.trickle) {
			trickle(res, result.httpStatus, Buffer.from(result.body, 'utf8'), fault.delayMs, (delivered) =>
				settle(record, result, result.httpStatus, delivered ? result.body : '', delivered),
			);
			return;
		}
		const timer = setTimeout(() => {
			held.delete(timer);
			writeReply(res, result.httpStatus, result.body, (delivered) => settle(record, result, result.httpStatus, result.body, delivered));
		}, fault.delayMs);
		// A held reply must not keep a test process alive on its own.
		timer.unref();
		held.set(timer, lost);
		res.on('close', () => {
			// Closed before the timer fired: the client gave up, so the reply is lost.
			if (held.delete(timer)) {
				clearTimeout(timer);
				lost();
			}
		});
	}

	/** Headers at once, then the body in pieces spread over `durationMs` (one at least every 250 ms). */
	function trickle(res: ServerResponse, status: number, bytes: Buffer, durationMs: number, settled: (delivered: boolean) => void): void {
		const pieces = Math.max(1, Math.min(bytes.length, Math.ceil(durationMs / 250)));
		let written = 0;
		const timer = setInterval(() => {
			written++;
			const piece = bytes.subarray(Math.floor((bytes.length * (written - 1)) / pieces), Math.floor((bytes.length * written) / pieces));
			if (written < pieces) {
				res.write(piece);
				return;
			}
			clearInterval(timer);
			held.delete(timer);
			res.end(piece);
		}, durationMs / pieces);
		timer.unref();
		let done = false;
		const finish = (delivered: boolean): void => {
			if (done) return;
			done = true;
			clearInterval(timer);
			settled(delivered);
		};
		held.set(timer, () => finish(false));
		res.on('finish', () => finish(true));
		res.on('close', () => {
			held.delete(timer);
			finish(false);
		});
		res.writeHead(status, { ...VENDOR_HEADERS, 'Content-Length': bytes.length });
		res.flushHeaders();
	}

	const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
		const url = req.url ?? '/';
		const q = url.indexOf('?');
		const rawPath = q >= 0 ? url.slice(0, q) : url;
		const query = q >= 0 ? url.slice(q + 1) : '';
		// IIS matches paths case-insensitively.
		const path = rawPath.toLowerCase();
		const work = rawPath.startsWith(CONTROL_PREFIX) ? handleControl(state, req, res, rawPath, query) : handleVendor(req, res, path, query);
		work.catch((error: unknown) => {
			if (res.headersSent) {
				res.destroy();
				return;
			}
			const text = `28inter simulator internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
			res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
			res.end(text);
		});
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	return {
		server,
		close: () =>
			new Promise<void>((resolve, reject) => {
				for (const [timer, lost] of held) {
					clearTimeout(timer);
					lost();
				}
				held.clear();
				server.close((error) => (error ? reject(error) : resolve()));
				for (const socket of sockets) socket.destroy();
			}),
	};
}
