/** "Write up as a decision record" in Teams, end to end: the real server, card submits, a fake connector. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

type Card = { actions?: Array<{ title: string; data: unknown }> };
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

describe('Teams decision records', () => {
  it('the button sends the record as a Markdown message in the conversation', async () => {
    // The command menu entry starts an empty interview, whatever the situation reader would read.
    let [card] = await turn(message(connector.url, 'personal', 'runtime-advice'));
    for (const label of ['Yes, strongest isolation', 'Yes']) [card] = await turn(submit(connector.url, 'personal', action(card, label), 'card-1'));
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
    let [card] = await turn(message(connector.url, 'personal', 'runtime-advice'));
    for (const label of ['No, standard is fine', 'No', 'No', 'No']) [card] = await turn(submit(connector.url, 'personal', action(card, label), 'card-2'));
    const from = { ...USER, name: '<at>Everyone</at> & <b>boss</b>' };
    const [reply] = await turn(submit(connector.url, 'personal', action(card, 'Write up as a decision record'), 'card-2', from));
    const text = String(reply?.activity.text);
    expect(text).not.toMatch(/[<>]/);
    expect(text).toContain('- Proposed by: &lt;at&gt;Everyone&lt;/at&gt; &amp; &lt;b&gt;boss&lt;/b&gt;\n');
  });
});
