// The fixed numbers of image fitting, in one place so that the docs, the tests and the node's
// option defaults quote the same values.

/** Default longest side of a re-encoded image (option `maxImageSide`): sharp on a phone screen,
 *  and small enough that a photo usually fits its share at a high JPEG quality. */
export const DEFAULT_MAX_IMAGE_SIDE = 640;

/** `maxImageSide` below this would send thumbnails nobody can read; above, no phone shows more. */
export const MIN_MAX_IMAGE_SIDE = 64;
export const MAX_MAX_IMAGE_SIDE = 4096;

/** Below 40 JPEG blocks show; above 90 the bytes grow fast for nothing a phone screen shows. */
export const MIN_JPEG_QUALITY = 40;
export const MAX_JPEG_QUALITY = 90;

/** An image is not shrunk below this longest side (or its own, when smaller): it would no longer
 *  be recognisable, so refusing with a clear error serves the sender better. */
export const MIN_IMAGE_SIDE = 64;

/** Each scale-down step shrinks the sides by at least this factor, so the search ends in few steps. */
export const MAX_SCALE_STEP = 0.85;

/** An animated GIF is kept animated only down to this fraction of its capped longest side; below,
 *  its first frame goes out as a JPEG, which keeps far more of the picture in the same bytes. */
export const MIN_GIF_SCALE = 0.5;

/** No image's share of the budget is smaller while the budget allows: a 64-px JPEG at quality 40
 *  of pure noise, the worst case, takes about 1,700 bytes, so with this much every image fits at
 *  the smallest size at least, and an MMS whose images have this much each never fails to fit. */
export const MIN_IMAGE_SHARE = 2_000;

/** Frames × pixels a GIF re-encode may handle (about three seconds here): more would not fit
 *  100 KB as a GIF anyway, so such an animation goes out as its first frame. */
export const MAX_GIF_PIXELS = 4_000_000;
