import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ItemParameters } from '../../../shared/itemParameters';
import { errorItemJson, toNodeError, type ErrorContext } from '../../../shared/nodeErrors';
import { optionsCollection } from '../../../shared/nodeDescription';
import { timeoutOption } from '../../../shared/timeoutOption';
import { clientFromContext, type Inter28Client } from '../../../shared/transport';
import { assertBalanceCovers, pointsNeeded, queryBalance } from './balanceCheck';
import { planSendings, recipientTotal, submissionTotal, type Sending } from './planSendings';
import { MessageMemo, prepareMessage, type PreparedMessage } from './prepareMessage';
import { runSubmissions, type Submission } from './runSubmissions';
import { failureSummary, sendOutput } from './sendOutput';
import { previewOutput, type PreviewBalance } from './sendPreview';
import { readSendSettings, type SendSettings } from './sendSettings';

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
						hint: 'The name of an input binary property holding the picture. With Fit Images on (the default) any JPEG, GIF, PNG, WebP, AVIF or TIFF works.',
						description: 'Leave empty for a text-only frame',
					},
					{
						displayName: 'Image URL',
						name: 'imageUrl',
						type: 'string',
						default: '',
						placeholder: 'https://example.com/promo.png',
						description:
							'A picture to download (up to 20 MB) instead of, or beside, a binary property. Downloaded before anything is sent; a failed download stops the item.',
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
	optionsCollection(
		[
			{
				displayName: 'Batch Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 0 },
				// Literal, like every default here, so that n8n's lint rules and tools that read the description see it.
				default: 4,
				description:
					'How many submissions (of up to 2,000 numbers each) may be in flight at once. After the first failure no new submission starts.',
			},
			{
				displayName: 'Check Balance First',
				name: 'checkBalance',
				type: 'boolean',
				default: true,
				description:
					'Whether to query the balance once before the first submission and send nothing if it cannot pay for the whole execution. Without this option the check runs when the execution makes more than one submission.',
			},
			{
				displayName: 'Combine Identical Messages',
				name: 'combineItems',
				type: 'boolean',
				default: true,
				description:
					'Whether input items with the same title, content and schedule are sent together, in submissions of up to 2,000 numbers (each item keeps its own output items). Off: one message per item.',
			},
			{
				displayName: 'Fit Images',
				name: 'fitImages',
				type: 'boolean',
				default: true,
				description:
					'Whether to convert and shrink pictures so that every image is a GIF or JPEG and the MMS stays within 100 KB. Off: refuse anything that is not a GIF/JPEG within the limit.',
			},
			{
				displayName: 'Include Input Fields',
				name: 'recipientFields',
				type: 'string',
				default: '',
				placeholder: 'customerId, name',
				description: 'With "One Item per Recipient": input item fields to copy into each recipient item (comma-separated)',
			},
			{
				displayName: 'Max Image Side (Px)',
				name: 'maxImageSide',
				type: 'number',
				typeOptions: { minValue: 64, maxValue: 4096, numberPrecision: 0 },
				default: 640,
				description: 'With Fit Images: the longest side in pixels of a picture the node re-encodes (never upscaled)',
			},
			{
				displayName: 'One Item per Recipient',
				name: 'outputPerRecipient',
				type: 'boolean',
				default: false,
				description:
					'Whether to output one item per mobile number ({ mobile, taskId, batch }) instead of one per submission, to store task ID + number and join delivery reports on them',
			},
			{
				displayName: 'Pause Between Submissions (Ms)',
				name: 'pauseBetweenSubmissions',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 3600000, numberPrecision: 0 },
				default: 0,
				description:
					'At least this long between the starts of two submissions, for accounts that 28inter throttles. The rate is then at most 2,000 numbers per pause.',
			},
			{
				displayName: 'Points per Recipient',
				name: 'pointsPerRecipient',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1,
				description: 'What one recipient of one MMS costs, for Check Balance First (28inter usually charges 1 point)',
			},
			{
				displayName: 'Preview Only (Don’t Send)',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to run every check and build every submission, then output what would be sent instead of sending it. Nothing reaches 28inter; the output is marked "preview".',
			},
			{
				displayName: 'Scheduled At',
				name: 'scheduledAt',
				type: 'dateTime',
				default: '',
				description:
					'Send later instead of now. A time without an offset is read in the workflow timezone and converted to China Standard Time (UTC+08:00) for 28inter.',
			},
			{ ...timeoutOption, default: 60, description: 'How long to wait for 28inter to accept one submission (and for an image URL to download)' },
		],
		show,
	),
];

// n8n drops execution hints when the node fails, and a failure is exactly when the retry would resend:
// so this warning is a hint on success and part of every error's description.
const RETRY_WARNING =
	'"Retry On Fail" is on in this node\'s settings: n8n re-runs a failed send, and an MMS whose reply was lost is then delivered twice. Turn it off for Send.';

function submissionsOf(sendings: readonly Sending[], client: Inter28Client): Submission[] {
	const submissions: Submission[] = [];
	for (const sending of sendings) {
		const { title, startTime, content } = sending.messages[0];
		// One form encoding of the title and content per sending, whatever its number of batches.
		const send = client.sender({ title, startTime, content });
		sending.batches.forEach((mobiles, batchIndex) => submissions.push({ group: sending.index, batchIndex, mobiles, send: () => send(mobiles) }));
	}
	return submissions;
}

async function previewBalance(client: Inter28Client, needed: number, context: ErrorContext): Promise<PreviewBalance> {
	try {
		return { verdict: await queryBalance(client, needed) };
	} catch (error) {
		return { error: String(errorItemJson(error, context).error), pointsNeeded: needed };
	}
}

/**
 * Steps: read the execution's settings and the credential; check every item (download, fit, encode)
 * before anything is sent; plan the submissions (combining identical messages); preview, or check the
 * balance and send; then one output per input item.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const node = this.getNode();
	const retryWarning = node.retryOnFail ? RETRY_WARNING : undefined;
	if (retryWarning) this.addExecutionHints({ message: retryWarning, type: 'warning', location: 'outputPane' });
	const context: ErrorContext = { operation: 'send', secrets: [], extraDescription: retryWarning };

	let settings: SendSettings;
	let client: Inter28Client;
	try {
		settings = readSendSettings.call(this);
		client = await clientFromContext(this, settings.timeoutMs);
	} catch (error) {
		throw toNodeError(node, error, context);
	}
	context.secrets = [client.password];

	// Every item is checked before anything is sent: a bad item 5 must not leave items 1–4 half sent.
	const messages: Array<PreparedMessage | undefined> = [];
	const invalid = new Map<number, unknown>();
	const params = new ItemParameters(this, items);
	const memo = new MessageMemo();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			messages.push(await prepareMessage.call(this, params, memo, itemIndex, items[itemIndex], settings.timeoutMs));
		} catch (error) {
			if (!continueOnFail) throw toNodeError(node, error, { ...context, itemIndex });
			messages.push(undefined);
			invalid.set(itemIndex, error);
		}
	}
	const sendings = planSendings(messages, settings.combineItems);
	const needed = pointsNeeded(recipientTotal(sendings), settings.pointsPerRecipient);

	if (settings.dryRun) {
		const previews = previewOutput(sendings, await previewBalance(client, needed, context));
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const preview = previews.get(itemIndex);
			if (preview) output.push(preview);
			else if (invalid.has(itemIndex)) output.push({ json: errorItemJson(invalid.get(itemIndex), context), pairedItem: { item: itemIndex } });
		}
		return output;
	}

	if (settings.checkBalance ?? submissionTotal(sendings) > 1) {
		try {
			assertBalanceCovers(await queryBalance(client, needed));
		} catch (error) {
			if (!continueOnFail) throw toNodeError(node, error, context);
			// Nothing is sent: every item says why, in its own error item.
			return items.map((_item, itemIndex) => ({ json: errorItemJson(invalid.get(itemIndex) ?? error, context), pairedItem: { item: itemIndex } }));
		}
	}

	const outcomes = await runSubmissions(submissionsOf(sendings, client), {
		concurrency: settings.concurrency,
		stopAllOnFailure: !continueOnFail,
		pauseMs: settings.pauseMs,
	});
	const failed = continueOnFail ? undefined : outcomes.find((outcome) => outcome.error !== undefined);
	if (failed !== undefined) {
		const extraDescription = [failureSummary(outcomes, sendings), retryWarning].filter(Boolean).join('\n');
		const itemIndex = sendings[failed.submission.group].messages[0].itemIndex;
		throw toNodeError(node, failed.error, { ...context, itemIndex, extraDescription });
	}
	return sendOutput(items, sendings, outcomes, invalid, context, { perRecipient: settings.outputPerRecipient, recipientFields: settings.recipientFields });
}
