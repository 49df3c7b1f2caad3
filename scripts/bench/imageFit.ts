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
// Time: one child process per image alternates the two sides (ABBA, three pairs per round) after
// a warm-up run of each, as in a long-running n8n; ratios of medians taken that close together
// hold up on this shared 2-core machine, where the load of other work drifts by the minute.
// Memory: each side also runs once in a fresh child process of its own (this file with --child),
// so the peak RSS is that of one fit and not of whatever ran before.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { fitImages, loadSharp, type Sharp } from '../../nodes/protocol';
import { encode, photoLike, type TestFormat } from '../../test/support/sharpImages';
import type { BenchContext } from './lib/context';
import type { ResultRow, SideResult } from './lib/measure';
import { median } from './lib/stats';

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
	/** Every timed run of each side, and the window (epoch ms) in which the timing child ran. */
	runs: { ours: number[]; baseline: number[]; from: number; to: number };
	peakRssBytes: { ours: number; baseline: number };
}
export type Row = ImageFitBenchRow;

const TARGET_RATIO = 1.3;
/** The share of one of two pictures in an MMS: enough to need the quality search. */
const BUDGET_BYTES = 50_000;

type Side = 'ours' | 'baseline';

interface Outcome {
	width: number;
	height: number;
	quality: number;
	bytes: number;
}

interface TimingResult {
	ms: Record<Side, number[]>;
	/** What ours produced: the baseline is asked for the same. */
	outcome: Outcome;
	/** sharp pipelines one fit of ours starts (header read, decode + resize, encodes). */
	pipelines: number;
}

interface MemoryResult {
	peakRssBytes: number;
	/** RSS before the input was read: Node, tsx and sharp loaded. */
	startRssBytes: number;
}

// ---------------------------------------------------------------------------
// Children
// ---------------------------------------------------------------------------

function countingSharp(real: Sharp, counter: { pipelines: number }): Sharp {
	return new Proxy(real, {
		apply(target, thisArg, args) {
			counter.pipelines++;
			return Reflect.apply(target, thisArg, args);
		},
	});
}

async function fitOurs(bytes: Buffer, sharp: Sharp): Promise<Outcome> {
	const [fitted] = await fitImages([{ bytes, label: 'Frame 1 image', source: 'bench' }], { budgetBytes: BUDGET_BYTES, loadSharp: () => sharp });
	const { sent, jpegQuality } = fitted.report;
	return { width: sent.width ?? 0, height: sent.height ?? 0, quality: jpegQuality ?? 0, bytes: sent.bytes };
}

async function fitBare(bytes: Buffer, sharp: Sharp, target: Outcome): Promise<Outcome> {
	// 'fill' to the exact size: the leanest resize (no crop step), so the baseline is not flattered.
	const out = await sharp(bytes).resize({ width: target.width, height: target.height, fit: 'fill' }).jpeg({ quality: target.quality }).toBuffer({ resolveWithObject: true });
	return { width: out.info.width, height: out.info.height, quality: target.quality, bytes: out.data.length };
}

/** sharp with libvips' operation cache off: it would hand a repeated run the decode of the same
 *  input buffer for free, which no real execution (a new image each time) ever gets. */
function uncachedSharp(): Sharp {
	const sharp = loadSharp();
	sharp.cache(false);
	return sharp;
}

async function timingChild(file: string, pairs: number): Promise<TimingResult> {
	const sharp = uncachedSharp();
	const bytes = readFileSync(file);
	const counter = { pipelines: 0 };
	const outcome = await fitOurs(bytes, countingSharp(sharp, counter));
	const pipelines = counter.pipelines;
	await fitBare(bytes, sharp, outcome);
	const ms: Record<Side, number[]> = { ours: [], baseline: [] };
	const run: Record<Side, () => Promise<Outcome>> = { ours: () => fitOurs(bytes, sharp), baseline: () => fitBare(bytes, sharp, outcome) };
	for (let pair = 0; pair < pairs; pair++) {
		const order: Side[] = pair % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
		for (const side of order) {
			const started = performance.now();
			await run[side]();
			ms[side].push(performance.now() - started);
		}
	}
	return { ms, outcome, pipelines };
}

async function memoryChild(side: Side, file: string, target: Outcome): Promise<MemoryResult> {
	const sharp = uncachedSharp();
	const startRssBytes = process.memoryUsage.rss();
	const bytes = readFileSync(file);
	if (side === 'ours') await fitOurs(bytes, sharp);
	else await fitBare(bytes, sharp, target);
	return { peakRssBytes: process.resourceUsage().maxRSS * 1024, startRssBytes };
}

// ---------------------------------------------------------------------------
// Parent
// ---------------------------------------------------------------------------

function runChild<T>(args: string[]): T {
	const run = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
	if (run.status !== 0) throw new Error(`image-fit bench child (${args[0]}) failed: ${run.stderr.slice(0, 2000)}`);
	return JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as T;
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
			const from = Date.now();
			const timing = runChild<TimingResult>(['time', file, String(options.rounds * 3)]);
			const to = Date.now();
			const target = timing.outcome;
			const memory: Record<Side, MemoryResult> = {
				ours: runChild<MemoryResult>(['memory', file, 'ours', JSON.stringify(target)]),
				baseline: runChild<MemoryResult>(['memory', file, 'baseline', JSON.stringify(target)]),
			};
			const oursMs = median(timing.ms.ours);
			const baselineMs = median(timing.ms.baseline);
			const ratio = oursMs / baselineMs;
			rows.push({
				what: `Fit ${megapixels}-MP ${name} (${width}×${height}, ${mb(input.length)} MB) into ${thousands(BUDGET_BYTES)} B → JPEG ${target.width}×${target.height} q${target.quality}, ${thousands(target.bytes)} B`,
				oursMedianMs: Math.round(oursMs),
				baselineMedianMs: Math.round(baselineMs),
				ratio: Math.round(ratio * 100) / 100,
				target: TARGET_RATIO,
				met: ratio <= TARGET_RATIO,
				oursPeakRssMb: mb(memory.ours.peakRssBytes),
				baselinePeakRssMb: mb(memory.baseline.peakRssBytes),
				oursRssGrowthMb: mb(memory.ours.peakRssBytes - memory.ours.startRssBytes),
				baselineRssGrowthMb: mb(memory.baseline.peakRssBytes - memory.baseline.startRssBytes),
				runs: { ours: timing.ms.ours, baseline: timing.ms.baseline, from, to },
				peakRssBytes: { ours: memory.ours.peakRssBytes, baseline: memory.baseline.peakRssBytes },
				note: `ours ${timing.pipelines} sharp pipelines (${name === 'JPEG' ? '' : 'header read, '}decode + resize, ${timing.pipelines - (name === 'JPEG' ? 1 : 2)} JPEG encodes of which one quick), bare sharp 1; ${timing.ms.ours.length} timed runs a side; load average ${loadavg()[0].toFixed(1)}`,
			});
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	return rows;
}

/** The hook `npm run bench` calls: the same measurement, as rows of the main table (each timed run a
 *  sample, the load read over the timing child's window). */
export async function benchImageFit(ctx: BenchContext): Promise<ResultRow[]> {
	const rows = await imageFitBench({ smoke: ctx.smoke, rounds: ctx.measure.rounds });
	const load = (row: ImageFitBenchRow) => ctx.measure.sampler.reading(row.runs.from, row.runs.to);
	const side = (key: string, label: string, row: ImageFitBenchRow, values: number[]): SideResult => ({
		key,
		label,
		samples: values.map((value, i) => ({ value, from: row.runs.from, to: row.runs.to, round: i + 1, load: load(row) })),
	});
	return rows.flatMap((row): ResultRow[] => [
		{
			job: row.what,
			metric: 'time per fit',
			unit: 'ms',
			subject: side('fit', 'Fit Images', row, row.runs.ours),
			peer: side('bare', 'bare sharp resize + encode', row, row.runs.baseline),
			target: TARGET_RATIO,
			note: row.note,
		},
		{
			job: row.what,
			metric: 'peak RSS of one fit (own process)',
			unit: 'bytes',
			subject: side('fitRss', 'Fit Images', row, [row.peakRssBytes.ours]),
			peer: side('bareRss', 'bare sharp', row, [row.peakRssBytes.baseline]),
		},
	]);
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
		const [, kind, file, third, fourth] = argv;
		const work =
			kind === 'time'
				? timingChild(file, Number(third))
				: memoryChild(third === 'ours' ? 'ours' : 'baseline', file, JSON.parse(fourth) as Outcome);
		void work.then((result) => console.log(JSON.stringify(result)));
	} else {
		const smoke = argv.includes('--smoke');
		const roundsAt = argv.indexOf('--rounds');
		const rounds = roundsAt >= 0 ? Number(argv[roundsAt + 1]) : smoke ? 2 : 7;
		if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a whole number >= 1');
		void imageFitBench({ smoke, rounds }).then(printTable);
	}
}
