// Runs every unit and integration test file with Node's built-in runner.
// Node 20's runner does not expand globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const skip = new Set(['node_modules', 'e2e', 'fixtures']);

function collect(dir) {
	const found = [];
	for (const name of readdirSync(dir)) {
		if (skip.has(name)) continue;
		const path = join(dir, name);
		if (statSync(path).isDirectory()) found.push(...collect(path));
		else if (name.endsWith('.test.ts')) found.push(relative(root, path));
	}
	return found;
}

const only = process.argv.slice(2);
const files = collect(join(root, 'test'))
	.filter((file) => only.length === 0 || only.some((part) => file.includes(part)))
	.sort();
if (files.length === 0) {
	console.error('No test files matched.');
	process.exit(1);
}
const result = spawnSync(
	process.execPath,
	['--import', 'tsx', '--test', '--test-reporter=spec', ...files],
	{ cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
