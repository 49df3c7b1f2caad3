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

function decodeComponent(text: string): string {
	const spaced = text.replace(/\+/g, ' ');
	try {
		return decodeURIComponent(spaced);
	} catch {
		throw new InvalidInputError(`The form body has a broken percent-encoding in "${text.slice(0, 40)}"`, 'body', 'Percent-encode the body as UTF-8.');
	}
}

/** Inverse of buildFormBody, for the simulator and tests: '+' means space as browsers send it. The last of
 *  repeated keys wins. */
export function parseFormBody(body: string): Record<string, string> {
	const entries = new Map<string, string>();
	if (body === '') return {};
	for (const pair of body.split('&')) {
		if (pair === '') continue;
		const equals = pair.indexOf('=');
		const key = decodeComponent(equals === -1 ? pair : pair.slice(0, equals));
		entries.set(key, equals === -1 ? '' : decodeComponent(pair.slice(equals + 1)));
	}
	// fromEntries defines own properties, so a key like __proto__ stays data instead of touching the prototype.
	return Object.fromEntries(entries);
}
