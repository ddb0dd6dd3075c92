/**
 * The interview planner's order: only questions that can change the verdict, the one with the most
 * verdict-changing answers first, ties in the order of interview.yaml. With the shipped weights no
 * answer state ranks a question ahead of its YAML position (every open question has at most one
 * verdict-changing answer where it matters), so the ranking is checked on a copy with one changed row.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../src/engine/advice.js';
import { InterviewPlanner } from '../../src/engine/interview.js';
import type { Answers, Slot } from '../../src/ids.js';
import type { InterviewData } from '../../src/knowledge/schema.js';
import { engine } from '../helpers.js';
import { SLOTS, valuesOf } from '../knowledge-ids.js';

/** The interview with one slot's weight row for one value replaced. */
function withWeights(interview: InterviewData, slot: Slot, value: string, row: Record<string, number>): InterviewData {
  const def = interview.slots[slot];
  if (!def) throw new Error(`no slot ${slot}`);
  return { ...interview, slots: { ...interview.slots, [slot]: { ...def, weights: { ...def.weights, [value]: row } } } };
}

/** Reference: how many answers to each open slot, on their own, change the verdict. */
function flipCounts(interview: InterviewData, answers: Answers): Map<Slot, number> {
  const now = verdictOf(interview, answers);
  const counts = new Map<Slot, number>();
  for (const slot of SLOTS) {
    if (answers[slot] !== undefined) continue;
    const n = valuesOf(slot).filter((v) => v !== 'unsure' && verdictOf(interview, { ...answers, [slot]: v }) !== now).length;
    if (n > 0) counts.set(slot, n);
  }
  return counts;
}

describe('interview planner ranking', () => {
  it('asks first the question with the most verdict-changing answers, even when it is last in interview.yaml', async () => {
    const real = (await engine()).knowledge.interview;
    const last = real.order.at(-1) as Slot;
    expect(last).toBe('infra_sim');
    const planner = new InterviewPlanner(real);
    expect(planner.next({})).toBe(real.order.find((s) => planner.candidates({}).includes(s)));
    // "No simulation" now also pushes away from containers: both answers of infra_sim change the verdict.
    const ranked = withWeights(real, 'infra_sim', 'no', { containers: -1 });
    expect(flipCounts(ranked, {}).get('infra_sim')).toBe(2);
    const p = new InterviewPlanner(ranked);
    const candidates = p.candidates({});
    expect(candidates[0]).toBe('infra_sim');
    expect(p.next({})).toBe('infra_sim');
    // The others keep the YAML order behind it.
    expect(candidates.slice(1)).toEqual(ranked.order.filter((s) => s !== 'infra_sim' && flipCounts(ranked, {}).has(s)));
  });

  it('breaks ties by interview.yaml order, not by the CONTRACT slot order', async () => {
    const real = (await engine()).knowledge.interview;
    const reordered = { ...real, order: [...real.order].reverse() };
    const counts = flipCounts(real, {});
    expect(new Set(counts.values())).toEqual(new Set([1]));
    expect(new InterviewPlanner(real).candidates({})).toEqual(real.order.filter((s) => counts.has(s)));
    expect(new InterviewPlanner(reordered).candidates({})).toEqual(reordered.order.filter((s) => counts.has(s)));
  });

  it('on every state of the shipped interview, lists exactly the open questions that can change the verdict, most changes first', async () => {
    const real = (await engine()).knowledge.interview;
    const planner = new InterviewPlanner(real);
    const seen = new Set<string>();
    const walk = (answers: Answers): void => {
      const key = JSON.stringify(answers);
      if (seen.has(key)) return;
      seen.add(key);
      const counts = flipCounts(real, answers);
      const expected = real.order
        .filter((s) => counts.has(s))
        .sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || real.order.indexOf(a) - real.order.indexOf(b));
      expect(planner.candidates(answers), key).toEqual(expected);
      const next = expected[0];
      if (next) for (const v of valuesOf(next)) walk({ ...answers, [next]: v });
    };
    walk({});
    expect(seen.size).toBeGreaterThan(100);
  });

  it('"of at most N" is the depth of the question tree, and 0 once nothing can change the verdict', async () => {
    const real = (await engine()).knowledge.interview;
    const planner = new InterviewPlanner(real);
    // Unmemoised: a grouped question is one question, whichever of its boxes are ticked.
    const depth = (answers: Answers): number => {
      const ask = planner.nextAsk(answers);
      return ask ? 1 + Math.max(...planner.outcomes(ask).map((o) => depth({ ...answers, ...o }))) : 0;
    };
    for (const answers of [{}, { isolation: 'high' }, { isolation: 'standard', multi_os: 'no' }, { microservices: 'yes' }] as Answers[]) {
      expect(planner.remainingAtMost(answers), JSON.stringify(answers)).toBe(depth(answers));
    }
    expect(planner.remainingAtMost({})).toBeGreaterThan(1);
    const decided: Answers = Object.fromEntries(
      SLOTS.map((s) => [s, s === 'isolation' ? 'high' : ['multi_os', 'legacy', 'infra_sim'].includes(s) ? 'yes' : 'no']),
    );
    expect(planner.next(decided)).toBeUndefined();
    expect(planner.remainingAtMost(decided)).toBe(0);
    expect(planner.verdict(decided)).toBe('vms');
  });

  it('plans per interview definition: two definitions never share remembered depths', async () => {
    const real = (await engine()).knowledge.interview;
    const ranked = withWeights(real, 'infra_sim', 'no', { containers: -1 });
    const a = new InterviewPlanner(real);
    const b = new InterviewPlanner(ranked);
    const fresh = new InterviewPlanner(structuredClone(ranked));
    expect(a.remainingAtMost({})).toBe(new InterviewPlanner(real).remainingAtMost({}));
    expect(b.remainingAtMost({ isolation: 'standard' })).toBe(fresh.remainingAtMost({ isolation: 'standard' }));
    expect(b.next({})).toBe('infra_sim');
    expect(a.next({})).toBe('isolation');
  });
});
