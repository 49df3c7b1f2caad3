// Copies the icons (one folder, referenced by both nodes and the credential) and the node codex
// files (*.node.json) into dist/: n8n resolves `file:` icons and codex data relative to the
// compiled .js file, and tsc emits only what TypeScript imports.
const path = require('node:path');
const { task, src, dest, parallel } = require('gulp');

function copy(folder, pattern) {
	const copyFolder = () =>
		src(path.resolve(folder, '**', pattern), { encoding: false }).pipe(dest(path.resolve('dist', folder)));
	copyFolder.displayName = `copy ${folder}/${pattern}`;
	return copyFolder;
}

task('build:icons', parallel(copy('icons', '*.{png,svg}'), copy('nodes', '*.node.json')));
