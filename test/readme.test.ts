import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { VENDOR_CODES } from '../nodes/protocol';

// The README's error table is what users read; it must match the table the nodes use.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const LABELS = { send: 'Send', reports: 'Reports', balance: 'Balance' } as const;

describe('README', () => {
	it('lists every vendor code with the meaning and Chinese text the nodes use', () => {
		for (const [operation, codes] of Object.entries(VENDOR_CODES) as Array<[keyof typeof LABELS, (typeof VENDOR_CODES)['send']]>) {
			for (const meaning of Object.values(codes)) {
				const row = readme
					.split('\n')
					.find((line) => line.startsWith(`| ${LABELS[operation]} | \`${meaning.code}\` |`));
				assert.ok(row, `no README row for ${operation} ${meaning.code}`);
				assert.ok(row.includes(meaning.english), `${operation} ${meaning.code}: "${meaning.english}" missing`);
				assert.ok(row.includes(meaning.chinese), `${operation} ${meaning.code}: "${meaning.chinese}" missing`);
				assert.ok(row.includes(meaning.advice), `${operation} ${meaning.code}: advice missing`);
			}
		}
	});
});
