// The table: one line per (job, peer), medians and spreads, the ratio of the medians and its
// per-round range, target, met/missed, and which rounds the rest of the machine disturbed.
import { formatValue, type MeasuredSample, type ResultRow } from './measure';
import { median, summarize } from './stats';

export interface RenderOptions {
	smoke: boolean;
	/** Other processes' CPU (in cores) above which a round counts as disturbed. */
	busyThreshold: number;
}

function spread(samples: MeasuredSample[], unit: ResultRow['unit']): string {
	const s = summarize(samples.map((x) => x.value));
	return `${formatValue(s.median, unit)} (${formatValue(s.min, unit)}–${formatValue(s.max, unit)})`;
}

export interface RenderedTable {
	markdown: string;
	notes: string[];
	missed: string[];
}

export function renderTable(rows: ResultRow[], options: RenderOptions): RenderedTable {
	const header = ['Job', 'Metric', '28inter node, median (min–max)', 'Peer', 'Peer, median (min–max)', 'Ratio (per-round range)', 'Target', 'Met', 'Disturbed rounds'];
	const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
	const notes: string[] = [];
	const missed: string[] = [];
	let previousJob = '';
	for (const row of rows) {
		const ratios = perRoundRatiosWithThreshold(row, options.busyThreshold);
		const ratio = row.peer ? median(row.subject.samples.map((s) => s.value)) / median(row.peer.samples.map((s) => s.value)) : Number.NaN;
		const range = ratios.length > 0 ? `${Math.min(...ratios.map((r) => r.ratio)).toFixed(2)}–${Math.max(...ratios.map((r) => r.ratio)).toFixed(2)}` : '';
		const met = row.target === undefined || !row.peer ? '' : ratio <= row.target ? 'yes' : options.smoke ? 'no (smoke)' : '**no**';
		if (row.target !== undefined && row.peer && ratio > row.target) missed.push(`${row.job} vs ${row.peer.label}: ${ratio.toFixed(2)}× (target ≤ ${row.target.toFixed(1)}×)`);
		const disturbed = ratios.filter((r) => r.disturbed);
		const jobCell = row.job === previousJob ? '″' : row.job;
		previousJob = row.job;
		lines.push(
			`| ${[
				jobCell,
				row.metric + (row.note ? ` (${row.note.length > 40 ? 'see note' : row.note})` : ''),
				spread(row.subject.samples, row.unit),
				row.peer?.label ?? '',
				row.peer ? spread(row.peer.samples, row.unit) : '',
				row.peer ? `**${ratio.toFixed(2)}×** (${range})` : '',
				row.target !== undefined ? `≤ ${row.target.toFixed(1)}×` : '–',
				met,
				disturbedCell(ratios),
			].join(' | ')} |`,
		);
		if (row.note && row.note.length > 40) notes.push(`- ${row.job}, ${row.metric}: ${row.note}.`);
		// Detail only where a target is judged; the other rows share the same rounds.
		if (disturbed.length > 0 && row.target !== undefined) {
			const clean = ratios.filter((r) => !r.disturbed);
			const cleanNote =
				clean.length >= 3 && row.peer
					? ` Without them: ${(median(row.subject.samples.filter((s) => clean.some((c) => c.round === s.round)).map((s) => s.value)) / median(row.peer.samples.filter((s) => clean.some((c) => c.round === s.round)).map((s) => s.value))).toFixed(2)}× over ${clean.length} rounds.`
					: '';
			notes.push(`- ${row.job} vs ${row.peer?.label ?? '–'}: disturbed ${disturbed.map((r) => `r${r.round} (others ${r.detail}, ratio ${r.ratio.toFixed(2)})`).join('; ')}.${cleanNote}`);
		}
	}
	return { markdown: lines.join('\n'), notes, missed };
}

function disturbedCell(ratios: Array<{ round: number; disturbed: boolean; load: number }>): string {
	const disturbed = ratios.filter((r) => r.disturbed);
	if (disturbed.length === 0) return 'none';
	const loads = disturbed.map((r) => r.load);
	const range = `others ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} cores`;
	return disturbed.length === ratios.length ? `all ${ratios.length} (${range})` : `${disturbed.map((r) => `r${r.round}`).join(', ')} of ${ratios.length} (${range})`;
}

function perRoundRatiosWithThreshold(row: ResultRow, threshold: number) {
	if (!row.peer) return [];
	const out: Array<{ round: number; ratio: number; disturbed: boolean; detail: string; load: number }> = [];
	for (const s of row.subject.samples) {
		const p = row.peer.samples.find((x) => x.round === s.round);
		if (!p) continue;
		const worst = s.load.otherCores >= p.load.otherCores ? s.load : p.load;
		out.push({
			round: s.round,
			ratio: s.value / p.value,
			disturbed: worst.otherCores > threshold,
			detail: `${worst.otherCores.toFixed(2)} cores${worst.top ? ` — ${worst.top}` : ''}`,
			load: worst.otherCores,
		});
	}
	return out;
}
