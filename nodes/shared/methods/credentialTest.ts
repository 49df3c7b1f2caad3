import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { InvalidInputError, UnexpectedReplyError, VendorError, redactSecrets } from '../../protocol';
import { Inter28Client, TransportError, connectionFromCredentials, postFormWithLegacyRequest } from '../transport';

const TEST_TIMEOUT_MS = 15_000;

function plainWords(error: unknown, password: string): string {
	if (error instanceof VendorError) {
		return `28inter refused these credentials: ${error.english} (${error.chinese}). Check the user ID, account and password.`;
	}
	if (error instanceof TransportError) {
		if (error.failure === 'notSent') return `${error.message}. Check the endpoint or base URL.`;
		if (error.failure === 'httpStatus') return `${error.message}. Check the base URL: it does not look like a 28inter entry point.`;
		return `${error.message}. The host may be down or blocked by a firewall.`;
	}
	if (error instanceof UnexpectedReplyError) {
		// Only the reply excerpt comes from outside: a proxy might echo the request.
		const excerpt = redactSecrets(error.excerpt.slice(0, 80), password ? [password] : []);
		return `The server answered, but not like 28inter — check the base URL. It said: ${JSON.stringify(excerpt)}`;
	}
	if (error instanceof InvalidInputError) return `${error.message}. ${error.hint}`;
	const message = error instanceof Error ? error.message : String(error);
	return redactSecrets(message, password ? [password] : []);
}

/** n8n's "Test" button: a balance query, whose reply tells good credentials from bad. */
export async function inter28ApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const password = String(data.password ?? '');
	try {
		const client = new Inter28Client(postFormWithLegacyRequest(this), connectionFromCredentials(data), TEST_TIMEOUT_MS);
		const balance = await client.balance();
		return {
			status: 'OK',
			message: `Connected: ${balance.billing} account, balance ${balance.balance ?? 'not stated by 28inter'}`,
		};
	} catch (error) {
		return { status: 'Error', message: plainWords(error, password) };
	}
}
