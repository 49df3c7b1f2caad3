/** A short, safe rendering of any user-supplied value for an error message. String() and JSON.stringify()
 *  can throw (objects with a broken toString, BigInt) and an error message must never fail to build. */
export function showValue(value: unknown, maxChars = 40): string {
	switch (typeof value) {
		case 'string':
			return JSON.stringify(value.length <= maxChars ? value : `${value.slice(0, maxChars)}…`);
		case 'number':
		case 'bigint':
		case 'boolean':
			return String(value);
		case 'undefined':
			return 'nothing';
		case 'symbol':
			return 'a symbol';
		case 'function':
			return 'a function';
		default:
			if (value === null) return 'null';
			if (Array.isArray(value)) return 'a list';
			if (value instanceof Date) return 'a date';
			return 'an object';
	}
}

/** 80112 -> '80,112'; written out because Intl grouping depends on the ICU build. */
export function formatCount(count: number): string {
	return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
