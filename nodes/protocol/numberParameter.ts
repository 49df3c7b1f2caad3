import { InvalidInputError } from './errors';
import { formatCount, showValue } from './showValue';

export interface NumberRule {
	/** The parameter name, for the error's "(parameter: …)". */
	field: string;
	/** How the form labels it, e.g. 'Page Size'. */
	label: string;
	min: number;
	max?: number;
	whole: boolean;
	/** What to do, as a full sentence. */
	hint: string;
}

const NUMERIC_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*$/;

function range(rule: NumberRule): string {
	const kind = rule.whole ? 'a whole number' : 'a number';
	return rule.max === undefined ? `${kind} of at least ${formatCount(rule.min)}` : `${kind} from ${formatCount(rule.min)} to ${formatCount(rule.max)}`;
}

/** A number parameter checked before any request: an expression may give text, a fraction or nothing
 *  numeric at all, and a value the vendor refuses must not surface only after reports were taken. */
export function checkNumber(value: unknown, rule: NumberRule): number {
	const number = typeof value === 'number' ? value : typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number(value) : Number.NaN;
	const fits =
		Number.isFinite(number) &&
		(!rule.whole || Number.isInteger(number)) &&
		number >= rule.min &&
		(rule.max === undefined || number <= rule.max);
	if (!fits) throw new InvalidInputError(`${rule.label} ${showValue(value)} is not ${range(rule)}`, rule.field, rule.hint);
	return number;
}
