import { InvalidInputError } from './errors';
import { showValue } from './showValue';

export type EndpointChoice = 'telecom' | 'nonTelecom' | 'custom';

/** The vendor's two entry points (电信机房 / 非电信机房). */
export const ENDPOINT_URLS = {
	telecom: 'http://dc.28inter.com',
	nonTelecom: 'http://sms.28inter.com',
} as const;

export const PATHS = { send: '/sendmms.aspx', balance: '/sendmms.aspx', reports: '/mmsStatusApi.aspx' } as const;

const BASE_URL_HINT = 'Enter the address the interface answers on, such as http://127.0.0.1:8080 or https://proxy.example.com/28inter.';

/** The base URL without trailing '/', to which PATHS are appended. A custom one must be an http(s) URL
 *  without query or fragment (the paths are appended to it). */
export function resolveBaseUrl(endpoint: EndpointChoice, baseUrl?: string): string {
	if (endpoint === 'telecom' || endpoint === 'nonTelecom') return ENDPOINT_URLS[endpoint];
	if (endpoint !== 'custom') {
		throw new InvalidInputError(
			`Unknown endpoint ${showValue(endpoint)}`,
			'endpoint',
			'Choose telecom, nonTelecom or custom in the 28inter credential.',
		);
	}
	const text = typeof baseUrl === 'string' ? baseUrl.trim() : '';
	if (text === '') throw new InvalidInputError('The custom endpoint has no base URL', 'baseUrl', BASE_URL_HINT);
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new InvalidInputError(`The base URL ${JSON.stringify(text)} is not a valid URL`, 'baseUrl', BASE_URL_HINT);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new InvalidInputError(`The base URL must start with http:// or https://, not ${url.protocol}//`, 'baseUrl', BASE_URL_HINT);
	}
	if (url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')) {
		throw new InvalidInputError('The base URL must not contain "?" or "#"', 'baseUrl', `The page paths such as ${PATHS.send} are appended to it. ${BASE_URL_HINT}`);
	}
	let end = text.length;
	while (end > 0 && text[end - 1] === '/') end--;
	return text.slice(0, end);
}
