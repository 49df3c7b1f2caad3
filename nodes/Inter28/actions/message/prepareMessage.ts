import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

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
import type { Inter28Client } from '../../../shared/transport';

/** One input item's MMS, checked and encoded, ready to be sent in batches of up to 2,000 numbers. */
export interface PreparedMessage {
	itemIndex: number;
	title: string;
	startTime?: string;
	batches: string[][];
	duplicatesRemoved: number;
	/** Sends one batch; the title and content are already form-encoded. */
	send: (mobiles: string[]) => Promise<SendAccepted>;
}

interface FrameParameter {
	duration?: number;
	text?: string;
	binaryPropertyName?: string;
}

async function framesFromParameters(this: IExecuteFunctions, itemIndex: number, item: INodeExecutionData): Promise<FrameInput[]> {
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

/** Reads one item's parameters and checks everything the vendor would refuse, before anything is sent. */
export async function prepareMessage(
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
