// Test images made with sharp itself, deterministically (seeded, no files in git): photo-like
// pictures, noise that compresses badly, transparency, EXIF orientation with GPS tags, animated
// GIFs, in every format Fit Images reads. Shared by test/protocol/imageFit and the benchmark.
import sharp, { type Sharp } from 'sharp';

export interface RawPixels {
	data: Buffer;
	width: number;
	height: number;
	channels: 3 | 4;
}

export type TestFormat = 'png' | 'webp' | 'avif' | 'tiff' | 'jpeg' | 'gif';

/** xorshift32: the same seed gives the same numbers on every machine. */
export function seededRandom(seed: number): () => number {
	let x = seed >>> 0 || 1;
	return () => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		x >>>= 0;
		return x / 4294967296;
	};
}

/**
 * Smooth blobs of colour (a coarse random grid enlarged) plus per-pixel grain: JPEG sizes
 * behave like a photo's. `grain` 0 is smooth, 20 photo-like, 120 close to noise. With `alpha`,
 * the left third is fully transparent and the middle third half transparent.
 */
export async function photoLike(width: number, height: number, options: { seed?: number; grain?: number; alpha?: boolean } = {}): Promise<RawPixels> {
	const random = seededRandom(options.seed ?? 1);
	const gridWidth = Math.max(2, Math.ceil(width / 80));
	const gridHeight = Math.max(2, Math.ceil(height / 80));
	const grid = Buffer.alloc(gridWidth * gridHeight * 3);
	for (let i = 0; i < grid.length; i++) grid[i] = Math.floor(random() * 256);
	const rgb = await sharp(grid, { raw: { width: gridWidth, height: gridHeight, channels: 3 } })
		.resize(width, height, { kernel: 'cubic', fit: 'fill' })
		.raw()
		.toBuffer();
	const grain = options.grain ?? 20;
	if (grain > 0) {
		for (let i = 0; i < rgb.length; i++) {
			const value = rgb[i] + (random() - 0.5) * grain;
			rgb[i] = value < 0 ? 0 : value > 255 ? 255 : value;
		}
	}
	if (!options.alpha) return { data: rgb, width, height, channels: 3 };
	const rgba = Buffer.alloc(width * height * 4);
	for (let p = 0; p < width * height; p++) {
		rgba[p * 4] = rgb[p * 3];
		rgba[p * 4 + 1] = rgb[p * 3 + 1];
		rgba[p * 4 + 2] = rgb[p * 3 + 2];
		const x = p % width;
		rgba[p * 4 + 3] = x < width / 3 ? 0 : x < (2 * width) / 3 ? 128 : 255;
	}
	return { data: rgba, width, height, channels: 4 };
}

/** Every pixel random: the worst case for any compressor. */
export function noise(width: number, height: number, seed = 1): RawPixels {
	const random = seededRandom(seed);
	const data = Buffer.alloc(width * height * 3);
	for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
	return { data, width, height, channels: 3 };
}

function fromRaw(pixels: RawPixels): Sharp {
	return sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } });
}

/** GPS position and camera tags as a phone writes them: what must never leave with a fitted image. */
export const PHONE_EXIF = {
	IFD0: { Make: 'TestPhone', Model: 'Fitter 1' },
	IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 27/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 50/1' },
};

export async function encode(pixels: RawPixels, format: TestFormat, options: { quality?: number; orientation?: number; exif?: boolean } = {}): Promise<Buffer> {
	let image = fromRaw(pixels);
	if (options.orientation !== undefined) image = image.withMetadata({ orientation: options.orientation });
	if (options.exif) image = image.withExifMerge(PHONE_EXIF);
	switch (format) {
		case 'png':
			return await image.png().toBuffer();
		case 'webp':
			return await image.webp({ quality: options.quality ?? 90 }).toBuffer();
		case 'avif':
			return await image.avif({ quality: options.quality ?? 60, effort: 0 }).toBuffer();
		case 'tiff':
			return await image.tiff().toBuffer();
		case 'jpeg':
			return await image.jpeg({ quality: options.quality ?? 92 }).toBuffer();
		case 'gif':
			return await image.gif().toBuffer();
	}
}

/**
 * An animated GIF of `frames` frames, 100 ms each, looping. Default: flat coloured bars that move
 * from frame to frame (a palette of a few colours: quick to encode, shrinks well, like a sticker);
 * with `grain`, photo-like frames (each a different seed), which compress badly as GIF.
 */
export async function animatedGif(width: number, height: number, frames: number, options: { seed?: number; grain?: number } = {}): Promise<Buffer> {
	const pages: Buffer[] = [];
	const colours = [
		[230, 60, 50],
		[40, 120, 220],
		[250, 200, 40],
		[60, 170, 90],
	];
	for (let page = 0; page < frames; page++) {
		let pixels: RawPixels;
		if (options.grain === undefined) {
			const data = Buffer.alloc(width * height * 3, 255);
			const bar = Math.max(1, Math.floor(width / 8));
			for (let y = 0; y < height; y++) {
				for (let x = 0; x < width; x++) {
					const band = Math.floor((x + page * bar) / bar) % colours.length;
					if (y % 40 < 30) data.set(colours[band], (y * width + x) * 3);
				}
			}
			pixels = { data, width, height, channels: 3 };
		} else {
			pixels = await photoLike(width, height, { seed: (options.seed ?? 1) + page * 7919, grain: options.grain });
		}
		pages.push(await fromRaw(pixels).png().toBuffer());
	}
	// sharp joins two or more pages; one is a still GIF.
	const image = pages.length === 1 ? sharp(pages[0]) : sharp(pages, { join: { animated: true } });
	return await image.gif({ delay: pages.map(() => 100), loop: 0, effort: 1 }).toBuffer();
}
