import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { clientFromContext } from '../../../shared/transport';
import { errorItemJson, toNodeError } from '../../../shared/nodeErrors';
import { optionsCollection } from '../../../shared/nodeDescription';
import { timeoutMsOf, timeoutOption } from '../../../shared/timeoutOption';

export const description: INodeProperties[] = [optionsCollection([timeoutOption], { resource: ['account'], operation: ['getBalance'] })];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let secrets: string[] = [];
		try {
			const client = await clientFromContext(this, timeoutMsOf(this.getNodeParameter('options.timeout', itemIndex, null), 30));
			secrets = [client.password];
			const balance = await client.balance();
			output.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray({ ...balance }), {
					itemData: { item: itemIndex },
				}),
			);
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, { operation: 'balance', itemIndex, secrets });
			output.push({ json: errorItemJson(error, { operation: 'balance', secrets }), pairedItem: { item: itemIndex } });
		}
	}
	return output;
}
