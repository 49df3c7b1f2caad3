import type { INodeProperties } from 'n8n-workflow';

import * as getBalance from './account/getBalance.operation';
import * as send from './message/send.operation';
import * as getAll from './report/getAll.operation';

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Message', value: 'message' },
			{ name: 'Report', value: 'report' },
		],
		default: 'message',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send an MMS',
				description: 'Send one MMS to one or many recipients. Never retried automatically.',
			},
		],
		default: 'send',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Balance',
				value: 'getBalance',
				action: 'Get the account balance',
				description: 'Billing type, remaining points and total points',
			},
		],
		default: 'getBalance',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['report'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many delivery reports',
				description: 'Fetch pending delivery reports (each report can be fetched only once)',
			},
		],
		default: 'getAll',
	},
	...send.description,
	...getBalance.description,
	...getAll.description,
];
