/**
 * Runs every scripted conversation in test/conversations/*.yaml against the real engine.
 * Each turn is what the user says (`user`), a click on an option of the current question
 * (`click`), on a choice button of the last reply (`choose`), or a raw button value (`action`);
 * the expectations are checked against the bot's reply.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { Engine } from '../../src/engine/engine.js';
import { type Reply, replyText } from '../../src/reply.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine, ROOT } from '../helpers.js';

const Turn = z.strictObject({
  user: z.string().optional(),
  click: z.string().optional(),
  /** Ticks these options of the current grouped question and continues (an empty list: none ticked). */
  tick: z.array(z.string()).optional(),
  choose: z.string().optional(),
  action: z.unknown().optional(),
  /** Expected classified intent (null for answers and clicks). */
  intent: z.string().nullable().optional(),
  /** Expected slot of the question asked, or null for none. */
  question: z.string().nullable().optional(),
  /** Expected slots of a grouped question, or null for a single question (or none). */
  group: z.array(z.string()).nullable().optional(),
  /** Expected "question N of at most M". */
  progress: z.tuple([z.number(), z.number()]).optional(),
  /** Expected verdict of a recommendation in this reply, or null for none. */
  verdict: z.string().nullable().optional(),
  /** Substrings the reply text must contain / must not contain. */
  says: z.array(z.string()).optional(),
  not_says: z.array(z.string()).optional(),
  /** Labels the reply's choice buttons must include. */
  choices: z.array(z.string()).optional(),
});
const Script = z.strictObject({ name: z.string(), covers: z.array(z.string()).optional(), turns: z.array(Turn).min(1) });

const DIR = join(ROOT, 'test', 'conversations');
const scripts = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ file: f, script: Script.parse(parse(readFileSync(join(DIR, f), 'utf8'))) }));

describe('scripted conversations', () => {
  it('there are at least 25', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(25);
  });

  it.each(scripts.map((s) => [s.file, s.script] as const))('%s', async (_, script) => {
    const shared = await engine();
    const bot = new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store: new MemoryStore() });
    let last: Reply | undefined;
    for (const [i, turn] of script.turns.entries()) {
      const where = `${script.name}, turn ${i + 1}`;
      let reply: Reply;
      if (turn.user !== undefined) reply = await bot.handle('c', { kind: 'text', text: turn.user });
      else if (turn.click !== undefined) {
        const q = last?.question;
        const option = q?.options.find((o) => o.label === turn.click);
        if (!q || !option) throw new Error(`${where}: no option "${turn.click}" to click`);
        // On a grouped question only its last option ("None of these") is a button of its own.
        const action = q.multi
          ? { kind: 'multi', interview: q.interview, group: q.slots, chosen: option.value === 'none' ? [] : [option.value] }
          : { kind: 'answer', interview: q.interview, slot: q.slot, value: option.value };
        reply = await bot.handle('c', { kind: 'action', action });
      } else if (turn.tick !== undefined) {
        const q = last?.question;
        if (!q?.multi) throw new Error(`${where}: no grouped question to tick`);
        const chosen = turn.tick.map((label) => {
          const option = q.options.find((o) => o.label === label);
          if (!option) throw new Error(`${where}: no option "${label}" in ${JSON.stringify(q.options.map((o) => o.label))}`);
          return option.value;
        });
        reply = await bot.handle('c', { kind: 'action', action: { kind: 'multi', interview: q.interview, group: q.slots, chosen } });
      } else if (turn.choose !== undefined) {
        const choice = last?.choices.find((c) => c.label === turn.choose);
        if (!choice) throw new Error(`${where}: no choice "${turn.choose}" in ${JSON.stringify(last?.choices.map((c) => c.label))}`);
        reply = await bot.handle('c', { kind: 'action', action: choice.action });
      } else {
        // `interview: CURRENT` stands for the id of the interview on screen (a real-looking but crafted value).
        const raw = turn.action as Record<string, unknown> | undefined;
        const action = raw?.interview === 'CURRENT' ? { ...raw, interview: last?.question?.interview } : turn.action;
        reply = await bot.handle('c', { kind: 'action', action });
      }
      const text = replyText(reply);
      if (turn.intent !== undefined) expect(reply.intent, where).toBe(turn.intent);
      if (turn.question !== undefined) expect(reply.question?.slot ?? null, where).toBe(turn.question);
      if (turn.group !== undefined) expect(reply.question?.multi ? reply.question.slots : null, where).toEqual(turn.group);
      if (turn.progress) expect([reply.question?.number, reply.question?.atMost], where).toEqual(turn.progress);
      if (turn.verdict !== undefined) expect(reply.recommendation?.verdict ?? null, where).toBe(turn.verdict);
      for (const s of turn.says ?? []) expect(text, where).toContain(s);
      for (const s of turn.not_says ?? []) expect(text, where).not.toContain(s);
      for (const c of turn.choices ?? [])
        expect(
          reply.choices.map((x) => x.label),
          where,
        ).toContain(c);
      last = reply;
    }
  });
});
