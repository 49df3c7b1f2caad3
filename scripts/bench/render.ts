// Re-renders the table of a run from the samples it saved next to its markdown:
//   npx tsx scripts/bench/render.ts scripts/bench/last-run.json [--busy CORES]
import { readFileSync } from 'node:fs';

import type { ResultRow } from './lib/measure';
import { renderTable } from './lib/report';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: render.ts <last-run.json> [--busy CORES]');
const saved = JSON.parse(readFileSync(file, 'utf8')) as { busyThreshold: number; smoke: boolean; rows: ResultRow[] };
const busyIndex = process.argv.indexOf('--busy');
const busyThreshold = busyIndex > 0 ? Number(process.argv[busyIndex + 1]) : saved.busyThreshold;
const table = renderTable(saved.rows, { smoke: saved.smoke, busyThreshold });
process.stdout.write([table.markdown, '', ...table.notes, '', ...table.missed.map((m) => `- missed: ${m}`), ''].join('\n'));
