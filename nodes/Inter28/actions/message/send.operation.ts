import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { checkNumber } from '../../../protocol';
import { toNodeError, type ErrorContext } from '../../../shared/nodeErrors';
import { timeoutMsOf, timeoutOption } from '../../../shared/timeoutOption';
import { clientFromContext } from '../../../shared/transport';
import { prepareMessage, type PreparedMessage } from './prepareMessage';
import { runSubmissions, type Submission } from './runSubmissions';
import { failureSummary, sendOutput } from './sendOutput';

const show = { resource: ['message'], operation: ['send'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Recipients',
		name: 'recipients',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: '13800138000, 13900139000',
		description:
			'Mainland China mobile numbers, separated by commas, semicolons, spaces or new lines (an expression may also give an array). A +86 prefix is removed, duplicates are sent once, and lists over 2,000 numbers are split into several submissions.',
		displayOptions: { show },
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		placeholder: '新品上市',
		description: 'The MMS title. Its UTF-8 bytes count towards the 100 KB limit.',
		displayOptions: { show },
	},
	{
		displayName: 'Content Source',
		name: 'contentSource',
		type: 'options',
		options: [
			{
				name: 'Frames',
				value: 'frames',
				description: 'Build the MMS from frames of text and GIF/JPEG images',
			},
			{
				name: 'Raw Protocol Content',
				value: 'raw',
				description: 'Pass content already in the vendor frame format (validated before sending)',
			},
		],
		default: 'frames',
		displayOptions: { show },
	},
	{
		displayName: 'Frames',
		name: 'frames',
		placeholder: 'Add Frame',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: { frame: [{ duration: 3, text: '' }] },
		description: 'The slides of the MMS, shown one after another. Each needs text, an image, or both.',
		displayOptions: { show: { ...show, contentSource: ['frames'] } },
		options: [
			{
				displayName: 'Frame',
				name: 'frame',
				values: [
					{
						displayName: 'Duration (Seconds)',
						name: 'duration',
						type: 'number',
						typeOptions: { minValue: 1, numberPrecision: 0 },
						default: 3,
						description: 'How long the phone shows this frame',
					},
					{
						displayName: 'Text',
						name: 'text',
						type: 'string',
						typeOptions: { rows: 3 },
						default: '',
						description:
							'Sent as GB2312: Chinese and ASCII work, emoji and rare characters do not (the node refuses them instead of sending "?")',
					},
					{
						displayName: 'Image Binary Property',
						name: 'binaryPropertyName',
						type: 'string',
						default: '',
						placeholder: 'data',
						hint: 'The name of an input binary property holding a GIF or JPEG (PNG is not accepted by 28inter)',
						description: 'Leave empty for a text-only frame',
					},
				],
			},
		],
	},
	{
		displayName: 'Raw Content',
		name: 'rawContent',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: '3,txt|zsSxvg==,jpg|/9j/4AAQ…;5,gif|R0lGODlh…',
		description:
			'Frames separated by ";", each "seconds,type|base64,type|base64" with type txt (GB2312), jpg or gif. Checked before sending.',
		displayOptions: { show: { ...show, contentSource: ['raw'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Batch Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 2,
				description:
					'How many submissions (of up to 2,000 numbers each) may be in flight at once. After the first failure no new submission starts.',
			},
			{
				displayName: 'Scheduled At',
				name: 'scheduledAt',
				type: 'dateTime',
				default: '',
				description:
					'Send later instead of now. A time without an offset is read in the workflow timezone and converted to China Standard Time (UTC+08:00) for 28inter.',
			},
			{ ...timeoutOption, default: 60, description: 'How long to wait for 28inter to accept one submission' },
		],
	},
];

// n8n drops execution hints when the node fails, and a failure is exactly when the retry would resend:
// so this warning is a hint on success and part of every error's description.
const RETRY_WARNING =
	'"Retry On Fail" is on in this node\'s settings: n8n re-runs a failed send, and an MMS whose reply was lost is then delivered twice. Turn it off for Send.';

function submissionsOf(messages: ReadonlyArray<PreparedMessage | undefined>): Submission[] {
	const submissions: Submission[] = [];
	for (const message of messages) {
		if (message === undefined) continue;
		message.batches.forEach((mobiles, batchIndex) =>
			submissions.push({ itemIndex: message.itemIndex, batchIndex, mobiles, send: () => message.send(mobiles) }),
		);
	}
	return submissions;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const node = this.getNode();
	const retryWarning = node.retryOnFail ? RETRY_WARNING : undefined;
	if (retryWarning) this.addExecutionHints({ message: retryWarning, type: 'warning', location: 'outputPane' });
	const context: ErrorContext = { operation: 'send', secrets: [], extraDescription: retryWarning };

	// Execution-wide settings and the client first: nothing is sent if they are wrong.
	let concurrency: number;
	let client;
	try {
		concurrency = checkNumber(this.getNodeParameter('options.concurrency', 0, 2), {
			field: 'concurrency',
			label: 'Batch Concurrency',
			min: 1,
			max: 10,
			whole: true,
			hint: 'Give how many submissions may be in flight at once, a whole number from 1 to 10.',
		});
		client = await clientFromContext(this, timeoutMsOf(this.getNodeParameter('options.timeout', 0, null), 60));
	} catch (error) {
		throw toNodeError(node, error, context);
	}
	context.secrets = [client.password];

	// Every item is checked before anything is sent: a bad item 5 must not leave items 1–4 half sent.
	const messages: Array<PreparedMessage | undefined> = [];
	const invalid = new Map<number, unknown>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			messages.push(await prepareMessage.call(this, client, itemIndex, items[itemIndex]));
		} catch (error) {
			if (!continueOnFail) throw toNodeError(node, error, { ...context, itemIndex });
			messages.push(undefined);
			invalid.set(itemIndex, error);
		}
	}

	const outcomes = await runSubmissions(submissionsOf(messages), { concurrency, stopAllOnFailure: !continueOnFail });

	const failed = continueOnFail ? undefined : outcomes.find((outcome) => outcome.error !== undefined);
	if (failed !== undefined) {
		const extraDescription = [failureSummary(outcomes), retryWarning].filter(Boolean).join('\n');
		throw toNodeError(node, failed.error, { ...context, itemIndex: failed.submission.itemIndex, extraDescription });
	}
	return sendOutput(items.length, messages, outcomes, invalid, context);
}
