/**
 * Scores the engine's models on labelled lines (the `eval` command): intents, controls, verdicts and
 * situation descriptions, with optional baselines and a tuned out-of-scope threshold. The CLI parses
 * and prints; the models stay behind the engine.
 */
import type { Answers, Verdict } from '../ids.js';
import { slotsOf } from '../knowledge/ids.js';
import type { Knowledge } from '../knowledge/load.js';
import { trainBayes } from '../nlu/bayes-baseline.js';
import type { IntentClassifier } from '../nlu/classifier.js';
import { type ControlClassifier, isControl } from '../nlu/control.js';
import { type IntentMetrics, type Labelled, scoreIntents } from '../nlu/metrics.js';
import { type SituationLine, type SituationMetrics, scoreSituations } from '../nlu/situation-metrics.js';
import { RegexSlotExtractor, type SlotReader } from '../nlu/slots.js';
import { advise } from './advice.js';

export type { IntentMetrics, Labelled, SituationLine, SituationMetrics };

/** A line labelled with a verdict: the answers it gives, or a text read for them. `line` is reported back on a miss. */
export interface VerdictLine {
  line: Record<string, unknown>;
  answers?: Answers;
  text?: string;
  verdict: Verdict;
}

/** Labelled lines of an eval file, by kind; control lines carry their control label in `intent`. */
export interface EvalSet {
  intents: Labelled[];
  controls: Labelled[];
  verdicts: VerdictLine[];
  situations: SituationLine[];
}

/** What `evaluate` scores with. */
export interface EvalModels {
  knowledge: Knowledge;
  classifier: IntentClassifier;
  controls: ControlClassifier;
  reader: SlotReader;
}

/** Thresholds to try when tuning; the chosen one keeps false rejection at or under this. */
const MAX_FALSE_REJECTION = 0.03;

/** Picks the out-of-scope threshold that maximises in-scope accuracy plus out-of-scope recall within the false-rejection cap. */
function tune(m: EvalModels, rows: Labelled[]): { threshold: number; metrics: IntentMetrics } {
  const base = m.knowledge.classifier;
  let bestT = base.out_of_scope_below;
  let best: IntentMetrics | undefined;
  for (let t = 0; t <= 0.8001; t += 0.05) {
    const scored = scoreIntents(rows, (text) => m.classifier.classify(text, { ...base, out_of_scope_below: t }).intent);
    if (scored.falseRejection > MAX_FALSE_REJECTION) continue;
    if (!best || scored.inScopeAccuracy + scored.outOfScopeRecall > best.inScopeAccuracy + best.outOfScopeRecall) {
      best = scored;
      bestT = Math.round(t * 100) / 100;
    }
  }
  return { threshold: bestT, metrics: best ?? scoreIntents(rows, (text) => m.classifier.classify(text).intent) };
}

/** The scores of every kind of line present (the `eval --json` object's fields). */
export function evaluateSet(m: EvalModels, set: EvalSet, options: { baseline: boolean; tune: boolean }): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const k = m.knowledge;
  if (set.intents.length > 0) {
    result.intents = scoreIntents(set.intents, (text) => m.classifier.classify(text).intent);
    if (options.baseline) result.baseline_bayes = scoreIntents(set.intents, trainBayes(k.intents));
    if (options.tune) result.tuned = tune(m, set.intents);
  }
  if (set.controls.length > 0) {
    // The model's reading with the engine's threshold: a control below it is not acted on, so it counts as `other`.
    const threshold = k.classifier.control_at_least;
    const coarse = set.controls.some((c) => c.intent === 'none');
    const scored = scoreIntents(set.controls, (text) => {
      const r = m.controls.read(text);
      const label = isControl(r.label) && r.confidence < threshold ? 'other' : r.label;
      return coarse && (label === 'answer' || label === 'other') ? 'none' : label;
    });
    result.controls = { total: scored.total, accuracy: scored.accuracy, threshold, perLabel: scored.perIntent, confusions: scored.confusions };
  }
  if (set.verdicts.length > 0) {
    const misses: Array<Record<string, unknown>> = [];
    let agree = 0;
    for (const v of set.verdicts) {
      const answers = v.answers ?? m.reader.extract(v.text ?? '');
      const got = advise(k.interview, answers).verdict;
      if (got === v.verdict) agree++;
      else misses.push({ ...v.line, got, answers });
    }
    result.verdicts = { total: set.verdicts.length, agreement: Math.round((agree / set.verdicts.length) * 10000) / 10000, misses };
  }
  if (set.situations.length > 0) {
    const verdictOf = (answers: Answers) => advise(k.interview, answers).verdict;
    const slots = slotsOf(k.interview);
    result.situations = scoreSituations(set.situations, slots, (text) => m.reader.extract(text), verdictOf);
    if (options.baseline) {
      const regex = new RegexSlotExtractor(k.interview);
      result.baseline_regex = scoreSituations(set.situations, slots, (text) => regex.extract(text), verdictOf);
    }
  }
  return result;
}
