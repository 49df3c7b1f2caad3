/** Every form a secret can take in a URL, a form body, a JSON log or an error message. */
function secretForms(secret: string): string[] {
	const forms = new Set<string>([secret]);
	try {
		const percent = encodeURIComponent(secret);
		forms.add(percent);
		forms.add(percent.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
		forms.add(percent.replace(/%20/g, '+'));
	} catch {
		// A lone surrogate has no percent-encoded form; the raw form is still redacted.
	}
	forms.add(JSON.stringify(secret).slice(1, -1));
	return [...forms].filter((form) => form !== '');
}

/** Replaces every occurrence of each secret (raw, percent-encoded, form-encoded and JSON-escaped forms) with '***'. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	const forms = secrets
		.filter((secret): secret is string => typeof secret === 'string' && secret !== '')
		.flatMap(secretForms)
		// Longest first, so a secret that contains another is replaced whole.
		.sort((a, b) => b.length - a.length);
	let redacted = text;
	for (const form of forms) redacted = redacted.split(form).join('***');
	return redacted;
}
