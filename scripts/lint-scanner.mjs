#!/usr/bin/env node
// `npm run lint:scanner`: n8n's community-package scan, offline (test/support/scanner/scan.mjs),
// then a comparison with the README table of rules the package deliberately does not meet.
// Prints every finding; exits 1 when the findings and the table disagree (a new finding to fix
// or to justify in the README, or a table row that no longer applies). Needs `npm run build`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readmeRulesByLeg, readmeScanTable, repoRoot, restrictedImports, rulesByLeg, scanPackage } from '../test/support/scanner/scan.mjs';

const log = (m) => console.log(`[scanner] ${m}`);
if (!existsSync(path.join(repoRoot, 'dist'))) {
	console.error('[scanner] dist/ is missing: run `npm run build` first');
	process.exit(1);
}
const { versions, findings } = await scanPackage({ log });
log(`@n8n/scan-community-package ${versions.scanner} (its @n8n/eslint-plugin-community-nodes ${versions.scannerCommunityNodesPlugin}, eslint-plugin-n8n-nodes-base ${versions.scannerNodesBasePlugin}); newest plugin ${versions.newestCommunityNodesPlugin}; inline eslint-disable comments ignored`);
for (const f of findings) log(`${f.config} ${f.leg}: ${f.file}:${f.line} ${f.severity} ${f.ruleId} — ${f.message.split('\n')[0].slice(0, 160)}`);

const table = readmeRulesByLeg(readmeScanTable());
let ok = true;
for (const config of ['scanner', 'newest-plugin']) {
	const found = rulesByLeg(findings, config);
	const same = JSON.stringify(found) === JSON.stringify(table);
	ok &&= same;
	log(`${config}: ${same ? 'matches the README table' : `DIFFERS from the README table\n  found:  ${JSON.stringify(found)}\n  README: ${JSON.stringify(table)}`}`);
}
const imports = restrictedImports(findings);
const row = readmeScanTable().find((r) => r.ruleId.endsWith('/no-restricted-imports'));
const unnamed = imports.filter((name) => !row?.text.includes(`\`${name}\``));
if (unnamed.length > 0) {
	ok = false;
	log(`restricted imports not named in the README row: ${unnamed.join(', ')}`);
}
log(ok ? 'OK: every finding is a documented exception' : 'FAILED');
process.exit(ok ? 0 : 1);
