/** The advice scorer: answers -> verdict, confidence, reasons and what would change the verdict. */
import { type Answers, type Slot, VERDICTS, type Verdict } from '../ids.js';
import { slotsOf, valuesOf } from '../knowledge/ids.js';
import type { InterviewData } from '../knowledge/schema.js';

export type Scores = Record<Verdict, number>;

/** Why the verdict is what it is: one answer, tied to a knowledge entry and the article. */
export interface Reason {
  slot: Slot;
  value: string;
  text: string;
  topic: string;
  sections: string[];
  /** Which way this answer pushes: towards the verdict, or against it. */
  supports: boolean;
}

/** One answer that, changed on its own, would give another verdict. */
export interface Flip {
  slot: Slot;
  value: string;
  verdict: Verdict;
}

/** A recommendation before rendering. */
export interface Advice {
  verdict: Verdict;
  confidence: number;
  scores: Scores;
  reasons: Reason[];
  /** Answers that point the other way, said plainly. */
  caveats: Reason[];
  /** Slots that were not answered or answered "unsure" and could still change the verdict. */
  open: Slot[];
  flips: Flip[];
  answers: Answers;
}

/** Adds up the weights of the given answers. */
export function score(interview: InterviewData, answers: Answers): Scores {
  const s: Scores = { containers: 0, vms: 0, hybrid: 0 };
  for (const v of VERDICTS) s[v] += interview.baseline[v] ?? 0;
  for (const slot of slotsOf(interview)) {
    const value = answers[slot];
    if (value === undefined) continue;
    const row = interview.slots[slot]?.weights[value];
    if (!row) continue;
    for (const v of VERDICTS) s[v] += row[v] ?? 0;
  }
  return s;
}

/** The best verdict for scores; ties go to the earlier verdict in CONTRACT order. */
export function best(scores: Scores): Verdict {
  let top: Verdict = 'containers';
  for (const v of VERDICTS) if (scores[v] > scores[top]) top = v;
  return top;
}

/** The verdict for a set of answers. */
export function verdictOf(interview: InterviewData, answers: Answers): Verdict {
  return best(score(interview, answers));
}

/**
 * One interview's weights as numbers by position: per slot (slotsOf order), per value (valuesOf order), the
 * weight of each verdict (VERDICTS order), or null where the value has no weights row. flipsOf scores
 * every alternative answer; this saves it an answers copy, a scores object and the row look-ups per alternative.
 */
interface WeightTable {
  baseline: Float64Array;
  /** [slot][value] -> weights, or null (no row: the answer adds nothing). */
  rows: (Float64Array | null)[][];
}

const TABLES = new WeakMap<InterviewData, WeightTable>();

/** A weights row as numbers in VERDICTS order, or null when there is none. */
function numeric(row: Partial<Record<Verdict, number>> | undefined): Float64Array | null {
  return row ? Float64Array.from(VERDICTS, (v) => row[v] ?? 0) : null;
}

function tableOf(interview: InterviewData): WeightTable {
  let table = TABLES.get(interview);
  if (table) return table;
  const baseline = Float64Array.from(VERDICTS, (v) => interview.baseline[v] ?? 0);
  const rows = slotsOf(interview).map((slot) => valuesOf(interview, slot).map((value) => numeric(interview.slots[slot]?.weights[value])));
  table = { baseline, rows };
  TABLES.set(interview, table);
  return table;
}

/**
 * Every single answer change that would give a different verdict. Each alternative is scored the way
 * `score` adds (baseline, then the slots in order), so the sums and the ties are the same to the bit.
 */
export function flipsOf(interview: InterviewData, answers: Answers, slots: readonly Slot[] = slotsOf(interview)): Flip[] {
  const current = verdictOf(interview, answers);
  const flips: Flip[] = [];
  const all = slotsOf(interview);
  const { baseline, rows } = tableOf(interview);
  // The row each slot's current answer adds; an answer outside the slot's values is looked up as `score` does.
  const given = all.map((slot, i) => {
    const value = answers[slot];
    if (value === undefined) return null;
    const at = valuesOf(interview, slot).indexOf(value);
    return at >= 0 ? (rows[i]?.[at] ?? null) : numeric(interview.slots[slot]?.weights[value]);
  });
  const n = VERDICTS.length;
  const sums = new Float64Array(n);
  for (const slot of slots) {
    const at = all.indexOf(slot);
    const values = valuesOf(interview, slot);
    for (let k = 0; k < values.length; k++) {
      const value = values[k] as string;
      if (value === answers[slot] || value === 'unsure') continue;
      sums.set(baseline);
      for (let j = 0; j < all.length; j++) {
        const row = j === at ? (rows[j]?.[k] ?? null) : given[j];
        if (row) for (let v = 0; v < n; v++) sums[v] = (sums[v] as number) + (row[v] as number);
      }
      let top = 0;
      for (let v = 1; v < n; v++) if ((sums[v] as number) > (sums[top] as number)) top = v;
      const verdict = VERDICTS[top] as Verdict;
      if (verdict !== current) flips.push({ slot, value, verdict });
    }
  }
  return flips;
}

/** How much an answer favours `verdict` over the average of the other verdicts. */
function pushes(interview: InterviewData, slot: Slot, value: string, verdict: Verdict): number {
  const row = interview.slots[slot]?.weights[value] ?? {};
  const others = VERDICTS.filter((v) => v !== verdict).map((v) => row[v] ?? 0);
  return (row[verdict] ?? 0) - others.reduce((a, b) => a + b, 0) / others.length;
}

/** Scores the answers and explains the result. */
export function advise(interview: InterviewData, answers: Answers): Advice {
  const scores = score(interview, answers);
  const verdict = best(scores);
  const reasons: Reason[] = [];
  const caveats: Reason[] = [];
  for (const slot of interview.order) {
    const value = answers[slot];
    const def = interview.slots[slot];
    if (value === undefined || value === 'unsure' || !def) continue;
    const text = def.reasons[value];
    if (!text) continue;
    const push = pushes(interview, slot, value, verdict);
    const reason = { slot, value, text, topic: def.topic, sections: def.sections, supports: push >= 0 };
    if (push > interview.reason_push_above) reasons.push(reason);
    else if (push < -interview.reason_push_above) caveats.push(reason);
  }
  // The strongest reasons first: an answer that moves the score most explains most.
  reasons.sort((a, b) => pushes(interview, b.slot, b.value, verdict) - pushes(interview, a.slot, a.value, verdict));
  const flips = flipsOf(interview, answers);
  const open = slotsOf(interview).filter((s) => (answers[s] === undefined || answers[s] === 'unsure') && flips.some((f) => f.slot === s));
  let confidence = confidenceOf(interview.confidence, scores, verdict, open.length, caveats.length);
  // A verdict nothing supports is a default, not a finding; one nothing open can change is settled.
  if (reasons.length === 0) confidence = Math.min(confidence, interview.confidence.unsupported_at_most);
  else if (open.length === 0) confidence = Math.max(confidence, interview.confidence.decided_at_least);
  return { verdict, confidence, scores, reasons, caveats, open, flips, answers };
}

/**
 * Whether the hardening steps (verdicts.yaml `hardening`) go with the advice: for both together, and for
 * containers unless every isolation question (interview.yaml `kind: isolation`) was answered with its
 * negative value ("standard is fine").
 */
export function needsHardening(interview: InterviewData, advice: Pick<Advice, 'verdict' | 'answers'>): boolean {
  if (advice.verdict === 'hybrid') return true;
  if (advice.verdict !== 'containers') return false;
  return slotsOf(interview).some((slot) => {
    const def = interview.slots[slot];
    return def?.kind === 'isolation' && advice.answers[slot] !== def.negated;
  });
}

/** The confidence settings of interview.yaml. */
export type ConfidenceRules = InterviewData['confidence'];

/**
 * Confidence in [floor, cap] (interview.yaml `confidence`): grows with the lead over the runner-up,
 * and shrinks for every open question that could still flip the verdict and every answer that
 * points the other way.
 */
export function confidenceOf(c: ConfidenceRules, scores: Scores, verdict: Verdict, openCount: number, caveatCount: number): number {
  const runnerUp = Math.max(...VERDICTS.filter((v) => v !== verdict).map((v) => scores[v]));
  const margin = scores[verdict] - runnerUp;
  const decisiveness = 1 - Math.exp(-margin / c.margin_scale);
  const raw = c.base + c.lead * decisiveness - c.per_open * openCount - c.per_caveat * caveatCount;
  return Math.round(Math.min(c.cap, Math.max(c.floor, raw)) * 100) / 100;
}
