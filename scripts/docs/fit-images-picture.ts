// Makes the demo's large PNG poster (examples/assets/spring-poster.png) and the README's picture of
// what Fit Images sends for it (docs/images/fit-images.jpg: the original and the sent frame side by
// side, both labelled with the report the node itself produces). Deterministic: same bytes each run.
//   node --import tsx scripts/docs/fit-images-picture.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';

import { fitFrameImages } from '../../nodes/protocol';

const ROOT = join(__dirname, '..', '..');
const WIDTH = 2400;
const HEIGHT = 1600;

/** A spring-sale poster as a designer would export it: gradients, shapes, text, and fine grain
 *  (the grain is what makes a real PNG export several megabytes). */
function posterSvg(): string {
	const petals = Array.from({ length: 28 }, (_, i) => {
		const x = (i * 389) % WIDTH;
		const y = (i * 613) % HEIGHT;
		const r = 40 + ((i * 37) % 90);
		return `<circle cx="${x}" cy="${y}" r="${r}" fill="#ffffff" fill-opacity="${0.08 + ((i * 7) % 10) / 60}"/>`;
	}).join('');
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#ff9a8b"/><stop offset="0.5" stop-color="#ff6a88"/><stop offset="1" stop-color="#ff99ac"/></linearGradient>
    <radialGradient id="sun" cx="0.75" cy="0.3" r="0.35"><stop offset="0" stop-color="#fff6b7"/><stop offset="1" stop-color="#fff6b7" stop-opacity="0"/></radialGradient>
  </defs>
  <rect width="100%" height="100%" fill="url(#sky)"/>
  <rect width="100%" height="100%" fill="url(#sun)"/>
  ${petals}
  <rect x="160" y="980" width="1300" height="360" rx="48" fill="#ffffff" fill-opacity="0.85"/>
  <text x="220" y="1150" font-family="DejaVu Sans, sans-serif" font-size="150" font-weight="bold" fill="#d6336c">SPRING SALE</text>
  <text x="224" y="1280" font-family="DejaVu Sans, sans-serif" font-size="90" fill="#495057">-30% this week only</text>
</svg>`;
}

async function poster(): Promise<Buffer> {
	const base = await sharp(Buffer.from(posterSvg())).removeAlpha().raw().toBuffer({ resolveWithObject: true });
	// Seeded grain, so the file is the same on every machine.
	let seed = 7;
	const pixels = base.data;
	for (let i = 0; i < pixels.length; i++) {
		seed = (seed * 1103515245 + 12345) >>> 0;
		pixels[i] = Math.max(0, Math.min(255, pixels[i] + ((seed >>> 24) % 5) - 2));
	}
	return await sharp(pixels, { raw: { width: base.info.width, height: base.info.height, channels: base.info.channels } }).png({ compressionLevel: 9 }).toBuffer();
}

function label(width: number, lines: string[]): Buffer {
	const text = lines.map((line, i) => `<text x="24" y="${44 + i * 40}" font-family="DejaVu Sans, sans-serif" font-size="30" fill="#212529">${line}</text>`).join('');
	return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${40 + lines.length * 40}"><rect width="100%" height="100%" fill="#f8f9fa"/>${text}</svg>`);
}

async function main(): Promise<void> {
	const png = await poster();
	writeFileSync(join(ROOT, 'examples', 'assets', 'spring-poster.png'), png);
	const fitted = await fitFrameImages('春季新品', [
		{ durationSeconds: 3, text: '春季新品上市，全场七折' },
		{ durationSeconds: 5, images: [{ bytes: png, source: 'binary property "data"' }] },
	]);
	const report = fitted.reports[0];
	const sent = fitted.frames[1].images?.[0].bytes ?? Buffer.alloc(0);
	const panel = 900;
	const left = await sharp(png).resize({ width: panel }).png().toBuffer();
	const right = await sharp(sent).resize({ width: panel }).png().toBuffer();
	const height = Math.round((panel * HEIGHT) / WIDTH);
	const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
	const leftLabel = label(panel, ['Original (binary property "data")', `${report.original.format} ${report.original.width}×${report.original.height}, ${kb(report.original.bytes)}`]);
	const rightLabel = label(panel, ['Sent in the MMS by Fit Images', `${report.sent.format} ${report.sent.width}×${report.sent.height}, ${kb(report.sent.bytes)}, quality ${report.jpegQuality}`]);
	const gap = 24;
	const picture = await sharp({ create: { width: panel * 2 + gap * 3, height: height + 120 + gap * 2, channels: 3, background: '#ffffff' } })
		.composite([
			{ input: left, left: gap, top: gap },
			{ input: right, left: panel + gap * 2, top: gap },
			{ input: leftLabel, left: gap, top: height + gap },
			{ input: rightLabel, left: panel + gap * 2, top: height + gap },
		])
		.jpeg({ quality: 88 })
		.toBuffer();
	writeFileSync(join(ROOT, 'docs', 'images', 'fit-images.jpg'), picture);
	process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
