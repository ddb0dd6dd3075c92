/** Durable state through the real Slack endpoint: restarts (SQLite), replicas and outages (Redis). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRedisServer, type RedisServer, startRedis } from '../state/redis-server.js';
import { type Call, type FakeSlack, startFakeSlack } from './fake-slack.js';
import { type ServeProcess, startServe } from './process.js';
import { click, envelope, FORM, JSON_TYPE, mention, post, SIGNING_SECRET } from './slack-client.js';

let fake: FakeSlack;
const started: ServeProcess[] = [];

beforeAll(async () => {
  fake = await startFakeSlack();
});

afterAll(async () => {
  for (const p of started) await p.kill('SIGKILL');
  await fake.close();
});

const slackEnv = () => ({ SLACK_BOT_TOKEN: 'xoxb-durable-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${fake.url}/api/` });

async function serveWith(store: string, port?: number): Promise<ServeProcess> {
  const p = await startServe({ ...slackEnv(), STATE_STORE: store }, port);
  started.push(p);
  return p;
}

type Btn = { text: { text: string }; value: string };
function buttonValue(c: Call | undefined, label: string): string {
  const blocks = (c?.body.blocks ?? []) as Array<{ type: string; elements?: Btn[] }>;
  const b = blocks.flatMap((x) => x.elements ?? []).find((e) => e.text?.text === label);
  if (!b) throw new Error(`no button ${label}`);
  return b.value;
}
const textOf = (c: Call | undefined) => JSON.stringify(c?.body ?? {});

/** Posts and waits for the next recorded reply. */
async function send(base: string, body: string, type: string): Promise<Call> {
  const n = fake.replies().length;
  const res = await post(base, body, type);
  expect(res.status).toBe(200);
  await fake.waitFor(() => fake.replies().length > n, 8000);
  return fake.replies()[n] as Call;
}

let users = 0;
function userMention(text: string) {
  const user = `UDUR${++users}`;
  return { user, event: mention(text, { user, channel: 'CDUR' }) };
}

describe('restart with SQLite', () => {
  it('keeps the answers given before a SIGKILL, and the verdict is right', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'ra-restart-')), 'state.db');
    const first = await serveWith(db);
    const { user, event } = userMention('help me choose');
    let card = await send(first.base, envelope(event), JSON_TYPE);
    card = await send(first.base, click(buttonValue(card, 'No, standard is fine'), { user, channel: 'CDUR', responseUrl: `${fake.url}/respond/r1` }), FORM);
    card = await send(first.base, click(buttonValue(card, 'No'), { user, channel: 'CDUR', responseUrl: `${fake.url}/respond/r2` }), FORM);
    expect(textOf(card)).toMatch(/Question 3 of at most 5/);
    expect(await first.kill('SIGKILL')).toBeNull();
    const second = await serveWith(db, first.port);
    for (const label of ['No', 'No']) {
      card = await send(second.base, click(buttonValue(card, label), { user, channel: 'CDUR', responseUrl: `${fake.url}/respond/r3` }), FORM);
    }
    expect(textOf(card)).toMatch(/Recommendation: Containers/);
    expect(textOf(card)).toMatch(/Standard isolation is enough/);
  });
});

const redisBinary = findRedisServer();
const describeRedis = process.env.REDIS_URL || redisBinary ? describe : describe.skip;

describeRedis('two replicas sharing Redis', () => {
  let redis: RedisServer | undefined;
  let url = process.env.REDIS_URL ?? '';
  let a: ServeProcess;
  let b: ServeProcess;

  beforeAll(async () => {
    if (!url) {
      redis = await startRedis(redisBinary);
      url = redis.url;
    }
    [a, b] = await Promise.all([serveWith(url), serveWith(url)]);
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('an interview whose clicks alternate between the two processes completes correctly', async () => {
    const { user, event } = userMention('help me choose');
    let card = await send(a.base, envelope(event), JSON_TYPE);
    const answers = ['No, standard is fine', 'No', 'No', 'No'];
    for (const [i, label] of answers.entries()) {
      const target = i % 2 === 0 ? b : a;
      card = await send(target.base, click(buttonValue(card, label), { user, channel: 'CDUR', responseUrl: `${fake.url}/respond/alt${i}` }), FORM);
    }
    expect(textOf(card)).toMatch(/Recommendation: Containers/);
  });

  it('the same Slack event delivered to both processes gets one reply', async () => {
    const body = envelope(userMention('how big is a vm disk').event, `EvBOTH${Date.now()}`);
    const n = fake.replies().length;
    const [r1, r2] = await Promise.all([post(a.base, body, JSON_TYPE), post(b.base, body, JSON_TYPE)]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    await fake.waitFor(() => fake.replies().length > n);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.replies().slice(n)).toHaveLength(1);
  });

  it('50 concurrent double-clicks (one on each replica) make 50 single transitions', async () => {
    const starts = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const { user, event } = userMention('help me choose');
        const n = fake.replies().length;
        await post(a.base, envelope(event), JSON_TYPE);
        await fake.waitFor(() =>
          fake
            .replies()
            .slice(n)
            .some((c) => c.body.channel === 'CDUR' && textOf(c).includes('Question 1')),
        );
        return user;
      }),
    );
    // Each user's question card, found by the owner in its button values.
    const cards = new Map<string, Call>();
    const collect = () => {
      for (const c of fake.replies()) {
        for (const user of starts) if (textOf(c).includes(`\\"o\\":\\"${user}\\"`) && textOf(c).includes('Question 1')) cards.set(user, c);
      }
      return cards.size === 50;
    };
    await fake.waitFor(collect, 10_000);
    const n = fake.replies().length;
    await Promise.all(
      starts.flatMap((user, i) => {
        const card = cards.get(user);
        const ts = `17000${i}.000100`;
        return [
          post(
            a.base,
            click(buttonValue(card, 'Yes, strongest isolation'), { user, channel: 'CDUR', messageTs: ts, responseUrl: `${fake.url}/respond/d${i}a` }),
            FORM,
          ),
          post(
            b.base,
            click(buttonValue(card, 'No, standard is fine'), { user, channel: 'CDUR', messageTs: ts, responseUrl: `${fake.url}/respond/d${i}b` }),
            FORM,
          ),
        ];
      }),
    );
    await fake.waitFor(() => fake.replies().length >= n + 100, 20_000);
    const updates = fake.replies().slice(n);
    const byMessage = new Map<string, string[]>();
    for (const u of updates) byMessage.set(String(u.body.ts), [...(byMessage.get(String(u.body.ts)) ?? []), textOf(u)]);
    expect(byMessage.size).toBe(50);
    let transitions = 0;
    let losers = 0;
    for (const texts of byMessage.values()) {
      expect(texts).toHaveLength(2);
      const won = texts.filter((t) => !t.includes('already been answered'));
      transitions += won.length;
      losers += texts.length - won.length;
      // The loser is shown the same next question as the winner: one consistent conversation.
      const slots = texts.map((t) => /"slot\\":\\"(\w+)/.exec(t)?.[1]);
      expect(new Set(slots).size).toBe(1);
    }
    expect([transitions, losers]).toEqual([50, 50]);
  });

  it('Redis stopped: an apology and a 503 with the reason; back: healthy again without a restart', async () => {
    if (!redis) return;
    expect((await fetch(`${a.base}/healthz`)).status).toBe(200);
    await redis.stop();
    const health = await fetch(`${a.base}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', reason: 'state store unavailable' });
    const apology = await send(a.base, envelope(userMention('what is docker').event), JSON_TYPE);
    expect(textOf(apology)).toMatch(/Sorry, something went wrong on my side/);
    await redis.restart();
    const until = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < until && status !== 200) {
      status = (await fetch(`${a.base}/healthz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    const answer = await send(a.base, envelope(userMention('what is docker').event), JSON_TYPE);
    expect(textOf(answer)).toMatch(/What Docker and containers are/);
  });
});
