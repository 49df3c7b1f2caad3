import type { IExecuteFunctions } from 'n8n-workflow';

import { Inter28Client, connectionFromCredentials, postFormWithHttpRequest, timeoutFromSeconds } from '../transport';

/** Builds the vendor client for one execution from the node's `inter28Api` credential. */
export async function clientFor(context: IExecuteFunctions, timeoutSeconds?: number): Promise<Inter28Client> {
	const credentials = await context.getCredentials('inter28Api');
	return new Inter28Client(postFormWithHttpRequest(context), connectionFromCredentials(credentials), timeoutFromSeconds(timeoutSeconds));
}
