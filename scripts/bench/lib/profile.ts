// Reads a V8 .cpuprofile (from `node --cpu-prof`) and says where the time of one window went:
// by layer — the package, n8n (engine, parameters and expressions, helpers.httpRequest, run data,
// binary data), libraries (fast-xml-parser, iconv-lite), Node.js core, GC, idle — and by function.
//
// Windows: a profile's timestamps are CLOCK_MONOTONIC microseconds (V8 TimeTicks), the same clock
// as process.hrtime in every process on the machine; a node's startTime in n8n's run data is epoch
// ms. `monotonicOffsetMs` maps one onto the other.
import { readFileSync } from 'node:fs';

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
	columnNumber: number;
}
interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** Epoch ms minus monotonic ms, measured now (the same for every process on this machine). */
export function monotonicOffsetMs(): number {
	return Date.now() - Number(process.hrtime.bigint() / 1_000_000n);
}

export type Layer =
	| 'package'
	| 'fast-xml-parser'
	| 'iconv-lite'
	| 'other library of the package'
	| 'n8n engine'
	| 'n8n node context (getNodeParameter…)'
	| 'n8n expressions'
	| 'n8n helpers.httpRequest (axios)'
	| 'n8n run-data copying'
	| 'n8n binary data'
	| 'n8n other'
	| 'Node.js core'
	| 'native (unattributed)'
	| 'V8 GC'
	| 'idle'
	| 'loop script';

const PACKAGE = '/n8n-nodes-28inter/';
const HTTP = /\/node_modules\/(axios|follow-redirects|form-data|proxy-from-env|agent-base|https?-proxy-agent|@n8n\/backend-network|combined-stream|asynckit|mime-types|mime-db)\/|request-helper-functions|\/helpers\/request/;
const EXPRESSIONS =
	/\/node_modules\/(@n8n\/tournament|@n8n\/expression-runtime|isolated-vm|luxon|jmespath|esprima-next|recast|ast-types|js-base64)\/|n8n-workflow\/dist\/.*(expression|workflow-data-proxy|extensions\/)/i;

function layerOf(frame: CallFrame): Layer | undefined {
	const { url, functionName } = frame;
	if (url === '') {
		if (functionName === '(garbage collector)') return 'V8 GC';
		if (functionName === '(idle)') return 'idle';
		return undefined;
	}
	if (url.includes('/scripts/bench/loop.mjs')) return 'loop script';
	const pkg = url.lastIndexOf(PACKAGE);
	if (pkg >= 0) {
		const rest = url.slice(pkg + PACKAGE.length);
		if (rest.startsWith('node_modules/')) {
			if (/node_modules\/(fast-xml-parser|strnum)\//.test(rest)) return 'fast-xml-parser';
			if (rest.includes('node_modules/iconv-lite/') || rest.includes('node_modules/safer-buffer/')) return 'iconv-lite';
			return 'other library of the package';
		}
		return 'package';
	}
	// The loop takes its libraries from the installed package too; anything else is n8n's tree.
	if (url.startsWith('node:') || !url.includes('/')) return 'Node.js core';
	if (/deepCopy|structuredClone|cloneDeep/i.test(functionName)) return 'n8n run-data copying';
	if (HTTP.test(url)) return 'n8n helpers.httpRequest (axios)';
	if (/binary-data|binary-helper/.test(url)) return 'n8n binary data';
	if (EXPRESSIONS.test(url)) return 'n8n expressions';
	if (url.includes('n8n-core/dist/execution-engine/node-execution-context/')) return 'n8n node context (getNodeParameter…)';
	if (/n8n-core\/dist\/execution-engine\/|\/n8n\/dist\//.test(url)) return 'n8n engine';
	return 'n8n other';
}

function shortUrl(url: string): string {
	if (url === '') return '';
	const pkg = url.lastIndexOf(PACKAGE);
	if (pkg >= 0) return url.slice(pkg + PACKAGE.length).replace(/^dist\//, '');
	const nm = url.lastIndexOf('/node_modules/');
	if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
	if (url.includes('/scripts/bench/')) return url.slice(url.indexOf('/scripts/bench/') + 1);
	return url;
}

function frameName(frame: CallFrame): string {
	const name = frame.functionName || '(anonymous)';
	return frame.url === '' ? `${name} [native]` : `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

export interface FunctionTime {
	name: string;
	layer: Layer;
	ms: number;
}

export interface WindowAnalysis {
	windowMs: number;
	sampledMs: number;
	byLayerSelf: Array<{ layer: Layer; ms: number }>;
	byLayerInclusive: Array<{ layer: Layer; ms: number }>;
	topSelf: FunctionTime[];
	topInclusive: FunctionTime[];
	topPackageInclusive: FunctionTime[];
}

/** Analyses samples whose time falls in [fromEpochMs, toEpochMs]. */
export function analyse(file: string, fromEpochMs: number, toEpochMs: number, offsetMs: number, top = 40): WindowAnalysis {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map<number, ProfileNode>();
	const parent = new Map<number, number>();
	for (const node of profile.nodes) {
		byId.set(node.id, node);
		for (const child of node.children ?? []) parent.set(child, node.id);
	}
	const fromUs = (fromEpochMs - offsetMs) * 1000;
	const toUs = (toEpochMs - offsetMs) * 1000;
	if (toUs < profile.startTime || fromUs > profile.endTime) {
		throw new Error(`${file}: the window lies outside the profile (clock mapping off by ${((profile.startTime - fromUs) / 1000).toFixed(0)} ms?)`);
	}
	const selfLayer = new Map<Layer, number>();
	const inclLayer = new Map<Layer, number>();
	const selfFn = new Map<string, FunctionTime>();
	const inclFn = new Map<string, FunctionTime>();
	const stackCache = new Map<number, { frames: ProfileNode[]; attributed: Layer; key: string; selfLayer: Layer }>();

	const stackOf = (leafId: number) => {
		const cached = stackCache.get(leafId);
		if (cached) return cached;
		const frames: ProfileNode[] = [];
		for (let id: number | undefined = leafId; id !== undefined; id = parent.get(id)) frames.push(byId.get(id) as ProfileNode);
		const leaf = frames[0];
		const leafLayer = layerOf(leaf.callFrame);
		// A builtin (JSON.parse, RegExp, String#split…) has no URL: its time goes to the JS code
		// that called it, so "package" includes the builtins the package calls.
		let attributed: Layer = leafLayer ?? 'native (unattributed)';
		if (!leafLayer) {
			for (const f of frames) {
				const l = layerOf(f.callFrame);
				if (l && l !== 'Node.js core') {
					attributed = l;
					break;
				}
			}
		}
		let key = frameName(leaf.callFrame);
		if (leaf.callFrame.url === '' && !leafLayer) {
			const caller = frames.find((f) => f.callFrame.url !== '');
			if (caller) key += ` ← ${frameName(caller.callFrame)}`;
		}
		const entry = { frames, attributed, key, selfLayer: leafLayer ?? attributed };
		stackCache.set(leafId, entry);
		return entry;
	};

	let t = profile.startTime;
	let sampledUs = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i];
		if (t < fromUs || t > toUs) continue;
		const us = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i];
		const ms = us / 1000;
		sampledUs += us;
		const stack = stackOf(profile.samples[i]);
		const leaf = stack.frames[0].callFrame;
		if (leaf.functionName === '(root)' || leaf.functionName === '(program)') {
			add(selfLayer, 'native (unattributed)', ms);
			continue;
		}
		add(selfLayer, stack.attributed, ms);
		const fn = selfFn.get(stack.key) ?? { name: stack.key, layer: stack.attributed, ms: 0 };
		fn.ms += ms;
		selfFn.set(stack.key, fn);
		const seenLayers = new Set<Layer>();
		const seenFns = new Set<string>();
		for (const frame of stack.frames) {
			const l = layerOf(frame.callFrame);
			if (l) seenLayers.add(l);
			if (frame.callFrame.url === '') continue;
			const name = frameName(frame.callFrame);
			if (seenFns.has(name)) continue;
			seenFns.add(name);
			const entry = inclFn.get(name) ?? { name, layer: l ?? 'native (unattributed)', ms: 0 };
			entry.ms += ms;
			inclFn.set(name, entry);
		}
		seenLayers.add(stack.attributed);
		for (const l of seenLayers) add(inclLayer, l, ms);
	}
	const busy = sampledUs / 1000 - (selfLayer.get('idle') ?? 0);
	const sorted = (m: Map<Layer, number>) => [...m.entries()].map(([layer, ms]) => ({ layer, ms })).sort((a, b) => b.ms - a.ms);
	const fns = [...inclFn.values()].sort((a, b) => b.ms - a.ms);
	return {
		windowMs: toEpochMs - fromEpochMs,
		sampledMs: sampledUs / 1000,
		byLayerSelf: sorted(selfLayer),
		byLayerInclusive: sorted(inclLayer).filter((l) => l.layer !== 'idle'),
		topSelf: [...selfFn.values()].filter((f) => f.layer !== 'idle').sort((a, b) => b.ms - a.ms).slice(0, top),
		// The trunk (frames under nearly every busy sample: the engine's run loop) says nothing.
		topInclusive: fns.filter((f) => f.ms < busy * 0.9).slice(0, top),
		topPackageInclusive: fns.filter((f) => f.layer === 'package').slice(0, top),
	};
}

/**
 * Several profiled runs of one side as one: per layer the median over the runs (one disturbed
 * run does not move it), per function the mean. Medians of layers need not add up to the total.
 */
export function mergeAnalyses(runs: WindowAnalysis[], top = 15): WindowAnalysis {
	if (runs.length === 1) return runs[0];
	const med = (values: number[]) => {
		const sorted = [...values].sort((a, b) => a - b);
		const mid = sorted.length >> 1;
		return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	};
	const layers = (pick: (a: WindowAnalysis) => Array<{ layer: Layer; ms: number }>) => {
		const names = [...new Set(runs.flatMap((r) => pick(r).map((l) => l.layer)))];
		return names.map((layer) => ({ layer, ms: med(runs.map((r) => pick(r).find((l) => l.layer === layer)?.ms ?? 0)) })).sort((a, b) => b.ms - a.ms);
	};
	const functions = (pick: (a: WindowAnalysis) => FunctionTime[]) => {
		const byName = new Map<string, FunctionTime>();
		for (const run of runs) {
			for (const f of pick(run)) {
				const entry = byName.get(f.name) ?? { ...f, ms: 0 };
				entry.ms += f.ms / runs.length;
				byName.set(f.name, entry);
			}
		}
		return [...byName.values()].sort((a, b) => b.ms - a.ms).slice(0, top);
	};
	return {
		windowMs: med(runs.map((r) => r.windowMs)),
		sampledMs: med(runs.map((r) => r.sampledMs)),
		byLayerSelf: layers((r) => r.byLayerSelf),
		byLayerInclusive: layers((r) => r.byLayerInclusive),
		topSelf: functions((r) => r.topSelf),
		topInclusive: functions((r) => r.topInclusive),
		topPackageInclusive: functions((r) => r.topPackageInclusive),
	};
}

function add<K>(map: Map<K, number>, key: K, ms: number): void {
	map.set(key, (map.get(key) ?? 0) + ms);
}

/** One table per job: self time by layer, one column per side, so the sides compare at a glance. */
export function renderComparison(job: string, sides: Array<{ label: string; ms: number[]; analysis: WindowAnalysis }>): string {
	const layers = [...new Set(sides.flatMap((s) => s.analysis.byLayerSelf.map((l) => l.layer)))];
	const cell = (a: WindowAnalysis, layer: Layer) => {
		const v = a.byLayerSelf.find((l) => l.layer === layer)?.ms ?? 0;
		return v === 0 ? '–' : v.toFixed(1);
	};
	const order = (layer: Layer) => -Math.max(...sides.map((s) => s.analysis.byLayerSelf.find((l) => l.layer === layer)?.ms ?? 0));
	layers.sort((a, b) => order(a) - order(b));
	return [
		`### ${job}: self time by layer (ms of samples in each side's measured window; median over the runs)`,
		'',
		`| layer | ${sides.map((s) => s.label).join(' | ')} |`,
		`|---|${sides.map(() => '---:').join('|')}|`,
		...layers.map((layer) => `| ${layer} | ${sides.map((s) => cell(s.analysis, layer)).join(' | ')} |`),
		`| **sampled total** | ${sides.map((s) => `**${s.analysis.sampledMs.toFixed(0)}**`).join(' | ')} |`,
		`| measured time of the profiled run(s) | ${sides.map((s) => s.ms.map((m) => m.toFixed(0)).join(' / ')).join(' | ')} |`,
	].join('\n');
}

export function renderAnalysis(label: string, measuredMs: number[], a: WindowAnalysis): string {
	const ms = (v: number) => v.toFixed(1);
	const pct = (v: number) => `${((v / Math.max(a.sampledMs, 1e-9)) * 100).toFixed(0)}%`;
	const lines = [
		`### ${label}`,
		'',
		`${measuredMs.length > 1 ? `${measuredMs.length} profiled runs, measured ${measuredMs.map((m) => m.toFixed(0)).join(' / ')} ms; medians per layer, means per function` : `measured ${measuredMs[0].toFixed(0)} ms`}; ${a.sampledMs.toFixed(0)} ms of samples (median) at a 250 µs interval. Profiling slows code down: compare shares, not times with the table.`,
		'',
		'| layer | self ms | self % | inclusive ms |',
		'|---|---:|---:|---:|',
		...a.byLayerSelf.map((l) => `| ${l.layer} | ${ms(l.ms)} | ${pct(l.ms)} | ${ms(a.byLayerInclusive.find((x) => x.layer === l.layer)?.ms ?? l.ms)} |`),
		'',
		'Top self time (a builtin is shown with the JS function that called it):',
		'',
		'| function | layer | self ms |',
		'|---|---|---:|',
		...a.topSelf.slice(0, 15).map((f) => `| \`${f.name}\` | ${f.layer} | ${ms(f.ms)} |`),
		'',
		'Top inclusive time (without the engine trunk that is under every sample):',
		'',
		'| function | layer | inclusive ms |',
		'|---|---|---:|',
		...a.topInclusive.slice(0, 15).map((f) => `| \`${f.name}\` | ${f.layer} | ${ms(f.ms)} |`),
	];
	if (a.topPackageInclusive.length > 0) {
		lines.push('', 'The package\'s own functions, inclusive:', '', '| function | inclusive ms |', '|---|---:|');
		lines.push(...a.topPackageInclusive.slice(0, 15).map((f) => `| \`${f.name}\` | ${ms(f.ms)} |`));
	}
	return lines.join('\n');
}
