#!/usr/bin/env node
// Takes the README screenshots from the running demo (`npm run demo` in another
// terminal) with headless Chromium, driven by playwright-core:
//
//   docs/images/workflow-canvas.png   the "send an MMS with a picture" example on the canvas
//   docs/images/send-mms-form.png     its "Send MMS" node open: the parameters form, with input and output
//   docs/images/trigger-execution.png an execution of the "on delivery report" workflow (items per branch)
//   docs/images/trigger-output.png    the same execution with the trigger node open: one item per delivery report
//
// Usage:  node scripts/screenshots/take.mjs [--url http://localhost:5678] [--out docs/images]
//
// What it needs, and installs when missing:
//   * Chromium from Debian (/usr/bin/chromium): `apt-get update && apt-get install -y chromium`
//     (run here when root; otherwise it says so and stops);
//   * playwright-core, pinned in this folder's own package.json + package-lock.json
//     (`npm ci` here), never a dependency of the package itself.
// The browser runs with a new, empty profile folder (removed at the end), no
// sandbox (containers), no GPU, no QUIC and none of Chromium's background
// network services: the demo is all on localhost.
//
// It logs in as the demo owner (scripts/demo/config.mjs), and for the third
// picture it runs the picture example once more (Execute workflow), so the
// Send MMS panel shows real output; the reports that send causes are picked
// up by the trigger later, like any send.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { OWNER, repoRoot, stateFile, WORKFLOWS } from '../demo/config.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 800 };

function arg(name, fallback) {
	const i = process.argv.indexOf(name);
	return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const log = (m) => process.stdout.write(`[screenshots] ${m}\n`);

function run(cmd, args, cwd) {
	log(`${cmd} ${args.join(' ')}`);
	const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

function ensureChromium() {
	if (existsSync(CHROMIUM)) return;
	if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing. Install it: sudo apt-get update && sudo apt-get install -y chromium`);
	run('apt-get', ['update'], here);
	run('apt-get', ['install', '-y', 'chromium'], here);
}

async function loadPlaywright() {
	if (!existsSync(path.join(here, 'node_modules', 'playwright-core'))) run('npm', ['ci', '--no-audit', '--no-fund'], here);
	return (await import('playwright-core')).chromium;
}

async function main() {
	const state = await readFile(stateFile(), 'utf8').then(JSON.parse).catch(() => ({}));
	const base = (arg('--url', state.n8nUrl) || 'http://localhost:5678').replace(/\/$/, '');
	const outDir = path.resolve(repoRoot, arg('--out', path.join('docs', 'images')));
	const r = await fetch(`${base}/healthz/readiness`).catch(() => null);
	if (!r?.ok) throw new Error(`no n8n at ${base}: start the demo first (npm run demo), then run this again`);

	ensureChromium();
	const chromium = await loadPlaywright();
	await mkdir(outDir, { recursive: true });
	const profile = await mkdtemp(path.join(os.tmpdir(), 'n8n-28inter-shots-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
		locale: 'en-US',
		timezoneId: 'Asia/Shanghai',
	});
	const shots = [];
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(30_000);

		// Log in through the form, like a person.
		log(`logging in at ${base} as ${OWNER.email}`);
		await page.goto(`${base}/signin`);
		await page.locator('#emailOrLdapLoginId').fill(OWNER.email);
		await page.locator('#password').fill(OWNER.password);
		await page.locator('[data-test-id="form-submit-button"]').click();
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30_000 });

		// 1. The picture example on the canvas.
		await openWorkflow(page, base, WORKFLOWS.picture.id);
		shots.push(await shot(page, outDir, 'workflow-canvas.png'));

		// 2. Run it once, then open "Send MMS": input (the picture), the form, output (task ID, balance).
		await page.locator('[data-test-id="execute-workflow-button"]').first().click();
		await page.locator('[data-test-id="canvas-node"][data-node-name="Send MMS"] [data-test-id="canvas-node-status-success"]').first().waitFor({ timeout: 60_000 }).catch(() => {});
		await page.waitForTimeout(1500);
		await page.locator(`[data-test-id="canvas-node"][data-node-name="${WORKFLOWS.picture.sendNode}"]`).dblclick();
		await page.locator('[data-test-id="ndv"]').first().waitFor();
		await page.waitForTimeout(1000);
		await closePopups(page);
		await page.waitForTimeout(800);
		shots.push(await shot(page, outDir, 'send-mms-form.png'));
		await page.keyboard.press('Escape');

		// 3. The trigger's newest execution with reports, its trigger node opened.
		const execId = await newestTriggerExecution(page, base);
		await page.goto(`${base}/workflow/${WORKFLOWS.reports.id}/executions/${execId}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await page.waitForTimeout(2000);
		await closePopups(page);
		await page.waitForTimeout(500);
		shots.push(await shot(page, outDir, 'trigger-execution.png'));
		await page.locator(`[data-test-id="canvas-node"][data-node-name="${WORKFLOWS.reports.triggerNode}"]`).first().dblclick();
		await page.locator('[data-test-id="ndv"]').first().waitFor();
		await page.waitForTimeout(1500);
		shots.push(await shot(page, outDir, 'trigger-output.png'));
	} finally {
		await context.close();
		await rm(profile, { recursive: true, force: true });
	}
	for (const s of shots) log(`saved ${path.relative(repoRoot, s.file)} (${Math.round(s.bytes / 1024)} KB)`);
}

/** Closes n8n's toasts and the "Production Checklist" popover if they are shown. */
async function closePopups(page) {
	for (const sel of ['.el-notification__closeBtn', '[data-test-id="suggested-actions-close"]']) {
		for (const el of await page.locator(sel).all()) await el.click({ timeout: 2000 }).catch(() => {});
	}
}

async function openWorkflow(page, base, id) {
	await page.goto(`${base}/workflow/${id}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor();
	await page.waitForTimeout(1500); // fit-to-view animation, icons
}

async function newestTriggerExecution(page, base) {
	// The REST API with the page's own session (cookie + browser-id header set by the app).
	const list = await page.evaluate(async ({ base, id }) => {
		const browserId = localStorage.getItem('n8n-browserId') ?? '';
		const q = new URLSearchParams({ filter: JSON.stringify({ workflowId: id, status: ['success'] }), limit: '20' });
		const r = await fetch(`${base}/rest/executions?${q}`, { headers: { 'browser-id': browserId } });
		return await r.json();
	}, { base, id: WORKFLOWS.reports.id });
	const results = list?.data?.results ?? [];
	if (!results.length) throw new Error(`the workflow ${WORKFLOWS.reports.id} has no successful execution yet: ${JSON.stringify(list).slice(0, 300)}`);
	return results[0].id;
}

async function shot(page, outDir, name) {
	const file = path.join(outDir, name);
	await page.screenshot({ path: file, type: 'png' });
	return { file, bytes: (await stat(file)).size };
}

main().catch((err) => {
	process.stderr.write(`[screenshots] FAILED: ${err.stack || err.message}\n`);
	process.exit(1);
});
