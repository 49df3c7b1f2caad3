// The HTTP Request peer's run, shared by the jobs that have one: a reset simulator, the workflow,
// and a check that every request it made was accepted (`balance:taskId`), so a failing peer can
// never pass for a fast one.
import type { BenchContext } from './context';
import type { ExecuteResult } from './n8n';

const ACCEPTED = /^-?\d+(?:\.\d+)?:\d+$/;

export async function runHttpPeer(ctx: BenchContext, job: string, workflowId: string, requests: number, nodeArgs?: string[]): Promise<ExecuteResult> {
	await ctx.resetSim();
	const run = await ctx.executeOk(workflowId, { nodeArgs });
	const out = run.node('HTTP Request');
	const accepted = out.json.filter((j) => ACCEPTED.test(String(j.data ?? '').trim())).length;
	if (out.items !== requests || accepted !== requests) {
		throw new Error(`${job}: the HTTP Request node gave ${out.items} items, ${accepted} accepted, expected ${requests}`);
	}
	return run;
}
