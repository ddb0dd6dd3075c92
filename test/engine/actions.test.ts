/** Button actions through the engine: each kind, with and without what it needs, and how forged values are read. */
import { describe, expect, it } from 'vitest';
import { parseAction } from '../../src/engine/action.js';
import { Engine } from '../../src/engine/engine.js';
import type { Reply } from '../../src/reply.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine } from '../helpers.js';

/** The shipped knowledge base, which button actions are checked against. */
const K = (await engine()).knowledge;

async function bot(now?: () => number) {
  const shared = await engine();
  // The store keeps rows for two days, so the engine's own 24 h interview limit is what the TTL tests see.
  const store = new MemoryStore(now ? { now, stateTtlMs: 48 * 60 * 60 * 1000 } : {});
  const e = new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store, ...(now ? { now } : {}) });
  return { e, store, r: shared.knowledge.responses };
}

const texts = (r: Reply) => r.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : []));
const act = (action: unknown) => ({ kind: 'action' as const, action });
const say = (text: string) => ({ kind: 'text' as const, text });

/** Runs the interview to a recommendation by clicking "no"/"standard" throughout. */
async function recommend(e: Engine, key = 'k'): Promise<Reply> {
  let reply = await e.handle(key, say('help me choose'));
  while (reply.question) {
    const q = reply.question;
    const value = q.slot === 'isolation' ? 'standard' : 'no';
    reply = await e.handle(key, act({ kind: 'answer', interview: q.interview, slot: q.slot, value }));
  }
  return reply;
}

describe('parseAction', () => {
  it('accepts each kind in its valid shape, and keeps only the fields it knows', () => {
    expect(parseAction(K, { kind: 'answer', interview: 'i', slot: 'isolation', value: 'high', extra: 1 })).toEqual({
      kind: 'answer',
      interview: 'i',
      slot: 'isolation',
      value: 'high',
    });
    expect(parseAction(K, { kind: 'skip', interview: 'i', slot: 'x' })).toEqual({ kind: 'skip', interview: 'i' });
    expect(parseAction(K, { kind: 'ask', intent: 'overview' })).toEqual({ kind: 'ask', intent: 'overview' });
    expect(parseAction(K, { kind: 'revise', slot: 'legacy' })).toEqual({ kind: 'revise', slot: 'legacy' });
    for (const kind of ['why', 'change', 'restart', 'cancel']) expect(parseAction(K, { kind, slot: 'legacy' })).toEqual({ kind });
  });

  it.each([
    ['not an object', 'answer'],
    ['null', null],
    ['an unknown kind', { kind: 'share' }],
    ['no kind', { interview: 'i' }],
    ['an answer with a value the slot does not have', { kind: 'answer', interview: 'i', slot: 'isolation', value: 'yes' }],
    ['an answer to an unknown slot', { kind: 'answer', interview: 'i', slot: 'colour', value: 'yes' }],
    ['an answer with no interview', { kind: 'answer', slot: 'legacy', value: 'yes' }],
    ['an answer with a number for a value', { kind: 'answer', interview: 'i', slot: 'legacy', value: 1 }],
    ['an answer with a number for a slot', { kind: 'answer', interview: 'i', slot: 1, value: 'yes' }],
    ['a skip with no interview', { kind: 'skip' }],
    ['a question for an unknown intent', { kind: 'ask', intent: 'weather' }],
    ['a question with no intent', { kind: 'ask' }],
    ['a revision of an unknown slot', { kind: 'revise', slot: 'colour' }],
    ['a revision with a number for a slot', { kind: 'revise', slot: 3 }],
  ])('refuses %s', (_, raw) => {
    expect(parseAction(K, raw)).toBeUndefined();
  });
});

describe('actions', () => {
  it('a forged value reads as a click on an interview that has ended', async () => {
    const { e, r } = await bot();
    expect(texts(await e.handle('k', act({ kind: 'answer', interview: 'x', slot: 'colour', value: 'red' })))).toEqual([r.interview_expired]);
  });

  it('skip: records "not sure" for the current question and asks the next', async () => {
    const { e, store, r } = await bot();
    const q = (await e.handle('k', say('help me choose'))).question;
    if (!q) throw new Error('no question');
    const next = await e.handle('k', act({ kind: 'skip', interview: q.interview }));
    expect(texts(next)).toEqual([r.skipped]);
    expect(next.question?.slot).toBe('multi_os');
    expect((await store.load('k'))?.state.interview?.answers).toEqual({ isolation: 'unsure' });
    expect((await store.load('k'))?.state.interview?.asked).toEqual(['isolation']);
  });

  it('skip on another interview, or with none running, has ended', async () => {
    const { e, r } = await bot();
    expect(texts(await e.handle('k', act({ kind: 'skip', interview: 'nope' })))).toEqual([r.interview_expired]);
    await e.handle('k', say('help me choose'));
    const stale = await e.handle('k', act({ kind: 'skip', interview: 'other' }));
    expect(texts(stale)).toEqual([r.interview_expired]);
    expect(stale.question).toBeNull();
  });

  it('ask: answers a topic, or starts the interview from nothing', async () => {
    const { e, r } = await bot();
    const topic = await e.handle('k', act({ kind: 'ask', intent: 'startup_time' }));
    expect(topic.intent).toBe('startup_time');
    const start = await e.handle('k', act({ kind: 'ask', intent: 'recommend' }));
    expect(texts(start)).toEqual([r.interview_intro]);
    expect(start.question?.slot).toBe('isolation');
  });

  it('why and change before any recommendation say there is none', async () => {
    const { e, r } = await bot();
    for (const kind of ['why', 'change']) expect(texts(await e.handle('k', act({ kind })))).toEqual([r.why_none]);
    expect(texts(await e.handle('k', act({ kind: 'revise', slot: 'legacy' })))).toEqual([r.why_none]);
  });

  it('why after a recommendation gives the detailed card: every reason, and what to do', async () => {
    const { e } = await bot();
    const card = await recommend(e);
    expect(card.recommendation?.verdict).toBe('containers');
    const why = await e.handle('k', act({ kind: 'why' }));
    expect(why.recommendation).toEqual(card.recommendation);
    expect(texts(why)).toContain('What to do:');
    expect(texts(card)).not.toContain('What to do:');
  });

  it('change lists each answer given as a button that revises it', async () => {
    const { e, store } = await bot();
    await recommend(e);
    const answers = (await store.load('k'))?.state.last?.answers ?? {};
    const change = await e.handle('k', act({ kind: 'change' }));
    expect(texts(change)).toEqual(['Which answer do you want to change?']);
    expect(change.choices.map((c) => c.action)).toEqual(Object.keys(answers).map((slot) => ({ kind: 'revise', slot })));
    expect(change.choices[0]?.label).toBe('strongest isolation: no, standard is fine');
  });

  it('revise asks that question again first, keeping every other answer', async () => {
    const { e, store } = await bot();
    await recommend(e);
    const before = (await store.load('k'))?.state.last?.answers ?? {};
    const revise = await e.handle('k', act({ kind: 'revise', slot: 'multi_os' }));
    expect(revise.question?.slot).toBe('multi_os');
    expect(texts(revise).join(' ')).not.toContain('From what you said');
    const { multi_os: _dropped, ...rest } = before;
    expect((await store.load('k'))?.state.interview?.answers).toEqual(rest);
    const q = revise.question;
    if (!q) throw new Error('no question');
    const after = await e.handle('k', act({ kind: 'answer', interview: q.interview, slot: 'multi_os', value: 'yes' }));
    expect(after.question?.slot).not.toBe('multi_os');
    const state = (await store.load('k'))?.state;
    expect(state?.interview?.answers.multi_os ?? state?.last?.answers.multi_os).toBe('yes');
  });

  it('restart starts over with the first question; cancel stops, and says so when nothing runs', async () => {
    const { e, store, r } = await bot();
    await e.handle('k', say('help me choose'));
    const restart = await e.handle('k', act({ kind: 'restart' }));
    expect(texts(restart)).toEqual([r.restarted]);
    expect(restart.intent).toBe('restart');
    expect(restart.question?.number).toBe(1);
    const cancel = await e.handle('k', act({ kind: 'cancel' }));
    expect(texts(cancel)).toEqual([r.cancelled]);
    expect(cancel.intent).toBe('cancel');
    expect((await store.load('k'))?.state.interview).toBeNull();
    expect(texts(await e.handle('k', act({ kind: 'cancel' })))).toEqual([r.nothing_to_cancel]);
  });

  it('an interview idle past its TTL has ended, but its last recommendation is kept', async () => {
    let now = 1_000_000;
    const { e, r } = await bot(() => now);
    await recommend(e);
    const q = (await e.handle('k', say('help me choose'))).question;
    if (!q) throw new Error('no question');
    now += 24 * 60 * 60 * 1000 + 1;
    expect(texts(await e.handle('k', act({ kind: 'answer', interview: q.interview, slot: q.slot, value: 'high' })))).toEqual([r.interview_expired]);
    expect((await e.handle('k', act({ kind: 'why' }))).recommendation?.verdict).toBe('containers');
  });

  it('an interview idle exactly its TTL is still on', async () => {
    let now = 1_000_000;
    const { e } = await bot(() => now);
    const q = (await e.handle('k', say('help me choose'))).question;
    if (!q) throw new Error('no question');
    now += 24 * 60 * 60 * 1000;
    expect((await e.handle('k', act({ kind: 'answer', interview: q.interview, slot: q.slot, value: 'standard' }))).question?.slot).toBe('multi_os');
  });

  it('shares the last recommendation, and nothing before there is one', async () => {
    const { e } = await bot();
    expect(await e.lastRecommendation('k')).toBeUndefined();
    const card = await recommend(e);
    expect((await e.lastRecommendation('k'))?.recommendation).toEqual(card.recommendation);
  });
});
