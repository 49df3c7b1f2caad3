import type { Frame } from './content';
import { InvalidInputError } from './errors';
import { formatCount } from './showValue';

/** "100K" in the vendor document, taken as 100 x 1024 bytes. */
export const MAX_MMS_BYTES = 102_400;
const LARGEST_LISTED = 3;

function titleBytes(title: string): number {
	return Buffer.byteLength(title, 'utf8');
}

/** Title UTF-8 bytes + all decoded part bytes (the frame syntax and base64 overhead do not count). */
export function mmsSize(title: string, frames: Frame[]): number {
	if (typeof title !== 'string') throw new InvalidInputError('The title is not text', 'title', 'Give the title as plain text.');
	let total = titleBytes(title);
	for (const frame of frames) for (const part of frame.parts) total += part.bytes.length;
	return total;
}

/** Throws InvalidInputError(field) naming the total, the limit and the 3 largest parts when over. Returns the total. */
export function assertMmsSize(title: string, frames: Frame[], field: string): number {
	const total = mmsSize(title, frames);
	if (total <= MAX_MMS_BYTES) return total;
	const pieces = [{ label: 'title', bytes: titleBytes(title) }];
	frames.forEach((frame, index) => {
		for (const part of frame.parts) pieces.push({ label: `frame ${index + 1} ${part.type}`, bytes: part.bytes.length });
	});
	const largest = pieces
		.filter((piece) => piece.bytes > 0)
		.sort((a, b) => b.bytes - a.bytes)
		.slice(0, LARGEST_LISTED)
		.map((piece) => `${piece.label} ${formatCount(piece.bytes)} bytes`);
	throw new InvalidInputError(
		`The MMS is ${formatCount(total)} bytes, over the vendor's limit of ${formatCount(MAX_MMS_BYTES)} bytes (100 KB). Largest parts: ${largest.join(', ')}`,
		field,
		`Make it at least ${formatCount(total - MAX_MMS_BYTES)} bytes smaller: shrink or compress the images, shorten the text or title, or spread the content over several messages. The limit counts the title (UTF-8) plus all decoded text and image bytes.`,
	);
}
