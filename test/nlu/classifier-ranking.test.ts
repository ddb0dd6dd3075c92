/**
 * The classifier's ranking must hold every intent once, best first, ties in label order (a stable sort), and classify's decision must be the one
 * that ranking gives, on every dev and held-out text and on every path (confident, out of scope, too close).
 */
import { describe, expect, it } from 'vitest';
import type { Classification } from '../../src/nlu/classifier.js';
import { analyse, type Speller } from '../../src/nlu/features.js';
import { engine, jsonl } from '../helpers.js';

type Row = { text: string };

describe('intent ranking', () => {
  it('gives what the full ranking gives, with the ranking itself, under the shipped and under forcing thresholds', async () => {
    const e = await engine();
    const c = e.classifier;
    // The classifier's own speller decides whether a message has a known word (private; read for the reference only).
    const { speller, model } = c as unknown as { speller: Speller; model: { labels: string[] } };
    const shipped = e.knowledge.classifier;
    const variants = [
      shipped,
      { ...shipped, clarify_below: 1.01, clarify_margin: 1.01 },
      { ...shipped, out_of_scope_below: 0.9 },
      { ...shipped, out_of_scope_below: 0 },
    ];
    const texts = [...jsonl<Row>('dev.jsonl'), ...jsonl<Row>('heldout.jsonl')].map((r) => r.text);
    const paths = new Set<string>();
    for (const th of variants) {
      for (const text of texts) {
        const ranked = c.rank(text);
        const probs = new Map(ranked.map((r) => [r.intent as string, r.p]));
        const sorted = model.labels.map((intent) => ({ intent, p: probs.get(intent) })).sort((a, b) => (b.p ?? 0) - (a.p ?? 0));
        expect(ranked).toEqual(sorted);
        // The decision as written before, from the whole ranking.
        const top = ranked[0] ?? { intent: 'out_of_scope', p: 1 };
        let want: Classification;
        if (top.intent === 'out_of_scope') want = { intent: 'out_of_scope', confidence: top.p, ranked };
        else if (top.p < th.out_of_scope_below || !analyse(text, speller).knowsAWord) {
          const oos = ranked.find((r) => r.intent === 'out_of_scope')?.p ?? 0;
          want = { intent: 'out_of_scope', confidence: Math.max(oos, 1 - top.p), ranked };
        } else {
          const second = ranked.find((r) => r !== top && r.intent !== 'out_of_scope');
          want =
            second && top.p < th.clarify_below && top.p - second.p < th.clarify_margin
              ? { intent: top.intent, confidence: top.p, ranked, clarify: [top.intent, second.intent] }
              : { intent: top.intent, confidence: top.p, ranked };
        }
        const got = c.classify(text, th);
        paths.add(`${got.intent === 'out_of_scope'} ${got.clarify !== undefined}`);
        if (JSON.stringify(got) !== JSON.stringify(want)) expect(got).toEqual(want);
        expect({ ...got }).toEqual(want);
      }
    }
    expect(paths).toEqual(new Set(['false false', 'false true', 'true false']));
  });
});
