#!/usr/bin/env node
// Installs (or checks) the real n8n runtimes that the end-to-end tests and the demo run on, and
// prints where they live. The recipes and the install logic are in test/support/n8n/runtime.mjs.
// Usage: node scripts/n8n/ensure-runtime.mjs [--runtime <version|major|all>] [--force]
//        (default: N8N_RUNTIME, else the pinned default runtime)
import { describeRuntime, ensureRuntime, listRuntimes, log, resolveRuntime, selectedRuntime } from '../../test/support/n8n/runtime.mjs';

const args = process.argv.slice(2);
const at = args.findIndex((a) => a === '--runtime' || a.startsWith('--runtime='));
const wanted = at < 0 ? undefined : args[at].includes('=') ? args[at].split('=')[1] : args[at + 1];
const versions = wanted === 'all' ? listRuntimes().map((r) => r.version) : [wanted ? resolveRuntime(wanted) : selectedRuntime()];

try {
	for (const version of versions) {
		const paths = await ensureRuntime({ version, force: args.includes('--force') });
		process.stdout.write(JSON.stringify(await describeRuntime(paths.dir, version), null, 2) + '\n');
	}
} catch (error) {
	log(`FAILED: ${error.stack || error.message}`);
	process.exit(1);
}
