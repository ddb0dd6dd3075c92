/**
 * Child process of bench/memory.ts (run with --expose-gc): `run N` builds the engine with the default SQLite store in a temp
 * dir and runs N interviews; `bare` only measures an empty Node process. Prints one JSON line for the parent to read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../src/nlu/softmax.js';

const MB = 1024 * 1024;
const MAX_INTERVIEW_TURNS = 30;

function collect(): void {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
  globalThis.gc();
  globalThis.gc();
}

const rssMB = () => Math.round((process.memoryUsage().rss / MB) * 10) / 10;

async function run(conversations: number): Promise<Record<string, number>> {
  collect();
  const rssStart = rssMB();
  const { buildEngine } = await import('../src/app.js');
  const { createStore } = await import('../src/state/create.js');
  const dir = mkdtempSync(join(tmpdir(), 'runtime-advice-memory-'));
  try {
    const store = await createStore(join(dir, 'state.db'));
    const engine = await buildEngine({ store });
    const random = mulberry32(42);
    // One interview to load everything lazily loaded, before the "before" figure.
    await engine.handle('warm:C0:U0', { kind: 'text', text: 'help me choose' });
    collect();
    const rssBefore = rssMB();
    let turns = 0;
    let rssPeak = rssBefore;
    const started = process.hrtime.bigint();
    for (let i = 0; i < conversations; i++) {
      const key = `slack:C${i % 97}:U${i}`;
      let reply = await engine.handle(key, { kind: 'text', text: 'help me choose' });
      turns++;
      for (let n = 1; !reply.recommendation; n++) {
        const q = reply.question;
        const option = q?.options[Math.floor(random() * q.options.length)];
        if (!q || !option || n >= MAX_INTERVIEW_TURNS) throw new Error(`conversation ${key} reached no verdict`);
        const action = q.multi
          ? { kind: 'multi', interview: q.interview, group: q.slots, chosen: (q.slots ?? []).filter(() => random() < 0.3) }
          : { kind: 'answer', interview: q.interview, slot: q.slot, value: option.value };
        reply = await engine.handle(key, { kind: 'action', action });
        turns++;
      }
      if (i % 1000 === 999) rssPeak = Math.max(rssPeak, rssMB());
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    rssPeak = Math.max(rssPeak, rssMB());
    collect();
    const usage = process.memoryUsage();
    const result = {
      conversations,
      turns,
      seconds: Math.round(seconds * 100) / 100,
      rssStartMB: rssStart,
      rssBeforeMB: rssBefore,
      rssAfterMB: Math.round((usage.rss / MB) * 10) / 10,
      rssPeakMB: rssPeak,
      heapUsedMB: Math.round((usage.heapUsed / MB) * 10) / 10,
      externalMB: Math.round((usage.external / MB) * 10) / 10,
    };
    await store.close();
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bare(): Promise<Record<string, number>> {
  collect();
  const usage = process.memoryUsage();
  return { rssAfterMB: Math.round((usage.rss / MB) * 10) / 10, heapUsedMB: Math.round((usage.heapUsed / MB) * 10) / 10 };
}

const [mode, count] = process.argv.slice(2);
const result = mode === 'bare' ? await bare() : await run(Number(count ?? '10000'));
process.stdout.write(`${JSON.stringify(result)}\n`);
