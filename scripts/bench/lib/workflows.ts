// The bench's workflows, built in code so sizes, URLs and paths are filled in one place.
// Every workflow starts with a Manual Trigger (what `n8n execute` starts from); the node whose
// executionTime is read is named in each job.
import { CREDENTIAL, NODE_TYPE, type Workflow } from './n8n';

type NodeJson = Record<string, unknown>;

let nodeCounter = 0;
function node(name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra: NodeJson = {}): NodeJson {
	nodeCounter++;
	return {
		id: `b0000000-0000-4000-8000-${String(nodeCounter).padStart(12, '0')}`,
		name,
		type,
		typeVersion,
		position: [nodeCounter * 220, 0],
		parameters,
		...extra,
	};
}

/** A chain of nodes, each feeding the next. */
export function chain(id: string, name: string, nodes: NodeJson[]): Workflow {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name as string] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false, pinData: {} };
}

export const start = (): NodeJson => node('Start', 'n8n-nodes-base.manualTrigger', 1, {});

/** A Code node ("Run Once for All Items"); it runs in n8n's task runner, as for every user. */
export const code = (name: string, jsCode: string): NodeJson => node(name, 'n8n-nodes-base.code', 2, { mode: 'runOnceForAllItems', language: 'javaScript', jsCode });

export const readFile = (name: string, path: string, property: string): NodeJson =>
	node(name, 'n8n-nodes-base.readWriteFile', 1.1, { operation: 'read', fileSelector: path, options: { dataPropertyName: property } });

export const inter28 = (name: string, parameters: Record<string, unknown>): NodeJson =>
	node(name, NODE_TYPE, 1, parameters, { credentials: { inter28Api: { id: CREDENTIAL.id, name: CREDENTIAL.name } } });

/**
 * n8n's HTTP Request node (the version a new node gets in 2.41.1) posting each item's pre-built
 * form body as a raw body: the cheapest path it has (a "Form URL Encoded" string body would be
 * parsed into fields and encoded again). Response format stays on automatic: "text" with a raw
 * body fails in 4.x ("Converting circular structure to JSON"). No batching option: by default the
 * node starts every item's request at once, which is what a user who wires it gets; its
 * "Batching" option only spaces out the starts, it never limits how many are in flight.
 */
export const httpRequest = (name: string, url: string): NodeJson =>
	node(name, 'n8n-nodes-base.httpRequest', 4.5, {
		method: 'POST',
		url,
		sendBody: true,
		contentType: 'raw',
		rawContentType: 'application/x-www-form-urlencoded; charset=UTF-8',
		body: '={{ $json.body }}',
		options: {},
	});

/** JavaScript source for a string literal (JSON is valid JavaScript for strings and arrays). */
export const literal = (value: unknown): string => JSON.stringify(value);
