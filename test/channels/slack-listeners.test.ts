/**
 * The Slack message listeners called directly with Bolt-shaped arguments and a recording client: which
 * deliveries count as the same message (event_id, or channel and ts), which messages are ignored, where
 * the answer goes, and which conversation it belongs to.
 */
import { describe, expect, it } from 'vitest';
import { type SlackDeps, slackKey } from '../../src/channels/slack/context.js';
import { onDirectMessage, onMention } from '../../src/channels/slack/listeners/messages.js';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/log.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine } from '../helpers.js';

type Posted = { channel: string; thread_ts?: string; text: string; blocks?: unknown[] };

/** The apology every channel says when a turn fails (knowledge/responses.yaml). */
const APOLOGY = (await engine()).knowledge.responses.apology;

async function setup(overrides: { failPost?: boolean; store?: MemoryStore } = {}) {
  const shared = await engine();
  const store = overrides.store ?? new MemoryStore();
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  const bot = new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store });
  const deps: SlackDeps = { engine: bot, store, logger };
  const posted: Posted[] = [];
  let failures = overrides.failPost ? 1 : 0;
  const client = {
    chat: {
      postMessage: async (m: Posted) => {
        if (failures > 0) {
          failures--;
          throw new Error('slack said no');
        }
        posted.push(m);
        return { ok: true };
      },
    },
  };
  return { deps, store, bot, posted, lines, client };
}

type Setup = Awaited<ReturnType<typeof setup>>;

function mention(s: Setup, event: Record<string, unknown>, eventId: string | undefined = 'Ev1') {
  const args = {
    event: { type: 'app_mention', channel: 'C1', user: 'U1', text: '<@UBOT> hi', ts: '100.1', ...event },
    body: { team_id: 'T1', ...(eventId ? { event_id: eventId } : {}) },
    client: s.client,
    context: { botUserId: 'UBOT' },
  };
  return onMention(s.deps)(args as never);
}

function dm(s: Setup, event: Record<string, unknown>, eventId: string | undefined = 'Ev1') {
  const args = {
    event: { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', text: 'hi', ts: '200.1', ...event },
    body: { team_id: 'T1', ...(eventId ? { event_id: eventId } : {}) },
    client: s.client,
    context: { botUserId: 'UBOT' },
  };
  return onDirectMessage(s.deps)(args as never);
}

describe('Slack deliveries: one answer per message', () => {
  it("drops a retry with the same event_id, even if Slack's retry carried another ts", async () => {
    const s = await setup();
    await mention(s, { ts: '100.1' }, 'EvA');
    await mention(s, { ts: '100.2' }, 'EvA');
    expect(s.posted).toHaveLength(1);
    expect(s.lines).toContainEqual(expect.objectContaining({ msg: 'duplicate delivery dropped', ids: expect.arrayContaining(['slack-event:EvA']) }));
  });

  it('drops the same message delivered as two events (two subscriptions: same channel and ts, other event_id)', async () => {
    const s = await setup();
    await mention(s, { ts: '100.1' }, 'EvA');
    await mention(s, { ts: '100.1' }, 'EvB');
    expect(s.posted).toHaveLength(1);
    expect(s.lines).toContainEqual(expect.objectContaining({ msg: 'duplicate delivery dropped', ids: expect.arrayContaining(['slack-msg:C1:100.1']) }));
  });

  it('answers two messages with the same ts in two channels, and a message with no event_id', async () => {
    const s = await setup();
    await mention(s, { channel: 'C1', ts: '100.1' }, 'EvA');
    await mention(s, { channel: 'C2', ts: '100.1' }, 'EvB');
    await mention(s, { channel: 'C3', ts: '100.1' }, undefined);
    expect(s.posted.map((p) => p.channel)).toEqual(['C1', 'C2', 'C3']);
  });

  it('keeps event ids and message ids apart from each other in the store', async () => {
    const s = await setup();
    // An event whose id happens to equal another message's "channel:ts" is still its own delivery.
    await mention(s, { channel: 'C1', ts: '1.1' }, 'C9:9.9');
    await mention(s, { channel: 'C9', ts: '9.9' }, 'EvZ');
    expect(s.posted).toHaveLength(2);
  });

  it('remembers a delivery only for the delivery TTL', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ now: () => now });
    const s = await setup({ store });
    s.deps.deliveryTtlMs = 60_000;
    await dm(s, { ts: '1.1' }, 'EvA');
    now += 59_000;
    await dm(s, { ts: '1.1' }, 'EvA');
    expect(s.posted).toHaveLength(1);
    now += 2_000;
    await dm(s, { ts: '1.1' }, 'EvA');
    expect(s.posted).toHaveLength(2);
  });
});

describe('Slack mentions', () => {
  it('answers in the thread of the mention, keyed by channel and thread, and logs no message text', async () => {
    const s = await setup();
    await mention(s, { text: '<@UBOT> how fast do containers start?', ts: '100.1' });
    expect(s.posted).toHaveLength(1);
    expect(s.posted[0]?.channel).toBe('C1');
    expect(s.posted[0]?.thread_ts).toBe('100.1');
    expect(s.posted[0]?.text).toMatch(/start/i);
    await mention(s, { text: '<@UBOT> help me choose', ts: '100.5', thread_ts: '100.1' }, 'Ev2');
    expect(s.posted[1]?.thread_ts).toBe('100.1');
    expect((await s.store.load(slackKey('T1', 'C1:100.1', 'U1')))?.state.interview?.current).toBe('isolation');
    const replied = s.lines.filter((l) => l.msg === 'replied');
    expect(replied.map((l) => [l.channel, l.intent])).toEqual([
      ['slack', 'startup_time'],
      ['slack', 'recommend'],
    ]);
    expect(JSON.stringify(s.lines)).not.toMatch(/containers start|help me choose/);
  });

  it('ignores bots, edits and other subtypes, messages without a user, and its own messages', async () => {
    const s = await setup();
    await mention(s, { bot_id: 'B1' }, 'E1');
    await mention(s, { subtype: 'message_changed' }, 'E2');
    await mention(s, { user: undefined }, 'E3');
    await mention(s, { user: 'UBOT' }, 'E4');
    expect(s.posted).toEqual([]);
    await mention(s, {}, 'E5');
    expect(s.posted).toHaveLength(1);
  });

  it('apologises in the thread when the answer cannot be posted, and keeps the conversation', async () => {
    const s = await setup({ failPost: true });
    await mention(s, { text: '<@UBOT> help me choose', ts: '300.1' });
    expect(s.posted).toEqual([{ channel: 'C1', thread_ts: '300.1', text: APOLOGY }]);
    expect(s.lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'reply failed' }));
    expect((await s.store.load(slackKey('T1', 'C1:300.1', 'U1')))?.state.interview).not.toBeNull();
  });
});

describe('Slack direct messages', () => {
  it('answers in the DM, keyed by the user, outside any thread unless the message was in one', async () => {
    const s = await setup();
    await dm(s, { text: 'help me choose', ts: '200.1' }, 'E1');
    expect(s.posted[0]?.channel).toBe('D1');
    expect(s.posted[0]).not.toHaveProperty('thread_ts');
    expect((await s.store.load(slackKey('T1', 'dm:U1', 'U1')))?.state.interview?.current).toBe('isolation');
    await dm(s, { text: 'what is a hypervisor?', ts: '200.2', thread_ts: '200.1' }, 'E2');
    expect(s.posted[1]?.thread_ts).toBe('200.1');
    // Same conversation: the interview is still on, so the topic answer asks the question again.
    expect((await s.store.load(slackKey('T1', 'dm:U1', 'U1')))?.state.interview?.current).toBe('isolation');
  });

  it('answers only plain human messages in an im', async () => {
    const s = await setup();
    await dm(s, { channel_type: 'channel' }, 'E1');
    await dm(s, { subtype: 'message_deleted' }, 'E2');
    await dm(s, { bot_id: 'B1' }, 'E3');
    await dm(s, { user: undefined }, 'E4');
    await dm(s, { user: 'UBOT' }, 'E5');
    expect(s.posted).toEqual([]);
    await dm(s, { text: undefined }, 'E6');
    expect(s.posted).toHaveLength(1);
  });
});
