import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// What `npm publish` would upload: `npm pack --dry-run --json` lists it without writing a tarball.
// The tarball is what every n8n installs, so it must hold the built package and its three
// standard files, nothing of the sources, tests or tooling.
const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const ALWAYS = ['LICENSE', 'README.md', 'package.json'];

interface PackInfo {
	name: string;
	version: string;
	files: Array<{ path: string }>;
}

function packList(): PackInfo {
	assert.ok(existsSync(path.join(root, 'dist')), 'dist/ is missing: run `npm run build` first');
	const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
	assert.equal(result.status, 0, result.stderr);
	const [info] = JSON.parse(result.stdout) as PackInfo[];
	return info;
}

describe('npm pack', () => {
	const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
		name: string;
		version: string;
		n8n: { nodes: string[]; credentials: string[] };
	};
	const info = packList();
	const files = info.files.map((f) => f.path).sort();

	it('packs the package.json name and version', () => {
		assert.equal(info.name, pkg.name);
		assert.equal(info.version, pkg.version);
	});

	it('holds only dist/**, README.md, LICENSE and package.json', () => {
		const stray = files.filter((f) => !f.startsWith('dist/') && !ALWAYS.includes(f));
		assert.deepEqual(stray, []);
		for (const f of ALWAYS) assert.ok(files.includes(f), `${f} is not packed`);
		assert.ok(!files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), 'TypeScript sources are packed');
	});

	it('holds every file the n8n section names, and the icons those files point at', () => {
		const named = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
		assert.ok(named.length >= 3, 'the n8n section names the two nodes and the credential');
		for (const file of named) {
			assert.ok(files.includes(file), `${file} (n8n section) is not packed`);
			// n8n resolves `file:` icons relative to the node or credential file: read them from the built class.
			const exported = require(path.join(root, file)) as Record<string, new () => { description?: { icon?: unknown }; icon?: unknown }>;
			const instance = new (Object.values(exported)[0])();
			const icon = instance.description?.icon ?? instance.icon;
			const icons = (typeof icon === 'string' ? [icon] : Object.values(icon as Record<string, string>)).map((value) => value.replace(/^file:/, ''));
			assert.ok(icons.length > 0, `${file} names no icon file`);
			for (const iconFile of icons) {
				const iconPath = path.posix.join(path.posix.dirname(file), iconFile);
				assert.ok(files.includes(iconPath), `${iconPath} (icon of ${file}) is not packed`);
			}
		}
	});
});
