/**
 * The classifier's decisions on top of its ranking: "did you mean" when the top two in-scope intents are
 * close, out of scope when it is unsure of every intent. The thresholds are moved around each case's real
 * probabilities, so every comparison is checked on both sides of its boundary.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { Scored } from '../../src/nlu/classifier.js';
import { replyText } from '../../src/reply.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine, jsonl } from '../helpers.js';

/** The top guess and the best other in-scope guess. */
function topTwo(ranked: readonly Scored[]): [Scored, Scored] {
  const [top, ...rest] = ranked;
  const second = rest.find((r) => r.intent !== 'out_of_scope');
  if (!top || !second) throw new Error('ranking too short');
  return [top, second];
}

describe('"did you mean"', () => {
  it('asks between the top two in-scope intents when they are closer than the margin and the top is below the bar', async () => {
    const e = await engine();
    const text = 'what is the overhead of a vm compared to a container';
    const [top, second] = topTwo(e.classifier.rank(text));
    expect(top.intent).not.toBe('out_of_scope');
    const gap = top.p - second.p;
    const base = { ...e.knowledge.classifier, out_of_scope_below: 0 };
    const close = e.classifier.classify(text, { ...base, clarify_below: top.p + 0.01, clarify_margin: gap + 0.01 });
    expect(close.clarify).toEqual([top.intent, second.intent]);
    expect(close.intent).toBe(top.intent);
    expect(close.confidence).toBe(top.p);
    // Just outside either bound: no question.
    expect(e.classifier.classify(text, { ...base, clarify_below: top.p + 0.01, clarify_margin: gap }).clarify).toBeUndefined();
    expect(e.classifier.classify(text, { ...base, clarify_below: top.p, clarify_margin: gap + 0.01 }).clarify).toBeUndefined();
  });

  it('never offers "out of scope" as the second choice', async () => {
    const e = await engine();
    // Find a message whose runner-up is out_of_scope: the question must skip it for the next in-scope intent.
    const rows = jsonl<{ text: string }>('dev.jsonl');
    const row = rows.find((r) => {
      const [top, next] = e.classifier.rank(r.text);
      return top?.intent !== 'out_of_scope' && next?.intent === 'out_of_scope';
    });
    if (!row) throw new Error('no dev line ranks out_of_scope second');
    const ranked = e.classifier.rank(row.text);
    const [top, second] = topTwo(ranked);
    expect(ranked[1]?.intent).toBe('out_of_scope');
    const c = e.classifier.classify(row.text, { ...e.knowledge.classifier, out_of_scope_below: 0, clarify_below: 1.01, clarify_margin: 1.01 });
    expect(c.clarify).toEqual([top.intent, second.intent]);
  });

  it('in the conversation: the reply names both intents as buttons, and a click answers the one chosen', async () => {
    const shared = await engine();
    const rows = jsonl<{ text: string }>('dev.jsonl');
    const ambiguous = rows.map((r) => ({ text: r.text, c: shared.classifier.classify(r.text) })).filter((r) => r.c.clarify);
    // The dev set holds genuinely ambiguous lines; with the shipped thresholds some of them are asked about.
    expect(ambiguous.length).toBeGreaterThan(0);
    const bot = new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store: new MemoryStore() });
    const topic = ambiguous.find((r) => r.c.clarify?.every((i) => shared.knowledge.topics[i as keyof typeof shared.knowledge.topics]));
    if (!topic?.c.clarify) throw new Error('no ambiguous dev line between two topics');
    const [a, b] = topic.c.clarify;
    const reply = await bot.handle('k', { kind: 'text', text: topic.text });
    expect(replyText(reply)).toMatch(/^I am not sure what you mean\. Did you mean .+ or .+\?$/);
    expect(reply.intent).toBe(a);
    expect(reply.choices.map((c) => c.action)).toEqual([
      { kind: 'ask', intent: a },
      { kind: 'ask', intent: b },
    ]);
    const titleA = shared.knowledge.topics[a as keyof typeof shared.knowledge.topics]?.title ?? '';
    expect(replyText(reply)).toContain(titleA.toLowerCase());
    expect(reply.choices[0]?.label).toBe(titleA.charAt(0).toUpperCase() + titleA.slice(1).toLowerCase());
    const chosen = await bot.handle('k', { kind: 'action', action: reply.choices[1]?.action });
    expect(chosen.intent).toBe(b);
    expect(chosen.blocks[0]).toEqual({ type: 'heading', text: shared.knowledge.topics[b as keyof typeof shared.knowledge.topics]?.title });
  });
});

describe('out of scope', () => {
  it('is the answer when the top in-scope probability is under the bar, with the probability of "none of them"', async () => {
    const e = await engine();
    const text = 'how fast do containers start';
    const ranked = e.classifier.rank(text);
    const top = ranked[0];
    if (!top) throw new Error('no ranking');
    expect(top.intent).toBe('startup_time');
    const oos = ranked.find((r) => r.intent === 'out_of_scope')?.p ?? 0;
    const under = e.classifier.classify(text, { ...e.knowledge.classifier, out_of_scope_below: top.p + 0.001 });
    expect(under.intent).toBe('out_of_scope');
    expect(under.confidence).toBe(Math.max(oos, 1 - top.p));
    expect(under.clarify).toBeUndefined();
    const at = e.classifier.classify(text, { ...e.knowledge.classifier, out_of_scope_below: top.p });
    expect(at.intent).toBe('startup_time');
    expect(at.confidence).toBe(top.p);
  });

  it('is the answer for text with no word the classifier knows, however sure the model is', async () => {
    const e = await engine();
    const lenient = { ...e.knowledge.classifier, out_of_scope_below: 0, clarify_below: 0 };
    const c = e.classifier.classify('zqxj vbnmw', lenient);
    // The model still ranks an in-scope intent first (from character features alone).
    const top = c.ranked[0];
    expect(top?.intent).not.toBe('out_of_scope');
    expect(c.intent).toBe('out_of_scope');
    const oos = c.ranked.find((r) => r.intent === 'out_of_scope')?.p ?? 0;
    expect(c.confidence).toBe(Math.max(oos, 1 - (top?.p ?? 0)));
    // One known word is enough.
    expect(e.classifier.classify('hypervisor zqxj', lenient).intent).toBe('vm_basics');
  });

  it('keeps its own probability as confidence when out_of_scope ranks first', async () => {
    const e = await engine();
    const c = e.classifier.classify('what is the weather in paris tomorrow');
    expect(c.ranked[0]?.intent).toBe('out_of_scope');
    expect(c).toEqual({ intent: 'out_of_scope', confidence: c.ranked[0]?.p, ranked: c.ranked });
  });
});
