import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';

import {
	InvalidInputError,
	MAX_RECIPIENTS_PER_SUBMISSION,
	assertMmsSize,
	chunk,
	decodeContent,
	encodeFrames,
	parseRecipients,
	toVendorStartTime,
	type FrameInput,
	type SendAccepted,
} from '../../../protocol';
import { errorItemJson, mayHaveBeenAccepted, toNodeError } from '../../../shared/nodeErrors';
import { timeoutOption } from '../../../shared/timeoutOption';
import { clientFromContext, type Inter28Client } from '../../../shared/transport';
import { runSubmissions, type Submission, type SubmissionOutcome } from './runSubmissions';

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

interface FrameParameter {
	duration?: number;
	text?: string;
	binaryPropertyName?: string;
}

interface PreparedMessage {
	itemIndex: number;
	title: string;
	startTime?: string;
	batches: string[][];
	duplicatesRemoved: number;
	/** Sends one batch; the title and content are already form-encoded. */
	send: (mobiles: string[]) => Promise<SendAccepted>;
}

async function framesFromParameters(
	this: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<FrameInput[]> {
	const frames = this.getNodeParameter('frames.frame', itemIndex, []) as FrameParameter[];
	if (frames.length === 0) {
		throw new InvalidInputError(
			'No frames: the MMS needs at least one frame with text or an image',
			'frames',
			'Add a frame under "Frames", or switch Content Source to Raw Protocol Content.',
		);
	}
	const result: FrameInput[] = [];
	for (const [index, frame] of frames.entries()) {
		const property = (frame.binaryPropertyName ?? '').trim();
		const images = [];
		if (property) {
			const binary = item.binary?.[property];
			if (!binary) {
				const available = Object.keys(item.binary ?? {});
				throw new InvalidInputError(
					`Frame ${index + 1}: the input item has no binary property "${property}"`,
					'frames',
					available.length > 0
						? `Use one of the input's binary properties: ${available.join(', ')}.`
						: 'The input item carries no binary data: read the image first (e.g. with "Read/Write Files from Disk" or "HTTP Request" set to return a file).',
				);
			}
			images.push({ bytes: await this.helpers.getBinaryDataBuffer(itemIndex, property) });
		}
		result.push({ durationSeconds: Number(frame.duration ?? 3), text: frame.text ?? '', images });
	}
	return result;
}

async function prepare(
	this: IExecuteFunctions,
	client: Inter28Client,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<PreparedMessage> {
	const { numbers, duplicatesRemoved } = parseRecipients(this.getNodeParameter('recipients', itemIndex));
	const title = String(this.getNodeParameter('title', itemIndex, '') ?? '');
	const source = this.getNodeParameter('contentSource', itemIndex, 'frames') as string;
	let content: string;
	let field: string;
	let frames;
	if (source === 'raw') {
		content = String(this.getNodeParameter('rawContent', itemIndex, '') ?? '').trim();
		field = 'rawContent';
		frames = decodeContent(content, field);
	} else {
		const encoded = encodeFrames(await framesFromParameters.call(this, itemIndex, item));
		content = encoded.content;
		frames = encoded.frames;
		field = 'frames';
	}
	assertMmsSize(title, frames, field);
	const scheduledAt = this.getNodeParameter('options.scheduledAt', itemIndex, '') as unknown;
	const startTime =
		scheduledAt === '' || scheduledAt === null || scheduledAt === undefined
			? undefined
			: toVendorStartTime(scheduledAt, { timezone: this.getTimezone() });
	return {
		itemIndex,
		title,
		startTime,
		batches: chunk(numbers, MAX_RECIPIENTS_PER_SUBMISSION),
		duplicatesRemoved,
		// Building the form here also refuses a title that cannot be encoded (a lone surrogate,
		// half an emoji) before any item is sent.
		send: client.sender({ title, content, startTime }),
	};
}

function submissionJson(message: PreparedMessage, outcome: SubmissionOutcome & { accepted: NonNullable<SubmissionOutcome['accepted']> }): IDataObject {
	const { submission, accepted } = outcome;
	return {
		taskId: accepted.taskId,
		balance: accepted.balance,
		recipientCount: submission.mobiles.length,
		batch: submission.batchIndex + 1,
		batchCount: message.batches.length,
		firstRecipient: submission.mobiles[0],
		lastRecipient: submission.mobiles[submission.mobiles.length - 1],
		recipients: submission.mobiles,
		duplicatesRemoved: message.duplicatesRemoved,
		title: message.title,
		scheduledAt: message.startTime ?? null,
	};
}

function acceptedSummary(outcomes: SubmissionOutcome[]): string {
	const accepted = outcomes.filter((o) => o.accepted);
	if (accepted.length === 0) return 'Nothing was accepted by 28inter before the failure.';
	const lines = accepted.map(
		(o) =>
			`item ${o.submission.itemIndex + 1}, batch ${o.submission.batchIndex + 1}: task ${o.accepted?.taskId} — ${o.submission.mobiles.length} numbers (${o.submission.mobiles[0]} … ${o.submission.mobiles[o.submission.mobiles.length - 1]})`,
	);
	return `Already accepted by 28inter (do not send these again):\n${lines.join('\n')}`;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const node = this.getNode();
	// n8n drops execution hints when the node fails, and a failure is exactly when the
	// retry would resend: so the warning also goes into every error's description.
	const retryWarning = node.retryOnFail
		? '"Retry On Fail" is on in this node\'s settings: n8n re-runs a failed send, and an MMS whose reply was lost is then delivered twice. Turn it off for Send.'
		: undefined;
	if (retryWarning) this.addExecutionHints({ message: retryWarning, type: 'warning', location: 'outputPane' });

	const client = await clientFromContext(this, this.getNodeParameter('options.timeout', 0, 60) as number).catch(
		(error: unknown) => {
			throw toNodeError(node, error, { operation: 'send', secrets: [] });
		},
	);
	const secrets = [client.password];

	// Validate every item before sending anything: a bad item 5 must not leave items 1–4 half sent.
	const prepared: Array<PreparedMessage | undefined> = [];
	const failures = new Map<number, unknown>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			prepared.push(await prepare.call(this, client, itemIndex, items[itemIndex]));
		} catch (error) {
			if (!continueOnFail) {
				throw toNodeError(node, error, { operation: 'send', itemIndex, secrets, extraDescription: retryWarning });
			}
			prepared.push(undefined);
			failures.set(itemIndex, error);
		}
	}

	const submissions: Submission[] = [];
	for (const message of prepared) {
		if (!message) continue;
		message.batches.forEach((mobiles, batchIndex) =>
			submissions.push({ itemIndex: message.itemIndex, batchIndex, mobiles, send: () => message.send(mobiles) }),
		);
	}
	const concurrency = Math.max(1, Math.min(10, Math.floor(this.getNodeParameter('options.concurrency', 0, 2) as number) || 2));
	const outcomes = await runSubmissions(submissions, { concurrency, stopAllOnFailure: !continueOnFail });

	if (!continueOnFail) {
		const failed = outcomes.find((o) => o.error !== undefined);
		if (failed) {
			const notStarted = outcomes.filter((o) => o.skipped).reduce((sum, o) => sum + o.submission.mobiles.length, 0);
			const extra = [
				acceptedSummary(outcomes),
				notStarted > 0 ? `Not sent (stopped after the failure): ${notStarted} numbers.` : '',
				retryWarning ?? '',
			]
				.filter(Boolean)
				.join('\n');
			throw toNodeError(node, failed.error, {
				operation: 'send',
				itemIndex: failed.submission.itemIndex,
				secrets,
				extraDescription: extra,
			});
		}
	}

	const outcomesByItem = new Map<number, SubmissionOutcome[]>();
	for (const outcome of outcomes) {
		const list = outcomesByItem.get(outcome.submission.itemIndex);
		if (list) list.push(outcome);
		else outcomesByItem.set(outcome.submission.itemIndex, [outcome]);
	}
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const message = prepared[itemIndex];
		const pairedItem = { item: itemIndex };
		const mine = outcomesByItem.get(itemIndex) ?? [];
		for (const outcome of mine) {
			if (outcome.accepted && message) {
				output.push({ json: submissionJson(message, { ...outcome, accepted: outcome.accepted }), pairedItem });
			}
		}
		const error = failures.get(itemIndex) ?? mine.find((o) => o.error !== undefined)?.error;
		if (error !== undefined) {
			const json: JsonObject = errorItemJson(error, { operation: 'send', secrets });
			if (message) {
				// A submission whose reply was lost may have been accepted: count it apart, so a
				// rerun of the "not sent" numbers never includes numbers that may have received it.
				const count = (outcomes: SubmissionOutcome[]) => outcomes.reduce((sum, o) => sum + o.submission.mobiles.length, 0);
				const unsent = mine.filter((o) => !o.accepted);
				json.notSentRecipientCount = count(unsent.filter((o) => !mayHaveBeenAccepted(o.error)));
				json.uncertainRecipientCount = count(unsent.filter((o) => mayHaveBeenAccepted(o.error)));
			}
			output.push({ json, pairedItem });
		}
	}
	return output;
}
