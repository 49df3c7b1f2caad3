#!/usr/bin/env node
// Proves the real-n8n tooling with n8n's OWN nodes plus a tiny throw-away
// community package, independent of n8n-nodes-28inter (which may not build
// yet). If this passes, a failure in test/e2e is about our package, not about
// the harness. Run: node scripts/n8n/smoke.mjs  (needs ~4 min after install).
//
// What it checks, in order (times printed as it goes):
//  1. runtime present (ensure-runtime; installs on first use)
//  2. a probe package (`npm pack`ed, installed like n8n's "Install community
//     node") is loaded from <userFolder>/.n8n/nodes: types `n8n-nodes-e2e-probe.*`
//  3. import:credentials (core type httpBasicAuth + the probe's credential),
//     import:workflow (several at once)
//  4. execute --id --rawOutput: Manual Trigger -> Read/Write Files from Disk
//     (a generated JPEG, file access restricted to the fixture folder) ->
//     Code node (task runner) and probe node (sha256 of the binary): bytes exact
//  5. a failing workflow: exit 1, error message parsed, secret not in output
//  6. n8n start: owner setup, REST login, credential "Test" with good and bad
//     password, RSS Feed Trigger (a polling trigger) activated with
//     activateWorkflow (2.x publish:workflow, 1.x update:workflow --active),
//     emitted at activation; restart: no duplicates, new
//     item emitted once; executions read over REST.

import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { ensureRuntime } from '../../test/support/n8n/runtime.mjs';
import {
	executeWorkflow,
	getExecution,
	executionNodeOutput,
	importCredentials,
	importWorkflows,
	installCommunityPackage,
	login,
	activateWorkflow,
	nodeOutput,
	npmPack,
	setupOwner,
	startN8n,
	stopAll,
	testCredential,
	waitForExecutions,
} from '../../test/support/n8n/instance.mjs';
import { makeJpeg, sha256 } from '../../test/support/imageFixtures.mjs';

const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
const step = (m) => console.log(`[smoke ${secs()}s] ${m}`);
const timings = {};

const keep = process.argv.includes('--keep');
const scratch = await mkdtemp(path.join(os.tmpdir(), 'n8n-smoke-'));
const userFolder = path.join(scratch, 'user');
const filesDir = path.join(scratch, 'files');
await mkdir(userFolder, { recursive: true });
await mkdir(filesDir, { recursive: true });

// ---- a local HTTP server: credential check endpoint + an RSS feed -------------
const GOOD = { user: 'probe', password: 'Right-Pass-1' };
const feedItems = [];
const addItem = (title, minutesAhead) =>
	// Dated in the future: the RSS trigger emits items newer than "now" / the last seen one.
	feedItems.push({ title, guid: title, date: new Date(Date.now() + minutesAhead * 60_000).toUTCString() });
let feedHits = 0;
const server = http.createServer((req, res) => {
	if (req.url === '/check') {
		const expected = 'Basic ' + Buffer.from(`${GOOD.user}:${GOOD.password}`).toString('base64');
		res.writeHead(req.headers.authorization === expected ? 200 : 401, { 'content-type': 'application/json' });
		return res.end('{}');
	}
	if (req.url === '/feed.xml') {
		feedHits++;
		res.writeHead(200, { 'content-type': 'application/rss+xml' });
		return res.end(
			`<?xml version="1.0"?><rss version="2.0"><channel><title>smoke</title><link>http://x/</link><description>d</description>` +
				feedItems.map((i) => `<item><title>${i.title}</title><guid>${i.guid}</guid><link>http://x/${i.guid}</link><pubDate>${i.date}</pubDate></item>`).join('') +
				`</channel></rss>`,
		);
	}
	res.writeHead(404).end();
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const helperUrl = `http://127.0.0.1:${server.address().port}`;

try {
	// 1 ----------------------------------------------------------------------------
	const t = Date.now();
	await ensureRuntime();
	timings.ensureRuntime = (Date.now() - t) / 1000;

	// 2 ----------------------------------------------------------------------------
	step('packing + installing the probe community package');
	const probeSrc = path.join(scratch, 'probe-src');
	await writeProbePackage(probeSrc);
	const { tgz, files } = await npmPack(probeSrc, path.join(scratch, 'packs'));
	assert.ok(files.includes('dist/nodes/Probe/Probe.node.js'), `packed files: ${files}`);
	await installCommunityPackage(tgz, userFolder);

	// 3 ----------------------------------------------------------------------------
	const jpeg = makeJpeg({ payload: Buffer.concat([Buffer.from('smoke'), Buffer.alloc(3000, 0xfb)]) });
	const jpegPath = path.join(filesDir, 'picture.jpg');
	await writeFile(jpegPath, jpeg);
	const opts = { userFolder, restrictFileAccessTo: filesDir };

	step('import:credentials');
	let r = await importCredentials(
		[
			{ id: 'smokeBasicAuth01', name: 'Smoke basic auth', type: 'httpBasicAuth', data: { user: 'u', password: 'Smoke-Secret-77' } },
			{ id: 'smokeProbeCred01', name: 'Smoke probe', type: 'probeApi', data: { baseUrl: helperUrl, ...GOOD } },
		],
		opts,
	);
	timings.importCredentials = r.seconds;

	step('import:workflow (3 workflows, one call)');
	const wfRead = workflow('smokeReadFile001', 'Smoke read file', [
		node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
		node('Read', 'n8n-nodes-base.readWriteFile', 1.1, { operation: 'read', fileSelector: jpegPath, options: {} }),
		node('Code', 'n8n-nodes-base.code', 2, {
			jsCode: 'return $input.all().map(i => ({ json: { fileName: i.binary.data.fileName, mimeType: i.binary.data.mimeType, fileSize: i.binary.data.fileSize } }));',
		}),
		node('Probe', 'n8n-nodes-e2e-probe.probe', 1, { binaryPropertyName: 'data' }, { probeApi: { id: 'smokeProbeCred01', name: 'Smoke probe' } }),
	], { Start: ['Read'], Read: ['Code', 'Probe'] });
	const wfFail = workflow('smokeFailing0001', 'Smoke failing', [
		node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
		node('Read', 'n8n-nodes-base.readWriteFile', 1.1, { operation: 'read', fileSelector: '/etc/hostname', options: {} }),
	], { Start: ['Read'] });
	addItem('first-a', 60);
	addItem('first-b', 61);
	const wfRss = workflow('smokeRssTrigger1', 'Smoke RSS trigger', [
		node('RSS', 'n8n-nodes-base.rssFeedReadTrigger', 1, { pollTimes: { item: [{ mode: 'everyMinute' }] }, feedUrl: `${helperUrl}/feed.xml` }),
	], {});
	r = await importWorkflows([wfRead, wfFail, wfRss], opts);
	timings.importWorkflows = r.seconds;

	// 4 ----------------------------------------------------------------------------
	step('execute read-file workflow');
	const ex = await executeWorkflow('smokeReadFile001', opts);
	timings.execute = ex.seconds;
	assert.equal(ex.code, 0, ex.output.slice(-3000));
	assert.ok(ex.run, 'rawOutput JSON parsed');
	const code = nodeOutput(ex.run, 'Code');
	assert.equal(code[0].json.fileName, 'picture.jpg');
	assert.equal(code[0].json.mimeType, 'image/jpeg');
	const probe = nodeOutput(ex.run, 'Probe');
	assert.equal(probe[0].json.user, 'probe', 'credential decrypted inside the community node');
	assert.equal(probe[0].json.bytes, jpeg.length);
	assert.equal(probe[0].json.sha256, sha256(jpeg), 'binary byte-exact through Read/Write Files');
	assert.ok(!ex.output.includes(GOOD.password), 'no credential secret in CLI output');

	// 5 ----------------------------------------------------------------------------
	step('execute failing workflow (file outside N8N_RESTRICT_FILE_ACCESS_TO)');
	const bad = await executeWorkflow('smokeFailing0001', opts);
	timings.executeFailing = bad.seconds;
	assert.equal(bad.code, 1, 'a failing node makes `n8n execute` exit 1');
	assert.match(bad.output, /not (allowed|writable|accessible)|Access to the file is not allowed/i);

	// 6 ----------------------------------------------------------------------------
	step('activate (publish) the RSS trigger workflow');
	r = await activateWorkflow('smokeRssTrigger1', opts);
	timings.publish = r.seconds;

	step('n8n start');
	let inst = await startN8n({ userFolder, restrictFileAccessTo: filesDir });
	timings.startUntilHealthy = inst.startSeconds;
	step(`healthy after ${inst.startSeconds.toFixed(1)} s at ${inst.baseUrl}`);
	const owner = { email: 'owner@example.com', password: 'Owner-Pass-123', firstName: 'Smoke', lastName: 'Owner' };
	await setupOwner(inst.baseUrl, owner);
	let api = await login(inst.baseUrl, owner);

	step('credential Test button (REST) good/bad');
	const good = await testCredential(api, { id: 'smokeProbeCred01', name: 'Smoke probe', type: 'probeApi', data: { baseUrl: helperUrl, ...GOOD } });
	assert.equal(good.status, 'OK', JSON.stringify(good));
	const wrong = await testCredential(api, { id: 'smokeProbeCred01', name: 'Smoke probe', type: 'probeApi', data: { baseUrl: helperUrl, user: GOOD.user, password: 'Wrong-Pass-9' } });
	assert.equal(wrong.status, 'Error', JSON.stringify(wrong));
	const unsaved = await testCredential(api, { id: '', type: 'probeApi', data: { baseUrl: helperUrl, ...GOOD } });
	assert.equal(unsaved.status, 'OK', JSON.stringify(unsaved));

	step('trigger: activation poll emitted the 2 future items');
	let done = await waitForExecutions(api, { workflowId: 'smokeRssTrigger1', predicate: (l) => l.length >= 1, timeoutMs: 60_000 });
	const titlesOf = async (list) => {
		const all = [];
		for (const e of list) all.push(...executionNodeOutput(await getExecution(api, e.id), 'RSS').map((i) => i.json.title));
		return all.sort();
	};
	assert.deepEqual(await titlesOf(done), ['first-a', 'first-b']);

	step('restart n8n with one new item: emitted once, old ones not again');
	await inst.stop();
	addItem('second', 62);
	inst = await startN8n({ userFolder, restrictFileAccessTo: filesDir });
	timings.restartUntilHealthy = inst.startSeconds;
	api = await login(inst.baseUrl, owner);
	done = await waitForExecutions(api, { workflowId: 'smokeRssTrigger1', predicate: (l) => l.length >= 2, timeoutMs: 60_000 });
	assert.deepEqual(await titlesOf(done), ['first-a', 'first-b', 'second']);
	assert.ok(feedHits >= 2);
	if (process.argv.includes('--minute')) {
		step('waiting for a regular minute poll (up to 75 s)');
		addItem('third', 63);
		done = await waitForExecutions(api, { workflowId: 'smokeRssTrigger1', predicate: (l) => l.length >= 3, timeoutMs: 75_000 });
		assert.deepEqual(await titlesOf(done), ['first-a', 'first-b', 'second', 'third']);
	}
	await inst.stop();
	const log = await inst.logs();
	assert.ok(!log.includes(GOOD.password) && !log.includes('Smoke-Secret-77'), 'no secret in the server log');
	step(`ALL GOOD. timings (s): ${JSON.stringify(timings)}`);
} catch (err) {
	console.error(`[smoke ${secs()}s] FAILED:`, err);
	process.exitCode = 1;
} finally {
	await stopAll();
	server.close();
	if (!keep && process.exitCode !== 1) await rm(scratch, { recursive: true, force: true });
	else console.log(`scratch kept at ${scratch}`);
}

// ---- helpers -------------------------------------------------------------------------

function node(name, type, typeVersion, parameters, credentials) {
	const n = { id: `${name.toLowerCase()}-0000-4000-8000-000000000000`.slice(0, 36), name, type, typeVersion, position: [0, 0], parameters };
	if (credentials) n.credentials = credentials;
	return n;
}

/** A workflow in n8n's export format; `links` maps a node to the nodes after it. */
function workflow(id, name, nodes, links) {
	nodes.forEach((n, i) => (n.position = [i * 220, 0]));
	const connections = {};
	for (const [from, tos] of Object.entries(links)) connections[from] = { main: [tos.map((to) => ({ node: to, type: 'main', index: 0 }))] };
	return { id, name, nodes, connections, active: false, settings: { executionOrder: 'v1' }, pinData: {} };
}

/** A minimal community package in plain JS (no build, no dependencies). */
async function writeProbePackage(dir) {
	await mkdir(path.join(dir, 'dist', 'nodes', 'Probe'), { recursive: true });
	await mkdir(path.join(dir, 'dist', 'credentials'), { recursive: true });
	await writeFile(
		path.join(dir, 'package.json'),
		JSON.stringify(
			{
				name: 'n8n-nodes-e2e-probe',
				version: '0.0.1',
				keywords: ['n8n-community-node-package'],
				license: 'MIT',
				files: ['dist'],
				n8n: { n8nNodesApiVersion: 1, credentials: ['dist/credentials/ProbeApi.credentials.js'], nodes: ['dist/nodes/Probe/Probe.node.js'] },
				peerDependencies: { 'n8n-workflow': '*' },
			},
			null,
			2,
		),
	);
	await writeFile(
		path.join(dir, 'dist', 'credentials', 'ProbeApi.credentials.js'),
		`"use strict";
class ProbeApi {
	constructor() {
		this.name = 'probeApi';
		this.displayName = 'Probe API';
		this.properties = [
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'User', name: 'user', type: 'string', default: '' },
			{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
		];
		this.authenticate = { type: 'generic', properties: { auth: { username: '={{$credentials.user}}', password: '={{$credentials.password}}' } } };
		this.test = { request: { baseURL: '={{$credentials.baseUrl}}', url: '/check' } };
	}
}
exports.ProbeApi = ProbeApi;
`,
	);
	await writeFile(
		path.join(dir, 'dist', 'nodes', 'Probe', 'Probe.node.js'),
		`"use strict";
const crypto = require('crypto');
// n8n-workflow is not installed next to the package: n8n's own copy must resolve.
const { NodeOperationError } = require('n8n-workflow');
class Probe {
	constructor() {
		this.description = {
			displayName: 'E2E Probe', name: 'probe', group: ['transform'], version: 1,
			description: 'Hashes a binary property', defaults: { name: 'E2E Probe' },
			inputs: ['main'], outputs: ['main'],
			credentials: [{ name: 'probeApi', required: true }],
			properties: [{ displayName: 'Binary Property', name: 'binaryPropertyName', type: 'string', default: 'data' }],
		};
	}
	async execute() {
		const items = this.getInputData();
		const creds = await this.getCredentials('probeApi');
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const prop = this.getNodeParameter('binaryPropertyName', i);
			if (!items[i].binary || !items[i].binary[prop]) throw new NodeOperationError(this.getNode(), 'no binary ' + prop, { itemIndex: i });
			const buf = await this.helpers.getBinaryDataBuffer(i, prop);
			out.push({ json: { user: creds.user, bytes: buf.length, sha256: crypto.createHash('sha256').update(buf).digest('hex') }, pairedItem: { item: i } });
		}
		return [out];
	}
}
exports.Probe = Probe;
`,
	);
}
