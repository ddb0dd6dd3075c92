/**
 * One channel contract: the same conversation typed into the terminal, Slack and Teams channels
 * must give the same answers (topic headings), the same questions and the same verdict.
 */
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChat } from '../../src/channels/terminal/chat.js';
import { Engine } from '../../src/engine/engine.js';
import type { Running } from '../../src/serve.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine, testServer } from '../helpers.js';
import { type FakeConnector, startFakeConnector } from '../integration/fake-connector.js';
import { type FakeSlack, startFakeSlack } from '../integration/fake-slack.js';
import { dm, envelope, JSON_TYPE, post, SIGNING_SECRET } from '../integration/slack-client.js';
import { message } from '../integration/teams-activities.js';

/** What a user types, turn by turn. */
const SCRIPT = ['what is a hypervisor?', 'help me choose', '2', 'what is docker?', 'no', 'nope', 'no', 'why?'];

/** What each channel showed, reduced to what must agree. */
interface Seen {
  heading: string | null;
  question: string | null;
  verdict: string | null;
}

const VERDICT_TITLES: Record<string, string> = { Containers: 'containers', 'Virtual machines': 'vms', 'Both together': 'hybrid' };
const verdictFrom = (heading: string | null) => {
  const m = /^Recommendation: (.+) \(confidence/.exec(heading ?? '');
  return m ? (VERDICT_TITLES[m[1] ?? ''] ?? null) : null;
};

async function viaTerminal(bot: Engine): Promise<Seen[]> {
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await runChat(bot, { input: Readable.from([`${SCRIPT.join('\n')}\n`]), output, json: true, interactive: false });
  return out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { text: string; question: { slot: string } | null; recommendation: { verdict: string } | null })
    .map((t) => {
      const first = t.text.split('\n')[0] ?? '';
      const heading = /^(Recommendation: |What )/.test(first) ? first : null;
      return { heading, question: t.question?.slot ?? null, verdict: t.recommendation?.verdict ?? null };
    });
}

type Block = { type: string; text?: { text: string }; elements?: Array<{ value: string }> };
async function viaSlack(base: string, fake: FakeSlack): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (const text of SCRIPT) {
    const n = fake.replies().length;
    await post(base, envelope(dm(text, { channel: 'DCONTRACT', user: 'UCONTRACT' })), JSON_TYPE);
    await fake.waitFor(() => fake.replies().length > n);
    const blocks = (fake.replies()[n]?.body.blocks ?? []) as Block[];
    const header = blocks.find((b) => b.type === 'header')?.text?.text ?? null;
    const first = blocks.find((b) => b.type === 'actions')?.elements?.[0]?.value;
    const action = first ? (JSON.parse(first) as { a: { kind: string; slot?: string } }).a : undefined;
    seen.push({ heading: header, question: action?.kind === 'answer' ? (action.slot ?? null) : null, verdict: verdictFrom(header) });
  }
  return seen;
}

type Card = { body: Array<{ type: string; text?: string; size?: string }>; actions?: Array<{ data: { a: { kind: string; slot?: string } } }> };
async function viaTeams(base: string, connector: FakeConnector): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (const text of SCRIPT) {
    const n = connector.sent.length;
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message(connector.url, 'personal', text)),
    });
    expect(res.status).toBe(200);
    const card = (connector.sent[n]?.activity.attachments as Array<{ content: Card }> | undefined)?.[0]?.content;
    const header = card?.body.find((b) => b.size === 'Medium')?.text ?? null;
    const action = card?.actions?.[0]?.data.a;
    seen.push({ heading: header, question: action?.kind === 'answer' ? (action.slot ?? null) : null, verdict: verdictFrom(header) });
  }
  return seen;
}

let fake: FakeSlack;
let connector: FakeConnector;
let running: Running;

beforeAll(async () => {
  fake = await startFakeSlack();
  connector = await startFakeConnector();
  running = await testServer({ SLACK_BOT_TOKEN: 'xoxb-contract', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${fake.url}/api/` });
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
  await connector?.close();
});

describe('channel contract', () => {
  it('terminal, Slack and Teams give the same answers, questions and verdict', async () => {
    const shared = await engine();
    const terminal = await viaTerminal(
      new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store: new MemoryStore() }),
    );
    const base = `http://127.0.0.1:${running.port}`;
    const slack = await viaSlack(base, fake);
    const teams = await viaTeams(base, connector);
    expect(terminal.map((t) => t.question)).toEqual([null, 'isolation', 'multi_os', 'multi_os', 'legacy', 'infra_sim', null, null]);
    expect(terminal.at(-2)?.verdict).toBe('containers');
    expect(terminal[0]?.heading).toBe('What a virtual machine is');
    expect(slack).toEqual(terminal);
    expect(teams).toEqual(terminal);
  });
});
