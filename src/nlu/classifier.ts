/** The intent classifier: softmax over word, bigram and character features, with calibrated confidence. */
import { createHash } from 'node:crypto';
import type { Intent } from '../ids.js';
import type { ClassifierData, IntentsData } from '../knowledge/schema.js';
import { analyseFor, featurise, Speller, vocabularyOf } from './features.js';
import type { Reading } from './normalise.js';
import {
  DEFAULT_TRAIN,
  fromJson,
  logitsOf,
  logitsOfIndexed,
  type SoftmaxJson,
  type SoftmaxModel,
  softmaxInPlace,
  type TrainOptions,
  toJson,
  train,
} from './softmax.js';

/** Bump when features or training change, so cached models are retrained. */
export const MODEL_VERSION = 4;

/** One ranked guess. */
export interface Scored {
  intent: Intent;
  p: number;
}

/** What the classifier says about one message. */
export interface Classification {
  intent: Intent;
  /** Calibrated probability that `intent` is right, in [0, 1]. */
  confidence: number;
  /** The top guesses, best first. */
  ranked: Scored[];
  /** Set when the top two in-scope intents are too close to call: ask which one. */
  clarify?: [Intent, Intent];
}

/** A trained classifier in serialisable form, keyed by the hash of what it was trained on. */
export interface ClassifierJson {
  version: number;
  hash: string;
  temperature: number;
  model: SoftmaxJson;
  /** Every training token, in order (the speller counts frequencies from it). */
  vocabulary?: string[];
}

/** Hash of the training data and settings: a cached model is valid only for the same hash. */
export function trainingHash(utterances: IntentsData, options: TrainOptions = DEFAULT_TRAIN): string {
  return createHash('sha256')
    .update(JSON.stringify({ v: MODEL_VERSION, utterances, options }))
    .digest('hex');
}

function examplesOf(utterances: IntentsData): Array<{ text: string; y: string }> {
  const out: Array<{ text: string; y: string }> = [];
  for (const [intent, texts] of Object.entries(utterances)) for (const text of texts) out.push({ text, y: intent });
  return out;
}

/** Negative log-likelihood of out-of-fold predictions at a given temperature. */
function nll(folds: ReadonlyArray<{ logits: Float64Array; y: number }>, temperature: number): number {
  let total = 0;
  for (const { logits, y } of folds) {
    const p = Float64Array.from(logits);
    softmaxInPlace(p, temperature);
    total -= Math.log(Math.max(p[y] ?? 0, 1e-12));
  }
  return total / folds.length;
}

/**
 * Fits the softmax temperature on 5-fold out-of-fold logits (temperature scaling),
 * so that confidence behaves like a probability rather than a raw score.
 */
function fitTemperature(examples: ReadonlyArray<{ text: string; y: string }>, options: TrainOptions): number {
  const k = 5;
  const outOfFold: Array<{ logits: Float64Array; y: number }> = [];
  for (let fold = 0; fold < k; fold++) {
    const trainSet = examples.filter((_, i) => i % k !== fold);
    const speller = new Speller(vocabularyOf(trainSet.map((e) => e.text)));
    const model = train(
      trainSet.map((e) => ({ x: featurise(e.text, speller), y: e.y })),
      options,
    );
    examples.forEach((e, i) => {
      if (i % k === fold) outOfFold.push({ logits: logitsOf(model, featurise(e.text, speller)), y: model.labels.indexOf(e.y) });
    });
  }
  let best = 1;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (let t = 0.05; t <= 5; t += 0.05) {
    const loss = nll(outOfFold, t);
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  }
  return Math.round(best * 100) / 100;
}

/** Classifies chat messages into CONTRACT intents. */
export class IntentClassifier {
  private readonly speller: Speller;

  private constructor(
    private readonly model: SoftmaxModel,
    readonly temperature: number,
    readonly hash: string,
    private readonly thresholds: ClassifierData,
    private readonly vocabulary: string[],
  ) {
    this.speller = new Speller(vocabulary);
  }

  /** Trains from the utterances of knowledge/intents.yaml, with calibration (takes a few seconds). */
  static train(utterances: IntentsData, thresholds: ClassifierData, options: TrainOptions = DEFAULT_TRAIN): IntentClassifier {
    const examples = examplesOf(utterances);
    const vocabulary = vocabularyOf(examples.map((e) => e.text));
    const speller = new Speller(vocabulary);
    const model = train(
      examples.map((e) => ({ x: featurise(e.text, speller), y: e.y })),
      options,
    );
    const temperature = fitTemperature(examples, options);
    return new IntentClassifier(model, temperature, trainingHash(utterances, options), thresholds, vocabulary);
  }

  /** Restores a cached classifier; returns undefined when it was trained on other data. */
  static fromJson(json: ClassifierJson, utterances: IntentsData, thresholds: ClassifierData): IntentClassifier | undefined {
    if (json.version !== MODEL_VERSION || json.hash !== trainingHash(utterances)) return undefined;
    // The vocabulary is cached with the model: tokenising every utterance again costs a cold start ~20 ms.
    const vocabulary = json.vocabulary ?? vocabularyOf(examplesOf(utterances).map((e) => e.text));
    return new IntentClassifier(fromJson(json.model), json.temperature, json.hash, thresholds, vocabulary);
  }

  toJson(): ClassifierJson {
    return { version: MODEL_VERSION, hash: this.hash, temperature: this.temperature, model: toJson(this.model), vocabulary: this.vocabulary };
  }

  /** Calibrated probabilities for every intent, best first, before any threshold. */
  rank(text: string | Reading): Scored[] {
    return this.score(text).ranked;
  }

  private score(text: string | Reading): { ranked: Scored[]; knowsAWord: boolean } {
    const { features, norm, knowsAWord } = analyseFor(text, this.speller, this.model.features);
    const probs = logitsOfIndexed(this.model, features, norm);
    softmaxInPlace(probs, this.temperature);
    // The labels are the intents of intents.yaml the model was trained on; the sort is stable, so equal ones keep
    // the label order.
    const ranked: Scored[] = this.model.labels.map((label, i) => ({ intent: label as Scored['intent'], p: probs[i] ?? 0 }));
    return { ranked: ranked.sort((a, b) => b.p - a.p), knowsAWord };
  }

  /** The intent of a message (raw, or read once for the turn), with out-of-scope and clarification decisions applied. */
  classify(text: string | Reading, thresholds: ClassifierData = this.thresholds): Classification {
    const { ranked, knowsAWord } = this.score(text);
    const top = ranked[0] ?? { intent: 'out_of_scope' as const, p: 1 };
    if (top.intent === 'out_of_scope') return { intent: 'out_of_scope', confidence: top.p, ranked };
    if (top.p < thresholds.out_of_scope_below || !knowsAWord) {
      // Too unsure of any in-scope intent: the probability of "none of them" is what is left (never below
      // out_of_scope's own probability, which is part of that rest).
      return { intent: 'out_of_scope', confidence: 1 - top.p, ranked };
    }
    const second = ranked.find((r) => r !== top && r.intent !== 'out_of_scope');
    if (second && top.p < thresholds.clarify_below && top.p - second.p < thresholds.clarify_margin) {
      return { intent: top.intent, confidence: top.p, ranked, clarify: [top.intent, second.intent] };
    }
    return { intent: top.intent, confidence: top.p, ranked };
  }
}
