/** The control model trained from scratch on a few phrases: cross-validation, calibration, its cache and first use. */
import { describe, expect, it } from 'vitest';
import type { ControlsData } from '../../src/knowledge/schema.js';
import { CONTROL_MODEL_VERSION, ControlClassifier, controlHash, controlModelFor, crossValidate } from '../../src/nlu/control.js';
import { DEFAULT_TRAIN } from '../../src/nlu/softmax.js';

// Only three labels have phrases (examplesOf reads each label's list, empty when absent).
const DATA = {
  cancel: ['cancel', 'cancel this', 'stop asking', 'stop this now', 'forget it', 'drop it', 'let us stop', 'cancel it please'],
  skip: ['skip', 'skip this one', 'next question', 'pass', 'skip it', 'no idea, skip', 'next one please', 'pass on this'],
  answer: ['yes', 'no', 'we run windows', 'linux only', 'about ten servers', 'not sure', 'yes we do', 'it holds card data'],
  // Its words appear nowhere else: a model that has not seen it can only guess.
  back: ['zorblax quimby'],
} as unknown as ControlsData;
const OPTIONS = { ...DEFAULT_TRAIN, epochs: 10 };

describe('control model, trained on a few phrases', () => {
  it('cross-validates on held-out folds: each phrase is predicted by a model that never saw it', () => {
    const { accuracy, predictions } = crossValidate(DATA, OPTIONS);
    expect(predictions).toHaveLength(25);
    const labels = Object.entries(DATA as Record<string, string[]>).flatMap(([label, texts]) => texts.map(() => label));
    expect(predictions.map((h) => h.y).sort()).toEqual(labels.sort());
    const unseen = predictions.find((h) => h.y === 'back');
    expect(unseen?.label).not.toBe('back');
    // Accuracy is the share of held-out predictions that are right: not all of them here.
    expect(accuracy).toBe(predictions.filter((h) => h.label === h.y).length / predictions.length);
    expect(accuracy).toBeGreaterThan(0.5);
    expect(accuracy).toBeLessThan(1);
    for (const h of predictions) expect(h.p).toBeGreaterThan(0);
  });

  it('trains a model that reads its controls, with a temperature fitted on the grid', () => {
    const model = ControlClassifier.train(DATA, OPTIONS);
    expect(model.read('skip this one').label).toBe('skip');
    expect(model.read('cancel this please').label).toBe('cancel');
    const t = model.temperature;
    expect(t).toBeGreaterThan(0.05);
    expect(t).toBeLessThan(5);
    expect(t).not.toBe(1);
    expect(Math.abs(t * 20 - Math.round(t * 20))).toBeLessThan(1e-9);
  });

  it('restores from its cached form only when present, of this version and of the same data', () => {
    const json = { ...ControlClassifier.train(DATA, OPTIONS).toJson(), hash: controlHash(DATA) };
    expect(ControlClassifier.fromJson(json, DATA)?.read('skip it')).toEqual(ControlClassifier.train(DATA, OPTIONS).read('skip it'));
    expect(ControlClassifier.fromJson(undefined, DATA)).toBeUndefined();
    expect(ControlClassifier.fromJson({ ...json, version: CONTROL_MODEL_VERSION + 1 }, DATA)).toBeUndefined();
    expect(ControlClassifier.fromJson(json, { ...DATA, skip: ['skip'] })).toBeUndefined();
  });

  it('trains once per data set on first use, and keeps a model it is handed', () => {
    const data = { ...DATA };
    const first = controlModelFor(data);
    expect(first.read('skip this one').label).toBe('skip');
    expect(controlModelFor(data)).toBe(first);
    const handed = ControlClassifier.train(DATA, OPTIONS);
    const other = { ...DATA };
    expect(controlModelFor(other, handed)).toBe(handed);
    expect(controlModelFor(other)).toBe(handed);
  });
});
