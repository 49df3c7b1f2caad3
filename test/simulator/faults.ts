// Scripted failures of the transport, of the vendor's web server and of a proxy in front of it.
// Each fault states whether the vendor side still took effect, because that decides what a client
// may safely do next:
//
//   kind              request processed?  what the client sees
//   http500           no                  HTTP 500 with an ASP.NET error page
//   html200           no                  HTTP 200 with an HTML error page instead of a protocol reply
//   drop              no                  connection closed before any response byte
//   truncated         yes                 headers and part of the reply, then the connection closes
//   delay             yes (on arrival)    the reply only after delayMs; lost if the client gave up
//                                          (with trickle: headers at once, the body a few bytes at a
//                                          time until delayMs, so the connection is never idle)
//   acceptedThenDrop  yes                 connection closed without a reply: the send was accepted
//                                          and charged, or the reports were taken off the queue
//   status            as `processed` says HTTP `status` (400..599) with a proxy's or IIS's error page
//   garbage           as `processed` says HTTP 200 with bytes that are not the protocol
//
// "Processed" faults are "accepted but the reply was lost": no client can recover the task ID or
// the reports, which is why the reports log records such hand-outs as lostInReply.

/** The kinds whose effect on the vendor follows from the kind alone. Kept to the original six so
 *  that tables keyed by it (Record<FaultKind, ...>) stay complete; AnyFaultKind is every kind. */
export type FaultKind = 'http500' | 'html200' | 'truncated' | 'delay' | 'drop' | 'acceptedThenDrop';
/** The kinds whose spec says whether the vendor processed the request (`processed`). */
export type ChosenEffectFaultKind = 'status' | 'garbage';
export type AnyFaultKind = FaultKind | ChosenEffectFaultKind;
export type FaultOperation = 'send' | 'balance' | 'reports' | 'any';
export type VendorOperation = 'send' | 'balance' | 'reports';

export const FAULT_KINDS: readonly FaultKind[] = ['http500', 'html200', 'truncated', 'delay', 'drop', 'acceptedThenDrop'];
export const ALL_FAULT_KINDS: readonly AnyFaultKind[] = [...FAULT_KINDS, 'status', 'garbage'];

/** Whether the simulator processes the request (charges, queues, dequeues) under each kind whose
 *  effect is fixed. For every fault, including status and garbage, use faultTakesEffect. */
export const FAULT_TAKES_EFFECT: Readonly<Record<FaultKind, boolean>> = {
	http500: false,
	html200: false,
	drop: false,
	truncated: true,
	delay: true,
	acceptedThenDrop: true,
};

/** Whether the vendor processed a request that met this fault. */
export function faultTakesEffect(fault: { kind: AnyFaultKind; processed?: boolean }): boolean {
	if (fault.kind === 'status' || fault.kind === 'garbage') return fault.processed === true;
	return FAULT_TAKES_EFFECT[fault.kind];
}

export interface FaultSpec {
	kind: AnyFaultKind;
	/** How many matching requests it applies to (default 1). */
	count?: number;
	/** Which vendor requests it applies to (default 'any'). The control API is never faulted. */
	operation?: FaultOperation;
	/** delay only: how long to hold the reply (default 65,000 ms, past the usual 60 s client timeout). */
	delayMs?: number;
	/** delay only: send the headers at once and the body a piece at a time over delayMs, as a slow
	 *  link does; a client that bounds only idle time never gives up on it. */
	trickle?: boolean;
	/** status only (required): the HTTP status to answer, an integer from 400 to 599. */
	status?: number;
	/** status and garbage only (required, no default: it is the point of the fault): true = the
	 *  vendor processed the request and a proxy or the server replaced its reply; false = the
	 *  request never took effect. */
	processed?: boolean;
}

export interface ActiveFault {
	kind: AnyFaultKind;
	operation: FaultOperation;
	remaining: number;
	delayMs: number;
	/** delay faults only. */
	trickle?: boolean;
	/** status faults only. */
	status?: number;
	/** status and garbage faults only. */
	processed?: boolean;
}

export const DEFAULT_DELAY_MS = 65_000;

export function validateFault(spec: FaultSpec): ActiveFault {
	if (!ALL_FAULT_KINDS.includes(spec.kind)) throw new TypeError(`fault kind must be one of ${ALL_FAULT_KINDS.join(', ')}`);
	const operation = spec.operation ?? 'any';
	if (!['send', 'balance', 'reports', 'any'].includes(operation)) throw new TypeError('fault operation must be send, balance, reports or any');
	const count = spec.count ?? 1;
	if (!Number.isInteger(count) || count < 1) throw new TypeError('fault count must be an integer >= 1');
	const delayMs = spec.delayMs ?? DEFAULT_DELAY_MS;
	if (!Number.isFinite(delayMs) || delayMs < 0) throw new TypeError('fault delayMs must be a number >= 0');
	const active: ActiveFault = { kind: spec.kind, operation, remaining: count, delayMs };
	const choosesEffect = spec.kind === 'status' || spec.kind === 'garbage';
	if (choosesEffect) {
		if (typeof spec.processed !== 'boolean') throw new TypeError(`a ${spec.kind} fault needs processed: true or false (did the vendor process the request?)`);
		active.processed = spec.processed;
	} else if (spec.processed !== undefined) {
		throw new TypeError(`processed applies only to status and garbage faults; whether a ${spec.kind} fault takes effect is fixed`);
	}
	if (spec.trickle !== undefined) {
		if (spec.kind !== 'delay' || typeof spec.trickle !== 'boolean') throw new TypeError('trickle applies only to delay faults and is true or false');
		if (spec.trickle) active.trickle = true;
	}
	if (spec.kind === 'status') {
		if (!Number.isInteger(spec.status) || (spec.status as number) < 400 || (spec.status as number) > 599) {
			throw new TypeError('a status fault needs status: an integer from 400 to 599');
		}
		active.status = spec.status;
	} else if (spec.status !== undefined) {
		throw new TypeError('status applies only to status faults');
	}
	return active;
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
