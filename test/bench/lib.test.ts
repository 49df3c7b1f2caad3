// The benchmark's own arithmetic and parsing (scripts/bench/lib): rotation of sides, medians and
// ratios, met/missed and disturbed rounds in the table, the CPU-profile window analysis, and
// reading the node's XML parser options out of built files. No timing is asserted anywhere.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { nodeHasOption, nodeOptionDefault, nodeParserOptions } from '../../scripts/bench/lib/installed';
import type { MeasuredSample, ResultRow, SideResult } from '../../scripts/bench/lib/measure';
import { derive } from '../../scripts/bench/lib/measure';
import { analyse, mergeAnalyses, type WindowAnalysis } from '../../scripts/bench/lib/profile';
import { renderTable } from '../../scripts/bench/lib/report';
import { median, quantile, roundOrder, summarize } from '../../scripts/bench/lib/stats';

const sample = (round: number, value: number, otherCores = 0, extra?: Record<string, number>): MeasuredSample => ({
	round,
	value,
	from: 0,
	to: 1,
	extra,
	load: { otherCores, top: otherCores > 0 ? 'node 1.00' : '' },
});
const side = (key: string, values: number[], loads: number[] = []): SideResult => ({
	key,
	label: key,
	samples: values.map((v, i) => sample(i + 1, v, loads[i] ?? 0)),
});

describe('bench statistics', () => {
	it('median, quantiles and summary', () => {
		assert.equal(median([5, 1, 3]), 3);
		assert.equal(median([4, 1, 3, 2]), 2.5);
		assert.ok(Number.isNaN(median([])));
		assert.equal(quantile([1, 2, 3, 4, 5], 0.25), 2);
		assert.deepEqual(summarize([3, 1, 2]), { median: 2, min: 1, max: 3, q1: 1.5, q3: 2.5, n: 3 });
	});

	it('rotates two sides as ABBA and puts each of three sides first, middle and last', () => {
		const two = [0, 1, 2, 3].map((r) => roundOrder(['A', 'B'], r).join(''));
		assert.deepEqual(two, ['AB', 'BA', 'BA', 'AB']);
		const three = [0, 1, 2].map((r) => roundOrder(['a', 'b', 'c'], r));
		for (const position of [0, 1, 2]) assert.deepEqual(new Set(three.map((order) => order[position])), new Set(['a', 'b', 'c']));
	});

	it('derives per-round differences (peak minus the trivial workflow of the same round)', () => {
		const node: SideResult = { key: 'node', label: 'node', samples: [sample(1, 10, 0, { peakRss: 500 }), sample(2, 11, 0.5, { peakRss: 520 })] };
		const trivial = side('trivial', [400, 410], [0.1, 0]);
		const extra = derive('extra', 'extra', node, trivial, (s, b) => (s.extra?.peakRss ?? 0) - b.value);
		assert.deepEqual(
			extra.samples.map((s) => s.value),
			[100, 110],
		);
		assert.equal(extra.samples[1].load.otherCores, 0.5, 'the busier of the two runs counts');
	});
});

describe('bench table', () => {
	const row = (subject: SideResult, peer: SideResult, target?: number): ResultRow => ({ job: 'Job', metric: 'executionTime', unit: 'ms', subject, peer, target });

	it('ratio of the medians, per-round range, met and missed', () => {
		const table = renderTable([row(side('node', [100, 120, 110]), side('http', [100, 100, 100]), 1.0), row(side('node', [90, 95, 80]), side('loop', [100, 100, 100]), 1.0)], {
			smoke: false,
			busyThreshold: 0.3,
		});
		assert.match(table.markdown, /\*\*1\.10×\*\* \(1\.00–1\.20\) \| ≤ 1\.0× \| \*\*no\*\*/);
		assert.match(table.markdown, /\*\*0\.90×\*\* \(0\.80–0\.95\) \| ≤ 1\.0× \| yes/);
		assert.equal(table.missed.length, 1);
	});

	it('flags rounds in which others were busy and gives the ratio without them', () => {
		const table = renderTable([row(side('node', [100, 300, 100, 100]), side('http', [100, 100, 100, 100], [0, 0, 0.9, 0]), 1.5)], { smoke: false, busyThreshold: 0.3 });
		assert.match(table.markdown, /r3 of 4 \(others 0\.9–0\.9 cores\)/);
		assert.ok(table.notes.some((n) => /Without them: 1\.00× over 3 rounds/.test(n)), table.notes.join('\n'));
	});

	it('never marks a smoke run as a failure', () => {
		const table = renderTable([row(side('node', [300]), side('http', [100]), 1.0)], { smoke: true, busyThreshold: 0.3 });
		assert.match(table.markdown, /no \(smoke\)/);
	});
});

describe('bench CPU-profile analysis', () => {
	it('splits a window by layer and attributes builtins to their JS caller', () => {
		const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
		try {
			const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0, columnNumber: 0, scriptId: '0' });
			const pkg = '/x/.n8n/nodes/node_modules/n8n-nodes-28inter';
			const nodes = [
				{ id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
				{ id: 2, callFrame: frame('runNode', '/x/node_modules/n8n-core/dist/execution-engine/workflow-execute.js'), children: [3] },
				{ id: 3, callFrame: frame('parseRecipients', `${pkg}/dist/nodes/protocol/recipients.js`), children: [4, 6] },
				{ id: 4, callFrame: frame('split', ''), children: [] },
				{ id: 5, callFrame: frame('(idle)', ''), children: [] },
				{ id: 6, callFrame: frame('parse', `${pkg}/node_modules/fast-xml-parser/lib/fxp.cjs`), children: [] },
			];
			// Monotonic µs: the profile starts at 1,000,000; samples every 1 ms.
			const samples = [3, 4, 4, 6, 5, 5, 2, 3];
			const profile = { nodes, startTime: 1_000_000, endTime: 1_009_000, samples, timeDeltas: samples.map(() => 1000) };
			const file = join(dir, 'p.cpuprofile');
			writeFileSync(file, JSON.stringify(profile));
			// offset 0: epoch ms == monotonic ms. Window covering samples 1..7 (t = 1001..1007 ms).
			const a = analyse(file, 1001, 1007, 0);
			const layer = (name: string) => a.byLayerSelf.find((l) => l.layer === name)?.ms ?? 0;
			assert.equal(layer('package'), 3, 'parseRecipients once plus split (a builtin it called) twice');
			assert.equal(layer('fast-xml-parser'), 1);
			assert.equal(layer('idle'), 2);
			assert.equal(layer('n8n engine'), 1);
			assert.ok(a.topSelf.some((f) => f.name.startsWith('split [native] ← parseRecipients')));
			assert.equal(a.topPackageInclusive.find((f) => f.name.startsWith('parseRecipients'))?.ms, 4);
			assert.throws(() => analyse(file, 5000, 6000, 0), /outside the profile/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('bench: merging profiled runs', () => {
	it('takes the median per layer and the mean per function', () => {
		const run = (pkg: number, idle: number, fn: number): WindowAnalysis => ({
			windowMs: pkg + idle,
			sampledMs: pkg + idle,
			byLayerSelf: [
				{ layer: 'package', ms: pkg },
				{ layer: 'idle', ms: idle },
			],
			byLayerInclusive: [{ layer: 'package', ms: pkg }],
			topSelf: [{ name: 'parseRecipients', layer: 'package', ms: fn }],
			topInclusive: [],
			topPackageInclusive: [],
		});
		const merged = mergeAnalyses([run(10, 100, 3), run(30, 5, 6), run(20, 50, 9)]);
		assert.deepEqual(merged.byLayerSelf, [
			{ layer: 'idle', ms: 50 },
			{ layer: 'package', ms: 20 },
		]);
		assert.equal(merged.topSelf[0].ms, 6);
	});
});

describe('bench: reading the installed node', () => {
	it('finds the XMLParser options and options by name in built files', () => {
		const dir = mkdtempSync(join(tmpdir(), 'bench-pkg-'));
		try {
			mkdirSync(join(dir, 'dist', 'nodes', 'Inter28', 'actions'), { recursive: true });
			writeFileSync(
				join(dir, 'dist', 'nodes', 'xml.js'),
				'const parser = new fast_xml_parser_1.XMLParser({\n    ignoreAttributes: true,\n    parseTagValue: false,\n    jPath: false,\n});',
			);
			writeFileSync(
				join(dir, 'dist', 'nodes', 'Inter28', 'actions', 'send.js'),
				"{ displayName: 'Combine', name: 'combineItems', type: 'boolean' },\n{ displayName: 'Batch Concurrency', name: 'concurrency', type: 'number', typeOptions: { minValue: 1 }, default: 4 }",
			);
			assert.deepEqual(nodeParserOptions(dir), { ignoreAttributes: true, parseTagValue: false, jPath: false });
			assert.equal(nodeHasOption(dir, 'combineItems'), true);
			assert.equal(nodeHasOption(dir, 'dryRun'), false);
			assert.equal(nodeOptionDefault(dir, 'concurrency'), 4);
			assert.equal(nodeOptionDefault(dir, 'pauseBetweenSubmissions'), undefined);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
