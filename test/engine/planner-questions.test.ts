/**
 * The planner's questions themselves: how a question can be answered (its outcomes), which container
 * needs are grouped and in what order, a single open need asked alone, and "of at most N" as the depth
 * of the question tree. Each planner here runs over a fresh copy of the interview, so no depth
 * remembered from another test (the memo is per interview definition) can stand in for the computation.
 */
import { describe, expect, it } from 'vitest';
import { flipsOf, verdictOf } from '../../src/engine/advice.js';
import { InterviewPlanner } from '../../src/engine/interview.js';
import type { Answers, Slot } from '../../src/ids.js';
import type { InterviewData } from '../../src/knowledge/schema.js';
import { engine } from '../helpers.js';
import { SLOTS, valuesOf } from '../knowledge-ids.js';

const fresh = async (): Promise<InterviewData> => structuredClone((await engine()).knowledge.interview);
const containerNeeds = (interview: InterviewData) => SLOTS.filter((s) => interview.slots[s]?.kind === 'container');
/** The first state along the plan (each question answered with each value in turn) where container needs are asked together. */
function groupedState(interview: InterviewData): Answers {
  const p = new InterviewPlanner(interview);
  const queue: Answers[] = [{}];
  for (let state = queue.shift(); state; state = queue.shift()) {
    const ask = p.nextAsk(state);
    if (!ask) continue;
    if (ask.length > 1) return state;
    for (const o of p.outcomes(ask)) queue.push({ ...state, ...o });
  }
  throw new Error('the plan never groups container needs');
}

describe('outcomes', () => {
  it('a single question can be answered by each of its options, in option order', async () => {
    const p = new InterviewPlanner(await fresh());
    expect(p.outcomes(['isolation'])).toEqual(valuesOf('isolation').map((v) => ({ isolation: v })));
    expect(p.outcomes(['legacy'])).toEqual(valuesOf('legacy').map((v) => ({ legacy: v })));
  });

  it('a grouped question by every subset of its boxes, the unticked ones no: 2^n outcomes, each once', async () => {
    const p = new InterviewPlanner(await fresh());
    expect(p.outcomes(['ci_cd', 'density'])).toEqual([
      { ci_cd: 'no', density: 'no' },
      { ci_cd: 'yes', density: 'no' },
      { ci_cd: 'no', density: 'yes' },
      { ci_cd: 'yes', density: 'yes' },
    ]);
    const three = p.outcomes(['ci_cd', 'density', 'portability']);
    expect(three).toHaveLength(8);
    expect(new Set(three.map((o) => JSON.stringify(o))).size).toBe(8);
  });
});

describe('grouped container needs', () => {
  it('once the VM side is settled, the needs that can still change the verdict are asked together, in interview.yaml order', async () => {
    const interview = await fresh();
    const VM_SETTLED = groupedState(interview);
    const p = new InterviewPlanner(interview);
    const ask = p.nextAsk(VM_SETTLED) ?? [];
    expect(ask.length).toBeGreaterThan(1);
    expect(ask).toEqual(interview.order.filter((s) => p.candidates(VM_SETTLED).includes(s)));
    expect(ask.every((s) => containerNeeds(interview).includes(s))).toBe(true);
  });

  it('keeps interview.yaml order in the group even when one need has more verdict-changing answers', async () => {
    const interview = await fresh();
    const VM_SETTLED = groupedState(interview);
    const base = new InterviewPlanner(interview).nextAsk(VM_SETTLED) ?? [];
    const last = base.at(-1) as Slot;
    // Make "no" to the group's last need also change the verdict, so it ranks first among the candidates.
    const now = verdictOf(interview, VM_SETTLED);
    const def = interview.slots[last];
    if (!def) throw new Error(`no slot ${last}`);
    const row = Object.fromEntries(['containers', 'vms', 'hybrid'].map((v) => [v, v === now ? -10 : 10]));
    const ranked: InterviewData = { ...interview, slots: { ...interview.slots, [last]: { ...def, weights: { ...def.weights, no: row } } } };
    const p = new InterviewPlanner(ranked);
    expect(flipsOf(ranked, VM_SETTLED, [last]).length).toBe(2);
    expect(p.candidates(VM_SETTLED)[0]).toBe(last);
    const ask = p.nextAsk(VM_SETTLED) ?? [];
    expect(ask.at(-1)).toBe(last);
    expect(ask).toEqual(ranked.order.filter((s) => ask.includes(s)));
  });

  it('a single need left that can change the verdict is asked alone', async () => {
    const interview = await fresh();
    const p = new InterviewPlanner(interview);
    // Find a state, walking the plan from the settled VM side, where only one need is left open to change it.
    const needs = containerNeeds(interview);
    for (const open of needs) {
      const answers: Answers = { ...groupedState(interview) };
      for (const other of needs) if (other !== open) answers[other] = 'no';
      const candidates = p.candidates(answers);
      if (candidates.length !== 1) continue;
      expect(p.nextAsk(answers)).toEqual([open]);
      expect(p.next(answers)).toBe(open);
      return;
    }
    throw new Error('no state leaves exactly one need open');
  });
});

describe('remainingAtMost', () => {
  it('is the depth of the question tree: 0 when nothing is asked, else one more than the deepest outcome', async () => {
    const interview = await fresh();
    const p = new InterviewPlanner(interview);
    const VM_SETTLED = groupedState(await fresh());
    for (const answers of [{}, VM_SETTLED, { isolation: 'high' }, { multi_os: 'no', legacy: 'no' }] as Answers[]) {
      const ask = p.nextAsk(answers);
      const depth = p.remainingAtMost(answers);
      if (!ask) {
        expect(depth).toBe(0);
        continue;
      }
      const below = p.outcomes(ask).map((o) => new InterviewPlanner(structuredClone(interview)).remainingAtMost({ ...answers, ...o }));
      expect(depth, JSON.stringify(answers)).toBe(1 + Math.max(...below));
    }
    expect(new InterviewPlanner(await fresh()).remainingAtMost({})).toBeGreaterThanOrEqual(3);
    // The grouped question is one question: with only container needs open, at most one more is asked.
    expect(new InterviewPlanner(await fresh()).remainingAtMost(VM_SETTLED)).toBe(1);
  });
});

describe('the next-question memo', () => {
  it('gives what planning afresh gives, for states along every branch of the plan, and a frozen copy', async () => {
    const shared = await fresh();
    const memoised = new InterviewPlanner(shared);
    // Walk the plan from no answers, each question answered every way: every reachable state once.
    const seen = new Set<string>();
    const queue: Answers[] = [{}];
    let states = 0;
    for (let state = queue.shift(); state; state = queue.shift()) {
      const key = JSON.stringify(state);
      if (seen.has(key) || states >= 400) continue;
      seen.add(key);
      states++;
      // A planner over its own copy of the interview has nothing remembered for this state.
      const afresh = new InterviewPlanner(structuredClone(shared)).nextAsk(state);
      expect(memoised.nextAsk(state)).toEqual(afresh);
      const again = memoised.nextAsk(state);
      expect(again).toEqual(afresh);
      if (again) {
        expect(Object.isFrozen(again)).toBe(true);
        for (const o of memoised.outcomes(again)) queue.push({ ...state, ...o });
      }
    }
    expect(states).toBeGreaterThan(50);
  });
});
