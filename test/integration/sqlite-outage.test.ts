/** SQLite that cannot be written, through the real Slack endpoint: a write lock held elsewhere, a disk that refuses writes. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { SqliteStore } from '../../src/state/sqlite.js';
import { engine, testServer } from '../helpers.js';
import { holdWriteLock } from '../state/sqlite-lock.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { type ServeProcess, startServe } from './process.js';
import { envelope, JSON_TYPE, mention, post, SIGNING_SECRET } from './slack-client.js';

let fake: FakeSlack;
let dir: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  dir = mkdtempSync(join(tmpdir(), 'ra-sqlite-outage-'));
});

afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const slackEnv = () => ({ SLACK_BOT_TOKEN: 'xoxb-outage-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${fake.url}/api/` });
const APOLOGY = /Sorry, something went wrong on my side/;

/** Mentions the bot; resolves with the reply text in that thread and how long it took to arrive. */
async function ask(base: string, text: string, withinMs: number): Promise<{ text: string; ms: number }> {
  const event = mention(text);
  const started = performance.now();
  expect((await post(base, envelope(event), JSON_TYPE)).status).toBe(200);
  const inThread = () => fake.replies().find((c) => c.method === 'chat.postMessage' && c.body.thread_ts === event.ts);
  await fake.waitFor(() => inThread() !== undefined, withinMs);
  return { text: String(inThread()?.body.text), ms: performance.now() - started };
}

/**
 * Measures the longest time the event loop was blocked: a 5 ms interval timer notes how late each tick comes.
 * (perf_hooks' monitorEventLoopDelay took too few samples inside the test worker to see a 50 ms stall.)
 */
function stallProbe(): { stop(): number } {
  const every = 5;
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - every);
    last = now;
  }, every);
  return {
    stop: () => {
      clearInterval(timer);
      return worst;
    },
  };
}

async function healthUntil(base: string, status: number, withinMs: number): Promise<number> {
  const until = Date.now() + withinMs;
  let last = 0;
  while (Date.now() < until) {
    last = (await fetch(`${base}/healthz`)).status;
    if (last === status) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  return last;
}

describe('another process holds the SQLite write lock', () => {
  it('users get the apology within 1 s, /healthz is 503 while it lasts and 200 after, and the event loop never stalls', async ({ annotate }) => {
    const path = join(dir, 'locked.db');
    const store = new SqliteStore(path);
    const shared = await engine();
    const running = await testServer(slackEnv(), {
      store,
      engine: new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store }),
    });
    try {
      expect((await fetch(`${running.base}/healthz`)).status).toBe(200);
      const lock = await holdWriteLock(path);
      const stalls = stallProbe();
      let released = false;
      try {
        const first = await ask(running.base, 'how fast do containers start?', 1000);
        expect(first.text).toMatch(APOLOGY);
        expect(first.ms).toBeLessThan(1000);
        const health = await fetch(`${running.base}/healthz`);
        expect(health.status).toBe(503);
        expect(await health.json()).toEqual({ status: 'unavailable', reason: 'state store unavailable' });
        // Several users at once: each is answered, none waits behind the others' blocked writes for long.
        const many = await Promise.all(Array.from({ length: 5 }, (_, i) => ask(running.base, `what is a hypervisor ${i}`, 1000)));
        for (const r of many) expect(r.text).toMatch(APOLOGY);
        const worstMs = stalls.stop();
        await annotate(`sqlite locked elsewhere: first apology ${first.ms.toFixed(0)} ms, worst event-loop stall ${worstMs.toFixed(0)} ms`);
        expect(worstMs).toBeLessThan(150);
        await lock.release();
        released = true;
      } finally {
        stalls.stop();
        if (!released) await lock.release();
      }
      expect(await healthUntil(running.base, 200, 2000)).toBe(200);
      expect((await ask(running.base, 'how fast do containers start?', 3000)).text).toMatch(/How fast each one starts/);
    } finally {
      await running.stop();
    }
  });
});

const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;

describe.skipIf(!hasPrlimit)(hasPrlimit ? 'the disk refuses every write' : 'the disk refuses every write (skipped: no prlimit)', () => {
  let proc: ServeProcess | undefined;

  afterAll(async () => {
    await proc?.kill('SIGKILL');
  });

  /** Limits the size of every file the serve process writes (RLIMIT_FSIZE): each write fails as on a full disk. */
  const fileSizeLimit = (pid: number, limit: string) => execFileSync('prlimit', ['--pid', String(pid), `--fsize=${limit}`]);

  it('/healthz turns 503 while SQLite writes fail, users get the apology, and all is well once writes work again', async () => {
    proc = await startServe({ ...slackEnv(), STATE_STORE: join(dir, 'full.db') });
    const pid = proc.child.pid ?? 0;
    expect((await fetch(`${proc.base}/healthz`)).status).toBe(200);
    expect((await ask(proc.base, 'what is docker', 3000)).text).toMatch(/What Docker and containers are/);
    fileSizeLimit(pid, '1:');
    try {
      const health = await fetch(`${proc.base}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'unavailable', reason: 'state store unavailable' });
      expect((await ask(proc.base, 'how big is a vm disk', 3000)).text).toMatch(APOLOGY);
    } finally {
      fileSizeLimit(pid, 'unlimited:');
    }
    expect(await healthUntil(proc.base, 200, 2000)).toBe(200);
    expect((await ask(proc.base, 'how big is a vm disk', 3000)).text).toMatch(/10 GB or more/);
    const log = proc.stderr();
    expect(log).toMatch(/"msg":"state store unavailable"/);
    expect(log).toMatch(/"msg":"state store is back"/);
  });
});
