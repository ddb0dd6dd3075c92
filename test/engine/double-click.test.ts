/**
 * A double click: two turns that load the same stored state before either saves. Compare-and-set must
 * let exactly one of them make the transition; the other is told the question was already answered.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { Reply } from '../../src/reply.js';
import { type ConversationState, MemoryStore, type Versioned } from '../../src/state/store.js';
import { engine } from '../helpers.js';

/** A MemoryStore whose first `n` loads all return only once `n` loads have been made: they all read the same version. */
class BarrierStore extends MemoryStore {
  private waiting: Array<() => void> = [];
  loads = 0;
  saves: boolean[] = [];

  constructor(private readonly n: number) {
    super();
  }

  override async load(key: string): Promise<Versioned | undefined> {
    const loaded = await super.load(key);
    this.loads++;
    if (this.loads <= this.n) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.waiting.length === this.n) for (const r of this.waiting.splice(0)) r();
      });
    }
    return loaded;
  }

  override async save(key: string, state: ConversationState, expected: number): Promise<boolean> {
    const ok = await super.save(key, state, expected);
    this.saves.push(ok);
    return ok;
  }
}

async function bot(store: MemoryStore): Promise<Engine> {
  const shared = await engine();
  return new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store });
}

const text = (r: Reply) => r.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');

describe('double click on an interview answer', () => {
  it('two clicks that load the same state make one transition; the other reply says "already answered" and asks the current question', async () => {
    const store = new BarrierStore(0);
    const e = await bot(store);
    const first = await e.handle('k', { kind: 'text', text: 'help me choose' });
    const q = first.question;
    if (!q) throw new Error('the interview asked nothing');
    expect(q.slot).toBe('isolation');
    const before = await store.load('k');

    const racing = new BarrierStore(2);
    await racing.save('k', before?.state as ConversationState, 0);
    racing.saves = [];
    const e2 = await bot(racing);
    const click = { kind: 'action' as const, action: { kind: 'answer', interview: q.interview, slot: 'isolation', value: 'standard' } };
    const replies = await Promise.all([e2.handle('k', click), e2.handle('k', click)]);

    // Both loaded version 1; one save won, the loser's failed and its retry saved.
    expect(racing.saves).toEqual([true, false, true]);
    const already = e2.knowledge.responses.already_answered;
    const [winner, loser] = replies;
    expect(winner?.question?.slot).toBe('multi_os');
    expect(text(winner as Reply)).not.toContain(already);
    expect(text(loser as Reply)).toBe(already);
    expect(loser?.question?.slot).toBe('multi_os');
    expect(loser?.question?.number).toBe(2);

    const after = (await racing.load('k'))?.state;
    expect(after?.interview?.asked).toEqual(['isolation']);
    expect(after?.interview?.answers).toEqual({ isolation: 'standard' });
    expect(after?.interview?.current).toBe('multi_os');
  });

  it('two different options clicked at once: the first to save wins, the second changes nothing', async () => {
    const store = new BarrierStore(0);
    const e = await bot(store);
    const q = (await e.handle('k', { kind: 'text', text: 'help me choose' })).question;
    if (!q) throw new Error('the interview asked nothing');
    const racing = new BarrierStore(2);
    await racing.save('k', (await store.load('k'))?.state as ConversationState, 0);
    const e2 = await bot(racing);
    const answer = (value: string) => ({ kind: 'action' as const, action: { kind: 'answer', interview: q.interview, slot: q.slot, value } });
    const [high, standard] = await Promise.all([e2.handle('k', answer('high')), e2.handle('k', answer('standard'))]);
    expect(text(standard as Reply)).toBe(e2.knowledge.responses.already_answered);
    expect(text(high as Reply)).not.toContain(e2.knowledge.responses.already_answered);
    expect((await racing.load('k'))?.state.interview?.answers).toEqual({ isolation: 'high' });
  });

  it('a second click on an answered question, after the first was saved, also says "already answered"', async () => {
    const e = await bot(new MemoryStore());
    const q = (await e.handle('k', { kind: 'text', text: 'help me choose' })).question;
    if (!q) throw new Error('the interview asked nothing');
    const click = { kind: 'action' as const, action: { kind: 'answer', interview: q.interview, slot: q.slot, value: 'standard' } };
    const once = await e.handle('k', click);
    const twice = await e.handle('k', click);
    expect(once.question?.slot).toBe('multi_os');
    expect(text(twice)).toBe(e.knowledge.responses.already_answered);
    expect(twice.question).toEqual(once.question);
  });

  it('gives up with the fallback after three lost compare-and-sets, and never saves a stale state', async () => {
    class LosingStore extends MemoryStore {
      attempts = 0;
      override async save(): Promise<boolean> {
        this.attempts++;
        return false;
      }
    }
    const store = new LosingStore();
    const e = await bot(store);
    const reply = await e.handle('k', { kind: 'text', text: 'help me choose' });
    expect(store.attempts).toBe(3);
    expect(text(reply)).toBe(e.knowledge.responses.fallback);
    expect(reply.question).toBeNull();
  });
});
