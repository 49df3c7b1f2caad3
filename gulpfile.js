// Copies node and credential icons and node codex files (*.node.json) next to the compiled
// files: n8n loads `file:` icons and codex data relative to the .js file, and tsc emits only
// what TypeScript imports.
const path = require('node:path');
const { task, src, dest, parallel } = require('gulp');

function copy(folder, pattern) {
	const copyFolder = () =>
		src(path.resolve(folder, '**', pattern), { encoding: false }).pipe(dest(path.resolve('dist', folder)));
	copyFolder.displayName = `copy ${folder}/${pattern}`;
	return copyFolder;
}

task('build:icons', parallel(copy('nodes', '*.{png,svg}'), copy('credentials', '*.{png,svg}'), copy('nodes', '*.node.json')));
