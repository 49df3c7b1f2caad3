// The hand-built peer: what a developer writes instead of the 28inter node, run as a plain Node
// process on the same Node 24 binary the benchmarked n8n uses.
//
//   <node24> scripts/bench/loop.mjs <job.json>
//
// It prints one JSON line: { ms, cpuMs, startedAt, endedAt, requests, items, ... }. `ms` is timed inside
// this process from the moment its inputs are in memory (the numbers string, the JPEG bytes, the
// customer rows — what the n8n node receives as its input items) to the last reply parsed, so
// process start and module loading are left out, as n8n's start is left out of a node's
// executionTime. Every request goes through one keep-alive `node:http` agent whose socket limit
// is the node's Batch Concurrency (2), so at most that many requests are in flight.
//
// The code is deliberately what a competent developer writes in an afternoon, not a tuned one:
// split the pasted string on commas, chunk by 2,000, iconv-lite for GB2312, base64, percent-encode
// the form, POST, read `balance:taskId`. Values that do not change between requests (the
// credentials, title and content of a message) are encoded once, as such a developer would.
// It takes iconv-lite and fast-xml-parser from the installed 28inter package, so both sides run
// the same library versions; the XML parser options come from the job file, which the bench
// reads out of the installed package (the node's own options).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const requireFromPackage = createRequire(job.packageJson);
const iconv = requireFromPackage('iconv-lite');
const { XMLParser } = requireFromPackage('fast-xml-parser');

const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
const FORM = 'application/x-www-form-urlencoded; charset=UTF-8';
const enc = encodeURIComponent;

function post(url, body) {
	return new Promise((resolve, reject) => {
		const payload = Buffer.from(body, 'utf8');
		const request = http.request(
			url,
			{ method: 'POST', agent, headers: { 'Content-Type': FORM, 'Content-Length': payload.length } },
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`));
					else resolve(text);
				});
				response.on('error', reject);
			},
		);
		request.on('error', reject);
		request.end(payload);
	});
}

/** `balance:taskId`, or the vendor's bare error code. */
function parseSendReply(text) {
	const match = /^(-?\d+(?:\.\d+)?):(\d+)$/.exec(text.trim());
	if (!match) throw new Error(`send refused: ${text.trim().slice(0, 40)}`);
	return { balance: Number(match[1]), taskId: match[2] };
}

/** Runs `work(i)` for i in 0..count-1 with `concurrency` in flight, in order of start. */
async function pool(count, concurrency, work) {
	const results = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await work(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return results;
}

function accountHead() {
	return `action=send&userid=${enc(job.userId)}&account=${enc(job.account)}&password=${enc(job.password)}`;
}

async function fanOut(numbersText, jpeg) {
	const numbers = numbersText
		.split(',')
		.map((n) => n.trim())
		.filter((n) => n !== '');
	const content = `3,txt|${iconv.encode(job.text, 'gb2312').toString('base64')};5,jpg|${jpeg.toString('base64')}`;
	const head = accountHead();
	const tail = `&title=${enc(job.title)}&starttime=&content=${enc(content)}`;
	const chunks = [];
	for (let i = 0; i < numbers.length; i += job.chunkSize) chunks.push(numbers.slice(i, i + job.chunkSize));
	const replies = await pool(chunks.length, job.concurrency, async (i) => {
		const reply = parseSendReply(await post(job.url, `${head}&mobile=${enc(chunks[i].join(','))}${tail}`));
		return { ...reply, recipients: chunks[i].length };
	});
	return { requests: replies.length, items: replies.length, recipients: numbers.length };
}

async function manyItems(customers) {
	const head = accountHead();
	const title = enc(job.title);
	const replies = await pool(customers.length, job.concurrency, async (i) => {
		const customer = customers[i];
		const text = job.template.replaceAll('{name}', customer.name);
		const content = `3,txt|${iconv.encode(text, 'gb2312').toString('base64')}`;
		const body = `${head}&mobile=${enc(customer.phone)}&title=${title}&starttime=&content=${enc(content)}`;
		return parseSendReply(await post(job.url, body));
	});
	return { requests: replies.length, items: replies.length };
}

const VENDOR_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/;
const two = (text) => (text.length === 1 ? `0${text}` : text);
function isoTime(text) {
	const m = VENDOR_TIME.exec(text);
	return m ? `${m[1]}-${two(m[2])}-${two(m[3])}T${two(m[4])}:${two(m[5])}:${two(m[6] ?? '0')}+08:00` : text;
}

async function drain() {
	const parser = new XMLParser(job.parserOptions);
	const body = `action=query&userid=${enc(job.userId)}&account=${enc(job.account)}&password=${enc(job.password)}&statusNum=${job.pageSize}`;
	const reports = [];
	let requests = 0;
	for (;;) {
		const text = (await post(job.url, body)).trim();
		requests++;
		const boxes = text === '' ? undefined : parser.parse(text)?.returnsms?.statusbox;
		const list = boxes === undefined || boxes === '' ? [] : Array.isArray(boxes) ? boxes : [boxes];
		for (const box of list) {
			const status = String(box.status);
			if (status !== '10' && status !== '20') throw new Error(`unexpected status ${status}`);
			reports.push({
				mobile: box.mobile,
				taskId: box.taskid,
				status: status === '10' ? 'delivered' : 'failed',
				statusCode: status === '10' ? 10 : 20,
				receivedAt: isoTime(box.receivetime),
				gatewayCode: box.errorcode ?? '',
				extNo: box.extno ?? '',
			});
		}
		if (list.length < job.pageSize) break;
	}
	return { requests, items: reports.length };
}

async function main() {
	// Inputs into memory first: the node gets them as input items, before its time starts.
	let run;
	if (job.kind === 'fanOut') {
		const numbersText = readFileSync(job.numbersFile, 'utf8');
		const jpeg = readFileSync(job.jpegFile);
		run = () => fanOut(numbersText, jpeg);
	} else if (job.kind === 'manyItems') {
		const customers = JSON.parse(readFileSync(job.customersFile, 'utf8'));
		run = () => manyItems(customers);
	} else if (job.kind === 'drain') {
		run = () => drain();
	} else throw new Error(`unknown job kind ${job.kind}`);
	const startedAt = Date.now();
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	const result = await run();
	const ms = performance.now() - t0;
	const cpu = process.cpuUsage(cpu0);
	const endedAt = Date.now();
	agent.destroy();
	const cpuMs = (cpu.user + cpu.system) / 1000;
	process.stdout.write(`${JSON.stringify({ ms, cpuMs, startedAt, endedAt, ...result })}\n`);
}

main().catch((error) => {
	process.stderr.write(`loop failed: ${error?.message ?? String(error)}\n`);
	process.exit(1);
});
