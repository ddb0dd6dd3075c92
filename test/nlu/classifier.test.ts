import { describe, expect, it } from 'vitest';
import { scoreIntents } from '../../src/nlu/metrics.js';
import { engine, jsonl } from '../helpers.js';
import { INTENTS } from '../knowledge-ids.js';

type Row = { text: string; intent: string };

describe('intent classifier', () => {
  it.each(['dev.jsonl', 'heldout.jsonl'])(
    'holds the floors on %s (in-scope accuracy 92, out-of-scope recall 88, false rejection at most 5 per cent)',
    async (file) => {
      const e = await engine();
      const rows = jsonl<Row>(file);
      expect(rows.length).toBeGreaterThanOrEqual(200);
      expect(rows.filter((r) => r.intent === 'out_of_scope').length).toBeGreaterThanOrEqual(40);
      const m = scoreIntents(rows, (t) => e.classifier.classify(t).intent);
      expect(m.inScopeAccuracy).toBeGreaterThanOrEqual(0.92);
      expect(m.outOfScopeRecall).toBeGreaterThanOrEqual(0.88);
      expect(m.falseRejection).toBeLessThanOrEqual(0.05);
    },
  );

  it('beats natural BayesClassifier trained on the same utterances', async () => {
    const { trainBayes } = await import('../../src/nlu/bayes-baseline.js');
    const e = await engine();
    const rows = jsonl<Row>('dev.jsonl');
    const ours = scoreIntents(rows, (t) => e.classifier.classify(t).intent);
    const bayes = scoreIntents(rows, trainBayes(e.knowledge.intents));
    expect(ours.accuracy).toBeGreaterThan(bayes.accuracy);
  });

  it('is calibrated: expected calibration error on the dev set under 0.08', async () => {
    const e = await engine();
    const rows = jsonl<Row>('dev.jsonl');
    const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, correct: 0 }));
    for (const r of rows) {
      const top = e.classifier.rank(r.text)[0];
      if (!top) continue;
      const bin = bins[Math.min(9, Math.floor(top.p * 10))];
      if (!bin) continue;
      bin.n++;
      bin.conf += top.p;
      bin.correct += top.intent === r.intent ? 1 : 0;
    }
    const ece = bins.reduce((sum, b) => sum + (b.n === 0 ? 0 : (b.n / rows.length) * Math.abs(b.conf / b.n - b.correct / b.n)), 0);
    expect(ece).toBeLessThan(0.08);
  });

  it('confidences are probabilities: in [0, 1] and summing to 1 over all intents', async () => {
    const e = await engine();
    for (const text of ['hi', 'how fast do containers start', '', 'asdf qwer', 'x'.repeat(5000)]) {
      const ranked = e.classifier.rank(text);
      expect(ranked).toHaveLength(INTENTS.length);
      for (const r of ranked) expect(r.p).toBeGreaterThanOrEqual(0);
      expect(ranked.reduce((s, r) => s + r.p, 0)).toBeCloseTo(1, 6);
      const c = e.classifier.classify(text);
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    ['<@U07ABC123> how fast do containers start?', 'startup_time'],
    ['<at>runtime-advice</at> how fast do containers start?', 'startup_time'],
    [':whale: how fast do containers start? :rocket:', 'startup_time'],
    ['how fast do contianers strat up', 'startup_time'],
    ['whats a hypervisior', 'vm_basics'],
    ['is docker more secure than a virutal machine', 'isolation_security'],
    ['see https://example.com/post how big is a docker image', 'disk_footprint'],
    ['```docker run -it ubuntu```\nhow many containers fit on one host', 'density'],
    ['what is the weather in paris tomorrow', 'out_of_scope'],
    ['how do i write a helm chart', 'out_of_scope'],
    ['thx!!', 'thanks'],
  ])('%s -> %s', async (text, intent) => {
    const e = await engine();
    expect(e.classifier.classify(text).intent).toBe(intent);
  });

  it('asks "did you mean" when two intents are close', async () => {
    const e = await engine();
    const rows = jsonl<Row>('dev.jsonl');
    const clarified = rows.map((r) => e.classifier.classify(r.text)).filter((c) => c.clarify);
    for (const c of clarified) {
      const [a, b] = c.clarify ?? [];
      expect(a).not.toBe(b);
      expect(c.ranked[0]?.p ?? 1).toBeLessThan(e.knowledge.classifier.clarify_below);
    }
  });
});
