/** Records the unhandled rejections and uncaught exceptions of this test process: a suite that
 *  injects faults ends by asserting there were none. */
export function trackUnhandled(): { list: unknown[] } {
	const list: unknown[] = [];
	process.on('unhandledRejection', (reason) => list.push(reason));
	process.on('uncaughtExceptionMonitor', (error) => list.push(error));
	return { list };
}
