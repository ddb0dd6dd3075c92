/**
 * The control model: what a message asks of the conversation itself (cancel, skip, back, restart,
 * repeat the question, why it is asked, what it means), or that it is an answer, or anything else.
 * A small softmax over the same features as the intent classifier, trained on knowledge/controls.yaml,
 * with its confidence calibrated by temperature scaling on 5-fold out-of-fold predictions.
 */
import { createHash } from 'node:crypto';
import { CONTROL_LABELS, type ControlLabel, type ControlsData } from '../knowledge/schema.js';
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
export const CONTROL_MODEL_VERSION = 1;
const FOLDS = 5;

/** The control labels that act on the conversation (the rest are `answer` and `other`). */
export const CONTROLS = ['cancel', 'skip', 'back', 'restart', 'repeat', 'why_ask', 'explain', 'record'] as const;
export type Control = (typeof CONTROLS)[number];

export function isControl(label: string): label is Control {
  return (CONTROLS as readonly string[]).includes(label);
}

/** What the model says about one message. */
export interface ControlReading {
  readonly label: ControlLabel;
  /** Calibrated probability of `label`, in [0, 1]. */
  readonly confidence: number;
}

/** A trained control model in serialisable form, keyed by the hash of its training data. */
export interface ControlJson {
  version: number;
  hash: string;
  temperature: number;
  model: SoftmaxJson;
  vocabulary: string[];
}

type Example = { text: string; y: string };

function examplesOf(data: ControlsData): Example[] {
  return CONTROL_LABELS.flatMap((label) => (data[label] ?? []).map((text) => ({ text, y: label })));
}

/** Hash of the training data and settings: a cached model is valid only for the same hash. */
export function controlHash(data: ControlsData, options: TrainOptions = DEFAULT_TRAIN): string {
  return createHash('sha256')
    .update(JSON.stringify({ v: CONTROL_MODEL_VERSION, data, options }))
    .digest('hex');
}

function trainOn(examples: readonly Example[], options: TrainOptions): { model: SoftmaxModel; speller: Speller } {
  const speller = new Speller(vocabularyOf(examples.map((e) => e.text)));
  const model = train(
    examples.map((e) => ({ x: featurise(e.text, speller), y: e.y })),
    options,
  );
  return { model, speller };
}

/** Out-of-fold logits of every example (k folds, every k-th example held out in turn). */
function outOfFold(examples: readonly Example[], options: TrainOptions): Array<{ logits: Float64Array; labels: string[]; y: string }> {
  const out: Array<{ logits: Float64Array; labels: string[]; y: string }> = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const { model, speller } = trainOn(
      examples.filter((_, i) => i % FOLDS !== fold),
      options,
    );
    examples.forEach((e, i) => {
      if (i % FOLDS === fold) out.push({ logits: logitsOf(model, featurise(e.text, speller)), labels: model.labels, y: e.y });
    });
  }
  return out;
}

/** The temperature that minimises the negative log-likelihood of out-of-fold predictions. */
function fitTemperature(folds: ReadonlyArray<{ logits: Float64Array; labels: string[]; y: string }>): number {
  let best = 1;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (let t = 0.05; t <= 5; t += 0.05) {
    let loss = 0;
    for (const { logits, labels, y } of folds) {
      const p = Float64Array.from(logits);
      softmaxInPlace(p, t);
      loss -= Math.log(Math.max(p[labels.indexOf(y)] ?? 0, 1e-12));
    }
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  }
  return Math.round(best * 100) / 100;
}

/** One held-out prediction: the true label, the predicted one and its calibrated probability. */
export interface HeldOut {
  y: string;
  label: string;
  p: number;
}

/** Calibrated 5-fold out-of-fold predictions on the training data (for cross-validated accuracy and the threshold). */
export function crossValidate(data: ControlsData, options: TrainOptions = DEFAULT_TRAIN): { accuracy: number; predictions: HeldOut[] } {
  const folds = outOfFold(examplesOf(data), options);
  const temperature = fitTemperature(folds);
  const predictions = folds.map(({ logits, labels, y }) => {
    const p = Float64Array.from(logits);
    softmaxInPlace(p, temperature);
    let top = 0;
    for (let i = 1; i < p.length; i++) if ((p[i] ?? 0) > (p[top] ?? 0)) top = i;
    return { y, label: labels[top] ?? 'other', p: p[top] ?? 0 };
  });
  return { accuracy: predictions.filter((h) => h.label === h.y).length / predictions.length, predictions };
}

/** Reads control phrases in ordinary words. */
export class ControlClassifier {
  private readonly speller: Speller;

  private constructor(
    private readonly model: SoftmaxModel,
    readonly temperature: number,
    readonly hash: string,
    private readonly vocabulary: string[],
  ) {
    this.speller = new Speller(vocabulary);
  }

  /** Trains on knowledge/controls.yaml, with calibration (about a second). */
  static train(data: ControlsData, options: TrainOptions = DEFAULT_TRAIN): ControlClassifier {
    const examples = examplesOf(data);
    const vocabulary = vocabularyOf(examples.map((e) => e.text));
    const { model } = trainOn(examples, options);
    return new ControlClassifier(model, fitTemperature(outOfFold(examples, options)), controlHash(data, options), vocabulary);
  }

  /** Restores a cached model; undefined when it was trained on other data. */
  static fromJson(json: ControlJson | undefined, data: ControlsData): ControlClassifier | undefined {
    if (!json || json.version !== CONTROL_MODEL_VERSION || json.hash !== controlHash(data)) return undefined;
    return new ControlClassifier(fromJson(json.model), json.temperature, json.hash, json.vocabulary);
  }

  toJson(): ControlJson {
    return { version: CONTROL_MODEL_VERSION, hash: this.hash, temperature: this.temperature, model: toJson(this.model), vocabulary: this.vocabulary };
  }

  /**
   * Readings of this turn's message, by the Reading object itself (never by text): the engine asks for a turn's
   * controls twice (a record, then the rest), and each ask would redo the features and the model.
   */
  private readonly readings = new WeakMap<Reading, ControlReading>();

  /** The most likely label of a message and its calibrated probability (once per Reading). */
  read(text: string | Reading): ControlReading {
    if (typeof text === 'string') return this.compute(text);
    let reading = this.readings.get(text);
    if (!reading) {
      reading = this.compute(text);
      this.readings.set(text, reading);
    }
    return reading;
  }

  private compute(text: string | Reading): ControlReading {
    const { features, norm, knowsAWord } = analyseFor(text, this.speller, this.model.features);
    // Nothing the model has seen: not a control phrase, whatever the bias says.
    if (!knowsAWord) return { label: 'other', confidence: 1 };
    const p = logitsOfIndexed(this.model, features, norm);
    softmaxInPlace(p, this.temperature);
    let top = 0;
    for (let i = 1; i < p.length; i++) if ((p[i] ?? 0) > (p[top] ?? 0)) top = i;
    return { label: (this.model.labels[top] ?? 'other') as ControlLabel, confidence: p[top] ?? 0 };
  }

  /** The control a message asks for, when the model is at least `threshold` sure of it. */
  control(text: string | Reading, threshold: number): Control | undefined {
    const r = this.read(text);
    return isControl(r.label) && r.confidence >= threshold ? r.label : undefined;
  }
}

const TRAINED = new WeakMap<ControlsData, ControlClassifier>();

/** One model per training set, trained on first use (engines built over the same knowledge share it). */
export function controlModelFor(data: ControlsData, cached?: ControlClassifier): ControlClassifier {
  if (cached) TRAINED.set(data, cached);
  let model = TRAINED.get(data);
  if (!model) {
    model = ControlClassifier.train(data);
    TRAINED.set(data, model);
  }
  return model;
}
