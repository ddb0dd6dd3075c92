/** Builds the engine: the one place that wires knowledge, classifiers and store. */
import { Engine } from './engine/engine.js';
import { type Bundle, fingerprint, readBundle, writeBundle } from './knowledge/bundle.js';
import type { Knowledge } from './knowledge/load.js';
import { IntentClassifier } from './nlu/classifier.js';
import { ControlClassifier, controlModelFor } from './nlu/control.js';
import { DEFAULT_KNOWLEDGE_DIR, DEFAULT_MODEL_PATH } from './paths.js';
import { MemoryStore, type StateStore } from './state/store.js';

export interface BuildOptions {
  knowledgeDir?: string;
  /** The compiled bundle (knowledge + trained model); default dist/model.json. */
  modelPath?: string;
  store?: StateStore;
  /** Interviews idle longer than this have ended (default 24 h). */
  interviewTtlMs?: number;
}

/**
 * Loads knowledge and both models (intents, controls) from the build-time bundle when it matches knowledge/,
 * else validates the YAML and trains (a few seconds) and refreshes the bundle.
 */
export async function loadModel(
  knowledgeDir: string,
  modelPath: string,
): Promise<{ knowledge: Knowledge; classifier: IntentClassifier; controls: ControlClassifier; cached: boolean }> {
  const bundle = readBundle(modelPath, knowledgeDir);
  if (bundle) {
    const knowledge: Knowledge = { dir: knowledgeDir, ...bundle.knowledge };
    const classifier = IntentClassifier.fromJson(bundle.classifier, knowledge.intents, knowledge.classifier);
    const controls = ControlClassifier.fromJson(bundle.controls, knowledge.controls);
    if (classifier && controls) return { knowledge, classifier, controls: controlModelFor(knowledge.controls, controls), cached: true };
  }
  // Imported here so that a cached start never loads the YAML parser or zod.
  const { loadKnowledge } = await import('./knowledge/load.js');
  const knowledge = loadKnowledge(knowledgeDir);
  const classifier = IntentClassifier.train(knowledge.intents, knowledge.classifier);
  const controls = controlModelFor(knowledge.controls);
  const { dir: _dir, ...rest } = knowledge;
  const fresh: Bundle = { fingerprint: fingerprint(knowledgeDir), knowledge: rest, classifier: classifier.toJson(), controls: controls.toJson() };
  writeBundle(modelPath, fresh);
  return { knowledge, classifier, controls, cached: false };
}

/** Loads knowledge and classifier, and returns the engine. */
export async function buildEngine(options: BuildOptions = {}): Promise<Engine> {
  const { knowledge, classifier, controls } = await loadModel(options.knowledgeDir ?? DEFAULT_KNOWLEDGE_DIR, options.modelPath ?? DEFAULT_MODEL_PATH);
  return new Engine({
    knowledge,
    classifier,
    controls,
    store: options.store ?? new MemoryStore(),
    ...(options.interviewTtlMs ? { interviewTtlMs: options.interviewTtlMs } : {}),
  });
}
