// The simulator as its own process (`test/simulator/cli.ts`, as `npm run sim` starts it), so its
// work — it decodes every submission twice — runs beside n8n for every side alike, and its
// keep-alive server is what both n8n and the loop talk to.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { SimulatorClient, type AccountSpec } from '../../../test/simulator';

export interface Sim {
	url: string;
	pid: number;
	control: SimulatorClient;
	close(): Promise<void>;
}

export async function startSimulator(root: string): Promise<Sim> {
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'simulator', 'cli.ts'), '--port', '0'], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	// Its banner names the demo account's password: read for the URL, never echoed.
	const url = await new Promise<string>((resolve, reject) => {
		let output = '';
		const timer = setTimeout(() => reject(new Error('simulator did not start within 60 s')), 60_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
			const match = /listening on (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`simulator exited with ${String(code)}`));
		});
	});
	return {
		url,
		pid: child.pid ?? 0,
		control: new SimulatorClient(url),
		close: async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise<void>((done) => child.once('exit', () => done()));
			child.kill('SIGTERM');
			await exited;
		},
	};
}

export async function resetSimulator(sim: Sim, account: AccountSpec): Promise<void> {
	// recordLimit small: the simulator keeps decoded submissions, which would only grow its memory.
	await sim.control.reset({ accounts: [account], settings: { recordLimit: 50 } });
}
