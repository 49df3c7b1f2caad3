#!/usr/bin/env node
// Runs the real-n8n end-to-end suite (test/e2e/e2e.test.mjs) once per pinned n8n runtime, one
// after the other (each run starts n8n processes: in parallel they would fight over 2 cores), and
// fails if any run failed. A failing runtime does not stop the next one: a report that names
// every runtime that broke is worth more than a fast exit.
// Usage: node scripts/n8n/e2e.mjs [--runtime <version|major|all>] [node --test args...]
//        default --runtime all; `npm run build` first.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listRuntimes, resolveRuntime } from '../../test/support/n8n/runtime.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
let wanted = 'all';
const rest = [];
for (let i = 0; i < args.length; i++) {
	if (args[i] === '--runtime') wanted = args[++i];
	else if (args[i].startsWith('--runtime=')) wanted = args[i].slice('--runtime='.length);
	else rest.push(args[i]);
}
const versions = wanted === 'all' ? listRuntimes().map((r) => r.version) : [resolveRuntime(wanted)];

const results = [];
for (const version of versions) {
	console.log(`\n[e2e] ===== n8n ${version} =====`);
	const t0 = Date.now();
	const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...rest, 'test/e2e/e2e.test.mjs'], {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, N8N_RUNTIME: version },
	});
	results.push({ version, ok: run.status === 0, minutes: Number(((Date.now() - t0) / 60_000).toFixed(1)) });
}
console.log(`\n[e2e] summary: ${results.map((r) => `n8n ${r.version} ${r.ok ? 'passed' : 'FAILED'} (${r.minutes} min)`).join('; ')}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
