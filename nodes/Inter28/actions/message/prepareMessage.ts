import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	DEFAULT_MAX_IMAGE_SIDE,
	InvalidInputError,
	MAX_MAX_IMAGE_SIDE,
	MIN_MAX_IMAGE_SIDE,
	assertMmsSize,
	buildFormBody,
	checkNumber,
	decodeContent,
	encodeFrames,
	fitFrameImages,
	parseRecipients,
	toVendorStartTime,
	type Frame,
	type FrameImageToFit,
	type FrameToFit,
	type ImageFitReport,
} from '../../../protocol';
import type { ItemParameters } from '../../../shared/itemParameters';
import { downloadImage } from '../../../shared/transport/imageDownload';

/** One input item's MMS, checked and encoded: nothing the vendor would refuse is left in it. */
export interface PreparedMessage {
	itemIndex: number;
	title: string;
	/** 'YYYY-MM-DD HH:mm:ss' China time, or undefined for "now". */
	startTime?: string;
	/** In the vendor's frame format, ready for the form body. */
	content: string;
	/** The decoded frames (what the phone shows), for previews. */
	frames: Frame[];
	/** Title and frames as 28inter counts them against its 102,400 bytes. */
	mmsBytes: number;
	numbers: string[];
	duplicatesRemoved: number;
	/** What Fit Images did with each image (empty without images, or with Fit Images off). */
	images: ImageFitReport[];
}

interface FrameParameter {
	duration?: number;
	text?: string;
	binaryPropertyName?: string;
	imageUrl?: string;
}

async function binaryImage(this: IExecuteFunctions, itemIndex: number, item: INodeExecutionData, property: string, label: string): Promise<FrameImageToFit> {
	if (!item.binary?.[property]) {
		const available = Object.keys(item.binary ?? {});
		throw new InvalidInputError(
			`${label}: the input item has no binary property "${property}"`,
			'frames',
			available.length > 0
				? `Use one of the input's binary properties: ${available.join(', ')}.`
				: 'The input item carries no binary data: read the image first (e.g. with "Read/Write Files from Disk" or "HTTP Request" set to return a file), or give an Image URL.',
		);
	}
	return { bytes: await this.helpers.getBinaryDataBuffer(itemIndex, property), source: `binary property "${property}"` };
}

async function framesFromParameters(this: IExecuteFunctions, params: ItemParameters, itemIndex: number, item: INodeExecutionData, timeoutMs: number): Promise<FrameToFit[]> {
	const raw = params.raw('frames.frame', itemIndex, []);
	const count = Array.isArray(raw) ? raw.length : 0;
	if (count === 0) {
		throw new InvalidInputError(
			'No frames: the MMS needs at least one frame with text or an image',
			'frames',
			'Add a frame under "Frames", or switch Content Source to Raw Protocol Content.',
		);
	}
	const result: FrameToFit[] = [];
	for (let index = 0; index < count; index++) {
		const label = `Frame ${index + 1}`;
		const field = (name: keyof FrameParameter, fallback: unknown) => params.get(`frames.frame[${index}].${name}`, itemIndex, fallback);
		const images: FrameImageToFit[] = [];
		const property = String(field('binaryPropertyName', '') ?? '').trim();
		if (property) images.push(await binaryImage.call(this, itemIndex, item, property, label));
		const url = String(field('imageUrl', '') ?? '').trim();
		if (url) images.push({ bytes: await downloadImage(this, url, { label, timeoutMs }), source: `URL ${url.split(/[?#]/)[0]}` });
		result.push({ durationSeconds: Number(field('duration', 3) ?? 3), text: (field('text', '') ?? '') as string, images });
	}
	return result;
}

function maxImageSideOf(value: unknown): number {
	if (value === undefined || value === null || value === '') return DEFAULT_MAX_IMAGE_SIDE;
	return checkNumber(value, {
		field: 'maxImageSide',
		label: 'Max Image Side (Px)',
		min: MIN_MAX_IMAGE_SIDE,
		max: MAX_MAX_IMAGE_SIDE,
		whole: true,
		hint: `Give the longest side of a fitted picture in pixels, e.g. ${DEFAULT_MAX_IMAGE_SIDE}.`,
	});
}

/** What repeats from row to row when items carry the same message, worked out once per execution. */
export class MessageMemo {
	/** Titles already checked for characters a form body cannot carry. */
	readonly titles = new Set<string>();
	/** Encoded content of text-only frames, by their durations and texts. */
	readonly texts = new Map<string, { content: string; frames: Frame[] }>();
}

function encodeTextFrames(input: FrameToFit[], memo: MessageMemo): { content: string; frames: Frame[] } {
	const key = JSON.stringify(input.map((frame) => [frame.durationSeconds, frame.text]));
	let encoded = memo.texts.get(key);
	if (encoded === undefined) {
		encoded = encodeFrames(input);
		memo.texts.set(key, encoded);
	}
	return encoded;
}

/** Reads one item's parameters (through `params`, which caches how each is read) and checks everything
 *  the vendor would refuse, before anything is sent. `timeoutMs` bounds each image download. */
export async function prepareMessage(
	this: IExecuteFunctions,
	params: ItemParameters,
	memo: MessageMemo,
	itemIndex: number,
	item: INodeExecutionData,
	timeoutMs: number,
): Promise<PreparedMessage> {
	const { numbers, duplicatesRemoved } = parseRecipients(params.get('recipients', itemIndex, undefined));
	const title = String(params.get('title', itemIndex, '') ?? '');
	if (!memo.titles.has(title)) {
		// Refuses a title that cannot be encoded (a lone surrogate, half an emoji) before any item is sent.
		buildFormBody({ title });
		memo.titles.add(title);
	}
	const source = params.get('contentSource', itemIndex, 'frames');
	let content: string;
	let frames: Frame[];
	let mmsBytes: number;
	let images: ImageFitReport[] = [];
	if (source === 'raw') {
		content = String(params.get('rawContent', itemIndex, '') ?? '').trim();
		frames = decodeContent(content, 'rawContent');
		mmsBytes = assertMmsSize(title, frames, 'rawContent');
	} else {
		let input = await framesFromParameters.call(this, params, itemIndex, item, timeoutMs);
		const hasImages = input.some((frame) => (frame.images?.length ?? 0) > 0);
		// Each option on its own: an expression in one (a per-row Scheduled At) keeps the others off
		// n8n's expression engine.
		if (hasImages && params.get('options.fitImages', itemIndex, true) !== false) {
			const maxSide = maxImageSideOf(params.get('options.maxImageSide', itemIndex, ''));
			const fitted = await fitFrameImages(title, input, { maxSide, field: 'frames' });
			input = fitted.frames;
			images = fitted.reports;
		}
		const encoded = hasImages ? encodeFrames(input) : encodeTextFrames(input, memo);
		content = encoded.content;
		frames = encoded.frames;
		mmsBytes = assertMmsSize(title, frames, 'frames');
	}
	const scheduledAt = params.get('options.scheduledAt', itemIndex, '');
	const startTime =
		scheduledAt === '' || scheduledAt === null || scheduledAt === undefined
			? undefined
			: toVendorStartTime(scheduledAt, { timezone: this.getTimezone() });
	return { itemIndex, title, startTime, content, frames, mmsBytes, numbers, duplicatesRemoved, images };
}
