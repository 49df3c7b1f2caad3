import { InvalidInputError } from '../errors';
import { recogniseImageFormat, withArticle } from '../imageType';

/** What Fit Images reads: the formats the prebuilt libvips inside sharp decodes. */
export type FittableFormat = 'JPEG' | 'GIF' | 'PNG' | 'WebP' | 'AVIF' | 'TIFF';

const FITTABLE: readonly string[] = ['JPEG', 'GIF', 'PNG', 'WebP', 'AVIF', 'TIFF'];
const READS = 'Fit Images reads JPEG, GIF, PNG, WebP, AVIF and TIFF';

function isFittable(format: string | undefined): format is FittableFormat {
	return format !== undefined && FITTABLE.includes(format);
}

/** The format of an image to fit, from its first bytes; anything else is refused with what to do. */
export function fittableFormat(bytes: Uint8Array, label: string, field: string): FittableFormat {
	if (bytes.length === 0) {
		throw new InvalidInputError(`${label} is empty (0 bytes)`, field, 'Give the image file itself: the binary property or download holds no data.');
	}
	const format = recogniseImageFormat(bytes);
	if (isFittable(format)) return format;
	if (format === 'HEIC' || format === 'HEIF') {
		// The prebuilt libvips has no HEVC decoder (patents), so this cannot be fixed by configuration.
		throw new InvalidInputError(
			`${label} is ${withArticle(format)} photo, which Fit Images cannot convert`,
			field,
			'Send it as JPEG instead: on an iPhone set Settings → Camera → Formats → Most Compatible, or share or export the photo as JPEG, or convert it before this node.',
		);
	}
	if (format === 'MP4/MOV video') {
		throw new InvalidInputError(`${label} is ${withArticle(format)} file, not a picture`, field, `${READS}: give a still image (a live photo's still part, exported as JPEG).`);
	}
	if (format !== undefined) {
		throw new InvalidInputError(`${label} is ${withArticle(format)} file, which Fit Images cannot convert`, field, `${READS}: convert it to one of them first (JPEG for photos).`);
	}
	throw new InvalidInputError(
		`${label} is not an image Fit Images can read (its first bytes match no known image format)`,
		field,
		`${READS}: check that the binary property or URL holds the image file itself, not a web page or an error message.`,
	);
}
