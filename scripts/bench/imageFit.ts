// Benchmark of Fit Images (issue 13): fitting a 12-megapixel PNG, WebP and JPEG to the default
// settings (longest side 640) within 50,000 bytes — what each of two such pictures gets in one
// MMS; at this size a photo needs the quality search (alone it would fit at quality 90 with one
// encode) — against a bare sharp resize + JPEG encode of the same image to the same final size
// and quality. The ratio is the cost of what Fit Images adds (the header read, the quality
// search's extra encodes, orientation, flattening, colour space). Target ≤ 1.3×.
//
//   node --import tsx scripts/bench/imageFit.ts              full run (12 MP, 7 rounds)
//   node --import tsx scripts/bench/imageFit.ts --smoke      3 MP, 2 rounds
//   node --import tsx scripts/bench/imageFit.ts --rounds 5
//
// Each measurement runs in a fresh child process (this file with --child), so the peak RSS is
// that of one fit and not of whatever ran before; the two sides alternate (ABBA) because this
// shared 2-core machine is noisy. Inside the child the operation runs twice and the second run
// is timed, as in a long-running n8n (library load, libvips start-up and first-touch memory are
// left out on both sides).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { fitImages, loadSharp, type Sharp } from '../../nodes/protocol';
import { encode, photoLike, type TestFormat } from '../../test/support/sharpImages';

export interface ImageFitBenchRow {
	what: string;
	oursMedianMs: number;
	baselineMedianMs: number;
	/** oursMedianMs / baselineMedianMs. */
	ratio: number;
	/** The ratio to stay within. */
	target: number;
	met: boolean;
	/** Peak RSS of the whole child process (Node, tsx, sharp, the input file and the fit), worst round. */
	oursPeakRssMb: number;
	baselinePeakRssMb: number;
	/** The same minus the child's RSS just before it read the input: what the fit itself took. */
	oursRssGrowthMb: number;
	baselineRssGrowthMb: number;
	note: string;
}
export type Row = ImageFitBenchRow;

const TARGET_RATIO = 1.3;
/** The share of one of two pictures in an MMS: enough to need the quality search. */
const BUDGET_BYTES = 50_000;

interface ChildResult {
	ms: number;
	peakRssBytes: number;
	startRssBytes: number;
	width: number;
	height: number;
	quality: number;
	bytes: number;
	/** sharp pipelines started: header reads, decodes, encodes, resizes. */
	pipelines: number;
}

// ---------------------------------------------------------------------------
// Child: one measured operation
// ---------------------------------------------------------------------------

function countingSharp(real: Sharp, counter: { pipelines: number }): Sharp {
	return new Proxy(real, {
		apply(target, thisArg, args) {
			counter.pipelines++;
			return Reflect.apply(target, thisArg, args);
		},
	});
}

async function child(side: 'ours' | 'baseline', file: string, width: number, height: number, quality: number): Promise<ChildResult> {
	const sharp = loadSharp();
	const startRssBytes = process.memoryUsage.rss();
	const bytes = readFileSync(file);
	const warmUp = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).png().toBuffer();
	const counter = { pipelines: 0 };
	const counted = countingSharp(sharp, counter);
	if (side === 'ours') {
		await fitImages([{ bytes: warmUp, label: 'warm-up', source: 'bench' }], { budgetBytes: BUDGET_BYTES, loadSharp: () => counted });
	} else {
		await sharp(warmUp).resize({ width: 32, height: 32, fit: 'fill' }).jpeg({ quality: 80 }).toBuffer();
	}
	// Twice: the first run pays for faulting in memory and starting libvips' threads at this size,
	// which a long-running n8n pays once; the second is timed. The peak RSS covers both.
	let result: Omit<ChildResult, 'ms' | 'peakRssBytes' | 'startRssBytes' | 'pipelines'> = { width: 0, height: 0, quality: 0, bytes: 0 };
	let started = 0;
	for (let run = 0; run < 2; run++) {
		counter.pipelines = 0;
		started = performance.now();
		if (side === 'ours') {
			const [fitted] = await fitImages([{ bytes, label: 'Frame 1 image', source: 'bench' }], { budgetBytes: BUDGET_BYTES, loadSharp: () => counted });
			const { sent, jpegQuality } = fitted.report;
			result = { width: sent.width ?? 0, height: sent.height ?? 0, quality: jpegQuality ?? 0, bytes: sent.bytes };
		} else {
			// 'fill' to the exact size: the leanest resize (no crop step), so the baseline is not flattered.
			const out = await counted(bytes).resize({ width, height, fit: 'fill' }).jpeg({ quality }).toBuffer({ resolveWithObject: true });
			result = { width: out.info.width, height: out.info.height, quality, bytes: out.data.length };
		}
	}
	const ms = performance.now() - started;
	return { ms, peakRssBytes: process.resourceUsage().maxRSS * 1024, startRssBytes, pipelines: counter.pipelines, ...result };
}

// ---------------------------------------------------------------------------
// Parent
// ---------------------------------------------------------------------------

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function runChild(side: 'ours' | 'baseline', file: string, target: { width: number; height: number; quality: number }): ChildResult {
	const args = ['--import', 'tsx', __filename, '--child', side, file, String(target.width), String(target.height), String(target.quality)];
	const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
	if (run.status !== 0) throw new Error(`image-fit bench child (${side}) failed: ${run.stderr.slice(0, 2000)}`);
	const line = run.stdout.trim().split('\n').pop() ?? '';
	return JSON.parse(line) as ChildResult;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

interface Case {
	format: TestFormat;
	name: string;
}

const CASES: Case[] = [
	{ format: 'png', name: 'PNG' },
	{ format: 'webp', name: 'WebP' },
	{ format: 'jpeg', name: 'JPEG' },
];

export async function imageFitBench(options: { smoke: boolean; rounds: number }): Promise<ImageFitBenchRow[]> {
	const [width, height] = options.smoke ? [2000, 1500] : [4000, 3000];
	const megapixels = Math.round((width * height) / 1e6);
	const dir = mkdtempSync(join(tmpdir(), 'inter28-imagefit-bench-'));
	const rows: ImageFitBenchRow[] = [];
	try {
		// A photo-like picture (smooth shapes plus grain), the same on every run.
		const pixels = await photoLike(width, height, { seed: 2026, grain: 20 });
		for (const { format, name } of CASES) {
			const file = join(dir, `${width}x${height}.${format}`);
			const input = await encode(pixels, format, { quality: 92 });
			writeFileSync(file, input);
			// Ours once to learn the final size and quality, which the baseline then produces directly.
			const probe = runChild('ours', file, { width: 0, height: 0, quality: 0 });
			const target = { width: probe.width, height: probe.height, quality: probe.quality };
			const ours: ChildResult[] = [];
			const baseline: ChildResult[] = [];
			for (let round = 0; round < options.rounds; round++) {
				const order: Array<'ours' | 'baseline'> = round % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
				for (const side of order) (side === 'ours' ? ours : baseline).push(runChild(side, file, target));
			}
			const oursMs = median(ours.map((r) => r.ms));
			const baselineMs = median(baseline.map((r) => r.ms));
			const ratio = oursMs / baselineMs;
			rows.push({
				what: `Fit ${megapixels}-MP ${name} (${width}×${height}, ${mb(input.length)} MB) into ${thousands(BUDGET_BYTES)} B → JPEG ${target.width}×${target.height} q${target.quality}, ${thousands(probe.bytes)} B`,
				oursMedianMs: Math.round(oursMs),
				baselineMedianMs: Math.round(baselineMs),
				ratio: Math.round(ratio * 100) / 100,
				target: TARGET_RATIO,
				met: ratio <= TARGET_RATIO,
				oursPeakRssMb: mb(Math.max(...ours.map((r) => r.peakRssBytes))),
				baselinePeakRssMb: mb(Math.max(...baseline.map((r) => r.peakRssBytes))),
				oursRssGrowthMb: mb(Math.max(...ours.map((r) => r.peakRssBytes - r.startRssBytes))),
				baselineRssGrowthMb: mb(Math.max(...baseline.map((r) => r.peakRssBytes - r.startRssBytes))),
				note: `ours ${probe.pipelines} sharp pipelines (header read when not a JPEG, one decode + resize, the JPEG encodes of the quality search), bare sharp 1; ${options.rounds} rounds, a fresh process each`,
			});
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	return rows;
}

function printTable(rows: ImageFitBenchRow[]): void {
	console.log('| what | ours (median) | bare sharp (median) | ratio | target | peak RSS ours / bare (growth) | note |');
	console.log('|---|---|---|---|---|---|---|');
	for (const row of rows) {
		console.log(
			`| ${row.what} | ${row.oursMedianMs} ms | ${row.baselineMedianMs} ms | ${row.ratio.toFixed(2)}× ${row.met ? '✓' : '✗'} | ≤ ${row.target.toFixed(1)}× | ${row.oursPeakRssMb} / ${row.baselinePeakRssMb} MB (+${row.oursRssGrowthMb} / +${row.baselineRssGrowthMb}) | ${row.note} |`,
		);
	}
}

if (require.main === module) {
	const argv = process.argv.slice(2);
	if (argv[0] === '--child') {
		const [, side, file, width, height, quality] = argv;
		if (side !== 'ours' && side !== 'baseline') throw new Error('--child ours|baseline FILE WIDTH HEIGHT QUALITY');
		void child(side, file, Number(width), Number(height), Number(quality)).then((result) => console.log(JSON.stringify(result)));
	} else {
		const smoke = argv.includes('--smoke');
		const roundsAt = argv.indexOf('--rounds');
		const rounds = roundsAt >= 0 ? Number(argv[roundsAt + 1]) : smoke ? 2 : 7;
		if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a whole number >= 1');
		void imageFitBench({ smoke, rounds }).then(printTable);
	}
}
