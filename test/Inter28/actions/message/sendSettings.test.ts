import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { INodeProperties } from 'n8n-workflow';

import { description } from '../../../../nodes/Inter28/actions/message/send.operation';
import { DEFAULT_CONCURRENCY } from '../../../../nodes/Inter28/actions/message/sendSettings';

describe('send settings', () => {
	it('the form shows the Batch Concurrency the node uses when the option is not set', () => {
		const options = description.find((property) => property.name === 'options')?.options as INodeProperties[];
		assert.equal(options.find((option) => option.name === 'concurrency')?.default, DEFAULT_CONCURRENCY);
	});
});
