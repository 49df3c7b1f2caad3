// Fit Images at the level the Send operation works on: the frames of one MMS and its title.
import { imageLabel, type FrameImage, type FrameInput } from '../content';
import { encodeGb2312 } from '../gb2312';
import { MAX_MMS_BYTES, mmsSize } from '../size';
import { fitImages, type FitOptions, type ImageToFit } from './fitImages';
import type { ImageFitReport } from './report';

/** A frame image as the node collects it, with where it came from for the report. */
export interface FrameImageToFit extends FrameImage {
	/** E.g. 'binary property "data"' or 'URL https://example.com/a.png'; default: the label. */
	source?: string;
}

/** A frame as the node collects it: FrameInput whose images may say where they came from. */
export interface FrameToFit extends Omit<FrameInput, 'images'> {
	images?: FrameImageToFit[];
}

export interface FramesFitted {
	/** The frames with every image replaced by the GIF/JPEG to send (its `type` set); texts and durations as given. */
	frames: FrameInput[];
	/** One per image, in frame order. */
	reports: ImageFitReport[];
	/** What the title and texts left for the images. */
	budgetBytes: number;
}

const FRAMES_FIELD = 'frames';

function hasImageBytes(image: unknown): image is FrameImageToFit {
	return typeof image === 'object' && image !== null && (image as FrameImage).bytes instanceof Uint8Array;
}

/** Bytes the title and texts take (the texts as the GB2312 they will be sent in). */
function titleAndTextBytes(title: string, frames: readonly FrameToFit[]): number {
	let bytes = mmsSize(title, []);
	frames.forEach((frame, index) => {
		const text: unknown = typeof frame === 'object' && frame !== null ? frame.text : undefined;
		if (typeof text === 'string' && text !== '') bytes += encodeGb2312(text, FRAMES_FIELD, `Frame ${index + 1} text`).length;
	});
	return bytes;
}

/**
 * fitImages over the frames of one MMS: the budget is what `title` and the texts leave of
 * 102,400 bytes. Anything malformed (a frame that is not an object, an image without bytes) is
 * left as it is for encodeFrames to refuse with its usual message, so there is one validation.
 */
export async function fitFrameImages(title: string, frames: readonly FrameToFit[], options: Omit<FitOptions, 'budgetBytes'> = {}): Promise<FramesFitted> {
	const budgetBytes = MAX_MMS_BYTES - titleAndTextBytes(title, frames);
	const slots: Array<{ frame: number; position: number }> = [];
	const images: ImageToFit[] = [];
	frames.forEach((frame, frameIndex) => {
		const list: unknown = typeof frame === 'object' && frame !== null ? frame.images : undefined;
		if (!Array.isArray(list)) return;
		list.forEach((image: unknown, position) => {
			if (!hasImageBytes(image)) return;
			const label = imageLabel(frameIndex + 1, position, list.length);
			slots.push({ frame: frameIndex, position });
			images.push({ bytes: image.bytes, label, source: typeof image.source === 'string' ? image.source : label, frame: frameIndex + 1 });
		});
	});
	const fitted = await fitImages(images, { ...options, budgetBytes });
	const out: FrameInput[] = frames.map((frame) => (typeof frame === 'object' && frame !== null && Array.isArray(frame.images) ? { ...frame, images: [...frame.images] } : frame));
	fitted.forEach((result, index) => {
		const { frame, position } = slots[index];
		const images = out[frame].images;
		if (images !== undefined) images[position] = { bytes: result.bytes, type: result.type };
	});
	return { frames: out, reports: fitted.map((result) => result.report), budgetBytes };
}
