/**
 * The Teams bot's turn code with a recording adapter: which activities are answered once, whose state they
 * touch, when a card is updated in place, the start commands, group mentions and the welcome.
 */
import { type Activity, BotAdapter, type ConversationReference, type ResourceResponse, TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { RuntimeAdviceBot, teamsKey } from '../../src/channels/teams/bot.js';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/log.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine } from '../helpers.js';

class RecordingAdapter extends BotAdapter {
  sent: Array<Partial<Activity>> = [];
  updated: Array<Partial<Activity>> = [];
  failUpdates = false;

  async sendActivities(_context: TurnContext, activities: Array<Partial<Activity>>): Promise<ResourceResponse[]> {
    this.sent.push(...activities);
    return activities.map((_, i) => ({ id: `sent-${this.sent.length}-${i}` }));
  }

  async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | undefined> {
    if (this.failUpdates) throw new Error('this client cannot update cards');
    this.updated.push(activity);
    return { id: activity.id ?? '' };
  }

  async deleteActivity(_context: TurnContext, _reference: Partial<ConversationReference>): Promise<void> {}

  async continueConversation(_reference: Partial<ConversationReference>, _logic: (context: TurnContext) => Promise<void>): Promise<void> {}
}

type Card = {
  body: Array<{ text?: string }>;
  actions?: Array<{ title: string; data: { a: { kind: string; interview?: string; slot?: string; value?: string }; o: string; k: string } }>;
};
const cardOf = (a: Partial<Activity> | undefined) => (a?.attachments?.[0]?.content as Card | undefined) ?? { body: [] };
const textOf = (a: Partial<Activity> | undefined) =>
  a?.text
    ? a.text
    : cardOf(a)
        .body.map((b) => b.text ?? '')
        .join('\n');

async function setup(namespace?: string, store = new MemoryStore()) {
  const shared = await engine();
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  const e = new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store });
  const bot = new RuntimeAdviceBot({ engine: e, store, logger, ...(namespace ? { namespace } : {}) });
  const adapter = new RecordingAdapter();
  let n = 0;
  const run = async (activity: Partial<Activity>) => {
    const full: Partial<Activity> = {
      type: 'message',
      channelId: 'msteams',
      id: `act-${++n}`,
      from: { id: '29:user', aadObjectId: 'aad-user', name: 'User' },
      recipient: { id: '28:bot', name: 'runtime-advice' },
      conversation: { id: 'conv-1', conversationType: 'personal', tenantId: 'tenant-1', isGroup: false, name: '' },
      serviceUrl: 'http://127.0.0.1:1',
      ...activity,
    };
    await bot.run(new TurnContext(adapter, full as Activity));
  };
  return { run, adapter, store, lines, knowledge: shared.knowledge };
}

describe('teamsKey', () => {
  it('is namespace, tenant, conversation and user; the tenant from the conversation, else the channel data', () => {
    expect(teamsKey({ conversation: { id: 'c', tenantId: 't' } as never }, 'u')).toBe('teams:t:c:u');
    expect(teamsKey({ conversation: { id: 'c' } as never, channelData: { tenant: { id: 't2' } } }, 'u', 'local')).toBe('local:t2:c:u');
    expect(teamsKey({}, 'u')).toBe('teams:tenant:conversation:u');
  });
});

describe('Teams turns', () => {
  it('answers an activity once: a re-delivery with the same id in the same conversation is dropped', async () => {
    const s = await setup();
    await s.run({ id: 'same', text: 'how fast do containers start?' });
    await s.run({ id: 'same', text: 'how fast do containers start?' });
    expect(s.adapter.sent).toHaveLength(1);
    expect(s.lines).toContainEqual(expect.objectContaining({ msg: 'duplicate activity dropped' }));
    await s.run({ id: 'same', text: 'how fast do containers start?', conversation: { id: 'conv-2', isGroup: false } as never });
    expect(s.adapter.sent).toHaveLength(2);
  });

  it('keeps namespaces apart: the same activity id under another namespace is its own delivery', async () => {
    const store = new MemoryStore();
    const a = await setup(undefined, store);
    const b = await setup('teams-local', store);
    await a.run({ id: 'x1', text: 'hi' });
    await b.run({ id: 'x1', text: 'hi' });
    expect(a.adapter.sent).toHaveLength(1);
    expect(b.adapter.sent).toHaveLength(1);
  });

  it('keys the conversation by the AAD object id, and without one by the channel account id', async () => {
    const s = await setup();
    await s.run({ text: 'help me choose' });
    expect((await s.store.load('teams:tenant-1:conv-1:aad-user'))?.state.interview).not.toBeNull();
    await s.run({ text: 'help me choose', from: { id: '29:other', name: 'Other' } });
    expect((await s.store.load('teams:tenant-1:conv-1:29:other'))?.state.interview).not.toBeNull();
  });

  it('"runtime-advice" and "/runtime-advice" from the command menu start the interview', async () => {
    const s = await setup();
    for (const text of ['runtime-advice', ' /Runtime-Advice ']) {
      await s.run({ text });
      expect(textOf(s.adapter.sent.at(-1))).toContain('Question 1 of at most');
      await s.run({ text: 'cancel' });
    }
    await s.run({ text: 'runtime-advice please' });
    expect(textOf(s.adapter.sent.at(-1))).not.toContain('Question 1 of at most');
  });

  it('in a group chat, reads the text without the mention of the bot', async () => {
    const s = await setup();
    await s.run({
      text: '<at>runtime-advice</at> how fast do containers start?',
      conversation: { id: 'group-1', isGroup: true, conversationType: 'groupChat', tenantId: 'tenant-1' } as never,
      entities: [{ type: 'mention', mentioned: { id: '28:bot', name: 'runtime-advice' }, text: '<at>runtime-advice</at>' }],
    });
    expect(s.lines).toContainEqual(expect.objectContaining({ msg: 'replied', intent: 'startup_time' }));
  });

  it('updates the question card in place for an answer, and sends a new card for other buttons', async () => {
    const s = await setup();
    await s.run({ text: 'help me choose' });
    const first = cardOf(s.adapter.sent[0]).actions?.find((a) => a.title === 'No, standard is fine')?.data;
    expect(first?.o).toBe('aad-user');
    expect(first?.k).toBe('conv-1');
    await s.run({ text: '', value: first, replyToId: 'card-1' });
    expect(s.adapter.updated).toHaveLength(1);
    expect(s.adapter.updated[0]?.id).toBe('card-1');
    expect(textOf(s.adapter.updated[0])).toContain('Question 2 of at most');
    expect(s.adapter.sent).toHaveLength(1);
    expect(s.lines).toContainEqual(expect.objectContaining({ msg: 'replied', action: 'answer' }));
    // Without the card's id there is nothing to update: a new card.
    const second = cardOf(s.adapter.updated[0]).actions?.[1]?.data;
    await s.run({ text: '', value: second });
    expect(s.adapter.sent).toHaveLength(2);
    await s.run({ text: '', value: { a: { kind: 'why' }, o: 'aad-user', k: 'conv-1' }, replyToId: 'card-1' });
    expect(s.adapter.sent).toHaveLength(3);
    expect(s.adapter.updated).toHaveLength(1);
  });

  it('sends a new card when the client cannot update one, and says so at warn', async () => {
    const s = await setup();
    s.adapter.failUpdates = true;
    await s.run({ text: 'help me choose' });
    const data = cardOf(s.adapter.sent[0]).actions?.[0]?.data;
    await s.run({ text: '', value: data, replyToId: 'card-1' });
    expect(s.adapter.sent).toHaveLength(2);
    expect(s.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'card update failed, sending a new card', channel: 'teams' }));
  });

  it("refuses a click on someone else's interview, and changes nothing", async () => {
    const s = await setup();
    await s.run({ text: 'help me choose' });
    const data = cardOf(s.adapter.sent[0]).actions?.[0]?.data;
    const before = await s.store.load('teams:tenant-1:conv-1:aad-user');
    await s.run({ text: '', value: data, from: { id: '29:intruder', aadObjectId: 'aad-intruder', name: 'I' } });
    expect(s.adapter.sent.at(-1)?.text).toBe('This interview belongs to someone else. Start your own by mentioning me.');
    expect(await s.store.load('teams:tenant-1:conv-1:aad-user')).toEqual(before);
    expect(await s.store.load('teams:tenant-1:conv-1:aad-intruder')).toBeUndefined();
  });

  it('a value that is not a card submit of ours is read as typed text', async () => {
    const s = await setup();
    await s.run({ text: 'how fast do containers start?', value: { something: 'else' } });
    expect(s.lines).toContainEqual(expect.objectContaining({ msg: 'replied', intent: 'startup_time' }));
  });

  it('welcomes once when the bot joins a conversation, and never when someone else joins', async () => {
    const s = await setup();
    const added = (ids: string[], conversation = 'conv-1') => ({
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: ids.map((id) => ({ id, name: id })),
      conversation: { id: conversation, isGroup: false } as never,
    });
    await s.run(added(['29:someone']));
    expect(s.adapter.sent).toHaveLength(0);
    await s.run(added(['29:someone', '28:bot']));
    expect(s.adapter.sent).toHaveLength(1);
    expect(textOf(s.adapter.sent[0])).toContain(s.knowledge.responses.greeting.slice(0, 20));
    expect(cardOf(s.adapter.sent[0]).actions?.map((a) => [a.title, a.data.a])).toEqual([['Help me choose', { kind: 'ask', intent: 'recommend' }]]);
    await s.run(added(['28:bot']));
    expect(s.adapter.sent).toHaveLength(1);
    await s.run(added(['28:bot'], 'conv-2'));
    expect(s.adapter.sent).toHaveLength(2);
  });

  it('logs the intent and how long the turn took, never the text', async () => {
    const s = await setup();
    await s.run({ text: 'what is a hypervisor, asks zebra-project' });
    const replied = s.lines.find((l) => l.msg === 'replied');
    expect(replied).toMatchObject({ channel: 'teams', intent: 'vm_basics' });
    expect(typeof replied?.latency_ms).toBe('number');
    expect(JSON.stringify(s.lines)).not.toContain('zebra');
  });
});
