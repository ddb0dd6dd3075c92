/**
 * Advice on someone's message (the `describe` input of the Slack message shortcut). The reader here is
 * the regular-expression baseline, so these hold whatever the learned reader's training data is.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { advise } from '../../src/engine/advice.js';
import { Engine } from '../../src/engine/engine.js';
import { MAX_NLU_CHARS } from '../../src/nlu/normalise.js';
import { RegexSlotExtractor } from '../../src/nlu/slots.js';
import { replyText } from '../../src/reply.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine } from '../helpers.js';

let e: Engine;
beforeAll(async () => {
  const shared = await engine();
  e = new Engine({
    knowledge: shared.knowledge,
    classifier: shared.classifier,
    reader: new RegexSlotExtractor(shared.knowledge.interview),
    store: new MemoryStore(),
  });
});

describe('describe: advice on a message as it stands', () => {
  it('states what it read, the verdict as it stands, and asks the next question', async () => {
    const reply = await e.handle('a', { kind: 'describe', text: 'legacy Windows app on Linux hosts, auditors want strong isolation' });
    const text = replyText(reply);
    expect(reply.intent).toBe('recommend');
    expect(text).toContain('I read that message for what it says about the workload.');
    expect(text).toContain('legacy app: yes');
    expect(text).toContain('strongest isolation: yes');
    expect(text).toMatch(/As it stands, that points to virtual machines \(confidence \d+%\)/);
    expect(reply.question?.slot).toBe('microservices');
    expect(reply.recommendation).toBeNull();
  });

  it('gives the recommendation when the message settles it', async () => {
    const reply = await e.handle('b', { kind: 'describe', text: 'our payment platform handles card data for PCI and is split into microservices' });
    expect(reply.question).toBeNull();
    expect(reply.recommendation?.verdict).toBe('hybrid');
    expect(replyText(reply)).not.toMatch(/As it stands/);
  });

  it('with nothing readable, says so and starts at the first question, even for text the classifier would call out of scope', async () => {
    const reply = await e.handle('c', { kind: 'describe', text: 'Lunch at noon? The pizza place on 5th.' });
    expect(replyText(reply)).toContain('I could not find anything about the workload in that message');
    expect(reply.question?.number).toBe(1);
    expect(reply.question?.slot).toBe('isolation');
  });

  it('replaces a running interview in that conversation, whose old buttons then have ended', async () => {
    const first = await e.handle('d', { kind: 'action', action: { kind: 'ask', intent: 'recommend' } });
    await e.handle('d', { kind: 'describe', text: 'we run a legacy app' });
    const q = first.question;
    if (!q) throw new Error('no question');
    const stale = await e.handle('d', { kind: 'action', action: { kind: 'answer', interview: q.interview, slot: q.slot, value: 'high' } });
    expect(replyText(stale)).toMatch(/That interview has ended/);
  });

  it('the reply opens with what it read and ends with the verdict as it stands, in per cent', async () => {
    const text = 'legacy Windows app on Linux hosts, auditors want strong isolation';
    const reply = await e.handle('e', { kind: 'describe', text });
    const k = e.knowledge;
    const a = advise(k.interview, e.read(text));
    expect(reply.blocks[0]).toEqual({ type: 'text', text: k.responses.describe_intro });
    const leaning = k.responses.describe_leaning
      .replace('{verdict}', k.verdicts[a.verdict].title.toLowerCase())
      .replace('{confidence}', String(Math.round(a.confidence * 100)));
    expect(reply.blocks.at(-1)).toEqual({ type: 'text', text: leaning });
  });

  it('a message over the reading limit is said to be long before anything else; one at the limit is not', async () => {
    const stated = 'we run a legacy app. ';
    const over = await e.handle('f', { kind: 'describe', text: stated.padEnd(MAX_NLU_CHARS + 1, 'x') });
    expect(over.blocks.slice(0, 2)).toEqual([
      { type: 'text', text: e.knowledge.responses.too_long },
      { type: 'text', text: e.knowledge.responses.describe_intro },
    ]);
    const at = await e.handle('g', { kind: 'describe', text: stated.padEnd(MAX_NLU_CHARS, 'x') });
    expect(at.blocks[0]).toEqual({ type: 'text', text: e.knowledge.responses.describe_intro });
  });
});
