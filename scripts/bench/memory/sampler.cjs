// Preloaded into `n8n execute` by scripts/bench/memory/timeline.ts (`node --require`): every
// 10 ms it notes the process's memory, and writes the list when the process exits. A sample can
// only be taken between two tasks of the event loop, so a long synchronous stretch shows as a gap.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_MEMORY_TIMELINE;
// Only in `n8n execute` itself: its task runner inherits the environment.
if (file && process.argv.includes('execute')) {
	const samples = [];
	const timer = setInterval(() => {
		const m = process.memoryUsage();
		samples.push([Date.now(), m.rss, m.heapUsed, m.external, m.arrayBuffers]);
	}, 10);
	timer.unref();
	process.on('exit', () => writeFileSync(file, JSON.stringify(samples)));
}
