/**
 * The intent classifier trained from scratch on a few utterances (the build trains it on intents.yaml):
 * what training learns, the calibrated temperature, the cached form, and the out-of-scope decisions.
 */
import { describe, expect, it } from 'vitest';
import type { ClassifierData, IntentsData } from '../../src/knowledge/schema.js';
import { IntentClassifier, trainingHash } from '../../src/nlu/classifier.js';
import { DEFAULT_TRAIN } from '../../src/nlu/softmax.js';

const UTTERANCES: IntentsData = {
  startup_time: [
    'how fast do containers start',
    'container boot time',
    'how long does a vm take to boot',
    'startup latency of docker',
    'cold start of a container',
    'how quickly does a vm start',
  ],
  vm_basics: [
    'what is a virtual machine',
    'explain a hypervisor',
    'how does a vm work',
    'what is a hypervisor',
    'virtual machine basics',
    'what does a hypervisor do',
  ],
  thanks: ['thanks', 'thank you', 'cheers', 'thanks a lot', 'much appreciated', 'thank you so much'],
  out_of_scope: ['what is the weather', 'tell me a joke', 'who won the game', 'book a flight', 'order a pizza', 'what time is it'],
};

const THRESHOLDS = { out_of_scope_below: 0.2, clarify_margin: 0.15, clarify_below: 0.6 } as ClassifierData;
// Fewer epochs than the build: the same code path, a tenth of a second instead of seconds.
const OPTIONS = { ...DEFAULT_TRAIN, epochs: 10 };
// Trained inside the first test that asks, not at import: mutation testing counts what a test runs.
let cached: IntentClassifier | undefined;
const classifier = (): IntentClassifier => {
  cached ??= IntentClassifier.train(UTTERANCES, THRESHOLDS, OPTIONS);
  return cached;
};

describe('intent classifier, trained on a few utterances', () => {
  it('learns every intent it is given, and generalises to new wordings of them', () => {
    const trained = classifier();
    expect(
      trained
        .rank('thanks')
        .map((r) => r.intent)
        .sort(),
    ).toEqual(Object.keys(UTTERANCES).sort());
    for (const [intent, texts] of Object.entries(UTTERANCES)) for (const text of texts) expect(trained.classify(text).intent, text).toBe(intent);
    expect(trained.classify('how fast does a container start').intent).toBe('startup_time');
    expect(trained.classify('what exactly is a hypervisor').intent).toBe('vm_basics');
    expect(trained.classify('thank you very much').intent).toBe('thanks');
  });

  it('fits its temperature on held-out folds: inside the searched grid, on its 0.05 steps, and softening (above 1)', () => {
    const trained = classifier();
    // Out-of-fold predictions of a model that fits its training set are overconfident: calibration softens them.
    const t = IntentClassifier.train(UTTERANCES, THRESHOLDS, OPTIONS).temperature;
    expect(t).toBeGreaterThan(1);
    expect(t).toBeLessThan(5);
    expect(Math.abs(t * 20 - Math.round(t * 20))).toBeLessThan(1e-9);
    // Training is seeded: the same data trains the same classifier.
    expect(trained.temperature).toBe(t);
  });

  it('restores from its cached form only for the same utterances and model version', () => {
    const trained = classifier();
    const json = trained.toJson();
    expect(json.vocabulary).toContain('hypervisor');
    expect(json.hash).toBe(trainingHash(UTTERANCES, OPTIONS));
    // fromJson checks the hash of the default settings, the ones the bundle is built with.
    const hash = trainingHash(UTTERANCES);
    const copy = IntentClassifier.fromJson({ ...json, hash: hash }, UTTERANCES, THRESHOLDS);
    expect(copy?.rank('how fast does a vm boot')).toEqual(trained.rank('how fast does a vm boot'));
    // A bundle written before the vocabulary was cached: it is rebuilt from the utterances, misspellings still read.
    const { vocabulary: _, ...old } = json;
    const older = IntentClassifier.fromJson({ ...old, hash: hash }, UTTERANCES, THRESHOLDS);
    expect(older?.rank('what is a hypervsior')).toEqual(trained.rank('what is a hypervsior'));
    expect(IntentClassifier.fromJson({ ...json, hash: hash, version: json.version + 1 }, UTTERANCES, THRESHOLDS)).toBeUndefined();
    expect(IntentClassifier.fromJson({ ...json, hash: hash }, { ...UTTERANCES, thanks: ['ta'] }, THRESHOLDS)).toBeUndefined();
  });

  it('never asks "did you mean" out of scope, and is as unsure of out of scope as the top intent is sure', () => {
    const trained = classifier();
    const askAlways = { ...THRESHOLDS, out_of_scope_below: 0, clarify_below: 1, clarify_margin: 1 };
    const oos = trained.classify('tell me a joke about the weather', askAlways);
    expect(oos.intent).toBe('out_of_scope');
    expect(oos.clarify).toBeUndefined();
    expect(oos.confidence).toBe(oos.ranked[0]?.p);
    // An in-scope top intent that is not sure enough: out of scope, with what is left of its probability.
    const unsure = trained.classify('how fast does a container start', { ...THRESHOLDS, out_of_scope_below: 1 });
    const top = trained.rank('how fast does a container start')[0];
    expect(top?.intent).toBe('startup_time');
    expect(unsure.intent).toBe('out_of_scope');
    expect(unsure.confidence).toBeCloseTo(1 - (top?.p ?? 0), 12);
  });
});
