// `npm run sim [-- --port 8080 --host 127.0.0.1]`: a simulated 28inter gateway for trying
// workflows without spending MMS credit. Prints its URL and the demo account, then serves until
// Ctrl+C. Binds to 127.0.0.1 unless --host says otherwise, because it accepts any request.
import { DEFAULT_ACCOUNTS, startSimulator } from './index';

const HELP = `Usage: npm run sim -- [--port N] [--host ADDRESS]

Starts a simulator of the 28inter MMS gateway (sendmms.aspx, mmsStatusApi.aspx).
  --port N        port to listen on (default 8080; 0 picks a free one)
  --host ADDRESS  address to bind (default 127.0.0.1; 0.0.0.0 exposes it to the network)
  --help          this text

Control API (JSON): GET /__simulator lists the routes.`;

function parseArgs(argv: readonly string[]): { port: number; host: string } | 'help' {
	let port = 8080;
	let host = '127.0.0.1';
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = (): string => {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		if (flag === '--help' || flag === '-h') return 'help';
		else if (flag === '--port' || flag === '-p') {
			const text = value();
			port = Number(text);
			if (!/^[0-9]+$/.test(text) || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got ${text}`);
		} else if (flag === '--host') host = value();
		else throw new Error(`unknown option ${arg}`);
	}
	return { port, host };
}

async function main(): Promise<void> {
	let args: ReturnType<typeof parseArgs>;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
		process.exit(2);
	}
	if (args === 'help') {
		console.log(HELP);
		return;
	}
	const sim = await startSimulator({ port: args.port, host: args.host });
	const demo = DEFAULT_ACCOUNTS[0];
	console.log(`28inter simulator listening on ${sim.url}`);
	console.log(`  credential: endpoint "custom", baseUrl ${sim.url}, userId ${demo.userId}, account ${demo.account}, password ${demo.password}`);
	console.log(`  control API: ${sim.url}/__simulator`);
	const stop = (): void => {
		void sim.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
