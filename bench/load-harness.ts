/**
 * The harness the Slack and Teams load benchmarks share: child processes, one autocannon run, accounting,
 * and `compareWithBare`, which runs ours and a bare baseline the same way and summarises both.
 * Run compiled: the children are dist/src/cli.js and dist/bench/bare-*.js.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { account, type FakePlatforms, settle, startFakePlatforms } from './fake-platforms.js';
import { freePort } from './redis-server.js';
import { type Measurement, round } from './types.js';

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

/** The replayed subject's figures as text for the notes; empty without it. */
export function replayedNote(c: Comparison): string {
  if (!c.replayed) return '';
  return (
    `; ours with the engine's turn replayed from a lookup (bench/ours-replayed.ts; rendering, dedupe and HTTP real): ` +
    `throughput ratio ${round(c.replayed.throughputRatio, 2)}` +
    (Number.isNaN(c.replayed.cpuMsPerEvent) ? ', ' : `, CPU per event ${round(c.replayed.cpuMsPerEvent, 2)} ms, `) +
    `answered once ${allAnsweredOnce(c.replayed.runs) ? 'every event' : 'NOT every event'}`
  );
}

/** True when every run answered every sent id exactly once with 2xx acks and no connection errors. */
export function allAnsweredOnce(runs: RunFigures[]): boolean {
  return runs.every((r) => r.once === r.sent && r.lost === 0 && r.duplicated === 0 && r.non2xx === 0 && r.errors === 0 && r.timeouts === 0);
}

/** What the load sends, varied so that classification and replies differ from request to request. */
export const LOAD_QUESTIONS = [
  'how fast do containers start?',
  'should I run our legacy Windows app in a VM or a container?',
  'do containers isolate tenants as well as virtual machines?',
  'is it cheaper to run 200 small services in containers or VMs?',
  'can a container run a different kernel than the host?',
  'help me choose between docker and a vm',
];

export interface LoadBenchOptions {
  /** Requests per run (default 2,000 for Slack, 1,000 for Teams). */
  amount?: number;
  /** Concurrent connections (default 50 for Slack, 20 for Teams). */
  connections?: number;
  /** Write CPU profiles (node --cpu-prof) here: ours in it, the baseline in `bare/`, the replayed subject in `replayed/`. */
  cpuProfDir?: string;
  /** node's flags for our serve processes (ours and replayed), and for the bare baseline; default none. */
  nodeArgs?: { ours?: string[]; bare?: string[] };
  /** Unmeasured runs of each subject before the measured ones (default: enough runs for WARMUP_EVENTS events). */
  warmups?: number;
  /** Also load `ours-replayed` (the engine's turn replaced by a lookup of its earlier reply) in the same alternation. */
  replayed?: boolean;
}

/**
 * Events each subject gets, unmeasured, before measuring. V8 keeps optimising both for several thousand requests,
 * measured 2026-12-01: over five 2,000-event Slack runs ours went 2.32, 1.30, 1.10, 0.92, 0.82 CPU ms per event
 * and the bare Bolt app 1.47, 0.77, 0.55, 0.59, 0.57; over ten 1,000-event Teams runs ours went 3.04, 1.99, 1.39,
 * 1.17, 1.16, 1.05, 1.23, 0.96, 1.05, 0.92 (an engine turn in-process takes about 5,000 turns to reach its
 * steady 35 us). With one warm-up run, the runs measured both subjects while they were still being compiled.
 */
export const WARMUP_EVENTS = 6000;

/** The run number of the first warm-up run (the measured runs are 1 and 2). */
const WARMUP_RUN_BASE = 100;

/** One run of the schedule: which subject, its run number (ids are built from it), and whether it is measured. */
export interface Scheduled<S> {
  subject: S;
  run: number;
  measured: boolean;
}

/**
 * The order of every run: `warmups` unmeasured runs of each subject, then for each of `measured` rounds, each subject
 * in turn primed by one unmeasured run and then measured (ours, primed; bare, primed; ...). So every measured run
 * starts from the same recent history, whatever ran before it. A subject left idle while the others run loses its
 * steady state: measured 2026-12-02 on the Teams load, 1,000 events after six warm-up runs, ours used 2.65 CPU ms per
 * event at once and 5.42 after 60 s idle, the bare bot 2.82 and 4.75; warming every subject first and then
 * alternating left ours idle longest (while the others warmed up) before its first measured run.
 */
export function schedule<S>(subjects: readonly S[], warmups: number, measured = 2): Scheduled<S>[] {
  const out: Scheduled<S>[] = [];
  // Warm-up runs are numbered from WARMUP_RUN_BASE and priming runs after them: apart from the measured runs (1, 2, ...)
  // in every id built from them, and never repeated.
  for (const subject of subjects) for (let w = 0; w < warmups; w++) out.push({ subject, run: WARMUP_RUN_BASE + w, measured: false });
  for (let run = 1; run <= measured; run++) {
    for (const subject of subjects) {
      out.push({ subject, run: WARMUP_RUN_BASE + warmups + run, measured: false });
      out.push({ subject, run, measured: true });
    }
  }
  return out;
}

/** How many unmeasured runs of `amount` events make WARMUP_EVENTS. */
export function warmupRuns(bench: LoadBenchOptions, amount: number): number {
  return bench.warmups ?? Math.ceil(WARMUP_EVENTS / amount);
}

/** node's arguments for a subject: a CPU profile into `cpuProfDir/sub` when profiling, else none. */
function profileArgs(bench: LoadBenchOptions, sub: string): string[] {
  return bench.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${sub ? `${bench.cpuProfDir}/${sub}` : bench.cpuProfDir}`] : [];
}

/** The diagnostic subject: serve with the engine's turn replaced by a lookup (bench/ours-replayed.ts). */
const REPLAYED = fileURLToPath(new URL('./ours-replayed.js', import.meta.url));

/** What `compareWithBare` hands back: each subject's runs, summaries and throughput. */
export interface Comparison {
  runs: Record<'ours' | 'bare', RunFigures[]>;
  ours: Measurement;
  bare: Measurement;
  oursRps: number;
  bareRps: number;
  throughputRatio: number;
  exactlyOnce: boolean;
  /** With `replayed`: its runs, its throughput over the bare baseline's, and its median CPU per event. */
  replayed?: { runs: RunFigures[]; throughputRatio: number; cpuMsPerEvent: number };
}

/**
 * Starts `runtime-advice serve` (with `oursEnv`) and a bare baseline as child processes and one fake platform,
 * loads each with unmeasured runs (WARMUP_EVENTS events) and then two measured runs, the subjects alternating (ours,
 * bare, ours, bare), each measured run right after an unmeasured priming run of its subject (`schedule`), and
 * summarises both. With `bench.replayed`, `ours-replayed` (same env as ours) takes part the
 * same way (ours, bare, replayed, ours, bare, replayed).
 * Everything started is stopped, even on error.
 */
export async function compareWithBare(options: {
  bench: LoadBenchOptions;
  amount: number;
  connections: number;
  oursEnv: (fake: FakePlatforms) => Record<string, string>;
  bare: { name: string; script: string; env: (fake: FakePlatforms) => Record<string, string> };
  path: string;
  replies: (fake: FakePlatforms) => Map<string, number>;
  build: (fake: FakePlatforms, run: number, n: number) => Built;
  /** Adds figures of our own runs (e.g. apologies seen at the fake). */
  after?: (fake: FakePlatforms, figures: RunFigures) => void;
}): Promise<Comparison> {
  const fake = await startFakePlatforms();
  const children: Child[] = [];
  try {
    const oursPort = await freePort();
    const ours = await startChild({
      name: 'runtime-advice serve',
      script: CLI,
      args: ['serve'],
      nodeArgs: [...(options.bench.nodeArgs?.ours ?? []), ...profileArgs(options.bench, '')],
      env: { PORT: String(oursPort), STATE_STORE: 'memory', LOG_LEVEL: 'error', ...options.oursEnv(fake) },
      ready: /serving on port \d+/,
      port: oursPort,
    });
    children.push(ours);
    const barePort = await freePort();
    const bare = await startChild({
      name: options.bare.name,
      script: options.bare.script,
      nodeArgs: [...(options.bench.nodeArgs?.bare ?? []), ...profileArgs(options.bench, 'bare')],
      env: { PORT: String(barePort), ...options.bare.env(fake) },
      ready: /listening on port \d+/,
      port: barePort,
    });
    children.push(bare);
    let replayed: Child | undefined;
    if (options.bench.replayed) {
      const replayedPort = await freePort();
      replayed = await startChild({
        name: 'ours, engine turn replayed',
        script: REPLAYED,
        nodeArgs: [...(options.bench.nodeArgs?.ours ?? []), ...profileArgs(options.bench, 'replayed')],
        env: { PORT: String(replayedPort), STATE_STORE: 'memory', LOG_LEVEL: 'error', ...options.oursEnv(fake) },
        ready: /listening on port \d+/,
        port: replayedPort,
      });
      children.push(replayed);
    }
    const subjects = replayed ? [ours, bare, replayed] : [ours, bare];
    let n = 0;
    const measure = (child: Child, run: number) =>
      measureRun({
        subject: child.name,
        run,
        fake,
        cpuMs: child.cpuMs,
        replies: () => options.replies(fake),
        url: `${child.base}${options.path}`,
        amount: options.amount,
        connections: options.connections,
        build: () => options.build(fake, run, ++n),
      });
    // Warm-up: unmeasured runs of each (JIT, lazy loading, pools), so the measured runs see both at steady state;
    // then each measured run right after a priming run of the same subject.
    const runs: Record<'ours' | 'bare', RunFigures[]> = { ours: [], bare: [] };
    const replayedRuns: RunFigures[] = [];
    for (const step of schedule(subjects, warmupRuns(options.bench, options.amount))) {
      const figures = await measure(step.subject, step.run);
      if (!step.measured) continue;
      if (step.subject === ours) {
        options.after?.(fake, figures);
        runs.ours.push(figures);
      } else if (step.subject === bare) runs.bare.push(figures);
      else replayedRuns.push(figures);
    }
    const oursRps = median(runs.ours.map((r) => r.reqPerSec));
    const bareRps = median(runs.bare.map((r) => r.reqPerSec));
    return {
      runs,
      ours: summariseRuns(ours.name, runs.ours),
      bare: summariseRuns(bare.name, runs.bare),
      oursRps,
      bareRps,
      throughputRatio: oursRps / bareRps,
      exactlyOnce: allAnsweredOnce(runs.ours),
      ...(replayed
        ? {
            replayed: {
              runs: replayedRuns,
              throughputRatio: median(replayedRuns.map((r) => r.reqPerSec)) / bareRps,
              cpuMsPerEvent: median(replayedRuns.map((r) => r.cpuMsPerEvent ?? Number.NaN)),
            },
          }
        : {}),
    };
  } finally {
    for (const child of children.reverse()) await child.stop().catch(() => {});
    await fake.close();
  }
}
