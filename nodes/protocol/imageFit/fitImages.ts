// Fit Images: every image of one MMS turned into a GIF or JPEG, all of them together within the
// bytes that the title and texts leave of the vendor's limit.
import { asBuffer } from '../content';
import { InvalidInputError } from '../errors';
import type { ImageType } from '../imageType';
import { formatCount, showValue } from '../showValue';
import { MAX_MMS_BYTES } from '../size';
import { planBudget, shareByArea } from './budgetShares';
import { decodeCapped, readImageFacts, type ImageFacts } from './decodeImage';
import { fitGif } from './gifFitter';
import { readHeaderFacts } from './headerFacts';
import { cappedSize } from './imageSize';
import { fittableFormat, type FittableFormat } from './inputFormat';
import { fitJpeg } from './jpegFitter';
import { DEFAULT_MAX_IMAGE_SIDE, MAX_MAX_IMAGE_SIDE, MIN_JPEG_QUALITY, MIN_MAX_IMAGE_SIDE } from './limits';
import { SENT_TYPE, convertedSummary, unchangedSummary, type ImageDescription, type ImageFitReport } from './report';
import { loadSharp, type Sharp, type SharpLoader } from './sharpLoader';

export interface ImageToFit {
	bytes: Uint8Array;
	/** Starts every message about the image, e.g. 'Frame 2 image'. */
	label: string;
	/** Where it came from, for the report, e.g. 'binary property "data"' or 'URL https://…'. */
	source: string;
	/** The MMS frame (1-based), for the report. */
	frame?: number;
}

export interface FitOptions {
	/** What the title and texts leave of the 102,400 bytes: all images together stay within it. */
	budgetBytes: number;
	/** Longest side of a re-encoded image in pixels (option `maxImageSide`), default 640. */
	maxSide?: number;
	/** How to load sharp; tests inject one to see whether it is loaded. Default: require('sharp') on first need. */
	loadSharp?: SharpLoader;
	/** The node parameter that errors about the images point at. Default 'frames'. */
	field?: string;
}

export interface FittedImage {
	bytes: Buffer;
	type: ImageType;
	report: ImageFitReport;
}

interface Candidate {
	image: ImageToFit;
	format: FittableFormat;
	original: ImageDescription<FittableFormat>;
}

const FEWER_BYTES_HINT = 'Shorten the texts or the title, send fewer images in this MMS, or spread them over several messages.';

function maxSideOf(value: unknown): number {
	if (value === undefined) return DEFAULT_MAX_IMAGE_SIDE;
	if (typeof value === 'number' && Number.isInteger(value) && value >= MIN_MAX_IMAGE_SIDE && value <= MAX_MAX_IMAGE_SIDE) return value;
	throw new InvalidInputError(
		`The maximum image side ${showValue(value)} is not a whole number of pixels from ${MIN_MAX_IMAGE_SIDE} to ${formatCount(MAX_MAX_IMAGE_SIDE)}`,
		'maxImageSide',
		`Set Max Image Side to a whole number such as ${DEFAULT_MAX_IMAGE_SIDE}.`,
	);
}

function describeOriginal(image: ImageToFit, format: FittableFormat): ImageDescription<FittableFormat> {
	const facts = format === 'JPEG' || format === 'GIF' ? readHeaderFacts(image.bytes, format) : undefined;
	return {
		format,
		bytes: image.bytes.length,
		width: facts?.width ?? null,
		height: facts?.height ?? null,
		animationFrames: facts?.animationFrames ?? null,
	};
}

function isSendable(format: FittableFormat): format is 'JPEG' | 'GIF' {
	return format === 'JPEG' || format === 'GIF';
}

function unchanged(candidate: Candidate): FittedImage {
	const { image, format, original } = candidate;
	const sentFormat = format === 'GIF' ? 'GIF' : 'JPEG';
	return {
		bytes: asBuffer(image.bytes),
		type: SENT_TYPE[sentFormat],
		report: {
			frame: image.frame ?? null,
			label: image.label,
			source: image.source,
			original,
			sent: { ...original, format: sentFormat },
			jpegQuality: null,
			changed: false,
			summary: unchangedSummary(original),
		},
	};
}

/** Header facts where the headers say it, else sharp's reading (which also refuses what it cannot decode). */
async function factsOf(sharp: Sharp, candidate: Candidate, field: string): Promise<ImageFacts> {
	const { original, format, image } = candidate;
	if (original.width !== null && original.height !== null && original.animationFrames !== null) {
		return { width: original.width, height: original.height, animationFrames: original.animationFrames };
	}
	const facts = await readImageFacts(sharp, image.bytes, format, image.label, field);
	original.width = facts.width;
	original.height = facts.height;
	original.animationFrames = facts.animationFrames;
	return facts;
}

function converted(candidate: Candidate, bytes: Buffer, sent: ImageDescription<'JPEG' | 'GIF'>, jpegQuality: number | null): FittedImage {
	const { image, original } = candidate;
	return {
		bytes,
		type: SENT_TYPE[sent.format],
		report: {
			frame: image.frame ?? null,
			label: image.label,
			source: image.source,
			original,
			sent,
			jpegQuality,
			changed: true,
			summary: convertedSummary(original, sent, jpegQuality),
		},
	};
}

async function fitOne(sharp: Sharp, candidate: Candidate, facts: ImageFacts, share: number, budget: number, maxSide: number, field: string): Promise<FittedImage> {
	const { image, format } = candidate;
	if (format === 'GIF') {
		const gif = await fitGif(sharp, image.bytes, facts, maxSide, share, image.label, field);
		if (gif !== undefined) {
			return converted(candidate, gif.bytes, { format: 'GIF', bytes: gif.bytes.length, width: gif.width, height: gif.height, animationFrames: gif.animationFrames }, null);
		}
	}
	const raw = await decodeCapped(sharp, image.bytes, maxSide, format, image.label, field);
	const fit = await fitJpeg(sharp, raw, share);
	if (!fit.fits) {
		const { smallest } = fit;
		throw new InvalidInputError(
			`${image.label} cannot be made small enough: its share is ${formatCount(share)} of the ${formatCount(budget)} bytes that the title and texts leave for images, ` +
				`and even at ${smallest.width}×${smallest.height} pixels and JPEG quality ${MIN_JPEG_QUALITY} it takes ${formatCount(smallest.bytes)} bytes`,
			field,
			FEWER_BYTES_HINT,
		);
	}
	const { jpeg } = fit;
	return converted(candidate, jpeg.bytes, { format: 'JPEG', bytes: jpeg.bytes.length, width: jpeg.width, height: jpeg.height, animationFrames: 1 }, jpeg.quality);
}

/**
 * The images of one MMS as GIF/JPEG within `budgetBytes` together, in input order, each with a
 * report. When every image is already a GIF or JPEG and they fit together, nothing is decoded
 * and sharp is not even loaded: the bytes go out exactly as they came (metadata included).
 * Otherwise the budget is shared by pixel area; a GIF or JPEG within its share stays unchanged,
 * and each other image is re-encoded (orientation applied, metadata dropped, transparency on
 * white, longest side at most `maxSide`) at the highest JPEG quality that fits its share, or
 * smaller when even quality 40 does not. An image that comes out under its share leaves the rest
 * to the images after it. Errors are InvalidInputError naming the image and what to change.
 */
export async function fitImages(images: readonly ImageToFit[], options: FitOptions): Promise<FittedImage[]> {
	const field = options.field ?? 'frames';
	const maxSide = maxSideOf(options.maxSide);
	const budget = options.budgetBytes;
	if (!Number.isSafeInteger(budget)) throw new TypeError(`budgetBytes must be a whole number of bytes, got ${showValue(budget)}`);
	const candidates: Candidate[] = images.map((image) => {
		const format = fittableFormat(image.bytes, image.label, field);
		return { image, format, original: describeOriginal(image, format) };
	});
	if (candidates.length === 0) return [];

	const total = candidates.reduce((sum, candidate) => sum + candidate.image.bytes.length, 0);
	if (total <= budget && candidates.every((candidate) => isSendable(candidate.format))) return candidates.map(unchanged);
	if (budget <= 0) {
		throw new InvalidInputError(
			`The title and texts take ${formatCount(MAX_MMS_BYTES - budget)} of the ${formatCount(MAX_MMS_BYTES)} bytes an MMS may have, leaving no room for ${candidates[0].image.label}`,
			field,
			FEWER_BYTES_HINT,
		);
	}

	const sharp = (options.loadSharp ?? loadSharp)();
	const facts: ImageFacts[] = [];
	// One image at a time: a 12-megapixel decode is the memory peak, and two at once would double it.
	for (const candidate of candidates) facts.push(await factsOf(sharp, candidate, field));
	const areas = facts.map((size) => {
		const shown = cappedSize(size, maxSide);
		return shown.width * shown.height;
	});
	const plan = planBudget(
		budget,
		candidates.map((candidate, index) => ({ area: areas[index], unchangedBytes: isSendable(candidate.format) ? candidate.image.bytes.length : undefined })),
	);

	const results: FittedImage[] = [];
	let bytesLeft = plan.bytesToShare;
	const pending = candidates.map((_, index) => index).filter((index) => !plan.unchanged[index]);
	for (let index = 0; index < candidates.length; index++) {
		if (plan.unchanged[index]) {
			results.push(unchanged(candidates[index]));
			continue;
		}
		// This image and those after it share what the earlier ones left.
		const rest = pending.filter((other) => other >= index);
		const share = shareByArea(bytesLeft, rest.map((other) => areas[other]))[0];
		const fitted = await fitOne(sharp, candidates[index], facts[index], share, budget, maxSide, field);
		bytesLeft -= fitted.bytes.length;
		results.push(fitted);
	}
	return results;
}
