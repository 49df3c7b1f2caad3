// Prepares test/support/engine for the in-process n8n engine (test/support/engine/engine.ts):
//   1. `npm ci --ignore-scripts` in test/support/engine when node_modules is missing or the
//      lockfile / package.json changed since the last install;
//   2. packs the package at the repository root (built beforehand with `npm run build`)
//      and installs the tarball into test/support/engine with `npm install --no-save`, when
//      dist/ or package.json changed since the last install;
//   3. checks that the tree holds exactly one n8n-workflow (a second copy breaks
//      `instanceof` on n8n's error classes) and that the lockfile was left untouched.
// Idempotent; prints what it does. Usage: node test/support/engine/prepare.mjs [--force]
// Environment: HARNESS_PACKAGE_DIR overrides the package folder (default: repo root).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const harnessDir = fileURLToPath(new URL('.', import.meta.url));
const packageDir = resolve(process.env.HARNESS_PACKAGE_DIR ?? join(harnessDir, '..', '..', '..'));
const nodeModules = join(harnessDir, 'node_modules');
const lockFile = join(harnessDir, 'package-lock.json');
const depsStamp = join(nodeModules, '.harness-deps.sha256');
const packageStamp = join(nodeModules, '.harness-package.sha256');
const force = process.argv.includes('--force');
const started = Date.now();

const log = (message) => console.log(`[harness] ${message}`);
const fail = (message) => {
	console.error(`[harness] ERROR: ${message}`);
	process.exit(1);
};

function run(command, args, cwd) {
	log(`$ ${command} ${args.join(' ')}   (in ${relative(process.cwd(), cwd) || '.'})`);
	const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
	if (result.status !== 0) fail(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
	return result.stdout;
}

function hashFiles(files) {
	const hash = createHash('sha256');
	for (const file of files) {
		hash.update(file);
		hash.update('\0');
		hash.update(readFileSync(file));
		hash.update('\0');
	}
	return hash.digest('hex');
}

function listFiles(dir) {
	const found = [];
	for (const name of readdirSync(dir).sort()) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) found.push(...listFiles(path));
		else found.push(path);
	}
	return found;
}

const readStamp = (file) => (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');

// 1. Harness dependencies.
const depsHash = hashFiles([join(harnessDir, 'package.json'), lockFile]);
let reinstalledDeps = false;
if (force || !existsSync(nodeModules) || readStamp(depsStamp) !== depsHash) {
	log(existsSync(nodeModules) ? 'harness lockfile changed: reinstalling' : 'installing harness dependencies');
	run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], harnessDir);
	writeFileSync(depsStamp, `${depsHash}\n`);
	reinstalledDeps = true;
} else {
	log('harness dependencies up to date');
}

// 2. The package under test, from its packed tarball.
const packageJsonPath = join(packageDir, 'package.json');
const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
const distDir = join(packageDir, 'dist');
if (!existsSync(distDir)) fail(`${distDir} does not exist: run \`npm run build\` first`);
for (const file of [...(packageJson.n8n?.nodes ?? []), ...(packageJson.n8n?.credentials ?? [])]) {
	if (!existsSync(join(packageDir, file))) fail(`${file} (listed in package.json "n8n") is missing: run \`npm run build\``);
}
const packageHash = hashFiles([packageJsonPath, ...listFiles(distDir)]);
const installedDir = join(nodeModules, ...packageJson.name.split('/'));
if (!reinstalledDeps && !force && existsSync(installedDir) && readStamp(packageStamp) === packageHash) {
	log(`${packageJson.name}@${packageJson.version} up to date`);
} else {
	const packDir = mkdtempSync(join(tmpdir(), 'harness-pack-'));
	try {
		// --ignore-scripts: the caller has built already; do not run prepack/prepare again.
		const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], packageDir);
		const [{ filename }] = JSON.parse(out);
		const tarball = join(packDir, filename);
		const lockBefore = readFileSync(lockFile);
		run('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', tarball], harnessDir);
		if (!lockBefore.equals(readFileSync(lockFile))) {
			writeFileSync(lockFile, lockBefore);
			fail('npm install --no-save changed package-lock.json (restored); check the harness dependencies');
		}
		writeFileSync(packageStamp, `${packageHash}\n`);
		log(`installed ${filename}`);
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
}

// 3. Exactly one n8n-workflow.
function findPackages(dir, name, found = []) {
	if (!existsSync(dir)) return found;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
		const path = join(dir, entry.name);
		if (entry.name.startsWith('@')) {
			findPackages(path, name, found);
			continue;
		}
		if (entry.name === name && existsSync(join(path, 'package.json'))) found.push(path);
		findPackages(join(path, 'node_modules'), name, found);
	}
	return found;
}
const copies = findPackages(nodeModules, 'n8n-workflow');
const describeCopy = (dir) => `${relative(harnessDir, dir)}@${JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version}`;
if (copies.length !== 1) {
	fail(`expected exactly one n8n-workflow in test/support/engine/node_modules, found ${copies.length}: ${copies.map(describeCopy).join(', ')}`);
}
if (!existsSync(installedDir)) fail(`${packageJson.name} is not installed in test/support/engine/node_modules`);
log(`one n8n-workflow: ${describeCopy(copies[0])}; ${packageJson.name} installed; done in ${Date.now() - started} ms`);
