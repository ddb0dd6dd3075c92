/** Cold starts as a whole new process: `runtime-advice ask` beside `node -e 0`, and `serve` to the first 200 from /healthz. */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { type Figure, type Measurement, round, summarise } from './types.js';

const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');
const QUESTION = 'how fast do containers start?';
const ASK_RUNS = 15;
const SERVE_RUNS = 8;
/** Untimed runs of each before timing: the first fills the file cache; `serve` gets one since it is slow. */
const ASK_WARMUP_RUNS = 2;
const SERVE_WARMUP_RUNS = 1;
const POLL_MS = 5;
/** A start that takes longer than this is a failure, not a figure. */
const START_TIMEOUT_MS = 15_000;
/** The bare HTTP server the serve start is compared with: what any Node service pays before its own code. */
const BARE_SERVER =
  "require('node:http').createServer((q,s)=>{s.statusCode=200;s.end('ok')}).listen(Number(process.env.PORT));process.on('SIGTERM',()=>process.exit(0))";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const msSince = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** Runs `node ...args` to its exit; returns wall time in ms. Throws on a non-zero exit or empty output when output is expected. */
function timeProcess(args: readonly string[], expectOutput: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = msSince(t0);
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
      else if (expectOutput && stdout === 0) reject(new Error(`node ${args.join(' ')} printed nothing`));
      else resolve(ms);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** One GET /healthz on loopback; resolves with the status, or 0 when nothing answers yet. */
function healthz(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', method: 'GET', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(0));
    req.end();
  });
}

/** Environment of a serving child: no Slack or Teams credentials, memory store, silent log. */
function serveEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(SLACK_|MICROSOFT_|STATE_STORE$|PORT$|LOG_LEVEL$)/.test(name)) env[name] = value;
  }
  return { ...env, PORT: String(port), STATE_STORE: 'memory', LOG_LEVEL: 'silent' };
}

/** Spawns a server, polls /healthz every 5 ms until a 200, then stops it with SIGTERM; returns ms from spawn to the 200. */
async function timeServeStart(args: readonly string[]): Promise<number> {
  const port = await freePort();
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd: PACKAGE_ROOT, env: serveEnv(port), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      exited = code;
      resolve();
    });
  });
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`node ${args.join(' ')} exited ${exited} before /healthz answered: ${stderr.trim()}`);
      if ((await healthz(port)) === 200) return msSince(t0);
      if (msSince(t0) > START_TIMEOUT_MS) throw new Error(`node ${args.join(' ')}: no 200 from /healthz within ${START_TIMEOUT_MS} ms`);
      await sleep(POLL_MS);
    }
  } finally {
    if (exited === undefined) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(killer);
    }
  }
}

function measurement(subject: string, samples: number[]): Measurement {
  const { median, p99 } = summarise(samples);
  return { subject, median: round(median, 1), p99: round(p99, 1), unit: 'ms', extra: { runs: samples.length } };
}

/** Runs ours and the baseline alternately, after warm-up runs of each. */
async function alternate(warmup: number, runs: number, ours: () => Promise<number>, baseline: () => Promise<number>): Promise<[number[], number[]]> {
  for (let i = 0; i < warmup; i++) {
    await ours();
    await baseline();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await ours());
    b.push(await baseline());
  }
  return [a, b];
}

/** Cold start of the CLI (`ask`) and of the server (`serve` to the first healthy /healthz). */
export async function benchCold(): Promise<Figure[]> {
  const [ask, bare] = await alternate(
    ASK_WARMUP_RUNS,
    ASK_RUNS,
    () => timeProcess([CLI, 'ask', QUESTION], true),
    () => timeProcess(['-e', '0'], false),
  );
  const askOurs = measurement(`runtime-advice ask "${QUESTION}"`, ask);
  const askBase = measurement('node -e 0 (bare Node start)', bare);
  const askMet = askOurs.median <= 300;
  const askFigure: Figure = {
    name: 'cold start: one `ask` as a new process, to exit',
    target: 'median <= 300 ms',
    ours: askOurs,
    baselines: [askBase],
    ratios: [round(askOurs.median / askBase.median, 2)],
    met: askMet,
    notes: `${ASK_RUNS} runs each, alternating with node -e 0, after ${ASK_WARMUP_RUNS} warm-up runs; ${askMet ? 'median within 300 ms' : `median ${askOurs.median} ms > 300 ms`}; the runtime's own share is about ${round(askOurs.median - askBase.median, 1)} ms`,
  };

  const [serve, bareServer] = await alternate(
    SERVE_WARMUP_RUNS,
    SERVE_RUNS,
    () => timeServeStart([CLI, 'serve']),
    () => timeServeStart(['-e', BARE_SERVER]),
  );
  const serveOurs = measurement('runtime-advice serve (memory store, no Slack/Teams credentials)', serve);
  const serveBase = measurement('bare node:http server answering 200', bareServer);
  const serveMet = serveOurs.median <= 1500;
  const serveFigure: Figure = {
    name: 'cold start: `serve` spawn to the first 200 from GET /healthz (polled every 5 ms on 127.0.0.1)',
    target: '<= 1.5 s',
    ours: serveOurs,
    baselines: [serveBase],
    ratios: [round(serveOurs.median / serveBase.median, 2)],
    met: serveMet,
    notes: `judged on the median of ${SERVE_RUNS} runs (after ${SERVE_WARMUP_RUNS} warm-up run), alternating with a bare node:http server; ${serveMet ? 'within 1.5 s' : `median ${serveOurs.median} ms > 1500 ms`}; each server is stopped with SIGTERM`,
  };
  return [askFigure, serveFigure];
}
