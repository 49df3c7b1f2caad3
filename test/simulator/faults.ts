// Scripted failures of the transport and of the vendor's web server. Each kind states whether the
// vendor side still took effect, because that decides what a client may safely do next:
//
//   kind              request processed?  what the client sees
//   http500           no                  HTTP 500 with an ASP.NET error page
//   html200           no                  HTTP 200 with an HTML error page instead of a protocol reply
//   drop              no                  connection closed before any response byte
//   truncated         yes                 headers and part of the reply, then the connection closes
//   delay             yes (on arrival)    the reply only after delayMs; lost if the client gave up
//   acceptedThenDrop  yes                 connection closed without a reply: the send was accepted
//                                          and charged, or the reports were taken off the queue
//
// The last three are "accepted but the reply was lost": no client can recover the task ID or the
// reports, which is why the reports log records such hand-outs as lostInReply.

export type FaultKind = 'http500' | 'html200' | 'truncated' | 'delay' | 'drop' | 'acceptedThenDrop';
export type FaultOperation = 'send' | 'balance' | 'reports' | 'any';
export type VendorOperation = 'send' | 'balance' | 'reports';

export const FAULT_KINDS: readonly FaultKind[] = ['http500', 'html200', 'truncated', 'delay', 'drop', 'acceptedThenDrop'];

/** Whether the simulator processes the request (charges, queues, dequeues) under each fault. */
export const FAULT_TAKES_EFFECT: Readonly<Record<FaultKind, boolean>> = {
	http500: false,
	html200: false,
	drop: false,
	truncated: true,
	delay: true,
	acceptedThenDrop: true,
};

export interface FaultSpec {
	kind: FaultKind;
	/** How many matching requests it applies to (default 1). */
	count?: number;
	/** Which vendor requests it applies to (default 'any'). The control API is never faulted. */
	operation?: FaultOperation;
	/** delay only: how long to hold the reply (default 65,000 ms, past the usual 60 s client timeout). */
	delayMs?: number;
}

export interface ActiveFault {
	kind: FaultKind;
	operation: FaultOperation;
	remaining: number;
	delayMs: number;
}

export const DEFAULT_DELAY_MS = 65_000;

export function validateFault(spec: FaultSpec): ActiveFault {
	if (!FAULT_KINDS.includes(spec.kind)) throw new TypeError(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
	const operation = spec.operation ?? 'any';
	if (!['send', 'balance', 'reports', 'any'].includes(operation)) throw new TypeError('fault operation must be send, balance, reports or any');
	const count = spec.count ?? 1;
	if (!Number.isInteger(count) || count < 1) throw new TypeError('fault count must be an integer >= 1');
	const delayMs = spec.delayMs ?? DEFAULT_DELAY_MS;
	if (!Number.isFinite(delayMs) || delayMs < 0) throw new TypeError('fault delayMs must be a number >= 0');
	return { kind: spec.kind, operation, remaining: count, delayMs };
}

/** Faults apply in the order they were injected, each to the next `count` matching requests. */
export class FaultQueue {
	private items: ActiveFault[] = [];

	add(spec: FaultSpec): void {
		this.items.push(validateFault(spec));
	}

	clear(): void {
		this.items = [];
	}

	list(): ActiveFault[] {
		return this.items.map((f) => ({ ...f }));
	}

	take(operation: VendorOperation): ActiveFault | undefined {
		const index = this.items.findIndex((f) => f.operation === 'any' || f.operation === operation);
		if (index < 0) return undefined;
		const fault = this.items[index];
		fault.remaining--;
		if (fault.remaining <= 0) this.items.splice(index, 1);
		return { ...fault, remaining: 0 };
	}
}

export const HTTP500_PAGE =
	'<!DOCTYPE html>\r\n<html>\r\n<head><title>Runtime Error</title></head>\r\n<body bgcolor="white">\r\n' +
	'<span><H1>Server Error in \'/\' Application.<hr width=100% size=1 color=silver></H1>\r\n' +
	'<h2> <i>Runtime Error</i> </h2></span>\r\n</body>\r\n</html>\r\n';

export const HTML200_PAGE =
	'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n' +
	'<html xmlns="http://www.w3.org/1999/xhtml">\r\n<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>\r\n' +
	'<title>系统维护中</title></head>\r\n<body><h2>系统维护中，请稍后再试。</h2><p>The service is under maintenance.</p></body>\r\n</html>\r\n';
