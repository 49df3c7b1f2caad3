// What the node tells the user about each image: where it came from, what it was, what was sent.
import type { ImageType } from '../imageType';
import type { FittableFormat } from './inputFormat';

export interface ImageDescription<Format extends string> {
	format: Format;
	bytes: number;
	/** Null when an image sent unchanged has headers that could not be read (it is sent all the same). */
	width: number | null;
	height: number | null;
	/** 1 for a still image. */
	animationFrames: number | null;
}

export interface ImageFitReport {
	/** The MMS frame (1-based) when the caller knows it. */
	frame: number | null;
	/** E.g. 'Frame 2 image'. */
	label: string;
	/** E.g. 'binary property "data"' or 'URL https://example.com/a.png'. */
	source: string;
	/** As the file stores it: a JPEG's width and height before its EXIF orientation. */
	original: ImageDescription<FittableFormat>;
	/** As sent: orientation applied. */
	sent: ImageDescription<'JPEG' | 'GIF'>;
	/** The JPEG quality chosen, null when the image was not encoded as JPEG here. */
	jpegQuality: number | null;
	/** False when the bytes go out exactly as they came in. */
	changed: boolean;
	/** One line for people, e.g. 'PNG 4000×3000 converted to JPEG 640×480 at quality 82'. */
	summary: string;
}

export const SENT_TYPE: Record<'JPEG' | 'GIF', ImageType> = { JPEG: 'jpg', GIF: 'gif' };

function dimensions(image: ImageDescription<string>): string {
	return image.width === null || image.height === null ? '' : ` ${image.width}×${image.height}`;
}

function animation(image: ImageDescription<string>): string {
	return image.animationFrames !== null && image.animationFrames > 1 ? ` (${image.animationFrames} frames)` : '';
}

export function unchangedSummary(original: ImageDescription<FittableFormat>): string {
	return `${original.format}${dimensions(original)} sent unchanged: it fits its share of the size limit`;
}

export function convertedSummary(original: ImageDescription<FittableFormat>, sent: ImageDescription<string>, quality: number | null): string {
	const firstFrameOnly = original.animationFrames !== null && original.animationFrames > 1 && sent.animationFrames === 1;
	const what = `${original.format}${dimensions(original)}${animation(original)}${firstFrameOnly ? ': its first frame' : ''}`;
	const verb = sent.format === original.format ? 're-encoded as' : 'converted to';
	const how = `${sent.format}${dimensions(sent)}${animation(sent)}${quality === null ? '' : ` at quality ${quality}`}`;
	let why = '';
	if (firstFrameOnly) why = original.format === 'GIF' ? ' (the animation does not fit even at half its size)' : ' (only GIF animations can be sent)';
	return `${what} ${verb} ${how}${why}`;
}
