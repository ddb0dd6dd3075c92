/** Resident memory after 10,000 conversations on the default SQLite store, in a child process, beside a bare Node process. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { type Figure, round } from './types.js';

const CHILD = join(PACKAGE_ROOT, 'dist', 'bench', 'memory-child.js');
const CONVERSATIONS = 10_000;
const TARGET_MB = 150;
const TIMEOUT_MS = 60_000;

/** Runs the child script with --expose-gc and parses the JSON line it prints. */
function child(args: readonly string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', CHILD, ...args], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => proc.kill('SIGKILL'), TIMEOUT_MS);
    proc.once('error', reject);
    proc.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`memory child ${args.join(' ')} failed (${signal ?? code}): ${stderr.trim()}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, number>);
      } catch (err) {
        reject(new Error(`memory child ${args.join(' ')} printed no result: ${stdout.trim()} ${stderr.trim()}`, { cause: err }));
      }
    });
  });
}

const num = (r: Record<string, number>, key: string): number => {
  const v = r[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`memory child reported no ${key}`);
  return v;
};

/** RSS after 10,000 interviews ("help me choose", then clicks to the verdict) on the default store, after a forced GC. */
export async function benchMemory(): Promise<Figure> {
  const bare = await child(['bare']);
  const ours = await child(['run', String(CONVERSATIONS)]);
  const after = num(ours, 'rssAfterMB');
  const bareRss = num(bare, 'rssAfterMB');
  const met = after <= TARGET_MB;
  return {
    name: `resident memory after ${CONVERSATIONS.toLocaleString('en')} conversations (default SQLite store in a temp dir, after forced GC)`,
    target: 'RSS <= 150 MB after 10,000 conversations',
    ours: {
      subject: 'runtime-advice engine + SqliteStore',
      median: after,
      p99: after,
      unit: 'MB',
      extra: {
        conversations: num(ours, 'conversations'),
        turns: num(ours, 'turns'),
        seconds: num(ours, 'seconds'),
        rssStartMB: num(ours, 'rssStartMB'),
        rssBeforeMB: num(ours, 'rssBeforeMB'),
        rssPeakMB: num(ours, 'rssPeakMB'),
        heapUsedMB: num(ours, 'heapUsedMB'),
        externalMB: num(ours, 'externalMB'),
      },
    },
    baselines: [
      { subject: 'bare Node process (--expose-gc, after GC)', median: bareRss, p99: bareRss, unit: 'MB', extra: { heapUsedMB: num(bare, 'heapUsedMB') } },
    ],
    ratios: [round(after / bareRss, 2)],
    met,
    notes: `one measurement (median = p99 = RSS after); RSS ${num(ours, 'rssBeforeMB')} MB with the engine built, ${after} MB after ${num(ours, 'turns')} turns${met ? '' : ` > ${TARGET_MB} MB`}`,
  };
}
