/** Faults of the platforms: Slack rate limits, errors and timeouts, a failing Teams connector. Nothing lost, nothing doubled. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import type { Running } from '../../src/serve.js';
import { testServer } from '../helpers.js';
import { type FakeConnector, startFakeConnector } from './fake-connector.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { envelope, JSON_TYPE, mention, post, SIGNING_SECRET } from './slack-client.js';
import { message } from './teams-activities.js';

let fake: FakeSlack;
let connector: FakeConnector;
let running: Running;
let base: string;
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  fake = await startFakeSlack();
  connector = await startFakeConnector();
  running = await testServer(
    { SLACK_BOT_TOKEN: 'xoxb-faults', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${fake.url}/api/` },
    {
      logger: createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) }),
      // A timeout long enough that a loaded test machine does not time out a reply Slack did post (which
      // would rightly send an apology too), and short enough for the timeout test below.
      slackClient: { retries: 2, timeoutMs: 3000 },
    },
  );
  base = `http://127.0.0.1:${running.port}`;
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
  await connector?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const posted = () => fake.attempts.filter((a) => a.method === 'chat.postMessage' && a.status === 200);

/** Sends `n` mentions; every ack must come back well inside Slack's 3 s. Returns the slowest ack in ms. */
async function mentions(n: number, text: string): Promise<{ threads: string[]; slowestAck: number }> {
  const threads: string[] = [];
  let slowestAck = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      const ev = mention(text);
      threads.push(String(ev.ts));
      const started = performance.now();
      const res = await post(base, envelope(ev), JSON_TYPE);
      slowestAck = Math.max(slowestAck, performance.now() - started);
      expect(res.status).toBe(200);
    }),
  );
  return { threads, slowestAck };
}

/** How many replies each thread got. */
function repliesPer(threads: string[]): number[] {
  return threads.map((t) => posted().filter((a) => a.body.thread_ts === t).length);
}

describe('Slack faults', () => {
  it('429 with Retry-After: every reply still arrives, once', async () => {
    // Retry-After 3 s: an ack that waited for the reply would take longer than 3 s; a loaded machine's ack stays far below.
    fake.inject({ method: 'chat.postMessage', status: 429, retryAfter: 3 });
    const { threads, slowestAck } = await mentions(5, 'how fast do containers start');
    await fake.waitFor(() => repliesPer(threads).every((n) => n >= 1), 10_000);
    await sleep(300);
    const texts = threads.map((t) =>
      posted()
        .filter((a) => a.body.thread_ts === t)
        .map((a) => String(a.body.text).slice(0, 60)),
    );
    expect(repliesPer(threads), JSON.stringify({ texts, logs: logs.filter((l) => l.level !== 'debug').slice(-8) })).toEqual([1, 1, 1, 1, 1]);
    expect(slowestAck).toBeLessThan(2500);
    expect(fake.attempts.some((a) => a.status === 429)).toBe(true);
  });

  it('500 twice, then ok: bounded retries deliver the reply once', async () => {
    fake.inject({ method: 'chat.postMessage', status: 500, count: 2 });
    const { threads } = await mentions(1, 'what is a hypervisor');
    await fake.waitFor(() => repliesPer(threads)[0] === 1, 10_000);
    await sleep(300);
    expect(repliesPer(threads)).toEqual([1]);
  });

  it('500 on every try: gives up after 3 attempts, logs it, survives, and answers again afterwards', async () => {
    const before = fake.attempts.length;
    fake.inject({ method: 'chat.postMessage', status: 500, count: 6 });
    const { threads } = await mentions(1, 'how big is a vm disk');
    await fake.waitFor(() => fake.attempts.length - before >= 3, 10_000);
    await sleep(2500);
    // The reply and then the apology each get 1 + 2 retries; none succeeds.
    expect(fake.attempts.slice(before).filter((a) => a.method === 'chat.postMessage').length).toBe(6);
    expect(repliesPer(threads)).toEqual([0]);
    expect(logs.some((l) => l.level === 'error' && l.msg === 'reply failed')).toBe(true);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const again = await mentions(1, 'what is docker');
    await fake.waitFor(() => repliesPer(again.threads)[0] === 1, 5000);
  });

  it('a timeout is not retried (Slack may have posted already), so there is no duplicate', async () => {
    const before = fake.attempts.length;
    fake.inject({ method: 'chat.postMessage', delayMs: 4500 });
    const { threads, slowestAck } = await mentions(1, 'what is a container');
    expect(slowestAck).toBeLessThan(1000);
    await sleep(5500);
    const tries = fake.attempts.slice(before).filter((a) => a.method === 'chat.postMessage' && a.body.thread_ts === threads[0]);
    // The slow reply, then one apology: never the same reply twice.
    expect(tries.filter((t) => String(t.body.text).includes('What Docker')).length).toBe(1);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describe('Teams connector faults', () => {
  it('a failing connector: the turn fails cleanly, the server survives, the next turn is answered', async () => {
    connector.fail(500, 50);
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message(connector.url, 'personal', 'hello')),
    });
    expect([200, 500]).toContain(res.status);
    expect(await res.text()).not.toMatch(/\bat \S+ \(/);
    expect(connector.failures, JSON.stringify(logs.slice(-3))).toBeGreaterThan(0);
    expect(logs.some((l) => l.channel === 'teams' && l.level === 'error')).toBe(true);
    connector.fail(500, 0);
    const n = connector.sent.length;
    const ok = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message(connector.url, 'personal', 'what is docker')),
    });
    expect(ok.status).toBe(200);
    expect(connector.sent.length - n).toBe(1);
  });
});
