/** Scores a slot reader on labelled situation descriptions: verdict agreement and per-slot precision and recall. */
import type { Answers, Slot } from '../ids.js';

/** One labelled description (CONTRACT section 4). */
export interface SituationLine {
  text: string;
  slots: Record<string, string>;
  verdict: string;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Precision, recall and F1 from counts (1 when there is nothing to find or nothing was found). */
export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface SituationMetrics {
  total: number;
  verdictAgreement: number;
  slots: Prf;
  perSlot: Record<string, Prf>;
  misses: Array<{ text: string; expected: Record<string, string>; read: Answers; verdict: string; got: string }>;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

function prf(c: Counts): Prf {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: round(precision), recall: round(recall), f1: round(f1), support: c.tp + c.fn };
}

/**
 * A slot read but absent from the labels, or read with another value, is a false positive;
 * a labelled slot not read with its value is a false negative. `slots` are the knowledge base's slots.
 */
export function scoreSituations(
  lines: readonly SituationLine[],
  slots: readonly Slot[],
  read: (text: string) => Answers,
  verdictOf: (answers: Answers) => string,
): SituationMetrics {
  const all: Counts = { tp: 0, fp: 0, fn: 0 };
  const per = new Map<Slot, Counts>(slots.map((s) => [s, { tp: 0, fp: 0, fn: 0 }]));
  const misses: SituationMetrics['misses'] = [];
  let agree = 0;
  for (const line of lines) {
    const got = read(line.text);
    let wrong = false;
    for (const slot of slots) {
      const c = per.get(slot) as Counts;
      const want = line.slots[slot];
      const have = got[slot];
      if (have !== undefined && have === want) {
        c.tp++;
        all.tp++;
        continue;
      }
      if (have !== undefined) {
        c.fp++;
        all.fp++;
        wrong = true;
      }
      if (want !== undefined) {
        c.fn++;
        all.fn++;
        wrong = true;
      }
    }
    const verdict = verdictOf(got);
    if (verdict === line.verdict) agree++;
    if (wrong || verdict !== line.verdict) misses.push({ text: line.text, expected: line.slots, read: got, verdict: line.verdict, got: verdict });
  }
  return {
    total: lines.length,
    verdictAgreement: round(lines.length === 0 ? 1 : agree / lines.length),
    slots: prf(all),
    perSlot: Object.fromEntries([...per].map(([slot, c]) => [slot, prf(c)])),
    misses,
  };
}
