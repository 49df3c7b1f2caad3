import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';

import {
	readmeRulesByLeg,
	readmeScanTable,
	restrictedImports,
	rulesByLeg,
	scanPackage,
} from '../support/scanner/scan.mjs';

// n8n's community-package scan, run offline (test/support/scanner/scan.mjs), must find exactly
// the rules that the README's table says the package deliberately does not meet. A new finding
// fails here until it is fixed or justified in the README; a row that no longer applies fails too.
interface Finding {
	config: string;
	leg: string;
	file: string;
	ruleId: string;
	message: string;
}

describe("n8n's community-package scan and the README table", { timeout: 10 * 60_000 }, () => {
	let findings: Finding[] = [];
	const table = readmeScanTable();
	const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies?: Record<string, string> };

	before(async () => {
		({ findings } = (await scanPackage()) as { findings: Finding[] });
	});

	it('the README table is there, one row per rule, each with a scan leg and a reason', () => {
		assert.ok(table.length > 0);
		assert.equal(new Set(table.map((r) => r.ruleId)).size, table.length, 'a rule is listed twice');
		for (const row of table) {
			assert.ok(row.legs.length > 0, `${row.ruleId}: no scan leg (source / tarball)`);
			assert.ok(row.text.length > 20, `${row.ruleId}: no reason given`);
		}
	});

	for (const config of ['scanner', 'newest-plugin']) {
		it(`${config}: the rules it reports, per leg, are exactly the README table`, () => {
			assert.ok(findings.some((f) => f.config === config), `${config} reported nothing: the package has runtime dependencies, so it must`);
			assert.deepEqual(rulesByLeg(findings, config), readmeRulesByLeg(table));
		});
	}

	it('restricted imports are the runtime dependencies, each named in the README row', () => {
		const imports = restrictedImports(findings);
		assert.deepEqual(imports, Object.keys(pkg.dependencies ?? {}).sort());
		const row = table.find((r) => r.ruleId.endsWith('/no-restricted-imports'));
		for (const name of imports) assert.ok(row?.text.includes(`\`${name}\``), `README row does not name \`${name}\``);
	});

	it('require-node-api-error fires only in the protocol core, which never imports n8n', () => {
		const files = findings.filter((f) => f.ruleId.endsWith('/require-node-api-error')).map((f) => f.file);
		assert.equal(files.length > 0, table.some((r) => r.ruleId.endsWith('/require-node-api-error')));
		for (const file of files) assert.match(file, /^nodes\/protocol\//);
	});
});
