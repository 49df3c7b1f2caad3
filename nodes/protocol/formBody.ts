import { InvalidInputError } from './errors';

/** application/x-www-form-urlencoded, keys in the given order, values through encodeURIComponent: a base64
 *  '+' goes out as %2B (sent raw, the vendor would read a space and corrupt the image) and Chinese as UTF-8
 *  percent-encoding. undefined values are left out; '' is kept (the vendor reads starttime= as "now"). */
export function buildFormBody(fields: Record<string, string | undefined>): string {
	const pairs: string[] = [];
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		try {
			pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
		} catch {
			// encodeURIComponent throws URIError on a lone surrogate, e.g. half an emoji cut off by an expression.
			throw new InvalidInputError(
				`The ${key} contains a broken character (half of an emoji or other symbol)`,
				key,
				'Retype or remove the symbol: it cannot be sent.',
			);
		}
	}
	return pairs.join('&');
}
