/**
 * The confidence rules (README "How the advice is scored"): it grows with the lead over the runner-up,
 * and each open question that could flip the verdict and each answer pointing the other way lowers it;
 * clamped to [0.2, 0.95] and rounded to whole per cents. Then the floors advise() puts on top.
 */
import { describe, expect, it } from 'vitest';
import { advise, best, confidenceOf, type Scores } from '../../src/engine/advice.js';
import { type Answers, type Slot, VERDICTS, type Verdict } from '../../src/ids.js';
import type { InterviewData } from '../../src/knowledge/schema.js';
import { engine } from '../helpers.js';

/** The confidence rules of the shipped interview.yaml; the numbers below are what those settings give. */
const RULES = (await engine()).knowledge.interview.confidence;
const lead = (margin: number): Scores => ({ containers: 1 + margin, vms: 1, hybrid: 0 });

/** Reference: how far an answer's weights favour `verdict` over the mean of the other two. */
function push(k: InterviewData, slot: Slot, value: string, verdict: Verdict): number {
  const row = k.slots[slot]?.weights[value] ?? {};
  const others = VERDICTS.filter((v) => v !== verdict).map((v) => row[v] ?? 0);
  return (row[verdict] ?? 0) - (others[0] ?? 0) / 2 - (others[1] ?? 0) / 2;
}

describe('confidenceOf', () => {
  it('is 0.45 with no lead, and grows with the lead towards 0.95', () => {
    expect(confidenceOf(RULES, lead(0), 'containers', 0, 0)).toBe(0.45);
    const steps = [0.5, 1, 1.5, 3, 6].map((m) => confidenceOf(RULES, lead(m), 'containers', 0, 0));
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1] ?? 1);
    // 1 - e^-1 of the way from 0.45 to 0.95 at a lead of 1.5.
    expect(confidenceOf(RULES, lead(1.5), 'containers', 0, 0)).toBe(0.77);
    expect(confidenceOf(RULES, lead(100), 'containers', 0, 0)).toBe(0.95);
  });

  it('measures the lead against the best other verdict, whichever it is', () => {
    expect(confidenceOf(RULES, { containers: 0, vms: 3, hybrid: 1.5 }, 'vms', 0, 0)).toBe(
      confidenceOf(RULES, { containers: 1.5, vms: 3, hybrid: 0 }, 'vms', 0, 0),
    );
    expect(confidenceOf(RULES, { containers: 0, vms: 3, hybrid: 1.5 }, 'vms', 0, 0)).toBe(0.77);
    expect(confidenceOf(RULES, { containers: 2, vms: 2, hybrid: 2 }, 'hybrid', 0, 0)).toBe(0.45);
  });

  it('loses 0.06 per open question and 0.05 per caveat', () => {
    const base = confidenceOf(RULES, lead(100), 'containers', 0, 0);
    expect(base).toBe(0.95);
    expect(confidenceOf(RULES, lead(100), 'containers', 1, 0)).toBe(0.89);
    expect(confidenceOf(RULES, lead(100), 'containers', 2, 0)).toBe(0.83);
    expect(confidenceOf(RULES, lead(100), 'containers', 0, 1)).toBe(0.9);
    expect(confidenceOf(RULES, lead(100), 'containers', 0, 2)).toBe(0.85);
    expect(confidenceOf(RULES, lead(100), 'containers', 1, 1)).toBe(0.84);
  });

  it('never goes under 0.2, and is rounded to whole per cents', () => {
    expect(confidenceOf(RULES, lead(0), 'containers', 10, 10)).toBe(0.2);
    expect(confidenceOf(RULES, lead(0), 'containers', 4, 0)).toBe(0.21);
    for (const m of [0.1, 0.33, 0.7, 2.2]) {
      const c = confidenceOf(RULES, lead(m), 'containers', 1, 1);
      expect(Math.round(c * 100) / 100).toBe(c);
    }
  });
});

describe('best', () => {
  it('takes the highest score; ties go to the earlier verdict in CONTRACT order', () => {
    expect(best({ containers: 1, vms: 2, hybrid: 0 })).toBe('vms');
    expect(best({ containers: 1, vms: 1, hybrid: 1 })).toBe('containers');
    expect(best({ containers: 0, vms: 1, hybrid: 1 })).toBe('vms');
    expect(best({ containers: 0, vms: 0, hybrid: 0.1 })).toBe('hybrid');
  });
});

describe('advise: the confidence the user sees', () => {
  it('an open question that could flip the verdict lowers it, and answering it raises it', async () => {
    const k = (await engine()).knowledge.interview;
    const open: Answers = { microservices: 'yes', isolation: 'standard', legacy: 'no', infra_sim: 'no' };
    const closed: Answers = { ...open, multi_os: 'no' };
    const a = advise(k, open);
    const b = advise(k, closed);
    expect(a.open).toEqual(['multi_os']);
    expect(b.open).toEqual([]);
    expect(a.confidence).toBeLessThan(b.confidence);
    expect(b.confidence).toBeGreaterThanOrEqual(k.confidence.decided_at_least);
  });

  it('"not sure" leaves a question open, and so lowers the confidence like no answer', async () => {
    const k = (await engine()).knowledge.interview;
    const none = advise(k, { microservices: 'yes', isolation: 'standard' });
    const unsure = advise(k, { microservices: 'yes', isolation: 'standard', legacy: 'unsure' });
    expect(unsure.open).toEqual(none.open);
    expect(unsure.open).toContain('legacy');
    expect(unsure.confidence).toBe(none.confidence);
  });

  it('an answer pointing the other way is a caveat, said, and lowers the confidence', async () => {
    const k = (await engine()).knowledge.interview;
    const plain: Answers = { microservices: 'yes', fast_scaling: 'yes', density: 'yes', isolation: 'standard' };
    const mixed: Answers = { ...plain, legacy: 'yes' };
    const a = advise(k, plain);
    const b = advise(k, mixed);
    expect(b.verdict).toBe(a.verdict);
    expect(b.caveats.map((c) => c.slot)).toEqual(['legacy']);
    expect(b.caveats[0]?.supports).toBe(false);
    expect(a.caveats).toEqual([]);
    expect(b.confidence).toBeLessThan(a.confidence);
  });

  it('reasons are the answers that push towards the verdict, strongest first', async () => {
    const k = (await engine()).knowledge.interview;
    const answers: Answers = { microservices: 'yes', fast_scaling: 'yes', isolation: 'high' };
    const advice = advise(k, answers);
    expect(advice.verdict).toBe('hybrid');
    const strengths = advice.reasons.map((r) => push(k, r.slot, r.value, advice.verdict));
    expect(strengths.length).toBeGreaterThan(1);
    for (const s of strengths) expect(s).toBeGreaterThan(0.3);
    expect([...strengths].sort((x, y) => y - x)).toEqual(strengths);
    for (const r of advice.reasons) expect(r.supports).toBe(true);
    expect(advice.reasons[0]?.slot).toBe('isolation');
  });

  it('caps a verdict nothing supports, and floors one nothing open can change', async () => {
    const k = (await engine()).knowledge.interview;
    const nothing = advise(k, {});
    expect(nothing.reasons).toEqual([]);
    expect(nothing.confidence).toBeLessThanOrEqual(k.confidence.unsupported_at_most);
    expect(nothing.confidence).toBe(Math.min(confidenceOf(RULES, nothing.scores, nothing.verdict, nothing.open.length, 0), k.confidence.unsupported_at_most));
    const settled = advise(k, {
      multi_os: 'yes',
      legacy: 'yes',
      infra_sim: 'yes',
      isolation: 'high',
      microservices: 'no',
      fast_scaling: 'no',
      density: 'no',
      ci_cd: 'no',
      portability: 'no',
    });
    expect(settled.open).toEqual([]);
    expect(settled.confidence).toBe(Math.max(confidenceOf(RULES, settled.scores, settled.verdict, 0, settled.caveats.length), k.confidence.decided_at_least));
  });
});
