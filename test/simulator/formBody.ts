// How the vendor's ASP.NET page reads a POST body: application/x-www-form-urlencoded, '+' as a space
// (as browsers send it), the last of repeated keys winning. The simulator's own decoder, so that it
// never trusts the core's encoder to be right.

function decodeComponent(text: string): string {
	return decodeURIComponent(text.replace(/\+/g, ' '));
}

/** Throws (URIError) on a broken percent-encoding: the server then reads no field at all. */
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
