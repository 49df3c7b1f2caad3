// Node parameters as a workflow stores them, for the 28inter MMS node's three operations.
export const NODE_TYPE = 'n8n-nodes-28inter.inter28';
export const TRIGGER_TYPE = 'inter28Trigger';

export interface FrameParam {
	duration?: number;
	text?: string;
	binaryPropertyName?: string;
	imageUrl?: string;
}

export function sendParameters(opts: {
	recipients: unknown;
	title?: string;
	frames?: FrameParam[];
	rawContent?: string;
	options?: Record<string, unknown>;
}): Record<string, unknown> {
	const raw = opts.rawContent !== undefined;
	return {
		resource: 'message',
		operation: 'send',
		recipients: opts.recipients,
		title: opts.title ?? '测试',
		contentSource: raw ? 'raw' : 'frames',
		...(raw
			? { rawContent: opts.rawContent }
			: { frames: { frame: (opts.frames ?? [{ duration: 3, text: '你好' }]).map((f) => ({ duration: 3, text: '', binaryPropertyName: '', ...f })) } }),
		options: opts.options ?? {},
	};
}

export function balanceParameters(options: Record<string, unknown> = {}): Record<string, unknown> {
	return { resource: 'account', operation: 'getBalance', options };
}

export function reportParameters(opts: { returnAll?: boolean; limit?: number; options?: Record<string, unknown> } = {}): Record<string, unknown> {
	return {
		resource: 'report',
		operation: 'getAll',
		returnAll: opts.returnAll ?? false,
		...(opts.limit === undefined ? {} : { limit: opts.limit }),
		options: opts.options ?? {},
	};
}

/** `count` distinct valid mobile numbers 13800000000, 13800000001, ... */
export function mobileNumbers(count: number, base = 13_800_000_000): string[] {
	return Array.from({ length: count }, (_, i) => String(base + i));
}
