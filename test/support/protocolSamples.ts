/** Byte samples shared by the protocol tests. */

/** A real 1x1 transparent GIF89a. */
export const GIF89A_1X1 = Buffer.from('47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b', 'hex');

/** A GIF87a header followed by a minimal body. */
export const GIF87A = Buffer.concat([Buffer.from('GIF87a', 'latin1'), Buffer.from('0100010000000002024401003b', 'hex')]);

/** JPEG start (SOI + APP0 JFIF) and end markers around a few bytes: enough for magic-byte detection. */
export const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
export const WEBP = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ', 'latin1')]);

/** The vendor document's example content (2.1.3): invalid as a whole. */
export const VENDOR_EXAMPLE_CONTENT =
	'3,txt|zsSxvg==,jpg|4AAQSkZJRgABAgAAZABk; 3,gif|ExghIhcXGRcXIiQdIB8fIB0kJCssLywrJDk5Pj45OUFBQ';

/** Its only sound part: "文本" in GB2312. */
export const VENDOR_EXAMPLE_TEXT_PART = '3,txt|zsSxvg==';

export const TEXT_BYTES_OF_WENBEN = Buffer.from('cec4b1be', 'hex');
