/**
 * /slack/events as an attacker sees it: signed timestamps far from now (either way) are refused, a captured
 * signed click replayed is acted on once, and a wrongly signed body is never parsed.
 */
import querystring from 'node:querystring';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Answers } from '../../src/ids.js';
import type { Running } from '../../src/serve.js';
import { testServer } from '../helpers.js';
import { type Call, type FakeSlack, startFakeSlack } from './fake-slack.js';
import { postHead, rawRequest } from './raw-http.js';
import { click, envelope, FORM, JSON_TYPE, mention, post, SIGNING_SECRET, sign, slash } from './slack-client.js';
import { answerClick, asksQuestion, button } from './slack-session.js';

let fake: FakeSlack;
let running: Running;
let base: string;
let responses = 0;
const respondUrl = () => `${fake.url}/respond/sec-${++responses}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const since = (n: number) => fake.replies().slice(n);
const nowS = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  fake = await startFakeSlack();
  running = await testServer({ SLACK_BOT_TOKEN: 'xoxb-sec-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${fake.url}/api/` });
  base = `http://127.0.0.1:${running.port}`;
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
});

/** Strongest isolation, and only microservices ticked in the grouped container question: hybrid. */
const HYBRID: Answers = { isolation: 'high', microservices: 'yes' };

/** Posts a signed request and waits for its one reply. */
async function send(body: string, type: string): Promise<Call> {
  const n = fake.replies().length;
  expect((await post(base, body, type)).status).toBe(200);
  await fake.waitFor(() => since(n).length > 0);
  return since(n)[0] as Call;
}

describe('Slack timestamps', () => {
  it.each([
    ['an hour in the future', () => nowS() + 3600],
    ['301 s in the future', () => nowS() + 301],
    ['a year in the future', () => nowS() + 365 * 86400],
    ['Infinity', () => Number.POSITIVE_INFINITY],
  ])('a correctly signed event with a timestamp %s: 401 and no reply', async (_, ts) => {
    const n = fake.replies().length;
    const body = envelope(mention('what is docker'));
    const timestamp = ts();
    const res = await post(base, body, JSON_TYPE, { timestamp, signature: sign(body, timestamp) });
    expect(res.status).toBe(401);
    await sleep(150);
    expect(fake.replies().length).toBe(n);
  });

  it('a timestamp a minute ahead (clock skew) is still accepted', async () => {
    const body = envelope(mention('what is docker'));
    const n = fake.replies().length;
    const timestamp = nowS() + 60;
    expect((await post(base, body, JSON_TYPE, { timestamp, signature: sign(body, timestamp) })).status).toBe(200);
    await fake.waitFor(() => since(n).length > 0);
  });
});

describe('Slack interactive payloads', () => {
  it('a captured signed "Share to channel" click sent three times posts once', async () => {
    let current = await send(slash('', respondUrl()), FORM);
    for (let asked = 0; asksQuestion(current) && asked < 10; asked++) {
      const { value, ...element } = answerClick(current, HYBRID);
      current = await send(click(value, { ephemeral: true, responseUrl: respondUrl(), ...element }), FORM);
    }
    const share = click(button(current, 'Share to channel'), { ephemeral: true, responseUrl: respondUrl() });
    const ts = nowS();
    const n = fake.replies().length;
    for (let i = 0; i < 3; i++) expect((await post(base, share, FORM, { timestamp: ts, signature: sign(share, ts) })).status).toBe(200);
    await fake.waitFor(() => since(n).length > 0);
    await sleep(300);
    const shared = since(n).filter((c) => c.body.response_type === 'in_channel');
    expect(shared).toHaveLength(1);
    expect(JSON.stringify(shared[0]?.body)).toMatch(/Recommendation: Both together/);
  });

  it('a replayed answer click is acted on once', async () => {
    const question = await send(slash('', respondUrl()), FORM);
    const answer = click(button(question, 'Yes, strongest isolation'), { ephemeral: true, responseUrl: respondUrl() });
    const ts = nowS();
    const n = fake.replies().length;
    for (let i = 0; i < 3; i++) expect((await post(base, answer, FORM, { timestamp: ts, signature: sign(answer, ts) })).status).toBe(200);
    await fake.waitFor(() => since(n).length > 0);
    await sleep(300);
    expect(since(n)).toHaveLength(1);
  });
});

describe('Slack signature before parsing', () => {
  it("Slack's unsigned ssl_check probe still gets an empty 200, and a payload smuggled into it does nothing", async () => {
    const n = fake.replies().length;
    const probe = await post(base, 'ssl_check=1&token=legacy', FORM, { signature: null });
    expect(probe.status).toBe(200);
    expect(await probe.text()).toBe('');
    const smuggled = `ssl_check=1&${new URLSearchParams({ command: '/runtime-advice', text: 'hi', response_url: `${fake.url}/respond/x`, user_id: 'U1', team_id: 'T1', channel_id: 'C1', trigger_id: 't' })}`;
    expect((await post(base, smuggled, FORM, { signature: null })).status).toBe(200);
    await sleep(150);
    expect(fake.replies().length).toBe(n);
  });

  // About 1 MB of form fields, with a payload: the most parsing work one body under the limit can ask for.
  const body = `payload=${encodeURIComponent('{"type":"block_actions"}')}&${'a=1&'.repeat(250_000)}`;

  it('a wrongly signed 1 MB form body gets 401 and no form parse of it runs', async () => {
    expect(body.length).toBeLessThanOrEqual(1024 * 1024);
    const parse = vi.spyOn(querystring, 'parse');
    const res = await post(base, body, FORM, { signature: sign(body, nowS(), 'wrong-secret') });
    expect(res.status).toBe(401);
    expect(parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length > 100_000)).toEqual([]);
  });

  it('a wrongly signed 1 MB form body costs about the CPU of a wrongly signed 1 MB JSON one (medians of 11): it is not parsed', async () => {
    const ts = nowS();
    // A JSON body of the same length: read and hashed the same, and never form-parsed by anyone.
    const jsonBody = `{"padding":"${'a'.repeat(body.length - 14)}"}`;
    expect(jsonBody.length).toBe(body.length);
    const request = (type: string, text: string) => {
      const bytes = Buffer.from(text);
      const head = postHead('/slack/events', bytes.length, {
        'Content-Type': type,
        'X-Slack-Request-Timestamp': String(ts),
        'X-Slack-Signature': sign(text, ts, 'wrong-secret'),
      });
      return async () => {
        // Client and server share this process: the same number of bytes is sent and read (and hashed) either
        // way, so the difference between the two is what the server did with a form body beyond that.
        const before = process.cpuUsage();
        const answer = await rawRequest(running.port, head, bytes, 3000);
        const used = process.cpuUsage(before);
        expect(answer).toMatch(/^HTTP\/1\.1 401/);
        return (used.user + used.system) / 1000;
      };
    };
    const [form, json] = [request(FORM, body), request(JSON_TYPE, jsonBody)];
    // Warm up first: the first requests of a process cost several times more while the code is compiled.
    for (let i = 0; i < 4; i++) {
      await form();
      await json();
    }
    const costs = { form: [] as number[], json: [] as number[] };
    for (let i = 0; i < 11; i++) {
      costs.form.push(await form());
      costs.json.push(await json());
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[5] ?? Number.POSITIVE_INFINITY;
    const shown = `CPU ms per request, form: ${costs.form.map((c) => c.toFixed(1)).join(', ')}; JSON: ${costs.json.map((c) => c.toFixed(1)).join(', ')}`;
    expect(median(costs.form) - median(costs.json), shown).toBeLessThan(8);
  });
});
