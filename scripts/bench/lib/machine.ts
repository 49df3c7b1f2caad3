// What the machine is, and how busy the rest of it was while we measured.
//
// The bench shares 2 cores with other jobs. Every measurement is a ratio taken side by side, but
// a burst of someone else's work during one side's round still skews that round: so a sampler
// reads /proc every SAMPLE_MS and charges CPU time to "ours" (this process and everything it
// started: the simulator, n8n and its task runner, the loop) or "others" (everything else).
// A round is flagged as disturbed when others used more than a threshold of CPU during the
// measured window (a node's own execution window, or the loop's timed section).
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const SAMPLE_MS = 100;
/** USER_HZ: /proc reports CPU time in these ticks (100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
	pid: number;
	ppid: number;
	comm: string;
	ticks: number;
	startTicks: number;
}

function readProcStat(pid: number): ProcStat | undefined {
	let text: string;
	try {
		text = readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return undefined;
	}
	// comm is in parentheses and may hold spaces or ')': the fields start after the last ')'.
	const close = text.lastIndexOf(')');
	const comm = text.slice(text.indexOf('(') + 1, close);
	const fields = text.slice(close + 2).split(' ');
	// fields[0] is field 3 (state): utime is field 14, stime 15, starttime 22.
	return {
		pid,
		ppid: Number(fields[1]),
		comm,
		ticks: Number(fields[11]) + Number(fields[12]),
		startTicks: Number(fields[19]),
	};
}

function bootTimeMs(): number {
	const line = readFileSync('/proc/stat', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('btime '));
	return Number(line?.split(' ')[1] ?? 0) * 1000;
}

interface Interval {
	from: number;
	to: number;
	/** CPU seconds used by other processes in this interval. */
	othersSeconds: number;
	/** Who used it, by command name. */
	byComm: Map<string, number>;
}

export interface LoadReading {
	/** Average number of cores other processes kept busy during the window. */
	otherCores: number;
	/** The biggest other users, e.g. "node 0.62, npm 0.10". */
	top: string;
}

/** Samples /proc in the background; ask it afterwards how busy others were in a time window. */
export class LoadSampler {
	private timer: NodeJS.Timeout | undefined;
	private previous = new Map<number, ProcStat>();
	private previousAt = 0;
	private readonly intervals: Interval[] = [];
	private readonly bootMs = bootTimeMs();

	start(): void {
		this.scan();
		this.timer = setInterval(() => this.scan(), SAMPLE_MS);
		this.timer.unref();
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
	}

	/** Forces a sample now (call right after a measured window ends, before reading it). */
	sampleNow(): void {
		this.scan();
	}

	private scan(): void {
		const now = Date.now();
		const current = new Map<number, ProcStat>();
		for (const name of readdirSync('/proc')) {
			const pid = Number(name);
			if (!Number.isInteger(pid)) continue;
			const stat = readProcStat(pid);
			if (stat) current.set(pid, stat);
		}
		if (this.previousAt > 0) {
			const ours = this.ourPids(current);
			const byComm = new Map<string, number>();
			let others = 0;
			for (const stat of current.values()) {
				if (ours.has(stat.pid)) continue;
				const before = this.previous.get(stat.pid);
				// A process born since the last sample: all of its time is from this interval.
				const startedMs = this.bootMs + (stat.startTicks / TICKS_PER_SECOND) * 1000;
				const delta = before && before.startTicks === stat.startTicks ? stat.ticks - before.ticks : startedMs >= this.previousAt - 1000 ? stat.ticks : 0;
				if (delta <= 0) continue;
				const seconds = delta / TICKS_PER_SECOND;
				others += seconds;
				byComm.set(stat.comm, (byComm.get(stat.comm) ?? 0) + seconds);
			}
			this.intervals.push({ from: this.previousAt, to: now, othersSeconds: others, byComm });
			// Hours of sampling would grow without bound; a bench run is minutes.
			if (this.intervals.length > 200_000) this.intervals.splice(0, 100_000);
		}
		this.previous = current;
		this.previousAt = now;
	}

	/** This process and all its descendants. */
	private ourPids(current: Map<number, ProcStat>): Set<number> {
		const ours = new Set<number>([process.pid]);
		let grew = true;
		while (grew) {
			grew = false;
			for (const stat of current.values()) {
				if (!ours.has(stat.pid) && ours.has(stat.ppid)) {
					ours.add(stat.pid);
					grew = true;
				}
			}
		}
		return ours;
	}

	/** Other processes' load over [fromMs, toMs] (epoch ms), from the intervals overlapping it. */
	reading(fromMs: number, toMs: number): LoadReading {
		const overlapping = this.intervals.filter((i) => i.to > fromMs - SAMPLE_MS && i.from < toMs + SAMPLE_MS);
		if (overlapping.length === 0) return { otherCores: 0, top: '' };
		const span = (overlapping[overlapping.length - 1].to - overlapping[0].from) / 1000;
		const total = overlapping.reduce((sum, i) => sum + i.othersSeconds, 0);
		const byComm = new Map<string, number>();
		for (const i of overlapping) for (const [comm, s] of i.byComm) byComm.set(comm, (byComm.get(comm) ?? 0) + s);
		const top = [...byComm.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 3)
			.filter(([, s]) => s / span >= 0.02)
			.map(([comm, s]) => `${comm} ${(s / span).toFixed(2)}`)
			.join(', ');
		return { otherCores: span > 0 ? total / span : 0, top };
	}
}

export function describeMachine(extra: Record<string, string>): string {
	const cpu = cpus();
	const model = cpu[0]?.model.trim() || 'unknown CPU';
	const parts = [`${model}, ${cpu.length} cores`, `${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM`, `Linux ${readKernel()}`];
	for (const [key, value] of Object.entries(extra)) parts.push(`${key} ${value}`);
	return parts.join(', ');
}

function readKernel(): string {
	try {
		return readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
	} catch {
		return '?';
	}
}

/** CPU time (user + system, all threads) a process has used so far, in ms; undefined once it is gone. */
export function readCpuMs(pid: number): number | undefined {
	const stat = readProcStat(pid);
	return stat ? (stat.ticks / TICKS_PER_SECOND) * 1000 : undefined;
}

/** Peak (VmHWM) and current (VmRSS) resident memory of a process in bytes; undefined once it is gone. */
export function readMemory(pid: number): { hwm: number; rss: number } | undefined {
	let text: string;
	try {
		text = readFileSync(`/proc/${pid}/status`, 'utf8');
	} catch {
		return undefined;
	}
	const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
	return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
}

/** Direct children of a process (the n8n task runner is one). */
export function childPids(pid: number): number[] {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
			.trim()
			.split(/\s+/)
			.filter(Boolean)
			.map(Number);
	} catch {
		return [];
	}
}
