import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { credentialTestWords } from '../nodeErrors';
import { Inter28Client, connectionFromCredentials, postFormWithLegacyRequest } from '../transport';

const TEST_TIMEOUT_MS = 15_000;

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
		return { status: 'Error', message: credentialTestWords(error, password ? [password] : []) };
	}
}
