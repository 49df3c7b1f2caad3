// What the installed node is, read out of its built files (no n8n needed), so the bench follows
// the node as the lead changes it: its XML parser options, whether an option exists, a default.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function jsFiles(dir: string): string[] {
	const files: string[] = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) files.push(...jsFiles(path));
		else if (name.endsWith('.js')) files.push(path);
	}
	return files;
}

/**
 * The options of the node's XMLParser, read out of the installed package's built files, so the
 * loop parses with exactly what the node parses with, whatever the node's current code says.
 */
export function nodeParserOptions(packageDir: string): Record<string, unknown> {
	const found: string[] = [];
	for (const file of jsFiles(join(packageDir, 'dist', 'nodes'))) {
		for (const match of readFileSync(file, 'utf8').matchAll(/new\s+(?:[\w$]+\.)*XMLParser\s*\((\{[^}]*\})\)/g)) found.push(match[1]);
	}
	if (found.length !== 1) throw new Error(`expected one XMLParser construction in the node's files, found ${found.length}: update the loop's parser options by hand`);
	// The built file holds a plain object literal of booleans; evaluate it as such.
	const options = new Function(`return (${found[0]});`)() as Record<string, unknown>;
	if (typeof options !== 'object' || options === null) throw new Error('could not read the node\'s XMLParser options');
	return options;
}

/** Whether the installed node offers an option (looked up in its built files, no n8n needed). */
export function nodeHasOption(packageDir: string, option: string): boolean {
	const needle = new RegExp(`name:\\s*['"]${option}['"]`);
	return jsFiles(join(packageDir, 'dist', 'nodes', 'Inter28')).some((file) => needle.test(readFileSync(file, 'utf8')));
}

/**
 * The default of a numeric option of the node (e.g. Batch Concurrency), or undefined. The loop
 * keeps as many requests in flight as the node does by default, whatever that default becomes.
 */
export function nodeOptionDefault(packageDir: string, option: string): number | undefined {
	// Up to its `default`, within the option's own object (one level of nested braces: typeOptions).
	const pattern = new RegExp(`name:\\s*['"]${option}['"](?:[^{}]|\\{[^{}]*\\})*?default:\\s*(\\d+)`);
	for (const file of jsFiles(join(packageDir, 'dist', 'nodes', 'Inter28'))) {
		const match = pattern.exec(readFileSync(file, 'utf8'));
		if (match) return Number(match[1]);
	}
	return undefined;
}
