/** Builds the engine: the one place that wires knowledge, models and store. */
import { Engine } from './engine/index.js';
import { type Bundle, fingerprint, readBundle, writeBundle } from './knowledge/bundle.js';
import { slotValuesOf } from './knowledge/ids.js';
import type { Knowledge } from './knowledge/load.js';
import { IntentClassifier } from './nlu/classifier.js';
import { ControlClassifier, controlModelFor } from './nlu/control.js';
import { DEFAULT_MULTIHEAD } from './nlu/multihead.js';
import { type ReaderThresholds, SituationReader } from './nlu/situation.js';
import { DEFAULT_KNOWLEDGE_DIR, DEFAULT_MODEL_PATH } from './paths.js';
import { MemoryStore, type StateStore } from './state/store.js';

export interface BuildOptions {
  /** The knowledge folder (default knowledge/); any folder with the same files works, e.g. a copy with one more slot. */
  knowledgeDir?: string;
  /** The compiled bundle (knowledge + trained models); default dist/model.json. */
  modelPath?: string;
  store?: StateStore;
  /** Interviews idle longer than this have ended (default 24 h). */
  interviewTtlMs?: number;
  /** How training runs when the bundle does not match (see TrainOptions). */
  training?: TrainOptions;
}

/**
 * How the models are trained when the bundle is stale; the defaults are what `npm run build` uses. Fewer
 * reader runs or epochs train faster and read a little less well (tests over a copied knowledge base).
 * A bundle trained otherwise is keyed apart (bundle.ts `variant`), so it is never taken for the default one.
 */
export interface TrainOptions {
  /** Situation-reader runs averaged into one model (default 3). */
  readerRuns?: number;
  /** Epochs of each situation-reader run (default DEFAULT_MULTIHEAD.epochs). */
  readerEpochs?: number;
}

/** The trained models and the knowledge they were trained on. */
export interface Model {
  knowledge: Knowledge;
  classifier: IntentClassifier;
  reader: SituationReader;
  controls: ControlClassifier;
  cached: boolean;
}

/**
 * Loads knowledge and models (intents, controls, situation reader) from the build-time bundle when it
 * matches knowledge/, else validates the YAML and trains (a few seconds) and refreshes the bundle.
 */
export async function loadModel(knowledgeDir: string, modelPath: string, training: TrainOptions = {}): Promise<Model> {
  const variant = [
    ...(training.readerRuns === undefined ? [] : [`reader-runs=${training.readerRuns}`]),
    ...(training.readerEpochs === undefined ? [] : [`reader-epochs=${training.readerEpochs}`]),
  ].join(' ');
  const bundle = readBundle(modelPath, knowledgeDir, variant);
  if (bundle) {
    const knowledge: Knowledge = { dir: knowledgeDir, ...bundle.knowledge };
    const classifier = IntentClassifier.fromJson(bundle.classifier, knowledge.intents, knowledge.classifier);
    // The bundle's fingerprint covers situations.yaml, so the reader needs no second hash check.
    const reader = SituationReader.fromJson(bundle.reader, undefined, readerThresholds(knowledge));
    const controls = ControlClassifier.fromJson(bundle.controls, knowledge.controls);
    if (classifier && reader && controls) return { knowledge, classifier, reader, controls: controlModelFor(knowledge.controls, controls), cached: true };
  }
  // Imported here so that a cached start never loads the YAML parser or zod.
  const { loadKnowledge } = await import('./knowledge/load.js');
  const knowledge = loadKnowledge(knowledgeDir);
  const classifier = IntentClassifier.train(knowledge.intents, knowledge.classifier);
  if (!knowledge.situations) throw new Error('knowledge/situations.yaml did not load');
  const readerOptions = training.readerEpochs === undefined ? DEFAULT_MULTIHEAD : { ...DEFAULT_MULTIHEAD, epochs: training.readerEpochs };
  const trained = SituationReader.train(
    knowledge.situations,
    slotValuesOf(knowledge.interview),
    readerThresholds(knowledge),
    readerOptions,
    training.readerRuns,
  );
  // The bundle keeps int8 weights: read with those now too, so the first start answers as every later one.
  const reader = SituationReader.fromJson(trained.toJson(), undefined, readerThresholds(knowledge)) ?? trained;
  const controls = controlModelFor(knowledge.controls);
  const { dir: _dir, situations: _situations, ...rest } = knowledge;
  const fresh: Bundle = {
    fingerprint: fingerprint(knowledgeDir, variant),
    knowledge: rest,
    classifier: classifier.toJson(),
    reader: reader.toJson(),
    controls: controls.toJson(),
  };
  writeBundle(modelPath, fresh);
  return { knowledge, classifier, reader, controls, cached: false };
}

function readerThresholds(k: Knowledge): ReaderThresholds {
  const negated = Object.fromEntries(Object.entries(k.interview.slots).map(([slot, def]) => [slot, def.negated]));
  return {
    unit: k.classifier.situation_threshold,
    piece: k.classifier.situation_piece_threshold,
    negative: k.classifier.situation_negative_threshold,
    change: k.classifier.situation_change_threshold,
    negated,
  };
}

/** Loads knowledge and models, and returns the engine. */
export async function buildEngine(options: BuildOptions = {}): Promise<Engine> {
  const { knowledge, classifier, reader, controls } = await loadModel(
    options.knowledgeDir ?? DEFAULT_KNOWLEDGE_DIR,
    options.modelPath ?? DEFAULT_MODEL_PATH,
    options.training,
  );
  return new Engine({
    knowledge,
    classifier,
    reader,
    controls,
    store: options.store ?? new MemoryStore(),
    ...(options.interviewTtlMs ? { interviewTtlMs: options.interviewTtlMs } : {}),
  });
}
