import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

// CHANGELOG.md (Keep a Changelog) and the README's Version history tell users what changed; a
// release must not go out without its entry in both.
const changelog = readFileSync(new URL('../../CHANGELOG.md', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/;
const CATEGORIES = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];

function compare(a: string, b: string): number {
	const pa = SEMVER.exec(a)!.slice(1, 4).map(Number);
	const pb = SEMVER.exec(b)!.slice(1, 4).map(Number);
	for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
	return 0;
}

/** `## [x.y.z] - YYYY-MM-DD` headings, in file order. */
function releases(): Array<{ version: string; date: string; body: string }> {
	const parts = changelog.split(/^## /m).slice(1);
	return parts
		.filter((p) => !p.startsWith('[Unreleased]'))
		.map((p) => {
			const m = /^\[([^\]]+)\] - (\d{4}-\d{2}-\d{2})\n([\s\S]*)$/.exec(p);
			assert.ok(m, `malformed release heading: "## ${p.split('\n')[0]}"`);
			return { version: m[1], date: m[2], body: m[3] };
		});
}

describe('CHANGELOG.md', () => {
	it('starts with an Unreleased section, then releases newest first, each a semantic version with a date', () => {
		assert.match(changelog, /^# Changelog\n/);
		const headings = [...changelog.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
		assert.equal(headings[0], '[Unreleased]');
		const list = releases();
		assert.ok(list.length > 0, 'no release');
		for (const r of list) {
			assert.match(r.version, SEMVER);
			assert.ok(!Number.isNaN(Date.parse(r.date)), `${r.version}: bad date ${r.date}`);
		}
		for (let i = 1; i < list.length; i++) {
			assert.ok(compare(list[i - 1].version, list[i].version) > 0, `${list[i - 1].version} is listed before ${list[i].version}`);
			assert.ok(list[i - 1].date >= list[i].date, `${list[i - 1].version} is dated before ${list[i].version}`);
		}
	});

	it('has an entry for the version in package.json, in Keep a Changelog categories', () => {
		const entry = releases().find((r) => r.version === pkg.version);
		assert.ok(entry, `no "## [${pkg.version}] - date" entry`);
		const categories = [...entry.body.matchAll(/^### (.*)$/gm)].map((m) => m[1]);
		assert.ok(categories.length > 0, `${pkg.version} has no "### Added/Changed/…" section`);
		for (const c of categories) assert.ok(CATEGORIES.includes(c), `unknown category "${c}"`);
	});

	it('links every heading to its comparison or release', () => {
		for (const version of ['Unreleased', ...releases().map((r) => r.version)]) {
			assert.match(changelog, new RegExp(`^\\[${version.replace(/\./g, '\\.')}\\]: https://\\S+$`, 'm'), `no link for [${version}]`);
		}
	});
});

describe('README Version history', () => {
	it('lists the same released versions as the changelog, newest first', () => {
		const start = readme.search(/^## Version history$/m);
		assert.ok(start >= 0, 'README has no "## Version history" section');
		const section = readme.slice(start).split(/\n## /)[0];
		const listed = [...section.matchAll(/^\| (?:\[)?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/gm)].map((m) => m[1]);
		assert.deepEqual(listed, releases().map((r) => r.version));
	});
});
