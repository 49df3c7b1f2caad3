#!/usr/bin/env node
// Installs (or checks) the real n8n that the end-to-end tests and the demo run on, and prints
// where it lives. The recipe and the install logic are in test/support/n8n/runtime.mjs.
// Usage: node scripts/n8n/ensure-runtime.mjs [--force]
import { describeRuntime, ensureRuntime, log } from '../../test/support/n8n/runtime.mjs';

ensureRuntime({ force: process.argv.includes('--force') })
	.then(async (paths) => {
		process.stdout.write(JSON.stringify(await describeRuntime(paths.dir), null, 2) + '\n');
	})
	.catch((error) => {
		log(`FAILED: ${error.stack || error.message}`);
		process.exit(1);
	});
