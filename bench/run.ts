/**
 * `npm run bench`: every performance figure beside its baseline, measured in the same run.
 * Prints one table (median, p99, ratio to baseline, target met or missed) and writes
 * bench/results/latest.json. Pass names to run a subset: `npm run bench -- classify engine`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import type { Figure, Measurement } from './types.js';

type Bench = () => Promise<Figure | Figure[]>;

/** Each benchmark, loaded only when it runs (some start servers or load SDKs). */
const BENCHES: Record<string, Bench> = {
  classify: async () => (await import('./classify.js')).benchClassify(),
  read: async () => (await import('./read.js')).benchRead(),
  engine: async () => (await import('./engine.js')).benchEngine(),
  cold: async () => (await import('./cold.js')).benchCold(),
  memory: async () => (await import('./memory.js')).benchMemory(),
  stores: async () => storeFigures(),
  slack: async () => (await import('./slack-load.js')).benchSlackLoad(),
  teams: async () => (await import('./teams-load.js')).benchTeamsLoad(),
};

/** State store operations per second: reported for memory, SQLite (the default) and Redis. */
async function storeFigures(): Promise<Figure[]> {
  const { benchStores } = await import('./store-ops.js');
  const rows = await benchStores({});
  const ops = [...new Set(rows.map((r) => r.op))];
  return ops.map((op) => {
    const of = (store: string): Measurement | undefined => {
      const r = rows.find((x) => x.op === op && x.store === store);
      return r ? { subject: store, median: r.opsPerSec, p99: r.p99Us, unit: 'ops/s', extra: { median_us: r.medianUs, p99_us: r.p99Us } } : undefined;
    };
    const ours = of('sqlite') ?? { subject: 'sqlite', median: Number.NaN, p99: Number.NaN, unit: 'ops/s' as const };
    const baselines = ['memory', 'redis'].map(of).filter((m): m is Measurement => m !== undefined);
    return {
      name: `state store ${op}, ops/s (SQLite default; memory and Redis beside)`,
      target: 'reported for memory, SQLite and Redis',
      ours,
      baselines,
      ratios: baselines.map((b) => ours.median / b.median),
      met: baselines.length === 2 && Number.isFinite(ours.median),
      notes: 'p99 column is in microseconds per operation',
    };
  });
}

const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2)) : '-');

function table(figures: Figure[]): string {
  const lines: string[] = [];
  lines.push('| figure | subject | median | p99 | unit | ratio to baseline | target | met |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const f of figures) {
    const extra = (m: Measurement) =>
      m.extra
        ? ` (${Object.entries(m.extra)
            .map(([k, v]) => `${k} ${typeof v === 'number' ? fmt(v) : v}`)
            .join(', ')})`
        : '';
    lines.push(
      `| ${f.name} | **${f.ours.subject}**${extra(f.ours)} | ${fmt(f.ours.median)} | ${fmt(f.ours.p99)} | ${f.ours.unit} | | ${f.target} | ${f.met ? 'met' : '**missed**'} |`,
    );
    f.baselines.forEach((b, i) => {
      lines.push(`| | ${b.subject}${extra(b)} | ${fmt(b.median)} | ${fmt(b.p99)} | ${b.unit} | ${fmt(f.ratios[i] ?? Number.NaN)}x | | |`);
    });
    if (f.notes) lines.push(`| | _${f.notes}_ | | | | | | |`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')} (have: ${Object.keys(BENCHES).join(', ')})\n`);
    return 2;
  }
  const figures: Figure[] = [];
  const failures: string[] = [];
  for (const name of names) {
    const started = performance.now();
    process.stderr.write(`bench ${name}...\n`);
    try {
      const result = await (BENCHES[name] as Bench)();
      figures.push(...(Array.isArray(result) ? result : [result]));
    } catch (err) {
      failures.push(`${name}: ${(err as Error).stack ?? String(err)}`);
    }
    process.stderr.write(`bench ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? '?', memory_gb: Math.round(totalmem() / 2 ** 30) };
  const out = join(PACKAGE_ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, figures, failures }, null, 2)}\n`);
  process.stdout.write(`${table(figures)}\n\nmachine: ${JSON.stringify(machine)}\nwritten: bench/results/latest.json\n`);
  for (const f of failures) process.stderr.write(`FAILED ${f}\n`);
  const missed = figures.filter((f) => !f.met).map((f) => f.name);
  if (missed.length > 0) process.stdout.write(`missed: ${missed.join('; ')}\n`);
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
