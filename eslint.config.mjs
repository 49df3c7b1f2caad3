// Lint configuration.
// - nodes/, credentials/ and package.json: n8n's own rules for community packages
//   (@n8n/eslint-plugin-community-nodes + eslint-plugin-n8n-nodes-base).
// - test/ and scripts/: ordinary TypeScript/JavaScript rules; the simulator and the
//   tests legitimately use timers, `process` and Node built-ins.
import { createRequire } from 'node:module';
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

const require = createRequire(import.meta.url);
const n8nNodesBase = require('eslint-plugin-n8n-nodes-base');

// DELIBERATE EXCEPTION to n8n's "no runtime dependencies" and "restricted imports"
// rules: GB2312 text encoding (iconv-lite), the vendor's malformed XML (fast-xml-parser)
// and decoding/re-encoding images to fit the 100 KB limit (sharp: libvips, the fastest
// and leanest library measured, prebuilt binaries shipped as npm packages, so it installs
// with n8n's --ignore-scripts; loaded lazily, only when an image needs converting) are
// not something to hand-write. These three packages — and only these three — are
// allowed; the package is therefore for self-hosted n8n (n8n Cloud accepts no community
// package with runtime dependencies). The two rules below keep the exception that
// narrow: any other runtime dependency or import still fails lint.
const ALLOWED_RUNTIME_DEPENDENCIES = ['fast-xml-parser', 'iconv-lite', 'sharp'];
// node:crypto is on n8n's own allow-list for community nodes.
const ALLOWED_IMPORTS = ['n8n-workflow', 'node:crypto', ...ALLOWED_RUNTIME_DEPENDENCIES];

const allowlistPlugin = {
	rules: {
		'allowed-runtime-dependencies': {
			meta: { type: 'problem', schema: [] },
			create(context) {
				return {
					ObjectExpression(node) {
						if (node.parent?.type !== 'ExpressionStatement') return;
						const deps = node.properties.find(
							(p) => p.type === 'Property' && (p.key.value ?? p.key.name) === 'dependencies',
						);
						if (!deps || deps.value.type !== 'ObjectExpression') return;
						for (const dep of deps.value.properties) {
							const name = dep.key.value ?? dep.key.name;
							if (!ALLOWED_RUNTIME_DEPENDENCIES.includes(name)) {
								context.report({
									node: dep,
									message: `Runtime dependency "${name}" is not in the allowed list (${ALLOWED_RUNTIME_DEPENDENCIES.join(', ')}). Justify it in eslint.config.mjs and the README first.`,
								});
							}
						}
					},
				};
			},
		},
		'allowed-imports': {
			meta: { type: 'problem', schema: [] },
			create(context) {
				const check = (node, source) => {
					if (typeof source !== 'string' || source.startsWith('.')) return;
					const name = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];
					if (!ALLOWED_IMPORTS.includes(name)) {
						context.report({
							node,
							message: `Import of "${source}" is not allowed in the package (allowed: ${ALLOWED_IMPORTS.join(', ')}, relative paths).`,
						});
					}
				};
				return {
					ImportDeclaration: (node) => check(node, node.source.value),
					ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
					ExportAllDeclaration: (node) => check(node, node.source.value),
					ImportExpression: (node) => check(node, node.source.value),
				};
			},
		},
	},
};

const packageFiles = ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'];

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '**/node_modules/**', '.cache/**', 'test/support/engine/vendor/**'] },
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{ ...communityNodes.configs.recommendedWithoutN8nCloudSupport, files: packageFiles },
	{
		files: packageFiles,
		plugins: { 'n8n-nodes-base': n8nNodesBase, inter28: allowlistPlugin },
		languageOptions: { parser: tseslint.parser },
		rules: {
			// Replaced by the narrower inter28/allowed-runtime-dependencies (see above).
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules, 'inter28/allowed-runtime-dependencies': 'error' } },
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// That rule wants n8n's internal doc slugs; a community package must give an absolute
			// URL, which @n8n/community-nodes/credential-documentation-url enforces instead.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'inter28/allowed-imports': 'error',
			// The older base plugin wants the literal 'main'; the current community plugin
			// (node-connection-type-literal) wants NodeConnectionTypes.Main. The newer rule wins.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		// The protocol core has no n8n imports by design (the simulator and tests use it too),
		// so it throws its own typed errors; nodes/shared/nodeErrors.ts turns every one of
		// them into a NodeApiError/NodeOperationError at the n8n boundary.
		// The boundary is a rule, not a convention: the core imports neither n8n nor any node-side folder.
		files: ['nodes/protocol/**/*.ts'],
		rules: {
			'@n8n/community-nodes/require-node-api-error': 'off',
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['n8n-workflow', 'n8n-core', '@n8n/*'], message: 'The protocol core has no n8n imports: throw its typed errors; nodes/shared/nodeErrors.ts maps them.' },
						{ group: ['**/Inter28', '**/Inter28/**', '**/Inter28Trigger', '**/Inter28Trigger/**', '**/shared', '**/shared/**', '**/credentials/**'], message: 'The protocol core stands below the nodes: it must not import node-side code.' },
					],
				},
			],
		},
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [tseslint.configs.recommended],
		rules: { '@typescript-eslint/no-explicit-any': 'error' },
	},
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts'],
		extends: [tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	},
	{
		files: ['**/*.mjs', '**/*.js'],
		languageOptions: {
			sourceType: 'module',
			globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly' },
		},
		extends: [tseslint.configs.recommended],
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
);
