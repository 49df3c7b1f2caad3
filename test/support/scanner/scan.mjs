// Runs n8n's community-package scan offline, the way @n8n/scan-community-package does it
// before n8n verifies a package: ESLint with the scanner's own config (its exported
// buildScanConfig(): @n8n/eslint-plugin-community-nodes `configs.recommended`, the
// eslint-plugin-n8n-nodes-base rule sets, `no-console`) and inline `eslint-disable` comments
// ignored (allowInlineConfig: false), over its two legs:
//   source   the repository's package.json and nodes/, credentials/ sources
//            (the scanner's SOURCE_FILE_PATTERNS, on the checkout its provenance names),
//   tarball  the packed package's compiled *.js and package.json (`npm pack` here; the scanner
//            downloads the published tarball).
// What it cannot do offline, and skips: the registry lookups and the npm provenance check.
// A second run lints the same legs with `configs.recommended` of the newest
// @n8n/eslint-plugin-community-nodes (the package's own devDependency), so a rule that n8n adds
// later shows up before the scanner adopts it.
//
// The scanner lives in this folder with its own package.json and lockfile (installed with
// `npm ci --ignore-scripts`, re-installed when the lockfile changes): it pins other versions of
// the lint plugins than the package's devDependencies. Plain ESM, Node built-ins only.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..', '..');
const nodeModules = path.join(here, 'node_modules');
const stampFile = path.join(nodeModules, '.scanner-deps.sha256');
const SCANNER = '@n8n/scan-community-package';

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${result.status}\n${result.stderr.slice(-3000)}`);
	return result.stdout;
}

function depsHash() {
	const hash = createHash('sha256');
	for (const file of ['package.json', 'package-lock.json']) hash.update(readFileSync(path.join(here, file)));
	return hash.digest('hex');
}

/** Installs the scanner into this folder unless the installed copy matches the lockfile. */
export function ensureScanner({ log = () => {} } = {}) {
	const hash = depsHash();
	if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash) return;
	log(`installing ${SCANNER} into ${path.relative(repoRoot, here)} (npm ci --ignore-scripts)`);
	// --ignore-scripts: eslint-plugin-n8n-nodes-base 1.16.x has a preinstall that allows pnpm only.
	run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], here);
	writeFileSync(stampFile, `${hash}\n`);
}

const requireFromScanner = () => createRequire(path.join(nodeModules, SCANNER, 'package.json'));
const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));

/** A dependency's version, found from its entry point (some packages do not export package.json). */
function versionOf(requireFn, name) {
	for (let dir = path.dirname(requireFn.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (!existsSync(file)) continue;
		const pj = JSON.parse(readFileSync(file, 'utf8'));
		if (pj.name === name) return pj.version;
	}
	throw new Error(`cannot find the package.json of ${name}`);
}

/** The versions that make up each scan configuration, for the report. */
export function scannerVersions() {
	const fromScanner = requireFromScanner();
	return {
		// The scanner itself has no entry point (a bin only): read its package.json where it is installed.
		scanner: JSON.parse(readFileSync(path.join(nodeModules, SCANNER, 'package.json'), 'utf8')).version,
		scannerCommunityNodesPlugin: versionOf(fromScanner, '@n8n/eslint-plugin-community-nodes'),
		scannerNodesBasePlugin: versionOf(fromScanner, 'eslint-plugin-n8n-nodes-base'),
		newestCommunityNodesPlugin: versionOf(requireFromRepo, '@n8n/eslint-plugin-community-nodes'),
	};
}

/** `npm pack` of the repository, unpacked; the caller removes `dir`. Needs `npm run build` first. */
export function packAndUnpack() {
	const dir = mkdtempSync(path.join(tmpdir(), 'n8n-scan-pack-'));
	const [info] = JSON.parse(run('npm', ['pack', '--json', `--pack-destination=${dir}`], repoRoot));
	const unpacked = path.join(dir, 'package');
	run('tar', ['-xzf', path.join(dir, info.filename), '-C', dir], dir);
	return { dir, packageDir: unpacked };
}

async function lint({ ESLint, glob, config, cwd, patterns }) {
	// The scanner's analyzePackage(): the same ESLint options, the same file selection.
	const eslint = new ESLint({ cwd, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: config });
	const files = glob.sync(patterns, { cwd, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	if (files.length === 0) throw new Error(`no files match ${JSON.stringify(patterns)} in ${cwd}`);
	const results = await eslint.lintFiles(files);
	return results.flatMap((r) =>
		r.messages.map((m) => ({
			file: path.relative(cwd, r.filePath).split(path.sep).join('/'),
			line: m.line ?? 0,
			ruleId: m.ruleId ?? '(parse error)',
			severity: m.severity === 2 ? 'error' : 'warning',
			message: m.message,
		})),
	);
}

/**
 * Scans the package. Returns { versions, findings: [{ config, leg, file, line, ruleId, severity,
 * message }] } where config is 'scanner' or 'newest-plugin' and leg 'source' or 'tarball'.
 */
export async function scanPackage({ log = () => {} } = {}) {
	ensureScanner({ log });
	const fromScanner = requireFromScanner();
	// The scanner makes a temp folder when it is imported; let `tmp` remove it at exit.
	fromScanner('tmp').setGracefulCleanup();
	const scanner = await import(pathToFileURL(fromScanner.resolve(`${SCANNER}/scanner/scanner.mjs`)).href);
	const { ESLint } = fromScanner('eslint');
	const glob = fromScanner('fast-glob');
	const newest = requireFromRepo('@n8n/eslint-plugin-community-nodes');
	const parser = requireFromRepo('@typescript-eslint/parser');
	const configs = {
		scanner: await scanner.buildScanConfig(),
		'newest-plugin': [newest.configs.recommended, { files: ['**/*.json', '**/*.ts'], languageOptions: { parser } }],
	};
	const { dir, packageDir } = packAndUnpack();
	try {
		const legs = {
			source: { cwd: repoRoot, patterns: scanner.SOURCE_FILE_PATTERNS },
			tarball: { cwd: packageDir, patterns: ['**/*.js', 'package.json'] },
		};
		const findings = [];
		for (const [configName, config] of Object.entries(configs)) {
			// The newest plugin's own ESLint: flat configs are bound to the ESLint that loads them.
			const eslintFor = configName === 'scanner' ? ESLint : requireFromRepo('eslint').ESLint;
			for (const [leg, { cwd, patterns }] of Object.entries(legs)) {
				for (const f of await lint({ ESLint: eslintFor, glob, config, cwd, patterns })) findings.push({ config: configName, leg, ...f });
			}
		}
		return { versions: scannerVersions(), findings };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Module names that `no-restricted-imports` findings name, e.g. ['fast-xml-parser', 'iconv-lite']. */
export function restrictedImports(findings) {
	const names = findings.filter((f) => f.ruleId.endsWith('/no-restricted-imports')).map((f) => /'([^']+)'/.exec(f.message)?.[1] ?? f.message);
	return [...new Set(names)].sort();
}

/**
 * The README's table of rules the package deliberately does not meet: rows of the table under the
 * heading "n8n's community-package scan" whose first cell is a backticked rule id. Returns
 * [{ ruleId, legs: ['source', 'tarball'], text }].
 */
export function readmeScanTable(readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')) {
	const start = readme.search(/^#+ n8n's community-package scan/m);
	if (start < 0) throw new Error(`README.md has no heading "n8n's community-package scan"`);
	const section = readme.slice(start).split(/\n#+ /)[0];
	const rows = [];
	for (const line of section.split('\n')) {
		const cells = line.split('|').slice(1, -1).map((c) => c.trim());
		const rule = /^`(@n8n\/community-nodes\/[a-z-]+|n8n-nodes-base\/[a-z-]+|[a-z-]+)`$/.exec(cells[0] ?? '');
		if (!rule) continue;
		const legs = (cells[1] ?? '').split(/[,+ ]+/).filter((l) => l === 'source' || l === 'tarball').sort();
		rows.push({ ruleId: rule[1], legs, text: cells.slice(2).join(' | ') });
	}
	return rows;
}

/** Findings grouped as { ruleId: sorted legs } for one configuration. */
export function rulesByLeg(findings, config) {
	const map = new Map();
	for (const f of findings.filter((x) => x.config === config)) map.set(f.ruleId, [...new Set([...(map.get(f.ruleId) ?? []), f.leg])].sort());
	return Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** The README table in the same shape as rulesByLeg(). */
export function readmeRulesByLeg(rows = readmeScanTable()) {
	return Object.fromEntries(rows.map((r) => [r.ruleId, r.legs]).sort(([a], [b]) => a.localeCompare(b)));
}
