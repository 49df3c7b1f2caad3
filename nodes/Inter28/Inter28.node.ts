import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { properties } from './actions/description';
import { router } from './actions/router';
import { inter28ApiTest } from '../shared/methods/credentialTest';
import { NODE_ICON } from '../shared/nodeDescription';

export class Inter28 implements INodeType {
	description: INodeTypeDescription = {
		displayName: '28inter MMS',
		name: 'inter28',
		icon: NODE_ICON,
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send MMS (彩信) and read delivery reports through the 28inter gateway',
		defaults: { name: '28inter MMS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal, so that n8n's lint rules see the credential test.
		credentials: [{ name: 'inter28Api', required: true, testedBy: 'inter28ApiTest' }],
		properties,
	};

	methods = { credentialTest: { inter28ApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
