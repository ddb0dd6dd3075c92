/** The Teams channel end to end: the real server, real-shaped activities, a fake connector at serviceUrl. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCard } from '../../src/channels/teams/card.js';
import type { Running } from '../../src/serve.js';
import { firstQuestion, literally, questionAfter, testServer } from '../helpers.js';
import { type FakeConnector, type Sent, startFakeConnector } from './fake-connector.js';
import { BOT, type Kind, membersAdded, message, OTHER, submit, USER } from './teams-activities.js';

let connector: FakeConnector;
let running: Running;
let base: string;

beforeAll(async () => {
  connector = await startFakeConnector();
  running = await testServer({});
  base = `http://127.0.0.1:${running.port}`;
});

afterAll(async () => {
  // Every card sent must fit the Adaptive Card 1.5 shape we emit and stay under 28 KB, and say what it is
  // in `summary` and `text` (else Teams lists it as "Send a card").
  for (const s of connector.sent) {
    for (const a of (s.activity.attachments ?? []) as Array<{ contentType: string; content: unknown }>) {
      if (a.contentType !== 'application/vnd.microsoft.card.adaptive') continue;
      expect(() => assertCard(a.content)).not.toThrow();
      expect(typeof s.activity.summary === 'string' && s.activity.summary.length > 0, JSON.stringify(s.activity).slice(0, 200)).toBe(true);
      expect(String(s.activity.summary).length).toBeLessThanOrEqual(200);
      expect(s.activity.text).toBe(s.activity.summary);
    }
  }
  await running?.stop();
  await connector?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const since = (n: number) => connector.sent.slice(n);

async function deliver(activity: Record<string, unknown>): Promise<Response> {
  return fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
}

/** Delivers an activity; the adapter answers after the turn, so what it sent is already recorded. */
async function turn(activity: Record<string, unknown>): Promise<Sent[]> {
  const n = connector.sent.length;
  const res = await deliver(activity);
  expect(res.status).toBe(200);
  return since(n);
}

type Card = { body: Array<{ text?: string; columns?: Array<{ items: Array<{ text: string }> }> }>; actions?: Array<{ title: string; data: unknown }> };
const cardOf = (s: Sent | undefined): Card => ((s?.activity.attachments as Array<{ content: Card }> | undefined)?.[0]?.content ?? { body: [] }) as Card;
const textOf = (s: Sent | undefined) => JSON.stringify(cardOf(s));
function action(s: Sent | undefined, title: string): unknown {
  const a = cardOf(s).actions?.find((x) => x.title === title);
  if (!a)
    throw new Error(
      `no action "${title}" in ${cardOf(s)
        .actions?.map((x) => x.title)
        .join(', ')}`,
    );
  return a.data;
}

describe('Teams over /api/messages', () => {
  it('a personal message gets one reply on that conversation', async () => {
    const activity = message(connector.url, 'personal', 'how fast do containers start?');
    const sent = await turn(activity);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.verb).toBe('POST');
    expect(sent[0]?.conversation).toBe('a:1personal-conversation');
    expect(sent[0]?.activityId).toBe(activity.id);
    expect(textOf(sent[0])).toMatch(/under 1 s/);
  });

  it.each([
    ['channel', 'channel'],
    ['group chat', 'groupChat'],
  ] as const)('a %s @mention gets a reply, with the mention stripped before classification', async (_, kind: Kind) => {
    const sent = await turn(message(connector.url, kind, 'what is a hypervisor?'));
    expect(sent).toHaveLength(1);
    expect(textOf(sent[0])).toMatch(/What a virtual machine is/);
  });

  it('the mention is stripped whatever the bot display name is', async () => {
    const a = message(connector.url, 'channel', 'how big is a docker image');
    const renamed = '<at>Container Helper</at>';
    a.text = `${renamed} how big is a docker image`;
    a.entities = [{ type: 'mention', mentioned: { ...BOT, name: 'Container Helper' }, text: renamed }];
    const sent = await turn(a);
    expect(textOf(sent[0])).toMatch(/Disk size|a few hundred MB/);
  });

  it('membersAdded with the bot -> one welcome; with another member only -> none; the bot again -> none', async () => {
    const withBot = await turn(membersAdded(connector.url, 'channel', [BOT, OTHER]));
    expect(withBot).toHaveLength(1);
    expect(textOf(withBot[0])).toMatch(/Hi!/);
    expect(await turn(membersAdded(connector.url, 'channel', [OTHER]))).toHaveLength(0);
    expect(await turn(membersAdded(connector.url, 'channel', [BOT]))).toHaveLength(0);
  });

  it.each([
    ['containers', ['No, standard is fine', 'No', 'No', 'No'], /Recommendation: Containers/],
    ['vms', ['Yes, strongest isolation', 'None of these'], /Recommendation: Virtual machines/],
  ])('a full interview clicked through with card submits to %s, cards updated in place', async (_, answers, verdict) => {
    const kind: Kind = 'groupChat';
    let [card] = await turn(message(connector.url, kind, 'help me choose'));
    const cardId = 'bot-card-1';
    for (const label of answers) {
      const sent = await turn(submit(connector.url, kind, action(card, label), cardId));
      expect(sent).toHaveLength(1);
      expect(sent[0]?.verb).toBe('PUT');
      expect(sent[0]?.activityId).toBe(cardId);
      card = sent[0];
    }
    expect(textOf(card)).toMatch(verdict);
    expect(cardOf(card).actions?.map((a) => a.title)).toEqual(['Why?', 'Change an answer', 'Start over', 'Write up as a decision record']);
  });

  it('a card sent before the shared payload (its action under `ra`) still answers when clicked', async () => {
    const kind: Kind = 'personal';
    const [card] = await turn(message(connector.url, kind, 'help me choose'));
    const { a, ...rest } = action(card, 'Yes, strongest isolation') as Record<string, unknown>;
    const sent = await turn(submit(connector.url, kind, { ...rest, ra: a }, 'bot-card-old'));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.verb).toBe('PUT');
    expect(sent[0]?.activity.summary).toMatch(literally(`${(await questionAfter({ isolation: 'high' })).progress}:`));
    // The tests below start their own interviews in this chat.
    await turn(message(connector.url, kind, 'cancel'));
  });

  it('a grouped question is a multi-select choice set: the submitted comma-separated value answers it, the card updated in place', async () => {
    const kind: Kind = 'personal';
    const [first] = await turn(message(connector.url, kind, 'help me choose'));
    const cardId = 'bot-card-group';
    const [grouped] = await turn(submit(connector.url, kind, action(first, 'Yes, strongest isolation'), cardId));
    expect(grouped?.verb).toBe('PUT');
    const set = cardOf(grouped).body.find((b) => (b as { type?: string }).type === 'Input.ChoiceSet') as unknown as {
      id: string;
      isMultiSelect: boolean;
      choices: Array<{ title: string; value: string }>;
    };
    expect(set.isMultiSelect).toBe(true);
    expect(set.choices.map((c) => c.title)).toEqual([
      'Microservices or cloud-native design',
      'Fast start or quick autoscaling',
      'Disposable CI/CD or test environments',
      'Many small workloads per host',
      'Same artifact on every host and cloud',
    ]);
    expect(cardOf(grouped).actions?.map((a) => a.title)).toEqual(['Continue', 'None of these']);
    // Teams puts the ticked choices beside the Continue action's data, as "value1,value2".
    const data = { ...(action(grouped, 'Continue') as Record<string, unknown>), [set.id]: 'microservices,ci_cd' };
    const sent = await turn(submit(connector.url, kind, data, cardId));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.verb).toBe('PUT');
    expect(sent[0]?.activityId).toBe(cardId);
    expect(textOf(sent[0])).toMatch(/Recommendation: Both together/);
    expect(textOf(sent[0])).toMatch(/Microservices and cloud-native designs/);
    expect(textOf(sent[0])).toMatch(/Disposable CI\/CD and test environments/);
  });

  it('"None of these" sends no inputs and answers the grouped question in one click', async () => {
    const kind: Kind = 'groupChat';
    const [first] = await turn(message(connector.url, kind, 'help me choose'));
    const [grouped] = await turn(submit(connector.url, kind, action(first, 'Yes, strongest isolation'), 'card-n'));
    const none = cardOf(grouped).actions?.find((a) => a.title === 'None of these') as { associatedInputs?: string; data: unknown };
    expect(none.associatedInputs).toBe('none');
    const sent = await turn(submit(connector.url, kind, none.data, 'card-n'));
    expect(sent[0]?.verb).toBe('PUT');
    expect(textOf(sent[0])).toMatch(/Recommendation: Virtual machines/);
  });

  it('card activities carry a short summary and text: the question, the verdict, or the first line', async () => {
    const [topic] = await turn(message(connector.url, 'personal', 'how fast do containers start?'));
    expect(topic?.activity.summary).toBe('How fast each one starts');
    const first = await firstQuestion();
    const second = await questionAfter({ isolation: 'high' });
    const [question] = await turn(message(connector.url, 'personal', 'help me choose'));
    expect(question?.activity.summary).toBe(`${first.progress}: ${first.text}`);
    expect(question?.activity.text).toBe(question?.activity.summary);
    const high = first.options.find((o) => o.value === 'high')?.label ?? '';
    const [grouped] = await turn(submit(connector.url, 'personal', action(question, high), 'card-s'));
    expect(grouped?.verb).toBe('PUT');
    expect(grouped?.activity.summary).toBe(`${second.progress}: ${second.text}`);
    const [done] = await turn(submit(connector.url, 'personal', action(grouped, 'None of these'), 'card-s'));
    expect(done?.verb).toBe('PUT');
    expect(done?.activity.summary).toMatch(/^Recommendation: Virtual machines \(confidence \d+%\)$/);
  });

  it('a submit by another member gets a note and leaves the interview alone', async () => {
    const [card] = await turn(message(connector.url, 'channel', 'help me choose'));
    const sent = await turn(submit(connector.url, 'channel', action(card, 'Not sure'), 'card-x', OTHER));
    expect(JSON.stringify(sent[0]?.activity)).toMatch(/belongs to someone else/);
    const mine = await turn(submit(connector.url, 'channel', action(card, 'Not sure'), 'card-x', USER));
    expect(textOf(mine[0])).toMatch(/Question 2 of at most/);
  });

  it('forged or stale submits get a friendly message', async () => {
    for (const value of [
      { a: { kind: 'answer', interview: 'nope', slot: 'isolation', value: 'high' }, o: USER.aadObjectId, k: 'x' },
      { a: 'garbage', o: USER.aadObjectId },
    ]) {
      const sent = await turn(submit(connector.url, 'personal', value, 'card-y'));
      expect(textOf(sent[0])).toMatch(/That interview has ended/);
    }
  });

  it('the same activity delivered twice gets one reply', async () => {
    const a = message(connector.url, 'personal', 'thanks!');
    const first = await turn(a);
    const second = await turn(a);
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(0);
  });

  it.each([
    ['malformed JSON', '{"type": "message", '],
    ['a JSON array', '[1,2,3]'],
    ['an activity with no type', JSON.stringify({ serviceUrl: 'http://127.0.0.1:1', conversation: { id: 'c' } })],
    ['an activity with no conversation', JSON.stringify({ type: 'message', serviceUrl: 'http://127.0.0.1:1', text: 'hi' })],
  ])('%s -> 400, not a crash', async (_, body) => {
    const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('a body over 1 MB -> 413', async () => {
    const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
  });

  it('the command menu entry "runtime-advice" starts the interview', async () => {
    const [card] = await turn(message(connector.url, 'personal', 'runtime-advice'));
    expect(textOf(card)).toMatch(literally((await firstQuestion()).progress));
  });

  it('<at> and HTML in a message never come back as markup', async () => {
    const sent = await turn(message(connector.url, 'personal', '<at>Everyone</at> <b>hi</b> <script>x</script> what is docker'));
    expect(JSON.stringify(sent[0]?.activity)).not.toMatch(/<at>|<script>|<b>/);
  });

  it('a slow or failing connector does not crash the server', async () => {
    const a = message('http://127.0.0.1:9', 'personal', 'hello');
    const res = await deliver(a);
    expect([200, 500]).toContain(res.status);
    await sleep(50);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describe('Teams with an app id', () => {
  it('rejects an unauthenticated activity with 401', async () => {
    const secured = await testServer({ MICROSOFT_APP_ID: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', MICROSOFT_APP_PASSWORD: 'secret-value-123' });
    try {
      const n = connector.sent.length;
      const res = await fetch(`http://127.0.0.1:${secured.port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message(connector.url, 'personal', 'hello')),
      });
      expect(res.status).toBe(401);
      expect(connector.sent.length).toBe(n);
    } finally {
      await secured.stop();
    }
  });
});
