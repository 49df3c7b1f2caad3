// ItemParameters reads `{{ $json.… }}` parameters without n8n's expression engine. The promise: for
// any item data and any parameter, its value equals what n8n's own getNodeParameter gives. Both are
// read side by side inside n8n's real ExecuteContext (a probe node through the engine harness).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import fc from 'fast-check';
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { ItemParameters } from '../../nodes/shared/itemParameters';
import { registerNodeType, runNode } from '../support/engine/engine';

const PARAMETERS = ['whole', 'nested', 'template', 'twoFields', 'constant', 'plainExpression', 'other', 'staticCollection', 'collectionWithExpression'];

/** Returns, per item, each parameter as n8n evaluates it and as ItemParameters reads it. */
const probe: INodeType = {
	description: {
		displayName: 'Parameter Probe',
		name: 'parameterProbe',
		group: ['transform'],
		version: 1,
		description: 'test only',
		defaults: { name: 'Parameter Probe' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			...PARAMETERS.slice(0, 7).map((name) => ({ displayName: name, name, type: 'string' as const, default: '' })),
			...PARAMETERS.slice(7).map((name) => ({
				displayName: name,
				name,
				type: 'collection' as const,
				default: {},
				options: [
					{ displayName: 'Count', name: 'count', type: 'number' as const, default: 2 },
					{ displayName: 'Flag', name: 'flag', type: 'boolean' as const, default: false },
					{ displayName: 'At', name: 'at', type: 'dateTime' as const, default: '' },
				],
			})),
		],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		// Counts the evaluations ItemParameters leaves to n8n's engine, per parameter.
		const engineCalls: Record<string, number> = {};
		const context = new Proxy(this, {
			get: (target, key) =>
				key === 'getNodeParameter'
					? (name: string, i: number, fallback: unknown, options?: { rawExpressions?: boolean }) => {
							if (!options?.rawExpressions) engineCalls[name] = (engineCalls[name] ?? 0) + 1;
							return target.getNodeParameter(name, i, fallback, options);
						}
					: Reflect.get(target, key),
		});
		const params = new ItemParameters(context, items);
		const output = items.map((_item, i) => ({
			json: Object.fromEntries(PARAMETERS.map((name) => [name, { engine: this.getNodeParameter(name, i, ''), fast: params.get(name, i, '') }])),
		}));
		return [output.map((item) => ({ json: { ...item.json, engineCalls } }))];
	},
};

const parameters = {
	whole: '={{ $json.a }}',
	nested: '={{ $json.b.c }}',
	template: '=尊敬的{{ $json.a }}先生，您的订单 {{ $json.n }} 已发货',
	twoFields: '={{$json.a}}{{$json.n}}',
	constant: '13800138000, 13900139000',
	plainExpression: '=no placeholder here',
	other: '={{ $json.a + "" }}',
	staticCollection: { count: 3, flag: true, at: '2030-01-01T08:00:00' },
	collectionWithExpression: { count: '={{ $json.n }}', flag: false },
};

const valueArb = fc.oneof(
	fc.string(),
	fc.string({ unit: fc.constantFrom('王', '李', ' ', ',', '1', '3', '8', '😀') }),
	fc.integer(),
	fc.double({ noNaN: true }),
	fc.constantFrom(0, -0, 1e21, 27349872349823, null, true, undefined),
	fc.array(fc.oneof(fc.string({ maxLength: 11 }), fc.integer({ min: 13_000_000_000, max: 19_999_999_999 })), { maxLength: 5 }),
	fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

describe('ItemParameters reads parameters exactly as n8n does', () => {
	before(() => {
		registerNodeType(probe);
	});

	it('takes the shortcut for item fields and texts with them, and n8n\'s engine for anything else', async () => {
		const result = await runNode({ type: 'CUSTOM.parameterProbe', parameters, items: [{ json: { a: '王', n: 7, b: { c: ['13800138000'] } } }, { json: { a: 'x', n: 1.5, b: { c: 'y' } } }] });
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items[0].json.engineCalls, { other: 2, collectionWithExpression: 2 });
		assert.equal((result.items[0].json.template as { fast: unknown }).fast, '尊敬的王先生，您的订单 7 已发货');
		assert.deepEqual((result.items[0].json.nested as { fast: unknown }).fast, ['13800138000']);
	});

	it('for random item data, every parameter shape', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.record({ a: valueArb, n: valueArb, b: fc.oneof(fc.record({ c: valueArb }), valueArb) }, { requiredKeys: [] }), { minLength: 1, maxLength: 5 }),
				async (jsons) => {
					const result = await runNode({ type: 'CUSTOM.parameterProbe', parameters, items: jsons.map((json) => ({ json: JSON.parse(JSON.stringify(json)) as never })) });
					assert.equal(result.error, undefined, result.error?.message);
					for (const item of result.items) {
						for (const name of PARAMETERS) {
							const { engine, fast } = item.json[name] as { engine: unknown; fast: unknown };
							assert.deepEqual(fast, engine, `${name} for ${JSON.stringify(item.json)}`);
						}
					}
				},
			),
			{ numRuns: 60 },
		);
	});
});
