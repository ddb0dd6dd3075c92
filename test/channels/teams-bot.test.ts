/** The Teams handler with botbuilder's TestAdapter, using a Teams channelId template. */
import { type Activity, TestAdapter } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { RuntimeAdviceBot } from '../../src/channels/teams/bot.js';
import { Engine } from '../../src/engine/engine.js';
import { silentLogger } from '../../src/log.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine, firstQuestion, literally, questionAfter } from '../helpers.js';

const TEMPLATE: Partial<Activity> = {
  channelId: 'msteams',
  conversation: { id: 'a:personal', conversationType: 'personal', tenantId: 'tenant-1', isGroup: false, name: '' },
  channelData: { tenant: { id: 'tenant-1' } },
};

async function adapter() {
  const shared = await engine();
  const store = new MemoryStore();
  const bot = new RuntimeAdviceBot({
    engine: new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store }),
    store,
    logger: silentLogger,
  });
  return new TestAdapter((context) => bot.run(context), TEMPLATE);
}

type CardActivity = Partial<Activity> & {
  attachments?: Array<{ contentType: string; content: { body: Array<{ text?: string }>; actions?: Array<{ title: string; data: unknown }> } }>;
};
const card = (a: Partial<Activity>) => (a as CardActivity).attachments?.[0]?.content;
const says = (pattern: RegExp) => (a: Partial<Activity>) => {
  expect(a.type).toBe('message');
  expect(JSON.stringify(card(a) ?? a.text)).toMatch(pattern);
};

describe('RuntimeAdviceBot (TestAdapter, msteams)', () => {
  it('answers a topic question with an Adaptive Card', async () => {
    const a = await adapter();
    await a.send('how fast do containers start?').assertReply((r) => {
      expect(r.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
      says(/under 1 s/)(r);
    });
  });

  it('runs an interview by card submits (activity value) to a verdict', async () => {
    const a = await adapter();
    const first = await firstQuestion();
    const high = first.options.find((o) => o.value === 'high');
    const second = await questionAfter({ isolation: 'high' });
    let question: Partial<Activity> | undefined;
    await a.send('help me choose').assertReply((r) => {
      question = r;
      says(literally(first.progress))(r);
    });
    const data = (title: string, from?: Partial<Activity>) => card(from ?? {})?.actions?.find((x: { title: string }) => x.title === title)?.data;
    await a.send({ value: data(high?.label ?? '', question), text: '' } as Partial<Activity>).assertReply((r) => {
      question = r;
      says(literally(second.progress))(r);
    });
    await a.send({ value: data('None of these', question), text: '' } as Partial<Activity>).assertReply(says(/Recommendation: Virtual machines/));
  });

  it('typed answers work too', async () => {
    const a = await adapter();
    const first = await firstQuestion();
    // Typing "2" picks the first question's second option.
    const after = await questionAfter({ [first.slot]: first.options[1]?.value ?? '' });
    await a.send('help me choose').assertReply(says(literally(first.progress)));
    await a.send('2').assertReply(says(literally(after.progress)));
  });

  it('welcomes once when the bot is added, not when a user is added', async () => {
    const a = await adapter();
    await a
      .send({
        type: 'conversationUpdate',
        membersAdded: [{ id: 'bot', name: 'runtime-advice' }],
        recipient: { id: 'bot', name: 'runtime-advice' },
      } as Partial<Activity>)
      .assertReply(says(/Hi!/))
      .send({ type: 'conversationUpdate', membersAdded: [{ id: 'user2', name: 'Two' }], recipient: { id: 'bot', name: 'runtime-advice' } } as Partial<Activity>)
      .assertNoReply();
  });
});
