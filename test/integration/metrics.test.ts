/** GET /metrics after scripted conversations through the real endpoints: signed Slack requests and Teams activities. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { Engine } from '../../src/engine/engine.js';
import { VERDICTS } from '../../src/ids.js';
import { silentLogger } from '../../src/log.js';
import { type Running, serve } from '../../src/serve.js';
import { SqliteStore } from '../../src/state/sqlite.js';
import { engine, testServer } from '../helpers.js';
import { INTENTS } from '../knowledge-ids.js';
import { holdWriteLock } from '../state/sqlite-lock.js';
import { type FakeConnector, startFakeConnector } from './fake-connector.js';
import { type Call, type FakeSlack, startFakeSlack } from './fake-slack.js';
import { parseMetrics, type Sample, scrape, value } from './prom-text.js';
import { click, dm, envelope, FORM, JSON_TYPE, mention, post, SIGNING_SECRET } from './slack-client.js';
import { message } from './teams-activities.js';

let fake: FakeSlack;
let connector: FakeConnector;

beforeAll(async () => {
  fake = await startFakeSlack();
  connector = await startFakeConnector();
});

afterAll(async () => {
  await fake?.close();
  await connector?.close();
});

const slackEnv = (token: string) => ({ SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${fake.url}/api/` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const textOf = (c: Call | undefined) => JSON.stringify(c?.body ?? {});

/** Posts a signed Slack request and waits for its one reply. */
async function slack(base: string, body: string, type: string): Promise<Call> {
  const n = fake.replies().length;
  expect((await post(base, body, type)).status).toBe(200);
  await fake.waitFor(() => fake.replies().length > n);
  return fake.replies()[n] as Call;
}

async function teams(base: string, activity: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  return res.status;
}

type Btn = { text: { text: string }; value: string };
const buttonsOf = (c: Call) =>
  ((c.body.blocks ?? []) as Array<{ type: string; block_id?: string; elements?: Btn[] }>)
    .filter((b) => b.type === 'actions' && b.block_id === 'q')
    .flatMap((b) => b.elements ?? []);

describe('/metrics after a scripted conversation on Slack and Teams', () => {
  let running: Running & { base: string };
  let samples: Sample[];
  let clicks = 0;
  let slackPosts = 0;
  let verdict = '';
  let slackReplies = 0;
  let teamsSent = 0;

  beforeAll(async () => {
    running = await testServer(slackEnv('xoxb-metrics'));
    const repliesBefore = fake.replies().length;
    const sentBefore = connector.sent.length;
    const base = running.base;
    // A topic question, then an interview answered by clicks until its recommendation.
    await slack(base, envelope(mention('how fast do containers start?', { user: 'UMET', channel: 'CMET' })), JSON_TYPE);
    let card = await slack(base, envelope(mention('help me choose', { user: 'UMET', channel: 'CMET' })), JSON_TYPE);
    slackPosts = 2;
    while (buttonsOf(card).length > 0 && clicks < 12) {
      const no = buttonsOf(card).find((b) => b.text.text.startsWith('No')) ?? (buttonsOf(card)[0] as Btn);
      card = await slack(
        base,
        click(no.value, { user: 'UMET', channel: 'CMET', messageTs: `1700009999.00${clicks}`, responseUrl: `${fake.url}/respond/m${clicks}` }),
        FORM,
      );
      clicks++;
      slackPosts++;
    }
    const knowledge = (await engine()).knowledge;
    verdict = VERDICTS.find((v) => textOf(card).includes(`Recommendation: ${knowledge.verdicts[v].title}`)) ?? '';
    // Slack retries the same event: acked, dropped.
    const again = envelope(mention('what is docker', { user: 'UMET', channel: 'CMET' }), `EvMETRICSDUP${Date.now()}`);
    await slack(base, again, JSON_TYPE);
    expect((await post(base, again, JSON_TYPE, { retryNum: 1 })).status).toBe(200);
    slackPosts += 2;
    // Teams: a question, then the same activity delivered again.
    const activity = message(connector.url, 'personal', 'what is a hypervisor');
    expect(await teams(base, activity)).toBe(200);
    expect(await teams(base, activity)).toBe(200);
    await sleep(300);
    slackReplies = fake.replies().length - repliesBefore;
    teamsSent = connector.sent.length - sentBefore;
    samples = await scrape(`${base}/metrics`);
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('the interview ended in a recommendation, and every reply was sent', () => {
    expect(clicks).toBeGreaterThanOrEqual(2);
    expect(VERDICTS).toContain(verdict);
    expect(slackReplies).toBe(clicks + 3);
    expect(teamsSent).toBe(1);
  });

  it('counts messages by channel and intent (clicks as other), and nothing else', () => {
    expect(value(samples, 'runtime_advice_messages_total', { channel: 'slack', intent: 'startup_time' })).toBe(1);
    expect(value(samples, 'runtime_advice_messages_total', { channel: 'slack', intent: 'recommend' })).toBe(1);
    expect(value(samples, 'runtime_advice_messages_total', { channel: 'slack', intent: 'container_basics' })).toBe(1);
    expect(value(samples, 'runtime_advice_messages_total', { channel: 'slack', intent: 'other' })).toBe(clicks);
    expect(value(samples, 'runtime_advice_messages_total', { channel: 'teams', intent: 'vm_basics' })).toBe(1);
    const all = samples.filter((s) => s.name === 'runtime_advice_messages_total').reduce((sum, s) => sum + s.value, 0);
    expect(all).toBe(clicks + 4);
  });

  it('counts the interview started and the recommendation by verdict', () => {
    expect(value(samples, 'runtime_advice_interviews_started_total', { channel: 'slack' })).toBe(1);
    expect(value(samples, 'runtime_advice_interviews_started_total', { channel: 'teams' })).toBe(0);
    expect(value(samples, 'runtime_advice_recommendations_total', { channel: 'slack', verdict })).toBe(1);
    expect(samples.filter((s) => s.name === 'runtime_advice_recommendations_total').reduce((sum, s) => sum + s.value, 0)).toBe(1);
  });

  it('counts the dropped repeats per channel, and no store errors', () => {
    expect(value(samples, 'runtime_advice_duplicates_dropped_total', { channel: 'slack' })).toBe(1);
    expect(value(samples, 'runtime_advice_duplicates_dropped_total', { channel: 'teams' })).toBe(1);
    expect(value(samples, 'runtime_advice_store_errors_total')).toBe(0);
  });

  it('histograms: one ack per request, one turn per engine turn, one reply time per post', () => {
    expect(value(samples, 'runtime_advice_ack_seconds_count', { channel: 'slack' })).toBe(slackPosts);
    expect(value(samples, 'runtime_advice_ack_seconds_bucket', { channel: 'slack', le: '+Inf' })).toBe(slackPosts);
    expect(value(samples, 'runtime_advice_ack_seconds_count', { channel: 'teams' })).toBe(2);
    expect(value(samples, 'runtime_advice_ack_seconds_sum', { channel: 'slack' })).toBeGreaterThan(0);
    expect(value(samples, 'runtime_advice_turn_seconds_count')).toBe(clicks + 4);
    expect(value(samples, 'runtime_advice_turn_seconds_sum')).toBeGreaterThan(0);
    expect(value(samples, 'runtime_advice_reply_seconds_count', { channel: 'slack' })).toBe(slackReplies);
    expect(value(samples, 'runtime_advice_reply_seconds_count', { channel: 'teams' })).toBe(teamsSent);
    // Cumulative buckets never decrease.
    const buckets = samples.filter((s) => s.name === 'runtime_advice_ack_seconds_bucket' && s.labels.channel === 'slack').map((s) => s.value);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
  });

  it("includes Node's default process metrics", () => {
    expect(value(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(samples.some((s) => s.name === 'nodejs_heap_size_used_bytes')).toBe(true);
  });
});

const HOSTILE = [
  'intent="evil"} 1\nruntime_advice_messages_total{channel="x',
  '<!channel> EVIL_MARKER <@U123> <https://evil.example|click>',
  '} 999\n# TYPE injected counter\ninjected_total 1',
  `${'\u202e'.repeat(50)}EVIL_MARKER\u0000\u001b[31m`,
  `help me choose EVIL_MARKER ${'x'.repeat(5000)}`,
  'recommend"}',
  'ünïcødé 😀 日本語 EVIL_MARKER',
];

describe('no label carries user text', () => {
  let running: Running & { base: string };
  afterAll(async () => {
    await running?.stop();
  });

  it('after hostile messages on Slack and Teams, every label value is from a fixed set', async () => {
    running = await testServer(slackEnv('xoxb-metrics-hostile'));
    const n = fake.replies().length;
    for (const [i, text] of HOSTILE.entries()) {
      await post(running.base, envelope(mention(text, { user: `UH${i}` })), JSON_TYPE);
      await post(running.base, envelope(dm(text, { user: `UHD${i}` })), JSON_TYPE);
      expect(await teams(running.base, message(connector.url, 'personal', text, { from: { id: `29:hostile-${i}`, name: text } }))).toBe(200);
    }
    // A forged button value naming an intent that is not one.
    const forged = JSON.stringify({ o: 'UH0', k: 'C1:1', a: { kind: 'ask', intent: 'evil"} 1' } });
    await post(running.base, click(forged, { user: 'UH0', responseUrl: `${fake.url}/respond/forged` }), FORM);
    await fake.waitFor(() => fake.replies().length >= n + 2 * HOSTILE.length + 1, 10_000);
    const res = await fetch(`${running.base}/metrics`);
    const text = await res.text();
    expect(text).not.toMatch(/EVIL_MARKER|evil|injected|<!channel>|ünïcødé|\u202e/);
    const allowed: Record<string, ReadonlySet<string>> = {
      channel: new Set(['slack', 'teams', 'terminal']),
      intent: new Set([...INTENTS, 'other']),
      verdict: new Set([...VERDICTS, 'other']),
    };
    const ours = parseMetrics(text).filter((s) => s.name.startsWith('runtime_advice_'));
    expect(ours.length).toBeGreaterThan(50);
    for (const s of ours) {
      for (const [label, v] of Object.entries(s.labels)) {
        if (label === 'le') expect(v).toMatch(/^(\d+(\.\d+)?(e-?\d+)?|\+Inf)$/);
        else expect(allowed[label]?.has(v), `${s.name} ${label}=${v}`).toBe(true);
      }
    }
    const messages = ours.filter((s) => s.name === 'runtime_advice_messages_total').reduce((sum, s) => sum + s.value, 0);
    expect(messages).toBeGreaterThanOrEqual(3 * HOSTILE.length);
  });
});

describe('METRICS_PORT', () => {
  let dir: string;
  let running: Running | undefined;
  afterAll(async () => {
    await running?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves /metrics to its own port (404 on the public one), and counts store errors there', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ra-metrics-'));
    const path = join(dir, 'state.db');
    const store = new SqliteStore(path);
    const shared = await engine();
    running = await serve({
      config: loadConfig({ PORT: '0', METRICS_PORT: '0', HOST: '127.0.0.1', ...slackEnv('xoxb-metrics-port') }),
      logger: silentLogger,
      store,
      engine: new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store }),
    });
    const base = `http://127.0.0.1:${running.port}`;
    const metrics = `http://127.0.0.1:${running.metricsPort}/metrics`;
    expect(running.metricsPort).not.toBe(running.port);
    const publicScrape = await fetch(`${base}/metrics`);
    expect(publicScrape.status).toBe(404);
    expect(await publicScrape.json()).toEqual({ error: 'not found' });
    expect(value(await scrape(metrics), 'runtime_advice_store_errors_total')).toBe(0);
    // Another process holds SQLite's write lock: the delivery id cannot be written, the user gets the apology.
    const lock = await holdWriteLock(path);
    try {
      const apology = await slack(base, envelope(mention('what is docker')), JSON_TYPE);
      expect(textOf(apology)).toMatch(/Sorry, something went wrong on my side/);
    } finally {
      await lock.release();
    }
    const answer = await slack(base, envelope(mention('what is docker')), JSON_TYPE);
    expect(textOf(answer)).toMatch(/What Docker and containers are/);
    const after = await scrape(metrics);
    expect(value(after, 'runtime_advice_store_errors_total')).toBe(1);
    expect(value(after, 'runtime_advice_messages_total', { channel: 'slack', intent: 'container_basics' })).toBe(1);
    expect((await fetch(`http://127.0.0.1:${running.metricsPort}/healthz`)).status).toBe(200);
  });
});
