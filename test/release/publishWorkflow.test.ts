import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

// The publish workflow never runs here: it is checked offline against GitHub's workflow schema
// (SchemaStore's github-workflow.json, compiled into @action-validator/core's WebAssembly) and
// for what a release needs: a version tag triggers it, provenance can be signed, and nothing is
// published before lint, build and the fast tests passed.
const require = createRequire(import.meta.url);
const { validateWorkflow } = require('@action-validator/core') as {
	validateWorkflow: (src: string) => { errors: unknown[] };
};
const yaml = require('js-yaml') as { load: (src: string) => unknown };

const file = new URL('../../.github/workflows/publish.yml', import.meta.url);
const source = readFileSync(file, 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

interface Step {
	run?: string;
	uses?: string;
	env?: Record<string, string>;
}
interface Workflow {
	on: { push?: { tags?: string[]; branches?: string[] } };
	permissions?: Record<string, string>;
	jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

/** GitHub's filter pattern syntax (`*`, `+`, `?`, `[...]`) as a regular expression. */
function filterPattern(pattern: string): RegExp {
	let out = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '*') out += pattern[i + 1] === '*' ? (i++, '.*') : '[^/]*';
		else if (c === '[') {
			const end = pattern.indexOf(']', i);
			out += pattern.slice(i, end + 1);
			i = end;
		} else if (c === '+' || c === '?') out += c;
		else out += c.replace(/[.^$|(){}\\]/g, '\\$&');
	}
	return new RegExp(`^${out}$`);
}

describe('.github/workflows/publish.yml', () => {
	it('is a valid GitHub workflow by the schema', () => {
		assert.deepEqual(validateWorkflow(source).errors, []);
	});

	it('the schema check catches a broken workflow (so a pass above means something)', () => {
		const broken = source.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
		assert.notEqual(broken, source);
		assert.ok(validateWorkflow(broken).errors.length > 0);
		assert.ok(validateWorkflow(source.replace('id-token: write', 'id-token: always')).errors.length > 0);
	});

	const wf = yaml.load(source) as Workflow;
	const [jobName, job] = Object.entries(wf.jobs)[0];

	it('runs on a version tag (this version and the next ones), never on a branch push', () => {
		const tags = (wf.on.push?.tags ?? []).map(filterPattern);
		assert.ok(tags.length > 0, 'no tag trigger');
		for (const tag of [`v${pkg.version}`, 'v1.0.0', 'v10.20.30', 'v2.0.0-beta.1']) {
			assert.ok(tags.some((re) => re.test(tag)), `${tag} does not trigger a release`);
		}
		for (const tag of ['latest', 'release', `${pkg.version}`]) assert.ok(!tags.some((re) => re.test(tag)), `${tag} would trigger a release`);
		assert.equal(wf.on.push?.branches, undefined);
		assert.equal(Object.keys(wf.jobs).length, 1, 'one job: nothing can publish in parallel with the checks');
	});

	it('may sign provenance (id-token: write) and reads the repository only', () => {
		const permissions = { ...wf.permissions, ...job.permissions };
		assert.equal(permissions['id-token'], 'write');
		assert.equal(permissions.contents, 'read');
	});

	it(`job "${jobName}": npm ci, lint, build and the fast tests pass before npm publish --provenance --access public`, () => {
		const runs = job.steps.map((s) => s.run ?? '');
		const at = (re: RegExp) => {
			const i = runs.findIndex((r) => re.test(r));
			assert.ok(i >= 0, `no step runs ${re}`);
			return i;
		};
		const order = [/^npm ci\b/, /^npm run lint$/, /^npm run build$/, /^npm run test:(unit|fast)$/, /^npm publish --provenance --access public$/].map(at);
		assert.deepEqual(order, [...order].sort((a, b) => a - b), `steps out of order: ${order}`);
		assert.equal(order.at(-1), runs.findLastIndex((r) => r !== ''), 'a step runs after publishing');
		assert.equal(runs.filter((r) => /\bnpm publish\b/.test(r)).length, 1, 'more than one publish step');
		const publish = job.steps[order.at(-1) as number];
		assert.match(publish.env?.NODE_AUTH_TOKEN ?? '', /^\$\{\{ secrets\.[A-Z_]+ \}\}$/, 'the npm token must come from a secret');
		const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@')) as Step & { with?: Record<string, string> };
		assert.equal(setupNode?.with?.['registry-url'], 'https://registry.npmjs.org');
	});
});
