// Rounds, sides, samples and the result rows every job (and the image-fit hook) produces.
import type { LoadReading, LoadSampler } from './machine';
import { roundOrder } from './stats';

/** One measurement of one side: a time in ms or a size in bytes, and when it was taken. */
export interface Sample {
	value: number;
	/** Epoch ms of the measured window (a node's execution, the loop's timed section). */
	from: number;
	to: number;
	/** Any other figure of the same run (e.g. peakRss), for derived rows. */
	extra?: Record<string, number>;
}

export interface MeasuredSample extends Sample {
	round: number;
	load: LoadReading;
}

export interface Side {
	key: string;
	label: string;
	/** What `run` returns in `value` (default ms). */
	unit?: Unit;
	/** Called before the side runs in a round and not timed (e.g. injecting reports). */
	prepare?: () => Promise<void>;
	run: () => Promise<Sample>;
}

export interface SideResult {
	key: string;
	label: string;
	samples: MeasuredSample[];
}

export interface MeasureOptions {
	rounds: number;
	/** Unrecorded rounds first: disk cache, the simulator's JIT, lazily created files. */
	warmupRounds: number;
	sampler: LoadSampler;
	log: (text: string) => void;
}

/** Runs every side once per round, in an order that rotates every round (see roundOrder). */
export async function measureRounds(title: string, sides: Side[], options: MeasureOptions): Promise<Record<string, SideResult>> {
	const results: Record<string, SideResult> = {};
	for (const side of sides) results[side.key] = { key: side.key, label: side.label, samples: [] };
	const total = options.warmupRounds + options.rounds;
	for (let r = 0; r < total; r++) {
		const recorded = r >= options.warmupRounds;
		const round = r - options.warmupRounds + 1;
		const order = roundOrder(sides, r);
		const parts: string[] = [];
		for (const side of order) {
			await side.prepare?.();
			const sample = await side.run();
			options.sampler.sampleNow();
			const load = options.sampler.reading(sample.from, sample.to);
			if (recorded) results[side.key].samples.push({ ...sample, round, load });
			parts.push(`${side.key} ${formatValue(sample.value, side.unit ?? 'ms')}${load.otherCores >= 0.05 ? ` (others ${load.otherCores.toFixed(2)})` : ''}`);
		}
		options.log(`${title}: ${recorded ? `round ${round}/${options.rounds}` : 'warm-up'}: ${parts.join(', ')}`);
	}
	return results;
}

/** A side whose samples are computed from others of the same rounds (e.g. peak minus baseline). */
export function derive(key: string, label: string, from: SideResult, base: SideResult, value: (s: MeasuredSample, b: MeasuredSample) => number): SideResult {
	const samples = from.samples.map((s) => {
		const b = base.samples.find((x) => x.round === s.round);
		if (!b) throw new Error(`no ${base.key} sample in round ${s.round}`);
		const worse = s.load.otherCores >= b.load.otherCores ? s.load : b.load;
		return { ...s, value: value(s, b), load: worse };
	});
	return { key, label, samples };
}

/** The same runs, read as the CPU time their process used in the measured window (extra.cpuMs). */
export function cpuOf(side: SideResult): SideResult {
	return { key: `${side.key}Cpu`, label: side.label, samples: side.samples.map((s) => ({ ...s, value: s.extra?.cpuMs ?? Number.NaN })) };
}

export const CPU_METRIC = 'CPU time of its process in the window';

export type Unit = 'ms' | 'bytes';

/**
 * One line of the table: the 28inter node (subject) against one peer, or alone.
 * The image-fit hook returns these too.
 */
export interface ResultRow {
	job: string;
	/** What is measured, e.g. "executionTime" or "extra peak RSS". */
	metric: string;
	unit: Unit;
	subject: SideResult;
	peer?: SideResult;
	/** Met when median(subject) / median(peer) ≤ target. */
	target?: number;
	note?: string;
}

export function formatValue(value: number, unit: Unit): string {
	if (!Number.isFinite(value)) return '–';
	if (unit === 'bytes') return `${(value / 1024 / 1024).toFixed(0)} MB`;
	return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
}
