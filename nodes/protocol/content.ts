import { decodeStrictBase64 } from './base64';
import { InvalidInputError } from './errors';
import { decodeGb2312, encodeGb2312, isValidGb2312 } from './gb2312';
import { detectImageType, type ImageType, recogniseImageFormat } from './imageType';
import { showValue } from './showValue';

export { detectImageType, type ImageType } from './imageType';

/** The vendor's content format: frames joined by ';', each `seconds,type|base64,type|base64`,
 *  e.g. `3,txt|zsSxvg==,jpg|/9j/4AAQ...;5,gif|R0lGODlh...`. */
export type PartType = 'txt' | ImageType;
export interface FrameImage {
	bytes: Uint8Array;
	/** Checked against the magic bytes when given. */
	type?: ImageType;
}
export interface FrameInput {
	durationSeconds: number;
	text?: string;
	images?: FrameImage[];
}
export interface ContentPart {
	type: PartType;
	bytes: Buffer;
}
export interface Frame {
	durationSeconds: number;
	parts: ContentPart[];
}
export interface EncodedContent {
	content: string;
	frames: Frame[];
}

const FRAMES_FIELD = 'frames';
const PART_TYPES: readonly string[] = ['txt', 'jpg', 'gif'];
const FORMAT_NAMES: Record<ImageType, string> = { jpg: 'JPEG', gif: 'GIF' };
const EXAMPLE = "e.g. '3,txt|zsSxvg==' (3 seconds showing the text 文本)";

function isDuration(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

// A view, not a copy: encoding 100 KB of images must cost little more than the base64 itself, and
// an image that already fits must cost nothing.
export function asBuffer(bytes: Uint8Array): Buffer {
	return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function encodeImage(image: unknown, label: string): ContentPart {
	if (typeof image !== 'object' || image === null || !((image as FrameImage).bytes instanceof Uint8Array)) {
		throw new InvalidInputError(`${label} has no image data`, FRAMES_FIELD, 'Give the image as binary data (a GIF or JPEG file).');
	}
	const { bytes, type: declared } = image as FrameImage;
	const type = detectImageType(bytes, FRAMES_FIELD, label);
	if (declared !== undefined && declared !== type) {
		throw new InvalidInputError(
			`${label} is declared as ${typeof declared === 'string' ? declared : showValue(declared)} but its bytes are a ${FORMAT_NAMES[type]} image`,
			FRAMES_FIELD,
			'Leave the type out so it is detected from the bytes, or correct it.',
		);
	}
	return { type, bytes: asBuffer(bytes) };
}

/** 'Frame 2 image', or 'Frame 2 image 1' when the frame has several: every message about an image names it so. */
export function imageLabel(frameNumber: number, imageIndex: number, imageCount: number): string {
	return imageCount === 1 ? `Frame ${frameNumber} image` : `Frame ${frameNumber} image ${imageIndex + 1}`;
}

function encodeFrame(frame: FrameInput, number: number): Frame {
	const label = `Frame ${number}`;
	if (typeof frame !== 'object' || frame === null) {
		throw new InvalidInputError(`${label} is not a frame`, FRAMES_FIELD, 'Give each frame a duration and a text, an image, or both.');
	}
	if (!isDuration(frame.durationSeconds)) {
		throw new InvalidInputError(
			`${label}: the duration ${showValue(frame.durationSeconds)} is not a whole number of seconds of at least 1`,
			FRAMES_FIELD,
			'Set the duration to a whole number such as 3.',
		);
	}
	const parts: ContentPart[] = [];
	const { text, images } = frame;
	if (text !== undefined && typeof text !== 'string') {
		throw new InvalidInputError(`${label}: the text is not a string`, FRAMES_FIELD, 'Give the text as plain text.');
	}
	if (text !== undefined && text !== '') {
		parts.push({ type: 'txt', bytes: encodeGb2312(text, FRAMES_FIELD, `${label} text`) });
	}
	if (images !== undefined && !Array.isArray(images)) {
		throw new InvalidInputError(`${label}: the images are not a list`, FRAMES_FIELD, 'Give the images as a list of binary files.');
	}
	const imageList: readonly unknown[] = images ?? [];
	imageList.forEach((image, index) => {
		parts.push(encodeImage(image, imageLabel(number, index, imageList.length)));
	});
	if (parts.length === 0) {
		throw new InvalidInputError(`${label} has neither text nor an image`, FRAMES_FIELD, 'Give every frame a text, an image, or both.');
	}
	return { durationSeconds: frame.durationSeconds, parts };
}

/** frames -> content. Text is GB2312-encoded; images must be GIF or JPEG. Part buffers in the result are
 *  views of the caller's image bytes (no copy). */
export function encodeFrames(frames: FrameInput[]): EncodedContent {
	if (!Array.isArray(frames) || frames.length === 0) {
		throw new InvalidInputError('There are no frames', FRAMES_FIELD, 'Add at least one frame with a text or an image.');
	}
	const decoded = frames.map((frame, index) => encodeFrame(frame, index + 1));
	// '+' builds a rope without copying; join() would copy every base64 string once more.
	let content = '';
	for (let f = 0; f < decoded.length; f++) {
		const frame = decoded[f];
		content += f === 0 ? String(frame.durationSeconds) : `;${frame.durationSeconds}`;
		for (const part of frame.parts) content += `,${part.type}|` + part.bytes.toString('base64');
	}
	return { content, frames: decoded };
}

function clip(text: string, max = 24): string {
	return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function looksLikeUtf8(bytes: Buffer): boolean {
	return bytes.some((b) => b >= 0x80) && Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

function checkPartType(type: string, label: string, field: string): PartType {
	if (PART_TYPES.includes(type)) return type as PartType;
	const lower = type.toLowerCase();
	let hint = 'The vendor accepts only txt, jpg and gif parts.';
	if (PART_TYPES.includes(lower)) hint = `Write the type in lower case: ${lower}.`;
	else if (lower === 'jpeg') hint = 'Write jpg, not jpeg.';
	else if (lower === 'png' || lower === 'webp' || lower === 'bmp') hint = `The vendor accepts only txt, jpg and gif parts: convert the ${lower.toUpperCase()} image to JPEG or GIF.`;
	throw new InvalidInputError(`${label} has the type "${clip(type)}"`, field, hint);
}

function checkImage(bytes: Buffer, type: ImageType, label: string, field: string): void {
	const format = recogniseImageFormat(bytes);
	if (format === FORMAT_NAMES[type]) return;
	if (format === 'JPEG' || format === 'GIF') {
		const actual = format === 'JPEG' ? 'jpg' : 'gif';
		throw new InvalidInputError(`${label} is declared ${type} but holds a ${format} image`, field, `Write ${actual}| instead of ${type}|.`);
	}
	if (format !== undefined) {
		throw new InvalidInputError(
			`${label} holds a ${format} file, not a ${FORMAT_NAMES[type]} image`,
			field,
			'The vendor accepts only GIF and JPEG images: convert it first.',
		);
	}
	throw new InvalidInputError(
		`${label} does not start like a ${FORMAT_NAMES[type]} image`,
		field,
		'The base64 is probably cut at the start, or is not an image: copy the complete base64 of the image again.',
	);
}

function decodePart(token: string, label: string, field: string): ContentPart {
	const pipe = token.indexOf('|');
	if (pipe === -1) {
		throw new InvalidInputError(`${label} ("${clip(token)}") has no "|" between its type and its base64`, field, "Write each part as type|base64, e.g. 'txt|zsSxvg=='.");
	}
	const type = checkPartType(token.slice(0, pipe), label, field);
	const typedLabel = `${label} (${type})`;
	const data = decodeStrictBase64(token.slice(pipe + 1));
	if (!data.ok) throw new InvalidInputError(`${typedLabel}: the base64 ${data.problem}`, field, data.hint);
	if (type === 'txt') {
		if (!isValidGb2312(data.bytes)) {
			const hint = looksLikeUtf8(data.bytes)
				? 'It looks like UTF-8: the vendor needs text encoded as GB2312 before base64. Build the content from frames to have it encoded for you.'
				: 'Encode the text as GB2312 before base64, or build the content from frames to have it encoded for you.';
			throw new InvalidInputError(`${typedLabel} is not valid GB2312 text`, field, hint);
		}
	} else {
		checkImage(data.bytes, type, typedLabel, field);
	}
	return { type, bytes: data.bytes };
}

function decodeFrame(text: string, number: number, frameCount: number, field: string): Frame {
	const label = `Frame ${number}`;
	if (text === '') {
		const trailing = number === frameCount && number > 1;
		throw new InvalidInputError(
			trailing ? `The content ends with ";", which starts an empty frame ${number}` : `${label} is empty`,
			field,
			trailing ? 'Remove the ";" at the end.' : 'Remove the extra ";".',
		);
	}
	if (/^\s/.test(text)) {
		throw new InvalidInputError(
			`${label} starts with a space or line break`,
			field,
			'Frames are separated by ";" alone: remove the spaces and line breaks around ";".',
		);
	}
	const tokens = text.split(',');
	const durationText = tokens[0];
	if (durationText.includes('|')) {
		throw new InvalidInputError(`${label} does not start with its duration`, field, `Start each frame with the seconds to show it, ${EXAMPLE}.`);
	}
	if (!/^\d{1,9}$/.test(durationText) || Number(durationText) < 1) {
		throw new InvalidInputError(
			`${label}: the duration "${clip(durationText)}" is not a whole number of seconds of at least 1`,
			field,
			`Start each frame with the seconds to show it, ${EXAMPLE}.`,
		);
	}
	if (tokens.length === 1) {
		throw new InvalidInputError(`${label} has a duration but no text or image`, field, `Add at least one part after the duration, ${EXAMPLE}.`);
	}
	const parts: ContentPart[] = [];
	for (let i = 1; i < tokens.length; i++) parts.push(decodePart(tokens[i], `${label}, part ${i}`, field));
	return { durationSeconds: Number(durationText), parts };
}

/** Strict inverse of encodeFrames, also the validation of user raw content. Errors name the frame and part. */
export function decodeContent(content: string, field = 'rawContent'): Frame[] {
	if (typeof content !== 'string') {
		throw new InvalidInputError('The content is not text', field, `Give the content in the vendor's frame format, ${EXAMPLE}.`);
	}
	if (content === '') {
		throw new InvalidInputError('The content is empty', field, `Give the content in the vendor's frame format, ${EXAMPLE}.`);
	}
	const frameTexts = content.split(';');
	return frameTexts.map((text, index) => decodeFrame(text, index + 1, frameTexts.length, field));
}

/** GB2312-decoded concatenation of the frame's txt parts. */
export function frameText(frame: Frame): string {
	return frame.parts
		.filter((part) => part.type === 'txt')
		.map((part) => decodeGb2312(part.bytes))
		.join('');
}
