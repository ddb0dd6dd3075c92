/** The Slack channel end to end: the real server, signed requests, a fake Slack Web API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Message } from '../../src/channels/slack/blocks.js';
import type { Running } from '../../src/serve.js';
import { firstQuestion, literally, testServer } from '../helpers.js';
import { type Call, type FakeSlack, startFakeSlack } from './fake-slack.js';
import { click, dm, envelope, FORM, JSON_TYPE, mention, post, SIGNING_SECRET, slash } from './slack-client.js';

let fake: FakeSlack;
let running: Running;
let base: string;
let responses = 0;
const respondUrl = () => `${fake.url}/respond/${++responses}`;

beforeAll(async () => {
  fake = await startFakeSlack();
  running = await testServer({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${fake.url}/api/` });
  base = `http://127.0.0.1:${running.port}`;
});

afterAll(async () => {
  // Every payload sent to Slack during these tests must be within Block Kit limits.
  for (const c of fake.replies()) {
    if (['chat.postMessage', 'chat.update'].includes(c.method) || c.method.startsWith('respond:')) {
      expect(() => Message.parse(c.body), `${c.method}: ${JSON.stringify(c.body).slice(0, 300)}`).not.toThrow();
    }
  }
  await running?.stop();
  await fake?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const since = (n: number) => fake.replies().slice(n);
const textOf = (c: Call | undefined) => JSON.stringify(c?.body ?? {});

/** Sends an event and waits for exactly one new reply. */
async function event(ev: Record<string, unknown>): Promise<Call> {
  const n = fake.replies().length;
  const res = await post(base, envelope(ev), JSON_TYPE);
  expect(res.status).toBe(200);
  await fake.waitFor(() => fake.replies().length > n);
  await sleep(50);
  const fresh = since(n);
  expect(fresh).toHaveLength(1);
  return fresh[0] as Call;
}

type Btn = { type: string; text: { text: string }; value: string };
function buttons(c: Call): Btn[] {
  const blocks = (c.body.blocks ?? []) as Array<{ type: string; elements?: Btn[] }>;
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.type === 'button');
}
function button(c: Call, label: string): string {
  const b = buttons(c).find((x) => x.text.text === label);
  if (!b)
    throw new Error(
      `no button "${label}" in ${buttons(c)
        .map((x) => x.text.text)
        .join(', ')}`,
    );
  return b.value;
}

describe('Slack over HTTP', () => {
  it('answers url_verification with the challenge', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'abc123', type: 'url_verification' });
    const res = await post(base, body, JSON_TYPE);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'abc123' });
  });

  it('/healthz says ok', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('a mention gets exactly one chat.postMessage in the thread of the mention', async () => {
    const ev = mention('how fast do containers start?');
    const c = await event(ev);
    expect(c.method).toBe('chat.postMessage');
    expect(c.body.channel).toBe('C1');
    expect(c.body.thread_ts).toBe(ev.ts);
    expect(textOf(c)).toMatch(/under 1 s/);
    // The fallback text is short: the heading and the first lines, for notifications and screen readers.
    expect(String(c.body.text)).toMatch(/^How fast each one starts/);
    expect(String(c.body.text).length).toBeLessThanOrEqual(600);
  });

  it('a mention inside a thread answers in that thread', async () => {
    const c = await event(mention('what is a hypervisor', { thread_ts: '1699999999.000100' }));
    expect(c.body.thread_ts).toBe('1699999999.000100');
  });

  it('a direct message gets a reply in the DM', async () => {
    const c = await event(dm('hi there'));
    expect(c.method).toBe('chat.postMessage');
    expect(c.body.channel).toBe('D1');
    expect(c.body.thread_ts).toBeUndefined();
    expect(String(c.body.text)).toMatch(/Hi!/);
  });

  it('/runtime-advice alone starts the interview privately (ephemeral), acked at once', async () => {
    const n = fake.replies().length;
    const url = respondUrl();
    const res = await post(base, slash('', url), FORM);
    expect(res.status).toBe(200);
    await fake.waitFor(() => since(n).length > 0);
    const c = since(n)[0] as Call;
    expect(c.method).toBe(`respond:${responses}`);
    expect(c.body.response_type).toBe('ephemeral');
    const first = await firstQuestion();
    expect(textOf(c)).toMatch(literally(first.progress));
    expect(buttons(c).map((b) => b.text.text)).toEqual(first.options.map((o) => o.label));
  });

  it('/runtime-advice with a question answers it; /runtime-advice help explains usage', async () => {
    let n = fake.replies().length;
    await post(base, slash('which is more secure, docker or a vm?', respondUrl()), FORM);
    await fake.waitFor(() => since(n).length > 0);
    expect(textOf(since(n)[0])).toMatch(/Security Considerations/);
    n = fake.replies().length;
    await post(base, slash('help', respondUrl()), FORM);
    await fake.waitFor(() => since(n).length > 0);
    expect(textOf(since(n)[0])).toMatch(/help me choose/);
  });

  it.each([
    ['containers', ['No, standard is fine', 'No', 'No', 'No'], /Recommendation: Containers/],
    ['vms', ['Yes, strongest isolation', 'None of these'], /Recommendation: Virtual machines/],
  ])('a full interview clicked through to %s, each question updated in place', async (_, answers, verdict) => {
    let current = await event(mention('help me choose'));
    const channel = String(current.body.channel);
    const messageTs = '1700009999.000100';
    for (const [i, label] of answers.entries()) {
      const n = fake.replies().length;
      const res = await post(base, click(button(current, label), { channel, messageTs, responseUrl: respondUrl() }), FORM);
      expect(res.status).toBe(200);
      await fake.waitFor(() => since(n).length > 0);
      current = since(n)[0] as Call;
      expect(current.method).toBe('chat.update');
      expect(current.body.ts).toBe(messageTs);
      if (i < answers.length - 1) expect(textOf(current)).toMatch(new RegExp(`Question ${i + 2} of at most`));
    }
    expect(textOf(current)).toMatch(verdict);
    expect(buttons(current).map((b) => b.text.text)).toEqual(['Why?', 'Change an answer', 'Start over', 'Write up as a decision record']);
  });

  it('a grouped question is checkboxes plus Continue: ticks then Continue, each step updated in place', async () => {
    const first = await event(mention('help me choose'));
    const channel = String(first.body.channel);
    const messageTs = '1700009999.000200';
    let n = fake.replies().length;
    await post(base, click(button(first, 'Yes, strongest isolation'), { channel, messageTs, responseUrl: respondUrl() }), FORM);
    await fake.waitFor(() => since(n).length > 0);
    const grouped = since(n)[0] as Call;
    expect(grouped.method).toBe('chat.update');
    expect(grouped.body.ts).toBe(messageTs);
    const blocks = grouped.body.blocks as Array<{ type: string; block_id?: string; elements?: Array<Record<string, unknown>> }>;
    const group = blocks.find((b) => b.elements?.some((e) => e.type === 'checkboxes'));
    const boxes = group?.elements?.find((e) => e.type === 'checkboxes') as { action_id: string; options: Array<{ text: { text: string }; value: string }> };
    expect(boxes.options.map((o) => o.text.text)).toEqual([
      'Microservices or cloud-native design',
      'Fast start or quick autoscaling',
      'Disposable CI/CD or test environments',
      'Many small workloads per host',
      'Same artifact on every host and cloud',
    ]);
    expect(buttons(grouped).map((b) => b.text.text)).toEqual(['Continue', 'None of these']);
    // Ticking a box is acked and answered with nothing: only Continue answers the question.
    const picked = boxes.options.filter((o) => ['microservices', 'ci_cd'].includes(o.value));
    const toggle = { type: 'checkboxes', block_id: group?.block_id, action_id: boxes.action_id, selected_options: picked, action_ts: '1.2' };
    n = fake.replies().length;
    const ack = await post(base, click('', { channel, messageTs, responseUrl: respondUrl(), element: toggle }), FORM);
    expect(ack.status).toBe(200);
    await sleep(200);
    expect(since(n)).toHaveLength(0);
    const state = { [String(group?.block_id)]: { [boxes.action_id]: { type: 'checkboxes', selected_options: picked } } };
    const go = buttons(grouped).find((b) => b.text.text === 'Continue') as Btn & { action_id: string };
    n = fake.replies().length;
    await post(base, click(go.value, { channel, messageTs, responseUrl: respondUrl(), actionId: go.action_id, blockId: group?.block_id ?? '', state }), FORM);
    await fake.waitFor(() => since(n).length > 0);
    const done = since(n)[0] as Call;
    expect(done.method).toBe('chat.update');
    expect(done.body.ts).toBe(messageTs);
    expect(textOf(done)).toMatch(/Recommendation: Both together/);
    expect(textOf(done)).toMatch(/Microservices and cloud-native designs/);
    expect(textOf(done)).toMatch(/Disposable CI\/CD and test environments/);
  });

  it('"None of these" on a grouped question is one click, whatever is ticked', async () => {
    const first = await event(mention('help me choose'));
    const channel = String(first.body.channel);
    const messageTs = '1700009999.000300';
    let n = fake.replies().length;
    await post(base, click(button(first, 'Yes, strongest isolation'), { channel, messageTs, responseUrl: respondUrl() }), FORM);
    await fake.waitFor(() => since(n).length > 0);
    const grouped = since(n)[0] as Call;
    const none = buttons(grouped).find((b) => b.text.text === 'None of these') as Btn & { action_id: string };
    const state = { g: { ra_g_pick: { type: 'checkboxes', selected_options: [{ value: 'microservices', text: { type: 'plain_text', text: 'x' } }] } } };
    n = fake.replies().length;
    await post(base, click(none.value, { channel, messageTs, responseUrl: respondUrl(), actionId: none.action_id, state }), FORM);
    await fake.waitFor(() => since(n).length > 0);
    const done = since(n)[0] as Call;
    expect(done.method).toBe('chat.update');
    expect(textOf(done)).toMatch(/Recommendation: Virtual machines/);
  });

  it('the same event delivered three times (Slack retries) gets one reply', async () => {
    const n = fake.replies().length;
    const body = envelope(mention('how big is a docker image'), 'EvRETRY1');
    for (const retryNum of [undefined, 1, 2]) {
      const res = await post(base, body, JSON_TYPE, retryNum === undefined ? {} : { retryNum });
      expect(res.status).toBe(200);
    }
    await fake.waitFor(() => since(n).length > 0);
    await sleep(300);
    expect(since(n)).toHaveLength(1);
  });

  it.each([
    ['a bad signature', { signature: 'v0=deadbeef' }],
    ['no signature', { signature: null }],
    ['a 10-minute-old timestamp', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
  ])('%s gets 401 and no reply', async (_, options) => {
    const n = fake.replies().length;
    const res = await post(base, envelope(mention('what is docker')), JSON_TYPE, options);
    expect(res.status).toBe(401);
    await sleep(200);
    expect(since(n)).toHaveLength(0);
  });

  it.each([
    ['a bot message', dm('hello', { bot_id: 'B999', subtype: 'bot_message' })],
    ['a message from another bot without subtype', dm('hello', { bot_id: 'B999' })],
    ['our own message', dm('hello', { user: 'UBOT' })],
    ['an edit', dm('hello', { subtype: 'message_changed' })],
    ['a delete', dm('hello', { subtype: 'message_deleted' })],
    ['a bot mention', mention('hello', { bot_id: 'B999' })],
  ])('%s gets no reply', async (_, ev) => {
    const n = fake.replies().length;
    const res = await post(base, envelope(ev), JSON_TYPE);
    expect(res.status).toBe(200);
    await sleep(200);
    expect(since(n)).toHaveLength(0);
  });

  it.each([
    ['a 40,000-character message', mention(`how fast do containers start ${'a'.repeat(40_000)}`), /very long/],
    ['an emoji-only message', dm(':whale: :tada: 🐳'), /Say something about containers or VMs/],
    ['an empty mention', mention(''), /Say something about containers or VMs/],
  ])('%s gets a sensible reply and no 5xx', async (_, ev, expected) => {
    const c = await event(ev);
    expect(textOf(c)).toMatch(expected);
  });

  it('a forged button value gets a friendly private note', async () => {
    const n = fake.replies().length;
    const res = await post(base, click('{"not":"ours"}', { responseUrl: respondUrl() }), FORM);
    expect(res.status).toBe(200);
    await fake.waitFor(() => since(n).length > 0);
    const c = since(n)[0] as Call;
    expect(c.body.response_type).toBe('ephemeral');
    expect(textOf(c)).toMatch(/That interview has ended/);
  });

  it('a click by another user gets a private note and leaves the interview alone', async () => {
    const question = await event(mention('help me choose'));
    const n = fake.replies().length;
    await post(base, click(button(question, 'Yes, strongest isolation'), { user: 'U2', responseUrl: respondUrl() }), FORM);
    await fake.waitFor(() => since(n).length > 0);
    const c = since(n)[0] as Call;
    expect(c.body.response_type).toBe('ephemeral');
    expect(c.body.replace_original).toBe(false);
    expect(textOf(c)).toMatch(/belongs to someone else/);
    // The owner can still answer the same question.
    const m = fake.replies().length;
    await post(base, click(button(question, 'No, standard is fine'), { responseUrl: respondUrl() }), FORM);
    await fake.waitFor(() => since(m).length > 0);
    expect(textOf(since(m)[0])).toMatch(/Question 2 of at most/);
  });

  it('<!channel>, <!here>, user mentions and links in a question never reach a reply unescaped', async () => {
    const c = await event(mention('<!channel> <!here> <@U999> <https://evil.example|click me> what is docker?'));
    const all = textOf(c);
    for (const bad of ['<!channel>', '<!here>', '<@U999>', '<https://evil']) expect(all).not.toContain(bad);
  });

  it('a private interview ends with "Share to channel", which posts the recommendation in the channel', async () => {
    let n = fake.replies().length;
    await post(base, slash('', respondUrl()), FORM);
    await fake.waitFor(() => since(n).length > 0);
    let current = since(n)[0] as Call;
    for (const label of ['Yes, strongest isolation', 'None of these']) {
      n = fake.replies().length;
      await post(base, click(button(current, label), { ephemeral: true, responseUrl: respondUrl(), actionId: 'ra_g_none' }), FORM);
      await fake.waitFor(() => since(n).length > 0);
      current = since(n)[0] as Call;
      expect(current.body.replace_original).toBe(true);
    }
    n = fake.replies().length;
    await post(base, click(button(current, 'Share to channel'), { ephemeral: true, responseUrl: respondUrl() }), FORM);
    await fake.waitFor(() => since(n).length > 0);
    const shared = since(n)[0] as Call;
    expect(shared.body.response_type).toBe('in_channel');
    expect(textOf(shared)).toMatch(/Recommendation: Virtual machines/);
  });

  it('the App Home tab shows a Start button that starts the interview in the DM', async () => {
    const n = fake.replies().length;
    // U5 has no recommendation yet (the Home tab of a user with one: slack-home.test.ts).
    await post(base, envelope({ type: 'app_home_opened', user: 'U5', channel: 'D5', tab: 'home', event_ts: '1.1' }), JSON_TYPE);
    await fake.waitFor(() => since(n).some((c) => c.method === 'views.publish'));
    const view = since(n).find((c) => c.method === 'views.publish')?.body.view as { blocks: Array<{ elements?: Btn[] }> };
    const start = view.blocks.flatMap((b) => b.elements ?? []).find((e) => e.text?.text === 'Start the interview');
    expect(start).toBeDefined();
    const m = fake.replies().length;
    const payload = JSON.parse(new URLSearchParams(click(start?.value ?? '', { user: 'U5', responseUrl: respondUrl() })).get('payload') ?? '{}');
    payload.container = { type: 'view', view_id: 'V1' };
    delete payload.message;
    await post(base, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM);
    await fake.waitFor(() => since(m).length > 0);
    const c = since(m)[0] as Call;
    expect(c.method).toBe('chat.postMessage');
    expect(c.body.channel).toBe('U5');
    expect(textOf(c)).toMatch(literally((await firstQuestion()).progress));
  });

  it('an unknown path is a JSON 404, a GET on /slack/events a 405', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/slack/events`)).status).toBe(405);
  });
});
