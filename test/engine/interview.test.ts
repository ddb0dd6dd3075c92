import { describe, expect, it } from 'vitest';
import { flipsOf } from '../../src/engine/advice.js';
import { Engine } from '../../src/engine/engine.js';
import type { Answers, Slot, Verdict } from '../../src/ids.js';
import type { Reply } from '../../src/reply.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine, jsonl } from '../helpers.js';
import { SLOTS } from '../knowledge-ids.js';

type Description = { text: string; verdict: Verdict; slots: Answers };

async function fresh(now: () => number = Date.now): Promise<Engine> {
  const shared = await engine();
  return new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store: new MemoryStore(), now });
}

function click(reply: Reply, value: string) {
  const q = reply.question;
  if (!q) throw new Error('no question');
  return { kind: 'action' as const, action: { kind: 'answer', interview: q.interview, slot: q.slot, value } };
}

/** Answers the question of `reply` with `truth(slot)`; a grouped question ticks the slots valued `yes`. */
function answer(reply: Reply, truth: (slot: Slot) => string) {
  const q = reply.question;
  if (!q) throw new Error('no question');
  if (!q.multi) return click(reply, truth(q.slot));
  const group = q.slots ?? [];
  return { kind: 'action' as const, action: { kind: 'multi', interview: q.interview, group, chosen: group.filter((s) => truth(s) === 'yes') } };
}

describe('guided interview', () => {
  it('reaches the reference verdict of every description asking on average at most 3 questions (a fixed questionnaire asks one per slot)', async () => {
    const bot = await fresh();
    const counts: number[] = [];
    for (const [i, d] of jsonl<Description>('descriptions.jsonl').entries()) {
      let reply = await bot.handle(`d${i}`, { kind: 'text', text: d.text });
      let asked = 0;
      while (reply.question) {
        asked++;
        // The user answers what their description implies; anything it did not mention is a "no".
        reply = await bot.handle(
          `d${i}`,
          answer(reply, (slot) => d.slots[slot] ?? (slot === 'isolation' ? 'standard' : 'no')),
        );
      }
      expect(reply.recommendation?.verdict, d.text).toBe(d.verdict);
      counts.push(asked);
    }
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(mean).toBeLessThanOrEqual(3);
    expect(Math.max(...counts)).toBeLessThan(SLOTS.length);
  });

  it('only asks questions whose answer could change the verdict', async () => {
    const bot = await fresh();
    let reply = await bot.handle('k', { kind: 'text', text: 'help me choose' });
    const answers: Answers = {};
    const script = ['standard', 'yes', 'no', 'unsure', 'no', 'yes', 'no', 'no', 'no'];
    for (const value of script) {
      const q = reply.question;
      if (!q) break;
      const asked = q.slots ?? [q.slot];
      for (const slot of asked) {
        const flips = flipsOf(bot.knowledge.interview, answers, [slot]);
        expect(flips.length, `${slot} asked but cannot change the verdict`).toBeGreaterThan(0);
      }
      const v = (slot: Slot) => (slot === 'isolation' ? value : value === 'standard' ? 'no' : value === 'unsure' && q.multi ? 'no' : value);
      for (const slot of asked) answers[slot] = v(slot);
      reply = await bot.handle('k', answer(reply, v));
    }
    expect(reply.recommendation).not.toBeNull();
    expect(
      flipsOf(
        bot.knowledge.interview,
        reply.recommendation ? answers : {},
        SLOTS.filter((s) => answers[s] === undefined),
      ),
    ).toEqual([]);
  });

  it('an interview idle for more than 24 hours has ended', async () => {
    let now = 1_000_000;
    const bot = await fresh(() => now);
    const first = await bot.handle('k', { kind: 'text', text: 'help me choose' });
    now += 25 * 60 * 60 * 1000;
    const late = await bot.handle('k', click(first, 'high'));
    expect(late.question).toBeNull();
    expect(late.blocks.map((b) => ('text' in b ? b.text : '')).join(' ')).toMatch(/That interview has ended/);
  });

  it('two simultaneous clicks on one question make one transition', async () => {
    const bot = await fresh();
    const first = await bot.handle('k', { kind: 'text', text: 'help me choose' });
    const [a, b] = await Promise.all([bot.handle('k', click(first, 'standard')), bot.handle('k', click(first, 'standard'))]);
    const next = [a, b].filter((r) => r.question?.slot === 'multi_os' && r.question.number === 2);
    expect(next).toHaveLength(2);
    const third = await bot.handle('k', click(a, 'no'));
    expect(third.question?.number).toBe(3);
  });

  it('keeps no message text in the conversation state', async () => {
    const store = new MemoryStore();
    const shared = await engine();
    const bot = new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store });
    await bot.handle('k', { kind: 'text', text: 'we run a secret-project-zebra legacy app, help me choose' });
    const saved = await store.load('k');
    expect(JSON.stringify(saved)).not.toContain('zebra');
  });
});
