// Removes build output so a stale file never hides a missing source.
import { rmSync } from 'node:fs';

for (const dir of ['dist']) rmSync(new URL(`../${dir}`, import.meta.url), { recursive: true, force: true });
