import { NodeConnectionTypes, type INodeExecutionData, type INodeType, type INodeTypeDescription, type IPollFunctions } from 'n8n-workflow';

import { formatCount } from '../protocol';
import { inter28ApiTest } from '../shared/methods/credentialTest';
import { NODE_ICON, optionsCollection } from '../shared/nodeDescription';
import { DEFAULT_MAX_REPORTS, maxReportsOption, pageSizeOption, reportFilterOptions } from '../shared/reportOptions';
import { timeoutOption } from '../shared/timeoutOption';
import { pollReports } from './pollReports';

export class Inter28Trigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: '28inter MMS Trigger',
		name: 'inter28Trigger',
		icon: NODE_ICON,
		group: ['trigger'],
		version: 1,
		subtitle: 'On new delivery report',
		description: 'Starts the workflow for every new 28inter MMS delivery report',
		defaults: { name: '28inter MMS Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Literal, so that n8n's lint rules see the credential test.
		credentials: [{ name: 'inter28Api', required: true, testedBy: 'inter28ApiTest' }],
		properties: [
			{
				displayName:
					'28inter hands out each delivery report only once. While this workflow is active, do not read reports of the same account elsewhere (Report → Get Many, another trigger): they would be gone from here.',
				name: 'consumeNotice',
				type: 'notice',
				default: '',
			},
			optionsCollection([
				...reportFilterOptions,
				{
					displayName: 'Fetch Live Reports in Manual Mode',
					name: 'fetchLiveInManualMode',
					type: 'boolean',
					default: false,
					description:
						'Whether "Fetch Test Event" takes real pending reports from 28inter. They are then gone for the active workflow, and manual runs do not remember them. Off: the test event shows the last reports this trigger already emitted.',
				},
				maxReportsOption(
					'maxReportsPerPoll',
					'Max Reports per Poll',
					`Stop taking reports after this many in one poll (default ${formatCount(DEFAULT_MAX_REPORTS)}); the rest stay pending for the next poll.`,
				),
				pageSizeOption,
				timeoutOption,
			]),
		],
	};

	methods = { credentialTest: { inter28ApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollReports.call(this);
	}
}
