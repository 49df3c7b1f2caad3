import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

// No declarative `test` here on purpose: the vendor answers every failure with HTTP 200
// and an XML body, so a declarative request test would call wrong passwords "OK".
// Both nodes declare `testedBy: 'inter28ApiTest'`, which parses the reply instead.
export class Inter28Api implements ICredentialType {
	name = 'inter28Api';

	displayName = '28inter MMS API';

	icon: Icon = { light: 'file:../icons/inter28.svg', dark: 'file:../icons/inter28.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-28inter/n8n-nodes-28inter#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'options',
			options: [
				{
					name: 'Non-Telecom Data Centre (sms.28inter.com)',
					value: 'nonTelecom',
					description: 'http://sms.28inter.com — the usual choice',
				},
				{
					name: 'Telecom Data Centre (dc.28inter.com)',
					value: 'telecom',
					description: 'http://dc.28inter.com — for servers on the China Telecom network',
				},
				{
					name: 'Custom Base URL',
					value: 'custom',
					description: 'A proxy, the vendor IP entry point, or the test simulator',
				},
			],
			default: 'nonTelecom',
			description: 'Which 28inter entry point to call. Both data centres serve the same accounts.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8080',
			description: 'Scheme, host and optional port, without a path: the node adds /sendmms.aspx and /mmsStatusApi.aspx',
			displayOptions: { show: { endpoint: ['custom'] } },
			required: true,
		},
		{
			displayName: 'User ID (企业ID)',
			name: 'userId',
			type: 'string',
			default: '',
			description: 'The enterprise ID that 28inter assigned with the account (userid)',
			required: true,
		},
		{
			displayName: 'Account (账号)',
			name: 'account',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Password (密码)',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
	];
}
