/** "Write up as a decision record" in Teams, end to end: the real server, card submits, a fake connector. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_INPUT } from '../../src/channels/teams/render.js';
import type { Answers, Slot } from '../../src/ids.js';
import type { Running } from '../../src/serve.js';
import { testServer } from '../helpers.js';
import { type FakeConnector, type Sent, startFakeConnector } from './fake-connector.js';
import { message, submit, USER } from './teams-activities.js';

let connector: FakeConnector;
let running: Running;

beforeAll(async () => {
  connector = await startFakeConnector();
  running = await testServer({});
});

afterAll(async () => {
  await running?.stop();
  await connector?.close();
});

async function turn(activity: Record<string, unknown>): Promise<Sent[]> {
  const n = connector.sent.length;
  const res = await fetch(`http://127.0.0.1:${running.port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  expect(res.status).toBe(200);
  return connector.sent.slice(n);
}

type Card = { body?: Array<{ type?: string; id?: string; choices?: Array<{ value: string }> }>; actions?: Array<{ title: string; data: unknown }> };
const cardOf = (s: Sent | undefined): Card => ((s?.activity.attachments as Array<{ content: Card }> | undefined)?.[0]?.content ?? {}) as Card;
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

/** Strongest isolation, and only microservices ticked in the grouped container question: hybrid. */
const HYBRID: Answers = { isolation: 'high', microservices: 'yes' };
/** Standard isolation and no VM signals: containers. */
const CONTAINERS: Answers = { isolation: 'standard', multi_os: 'no', legacy: 'no', infra_sim: 'no' };

/**
 * The submit data that answers the question on the card as `plan` says, as Teams sends it: a single
 * question's button, or "Continue" with the choices planned `yes` beside it, comma-separated (the rest become `no`).
 */
function answerData(s: Sent | undefined, plan: Answers): unknown {
  const set = cardOf(s).body?.find((b) => b.type === 'Input.ChoiceSet' && b.id === GROUP_INPUT);
  if (set) {
    const ticked = (set.choices ?? []).map((c) => c.value).filter((v) => plan[v as Slot] === 'yes');
    return { ...(action(s, 'Continue') as Record<string, unknown>), [GROUP_INPUT]: ticked.join(',') };
  }
  const answer = cardOf(s).actions?.find((a) => {
    const ra = (a.data as { a?: { kind?: string; slot?: Slot; value?: string } }).a;
    return ra?.kind === 'answer' && ra.slot !== undefined && ra.value === plan[ra.slot];
  });
  if (!answer) throw new Error(`no answer in the plan for the card: ${JSON.stringify(cardOf(s)).slice(0, 300)}`);
  return answer.data;
}

/** Whether the card asks an interview question: it has an answer button or a grouped question's submit. */
const asks = (s: Sent | undefined) =>
  (cardOf(s).actions ?? []).some((a) => ['answer', 'multi'].includes(String((a.data as { a?: { kind?: unknown } }).a?.kind)));

/** Answers each question from `card` on as `plan` says, until a card asks none (at most 10); returns that card. */
async function answerUntilDone(card: Sent | undefined, plan: Answers, cardId: string): Promise<Sent | undefined> {
  let current = card;
  for (let asked = 0; asks(current); asked++) {
    if (asked === 10) throw new Error('still asking after 10 questions');
    [current] = await turn(submit(connector.url, 'personal', answerData(current, plan), cardId));
  }
  return current;
}

describe('Teams decision records', () => {
  it('the button sends the record as a Markdown message in the conversation', async () => {
    // The command menu entry starts an empty interview, whatever the situation reader would read.
    const [first] = await turn(message(connector.url, 'personal', 'runtime-advice'));
    const card = await answerUntilDone(first, HYBRID, 'card-1');
    const sent = await turn(submit(connector.url, 'personal', action(card, 'Write up as a decision record'), 'card-1'));
    expect(sent).toHaveLength(1);
    const reply = sent[0] as Sent;
    expect(reply.verb).toBe('POST');
    expect(reply.conversation).toBe('a:1personal-conversation');
    expect(reply.activity.textFormat).toBe('markdown');
    expect(reply.activity.attachments ?? []).toEqual([]);
    const text = String(reply.activity.text);
    expect(text.startsWith('# Run the workload in containers on VM-backed infrastructure\n')).toBe(true);
    for (const h of [
      'Status',
      'Context and Problem Statement',
      'Decision Drivers',
      'Considered Options',
      'Decision Outcome',
      'Consequences',
      'What Would Change This Decision',
      'Sources',
    ]) {
      expect(text).toContain(`\n## ${h}\n`);
    }
    expect(text).toContain(`- Proposed by: ${USER.name}\n`);
    expect(text.length).toBeLessThanOrEqual(4000);
  });

  it('a display name with markup cannot form tags or mentions in the record', async () => {
    const [first] = await turn(message(connector.url, 'personal', 'runtime-advice'));
    const card = await answerUntilDone(first, CONTAINERS, 'card-2');
    const from = { ...USER, name: '<at>Everyone</at> & <b>boss</b>' };
    const [reply] = await turn(submit(connector.url, 'personal', action(card, 'Write up as a decision record'), 'card-2', from));
    const text = String(reply?.activity.text);
    expect(text).not.toMatch(/[<>]/);
    expect(text).toContain('- Proposed by: &lt;at&gt;Everyone&lt;/at&gt; &amp; &lt;b&gt;boss&lt;/b&gt;\n');
  });
});
