import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * A parameter's value for each item, read the way n8n reads it, but without n8n's expression engine
 * for the shapes campaign workflows use on every row: a field of the item (`{{ $json.phone }}`) or a
 * text with such fields (`{{ $json.name }}先生您好`). n8n 2.x evaluates each expression in a sandbox
 * and copies values across its boundary; for 1,000 rows that is most of the node's time. Anything
 * else — other variables, functions, a value that is not plain text, a number or a list of them —
 * goes through getNodeParameter as always, so the result is the same either way.
 */

type Plan =
	| { kind: 'constant'; value: unknown }
	| { kind: 'field'; path: string[] }
	| { kind: 'template'; parts: Array<string | string[]> }
	| { kind: 'engine' };

// `{{ $json.a.b }}`: identifiers only (no brackets, calls or operators).
const FIELD = /^\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+)\s*\}\}$/;
const PLACEHOLDER = /\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+)\s*\}\}/g;

function pathOf(dotted: string): string[] {
	return dotted.slice(1).split('.');
}

/** True when no string anywhere in the value is an expression (n8n marks those with a leading '='). */
function holdsNoExpression(value: unknown): boolean {
	if (typeof value === 'string') return !value.startsWith('=');
	if (Array.isArray(value)) return value.every(holdsNoExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).every(holdsNoExpression);
	return true;
}

function planFor(raw: unknown): Plan {
	if (typeof raw !== 'string') return holdsNoExpression(raw) ? { kind: 'constant', value: raw } : { kind: 'engine' };
	if (!raw.startsWith('=')) return { kind: 'constant', value: raw };
	const expression = raw.slice(1);
	const whole = FIELD.exec(expression.trim());
	if (whole) return { kind: 'field', path: pathOf(whole[1]) };
	const parts: Array<string | string[]> = [];
	let last = 0;
	for (const match of expression.matchAll(PLACEHOLDER)) {
		parts.push(expression.slice(last, match.index), pathOf(match[1]));
		last = (match.index ?? 0) + match[0].length;
	}
	parts.push(expression.slice(last));
	// Literal text must hold no other expression (or a stray brace pair n8n would treat differently).
	const literals = parts.filter((part): part is string => typeof part === 'string');
	if (literals.some((text) => text.includes('{{') || text.includes('}}'))) return { kind: 'engine' };
	return { kind: 'template', parts };
}

function lookup(json: IDataObject, path: string[]): unknown {
	let value: unknown = json;
	for (const key of path) {
		if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

function isPlain(value: unknown): value is string | number {
	return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

export class ItemParameters {
	private readonly plans = new Map<string, Plan>();
	private readonly raws = new Map<string, unknown>();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly items: readonly INodeExecutionData[],
	) {}

	/** The parameter as stored in the workflow, expressions unevaluated: the same for every item. */
	raw(name: string, itemIndex: number, fallback: unknown): unknown {
		if (!this.raws.has(name)) this.raws.set(name, this.context.getNodeParameter(name, itemIndex, fallback, { rawExpressions: true }));
		return this.raws.get(name);
	}

	get(name: string, itemIndex: number, fallback: unknown): unknown {
		let plan = this.plans.get(name);
		if (plan === undefined) {
			plan = planFor(this.raw(name, itemIndex, fallback));
			this.plans.set(name, plan);
		}
		const json = this.items[itemIndex]?.json;
		// The same object for every item, as n8n's value would be equal for every item: callers only read it.
		if (plan.kind === 'constant') return plan.value;
		if (plan.kind === 'field' && json !== undefined) {
			const value = lookup(json, plan.path);
			if (isPlain(value) || (Array.isArray(value) && value.every(isPlain))) return value;
		}
		if (plan.kind === 'template' && json !== undefined) {
			let text = '';
			let plain = true;
			for (const part of plan.parts) {
				if (typeof part === 'string') {
					text += part;
					continue;
				}
				const value = lookup(json, part);
				if (!isPlain(value)) {
					plain = false;
					break;
				}
				text += String(value);
			}
			if (plain) return text;
		}
		return this.context.getNodeParameter(name, itemIndex, fallback);
	}
}
