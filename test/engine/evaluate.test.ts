/**
 * The `eval` scores (engine/evaluate.ts) on small hand-built labelled sets. The out-of-scope tuning and the
 * control threshold are checked with two tiny models whose confidences are given per line, so the expected
 * threshold follows from the rule itself (best in-scope accuracy + out-of-scope recall, false rejection at most
 * 3%, the lowest such threshold); the real models are checked once through `Engine.evaluate`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { type EvalModels, type EvalSet, evaluateSet, type IntentMetrics, type SituationMetrics, type VerdictLine } from '../../src/engine/evaluate.js';
import type { Answers, Intent } from '../../src/ids.js';
import type { ClassifierData } from '../../src/knowledge/schema.js';
import type { IntentClassifier } from '../../src/nlu/classifier.js';
import type { ControlClassifier, ControlReading } from '../../src/nlu/control.js';
import type { SlotReader } from '../../src/nlu/slots.js';
import { engine } from '../helpers.js';

let e: Engine;
beforeAll(async () => {
  e = await engine();
});

/** A model that gives each line one guess with a known probability and rejects it as out of scope below the threshold. */
function guessing(guesses: Record<string, [Intent, number]>): IntentClassifier {
  return {
    classify(text: string, thresholds: ClassifierData = e.knowledge.classifier) {
      const [intent, p] = guesses[text] ?? ['out_of_scope', 1];
      return { intent: intent !== 'out_of_scope' && p < thresholds.out_of_scope_below ? 'out_of_scope' : intent, confidence: p, ranked: [] };
    },
  } as unknown as IntentClassifier;
}

/** A control model whose reading of each line is given. */
function controlsReading(readings: Record<string, ControlReading>): ControlClassifier {
  return { read: (text: string) => readings[text] ?? { label: 'other', confidence: 1 } } as unknown as ControlClassifier;
}

/** A situation reader that reads what the table says each text states. */
function readerOf(table: Record<string, Answers>): SlotReader {
  return { extract: (text: string) => ({ ...(table[String(text)] ?? {}) }) };
}

function models(over: Partial<EvalModels> = {}): EvalModels {
  return { knowledge: e.knowledge, classifier: guessing({}), controls: controlsReading({}), reader: readerOf({}), ...over };
}

const NONE: EvalSet = { intents: [], controls: [], verdicts: [], situations: [] };
const OFF = { baseline: false, tune: false };

/** `n` labelled lines the model guesses as `guess` with probability `p`; their texts are unique. */
function lines(prefix: string, n: number, label: Intent, guess: Intent, p: number) {
  const rows = Array.from({ length: n }, (_, i) => ({ text: `${prefix} ${i}`, intent: label as string }));
  const guesses = Object.fromEntries(rows.map((r) => [r.text, [guess, p] as [Intent, number]]));
  return { rows, guesses };
}

function tuned(groups: Array<ReturnType<typeof lines>>): { threshold: number; metrics: IntentMetrics } {
  const classifier = guessing(Object.assign({}, ...groups.map((g) => g.guesses)));
  const intents = groups.flatMap((g) => g.rows);
  const result = evaluateSet(models({ classifier }), { ...NONE, intents }, { baseline: false, tune: true });
  return result.tuned as { threshold: number; metrics: IntentMetrics };
}

describe('eval: tuning the out-of-scope threshold', () => {
  it('picks the lowest threshold that rejects every out-of-scope line while false rejection stays within 3%', () => {
    // 41 in-scope lines, one of them unsure (0.48); three out-of-scope lines the model mistakes for greetings.
    // Rejecting the unsure one costs 1/41 (2.4%, allowed); all three out-of-scope lines go from 0.65 upwards.
    const t = tuned([
      lines('sure', 40, 'greeting', 'greeting', 0.9),
      lines('unsure', 1, 'greeting', 'greeting', 0.48),
      lines('chat', 2, 'out_of_scope', 'greeting', 0.33),
      lines('weather', 1, 'out_of_scope', 'greeting', 0.64),
    ]);
    expect(t.threshold).toBe(0.65);
    expect(t.metrics).toMatchObject({ total: 44, inScopeAccuracy: 0.9756, outOfScopeRecall: 1, falseRejection: 0.0244 });
  });

  it('a threshold that rejects more than 3% of in-scope lines is never chosen, however much recall it buys', () => {
    // Rejecting the unsure line here costs 1/11 (9%): only thresholds up to 0.45 qualify; 0.35 catches one line in three.
    const t = tuned([
      lines('sure', 10, 'greeting', 'greeting', 0.9),
      lines('unsure', 1, 'greeting', 'greeting', 0.48),
      lines('chat', 1, 'out_of_scope', 'greeting', 0.33),
      lines('weather', 2, 'out_of_scope', 'greeting', 0.64),
    ]);
    expect(t.threshold).toBe(0.35);
    expect(t.metrics).toMatchObject({ inScopeAccuracy: 1, outOfScopeRecall: 0.3333, falseRejection: 0 });
  });

  it('false rejection of exactly 3% is within the cap', () => {
    const t = tuned([
      lines('sure', 97, 'greeting', 'greeting', 0.9),
      lines('unsure', 3, 'greeting', 'greeting', 0.48),
      lines('weather', 1, 'out_of_scope', 'greeting', 0.64),
    ]);
    expect(t.threshold).toBe(0.65);
    expect(t.metrics.falseRejection).toBe(0.03);
  });

  it('when no threshold keeps false rejection within the cap, reports the knowledge base threshold and its scores', () => {
    // Half the in-scope lines are out of scope to the model whatever the threshold; the unsure one falls below 0.2.
    const t = tuned([
      lines('sure', 1, 'greeting', 'greeting', 0.9),
      lines('lost', 2, 'greeting', 'out_of_scope', 0.9),
      lines('unsure', 1, 'greeting', 'greeting', 0.15),
    ]);
    expect(t.threshold).toBe(e.knowledge.classifier.out_of_scope_below);
    expect(t.metrics).toMatchObject({ total: 4, inScopeAccuracy: 0.25, falseRejection: 0.75 });
  });
});

describe('eval: intents', () => {
  const g = lines('sure', 2, 'greeting', 'greeting', 0.9);
  const unsure = lines('unsure', 1, 'greeting', 'greeting', 0.15);
  const set: EvalSet = { ...NONE, intents: [...g.rows, ...unsure.rows] };
  const classifier = () => guessing({ ...g.guesses, ...unsure.guesses });

  it('scores the model with the knowledge base thresholds; no baseline or tuning unless asked', () => {
    const result = evaluateSet(models({ classifier: classifier() }), set, OFF);
    expect(Object.keys(result)).toEqual(['intents']);
    expect(result.intents).toMatchObject({ total: 3, accuracy: 0.6667, falseRejection: 0.3333 });
  });

  it('adds the Bayes baseline and the tuned threshold when asked', () => {
    const result = evaluateSet(models({ classifier: classifier() }), set, { baseline: true, tune: true });
    expect(Object.keys(result).sort()).toEqual(['baseline_bayes', 'intents', 'tuned']);
    expect((result.baseline_bayes as IntentMetrics).total).toBe(3);
    // No out-of-scope line here, so every threshold has recall 0 and in-scope accuracy is best with nothing
    // rejected: the lowest such threshold, 0, wins.
    expect((result.tuned as { threshold: number }).threshold).toBe(0);
  });

  it('an empty set has no scores at all', () => {
    expect(evaluateSet(models(), NONE, { baseline: true, tune: true })).toEqual({});
  });
});

describe('eval: controls', () => {
  const threshold = () => e.knowledge.classifier.control_at_least;

  it('a control read below the engine threshold counts as other; answers and other lines keep their label', () => {
    const t = threshold();
    const controls = controlsReading({
      stop: { label: 'cancel', confidence: 0.95 },
      'stop, I guess': { label: 'cancel', confidence: t },
      hmm: { label: 'back', confidence: t - 0.01 },
      yes: { label: 'answer', confidence: 0.3 },
      hello: { label: 'other', confidence: 0.3 },
    });
    const rows = [
      { text: 'stop', intent: 'cancel' },
      { text: 'stop, I guess', intent: 'cancel' },
      { text: 'hmm', intent: 'other' },
      { text: 'yes', intent: 'answer' },
      { text: 'hello', intent: 'other' },
    ];
    const result = evaluateSet(models({ controls }), { ...NONE, controls: rows }, OFF);
    expect(result.controls).toEqual({
      total: 5,
      accuracy: 1,
      threshold: t,
      perLabel: {
        answer: { precision: 1, recall: 1, f1: 1, support: 1 },
        cancel: { precision: 1, recall: 1, f1: 1, support: 2 },
        other: { precision: 1, recall: 1, f1: 1, support: 2 },
      },
      confusions: [],
    });
  });

  it('with coarse labels (a line labelled none), answers, other lines and unsure controls all count as none', () => {
    const controls = controlsReading({
      stop: { label: 'cancel', confidence: 0.95 },
      yes: { label: 'answer', confidence: 0.99 },
      hello: { label: 'other', confidence: 0.99 },
      hmm: { label: 'back', confidence: threshold() - 0.2 },
    });
    const rows = [
      { text: 'stop', intent: 'cancel' },
      { text: 'yes', intent: 'none' },
      { text: 'hello', intent: 'none' },
      { text: 'hmm', intent: 'none' },
    ];
    const result = evaluateSet(models({ controls }), { ...NONE, controls: rows }, OFF);
    expect(result.controls).toMatchObject({ total: 4, accuracy: 1, confusions: [] });
  });
});

describe('eval: verdicts', () => {
  it('takes the answers a line gives, or reads its text, and lists each miss with what it got', () => {
    const verdicts: VerdictLine[] = [
      { line: { n: 1 }, answers: { legacy: 'yes', multi_os: 'yes' }, verdict: 'vms' },
      { line: { n: 2 }, text: 'a legacy app', verdict: 'vms' },
      { line: { n: 3 }, answers: { isolation: 'high', microservices: 'yes' }, verdict: 'containers' },
    ];
    const reader = readerOf({ 'a legacy app': { legacy: 'yes' } });
    const result = evaluateSet(models({ reader }), { ...NONE, verdicts }, OFF);
    expect(result).toEqual({
      verdicts: { total: 3, agreement: 0.6667, misses: [{ n: 3, got: 'hybrid', answers: { isolation: 'high', microservices: 'yes' } }] },
    });
  });
});

describe('eval: situations', () => {
  const text = 'legacy Windows app on Linux hosts, auditors want strong isolation';
  const set: EvalSet = { ...NONE, situations: [{ text, slots: { multi_os: 'yes', isolation: 'high', legacy: 'yes' }, verdict: 'vms' }] };
  const reader = readerOf({ [text]: { multi_os: 'yes', isolation: 'high' } });

  it('scores what the reader reads and the verdict of those answers', () => {
    const result = evaluateSet(models({ reader }), set, OFF);
    expect(Object.keys(result)).toEqual(['situations']);
    const s = result.situations as SituationMetrics;
    expect(s).toMatchObject({ total: 1, verdictAgreement: 1, slots: { precision: 1, recall: 0.6667, support: 3 } });
  });

  it('with the baseline, also scores the regular-expression reader of interview.yaml on the same lines', () => {
    const result = evaluateSet(models({ reader }), set, { baseline: true, tune: false });
    expect(Object.keys(result).sort()).toEqual(['baseline_regex', 'situations']);
    expect(result.baseline_regex).toMatchObject({ total: 1, verdictAgreement: 1, slots: { precision: 1, recall: 1 } });
  });
});

describe('eval with the real models (Engine.evaluate)', () => {
  it('scores intents, controls at the engine threshold, verdicts and situations', async () => {
    const result = await e.evaluate(
      {
        intents: [
          { text: 'how fast do containers start?', intent: 'startup_time' },
          { text: 'what is the weather', intent: 'out_of_scope' },
        ],
        controls: [
          { text: 'cancel', intent: 'cancel' },
          { text: 'hello there', intent: 'other' },
        ],
        verdicts: [{ line: {}, text: 'we run a legacy app', verdict: 'vms' }],
        situations: [{ text: 'we run a legacy app', slots: { legacy: 'yes' }, verdict: 'vms' }],
      },
      { baseline: false, tune: true },
    );
    expect(result.intents).toMatchObject({ total: 2, accuracy: 1 });
    const t = result.tuned as { threshold: number; metrics: IntentMetrics };
    expect(t.metrics.falseRejection).toBeLessThanOrEqual(0.03);
    expect(Math.round(t.threshold * 20) / 20).toBe(t.threshold);
    expect(result.controls).toMatchObject({ total: 2, accuracy: 1 });
    expect(result.verdicts).toMatchObject({ total: 1, agreement: 1, misses: [] });
    expect(result.situations).toMatchObject({ total: 1, verdictAgreement: 1 });
  });
});
