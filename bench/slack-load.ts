/**
 * Slack load: 2,000 correctly signed app_mention events, 50 at a time, against `runtime-advice serve` and a bare
 * Bolt app, both real child processes replying to one local fake Slack Web API. Ack latency and throughput come
 * from autocannon; replies are counted per thread at the fake once the load settles.
 *
 * Also the harness the Teams load benchmark shares: child processes, one autocannon run, accounting.
 * Run compiled (dist/bench/slack-load.js): the children are dist/src/cli.js and dist/bench/bare-bolt.js.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { account, type FakePlatforms, settle, startFakePlatforms } from './fake-platforms.js';
import { freePort } from './redis-server.js';
import { type Figure, type Measurement, round } from './types.js';

// ---------------------------------------------------------------------------------------------------------------
// Harness shared with teams-load.ts

/** dist/src/cli.js, next to this compiled file's dist/bench/. */
export const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));

export interface Child {
  name: string;
  port: number;
  base: string;
  stderr(): string;
  /** CPU time (user + system) the process has used so far, in ms; undefined where /proc is not there. */
  cpuMs(): number | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `node [nodeArgs] script args` with only `env` (plus PATH) and waits, bounded, for `ready` on stdout. */
export async function startChild(options: {
  name: string;
  script: string;
  args?: string[];
  nodeArgs?: string[];
  env: Record<string, string>;
  ready: RegExp;
  port: number;
  timeoutMs?: number;
}): Promise<Child> {
  const proc: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script, ...(options.args ?? [])], {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    // Keep the tail only: a long run must not grow memory without bound.
    err = (err + d.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
  const stop = async (graceMs = 10_000) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const until = Date.now() + (options.timeoutMs ?? 20_000);
  while (!options.ready.test(out)) {
    if (proc.exitCode !== null || proc.signalCode !== null || Date.now() > until) {
      await stop(1000);
      throw new Error(`${options.name} did not start (exit ${proc.exitCode ?? proc.signalCode}): ${err.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const cpuMs = () => (proc.pid === undefined ? undefined : processCpuMs(proc.pid));
  return { name: options.name, port: options.port, base: `http://127.0.0.1:${options.port}`, stderr: () => err, cpuMs, stop };
}

/** utime + stime of a process from /proc/PID/stat, in ms (Linux clock ticks are 10 ms). */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * 10 : undefined;
  } catch {
    return undefined;
  }
}

/** One request to send: `id` is what its reply is counted under at the fake. */
export interface Built {
  id: string;
  body: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  /** Ids of every request sent (autocannon builds exactly one request per send). */
  sent: Set<string>;
  /** Per-response latency in ms (autocannon's own timing, not rounded), every response. */
  latencies: number[];
  /**
   * The same, without each connection's first response: that one also waits for the server to accept the new
   * connection, which a saturated Node server does only between batches of requests.
   */
  openConnLatencies: number[];
  /** From the start of the load to the last response (autocannon itself only stops on a 1 s tick). */
  elapsedMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** performance.now() when the load started. */
  startedAt: number;
}

/**
 * POSTs exactly `amount` requests over `connections` keep-alive connections to `url` with autocannon, each built
 * fresh by `build` (unique ids, fresh signature). Bounded: each request times out after `timeoutS`, and the
 * whole run is stopped after `capMs`.
 */
export function runLoad(options: {
  url: string;
  amount: number;
  connections: number;
  timeoutS?: number;
  capMs?: number;
  build: () => Built;
}): Promise<LoadResult> {
  const sent = new Set<string>();
  const latencies: number[] = [];
  const openConnLatencies: number[] = [];
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  return new Promise((resolve, reject) => {
    // Declared first: autocannon may call back synchronously when its options are invalid.
    let cap: ReturnType<typeof setTimeout> | undefined;
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        amount: options.amount,
        connections: options.connections,
        timeout: options.timeoutS ?? 10,
        setupClient: (client) => {
          let responses = 0;
          client.on('response', (_status, _bytes, responseTime) => {
            latencies.push(responseTime);
            if (++responses > 1) openConnLatencies.push(responseTime);
            lastResponseAt = performance.now();
          });
        },
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const b = options.build();
              sent.add(b.id);
              return { ...request, method: 'POST', body: b.body, headers: b.headers };
            },
          },
        ],
      },
      (err, result) => {
        clearTimeout(cap);
        if (err) return reject(err);
        resolve({
          sent,
          latencies,
          openConnLatencies,
          elapsedMs: lastResponseAt - startedAt,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          startedAt,
        });
      },
    );
    cap = setTimeout(() => instance.stop(), options.capMs ?? 180_000);
  });
}

/** The true median (mean of the middle two for an even count). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? Number.NaN) + (s[mid] ?? Number.NaN)) / 2;
}

/** Nearest-rank percentile of already sorted values. */
function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** What one run of one subject measured. */
export interface RunFigures {
  subject: string;
  run: number;
  sent: number;
  medianMs: number;
  p99Ms: number;
  /** p99 without each connection's first response (see LoadResult.openConnLatencies). */
  p99OpenConnMs: number;
  reqPerSec: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  once: number;
  lost: number;
  duplicated: number;
  stray: number;
  /** Events answered per second, from the start of the load to the last reply. */
  repliesPerSec: number;
  /** Time from the end of the load to the last reply, ms. */
  drainMs: number;
  /** CPU time the subject's process used per event, from the start of the load until replies settled (ms). */
  cpuMsPerEvent?: number;
  apologies?: number;
}

/** One measured run: fresh counters at the fake, load, settle, count replies per id. */
export async function measureRun(options: {
  subject: string;
  run: number;
  fake: FakePlatforms;
  replies: () => ReadonlyMap<string, number>;
  /** The subject's process CPU time so far (Child.cpuMs), for CPU per event. */
  cpuMs?: () => number | undefined;
  url: string;
  amount: number;
  connections: number;
  build: () => Built;
}): Promise<RunFigures> {
  const { fake } = options;
  fake.reset();
  const cpuBefore = options.cpuMs?.();
  const load = await runLoad({ url: options.url, amount: options.amount, connections: options.connections, build: options.build });
  const loadEnd = load.startedAt + load.elapsedMs;
  await settle(fake, load.sent.size);
  const cpuAfter = options.cpuMs?.();
  const counted = account(load.sent, options.replies());
  const lastReply = fake.lastReplyAt();
  const sorted = [...load.latencies].sort((a, b) => a - b);
  const answered = counted.once + counted.duplicated;
  return {
    subject: options.subject,
    run: options.run,
    sent: load.sent.size,
    medianMs: round(percentile(sorted, 0.5), 3),
    p99Ms: round(percentile(sorted, 0.99), 3),
    p99OpenConnMs: round(
      percentile(
        [...load.openConnLatencies].sort((a, b) => a - b),
        0.99,
      ),
      3,
    ),
    reqPerSec: round((load.latencies.length / load.elapsedMs) * 1000, 0),
    non2xx: load.non2xx,
    errors: load.errors,
    timeouts: load.timeouts,
    ...counted,
    repliesPerSec: lastReply > 0 ? round((answered / (lastReply - load.startedAt)) * 1000, 0) : 0,
    drainMs: lastReply > 0 ? round(Math.max(0, lastReply - loadEnd), 0) : 0,
    ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpuMsPerEvent: round((cpuAfter - cpuBefore) / load.sent.size, 3) } : {}),
  };
}

/** Median latency and throughput over runs, failures summed; per-run figures as text. */
export function summariseRuns(subject: string, runs: RunFigures[]): Measurement {
  const sum = (f: (r: RunFigures) => number) => runs.reduce((s, r) => s + f(r), 0);
  const extra: Record<string, number | string> = {
    'req/s': round(median(runs.map((r) => r.reqPerSec)), 0),
    'p99 on open connections': round(median(runs.map((r) => r.p99OpenConnMs)), 2),
    lost: sum((r) => r.lost),
    duplicated: sum((r) => r.duplicated),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    answered_once: `${sum((r) => r.once)}/${sum((r) => r.sent)}`,
    'replies/s': round(median(runs.map((r) => r.repliesPerSec)), 0),
    runs: runs
      .map(
        (r) =>
          `#${r.run}: p50 ${round(r.medianMs, 2)} p99 ${round(r.p99Ms, 2)} (open conn ${round(r.p99OpenConnMs, 2)}) ms, ${r.reqPerSec} req/s, drain ${r.drainMs} ms` +
          (r.cpuMsPerEvent === undefined ? '' : `, ${r.cpuMsPerEvent} CPU ms/event`),
      )
      .join('; '),
  };
  const cpu = runs.map((r) => r.cpuMsPerEvent).filter((x): x is number => x !== undefined);
  if (cpu.length === runs.length) extra['CPU ms/event'] = round(median(cpu), 2);
  const apologies = runs.some((r) => r.apologies !== undefined) ? sum((r) => r.apologies ?? 0) : undefined;
  if (apologies !== undefined) extra.apologies = apologies;
  return { subject, median: round(median(runs.map((r) => r.medianMs)), 2), p99: round(median(runs.map((r) => r.p99Ms)), 2), unit: 'ms', extra };
}

/** ours / bare of the median over runs of the p99 without each connection's first response. */
export function openConnP99Ratio(ours: RunFigures[], bare: RunFigures[]): number {
  return median(ours.map((r) => r.p99OpenConnMs)) / median(bare.map((r) => r.p99OpenConnMs));
}

/** CPU ms per event, ours and bare (medians over runs), as text for the notes. */
export function cpuNote(ours: RunFigures[], bare: RunFigures[]): string {
  const cpu = (runs: RunFigures[]) => median(runs.map((r) => r.cpuMsPerEvent ?? Number.NaN));
  const o = cpu(ours);
  const b = cpu(bare);
  return Number.isNaN(o) || Number.isNaN(b) ? '' : `; CPU per event: ours ${round(o, 2)} ms vs bare ${round(b, 2)} ms`;
}

/** True when every run answered every sent id exactly once with 2xx acks and no connection errors. */
export function allAnsweredOnce(runs: RunFigures[]): boolean {
  return runs.every((r) => r.once === r.sent && r.lost === 0 && r.duplicated === 0 && r.non2xx === 0 && r.errors === 0 && r.timeouts === 0);
}

// ---------------------------------------------------------------------------------------------------------------
// The Slack benchmark

const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
const QUESTIONS = [
  'how fast do containers start?',
  'should I run our legacy Windows app in a VM or a container?',
  'do containers isolate tenants as well as virtual machines?',
  'is it cheaper to run 200 small services in containers or VMs?',
  'can a container run a different kernel than the host?',
  'help me choose between docker and a vm',
];

/** A correctly signed Events API envelope around one app_mention, unique by event_id and ts. */
function slackEvent(run: number, n: number): Built {
  const ts = `${1_700_000_000 + n}.${String(run).padStart(6, '0')}`;
  const now = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev0BENCH${run}R${n}`,
    event_time: now,
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-bench-${run}-${n}`,
    event: {
      type: 'app_mention',
      user: `U0BENCH${n % 50}`,
      text: `<@UBOT> ${QUESTIONS[n % QUESTIONS.length]}`,
      ts,
      channel: `C0BENCH${n % 5}`,
      event_ts: ts,
      team: 'T1',
      client_msg_id: `00000000-0000-4000-8000-${String(run).padStart(4, '0')}${String(n).padStart(8, '0')}`,
    },
  });
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${now}:${body}`).digest('hex')}`;
  return {
    id: ts,
    body,
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now), 'x-slack-signature': signature },
  };
}

export interface LoadBenchOptions {
  /** Requests per run (default 2,000 for Slack, 1,000 for Teams). */
  amount?: number;
  /** Concurrent connections (default 50 for Slack, 20 for Teams). */
  connections?: number;
  /** Write a CPU profile of our serve process here (node --cpu-prof), to see where its time goes. */
  cpuProfDir?: string;
}

/** The Slack load figure: ours vs a bare Bolt app, twice each, alternating. */
export async function benchSlackLoad(options: LoadBenchOptions = {}): Promise<Figure> {
  const amount = options.amount ?? 2000;
  const connections = options.connections ?? 50;
  const fake = await startFakePlatforms();
  const children: Child[] = [];
  try {
    const oursPort = await freePort();
    const ours = await startChild({
      name: 'runtime-advice serve',
      script: CLI,
      args: ['serve'],
      nodeArgs: options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [],
      env: {
        PORT: String(oursPort),
        SLACK_BOT_TOKEN: 'xoxb-bench-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.slackApiUrl,
        STATE_STORE: 'memory',
        LOG_LEVEL: 'error',
      },
      ready: /serving on port \d+/,
      port: oursPort,
    });
    children.push(ours);
    const barePort = await freePort();
    const bare = await startChild({
      name: 'bare Bolt app',
      script: fileURLToPath(new URL('./bare-bolt.js', import.meta.url)),
      env: { PORT: String(barePort), SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.slackApiUrl },
      ready: /listening on port \d+/,
      port: barePort,
    });
    children.push(bare);

    let n = 0;
    const subjects = [
      { child: ours, key: 'ours' },
      { child: bare, key: 'bare' },
    ] as const;
    // Warm-up: one unmeasured run each (JIT, lazy loading, pools), so run 1 is not a cold start against a warm run 2.
    for (const { child } of subjects) {
      await measureRun({
        subject: child.name,
        run: 0,
        fake,
        cpuMs: child.cpuMs,
        replies: () => fake.slackPosts,
        url: `${child.base}/slack/events`,
        amount,
        connections,
        build: () => slackEvent(9, ++n),
      });
    }
    const runs: Record<'ours' | 'bare', RunFigures[]> = { ours: [], bare: [] };
    for (const run of [1, 2]) {
      for (const { child, key } of subjects) {
        const figures = await measureRun({
          subject: child.name,
          run,
          fake,
          cpuMs: child.cpuMs,
          replies: () => fake.slackPosts,
          url: `${child.base}/slack/events`,
          amount,
          connections,
          build: () => slackEvent(run, ++n),
        });
        if (key === 'ours') figures.apologies = fake.slackApologies();
        runs[key].push(figures);
      }
    }
    const oursM = summariseRuns('runtime-advice serve', runs.ours);
    const bareM = summariseRuns('bare Bolt app', runs.bare);
    const oursRps = median(runs.ours.map((r) => r.reqPerSec));
    const bareRps = median(runs.bare.map((r) => r.reqPerSec));
    const throughputRatio = oursRps / bareRps;
    const p99Ratio = oursM.p99 / bareM.p99;
    const exactlyOnce = allAnsweredOnce(runs.ours);
    const P99_CEILING_MS = 1000;
    const checks = {
      'every event answered exactly once': exactlyOnce,
      'throughput >= 80% of bare Bolt': throughputRatio >= 0.8,
      'p99 ack <= 1.3x bare Bolt': p99Ratio <= 1.3,
      [`p99 ack far below 3 s (<= ${P99_CEILING_MS} ms)`]: oursM.p99 <= P99_CEILING_MS,
    };
    const missed = Object.entries(checks)
      .filter(([, ok]) => !ok)
      .map(([what]) => what);
    return {
      name: `Slack app_mention load: ack latency (${amount} signed events, ${connections} concurrent, 2 runs each)`,
      target: 'every event answered exactly once; throughput >= 80% and p99 ack <= 1.3x of the bare Bolt app; p99 ack far below 3 s',
      ours: oursM,
      baselines: [bareM],
      ratios: [round(p99Ratio, 2)],
      met: missed.length === 0,
      notes:
        `throughput ratio ${round(throughputRatio, 2)} (ours ${oursRps} / bare ${bareRps} req/s); ratio = ours.p99 / bare.p99; ` +
        `median/p99 = median over 2 runs of each run's ack latency (autocannon per-response timing, every response); lost, duplicated, non2xx summed over runs; ` +
        `p99 includes the ${connections} first requests (one per connection), which also wait for a busy server to accept their connection: ` +
        `without them the p99 ratio is ${round(openConnP99Ratio(runs.ours, runs.bare), 2)}${cpuNote(runs.ours, runs.bare)}; ` +
        `both subjects are child processes posting to one fake Slack Web API on loopback, each warmed first with one unmeasured run of the same size; ` +
        `bare Bolt answered once: ${bareM.extra?.answered_once}` +
        (missed.length > 0 ? `; missed: ${missed.join(', ')}` : ''),
    };
  } finally {
    for (const child of children.reverse()) await child.stop().catch(() => {});
    await fake.close();
  }
}
