/** The situation reader's training data (the examples of situations.yaml, the snippets it joins), its heads and its cache. */
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/ids.js';
import type { SituationsData } from '../../src/knowledge/schema.js';
import { DEFAULT_MULTIHEAD } from '../../src/nlu/multihead.js';
import { composed, examplesOf, READER_VERSION, readerHash, SituationReader } from '../../src/nlu/situation.js';

const LONG = `a one-fact description that goes on ${'and on '.repeat(20)}about card data`;
const EXACTLY_160 = `it stores card data${' '.repeat(160 - 'it stores card data'.length - 1)}.`;
const DATA: SituationsData = {
  snippets: {
    isolation: { high: ['it holds card data', 'regulated health records'], standard: ['nothing sensitive'] },
    multi_os: { yes: ['windows and linux side by side'], no: ['linux everywhere'] },
    none: ['we use postgres', 'the team is small'],
  },
  descriptions: [
    { text: 'kubernetes autoscaling for payment data', slots: { fast_scaling: 'yes', isolation: 'high' } },
    { text: 'an old delphi tool', slots: { legacy: 'yes' } },
    { text: LONG, slots: { isolation: 'high' } },
    { text: EXACTLY_160, slots: { isolation: 'high' } },
  ],
};
// ci_cd has no snippets: it is read from descriptions only.
const SLOTS = { isolation: ['high', 'standard', 'unsure'], multi_os: ['yes', 'no'], ci_cd: ['yes', 'no'], legacy: ['yes', 'no'], fast_scaling: ['yes', 'no'] };

describe('examplesOf', () => {
  it('takes every snippet as a partial one-fact example, the none snippets and descriptions as whole ones', () => {
    const examples = examplesOf(DATA, SLOTS);
    expect(examples).toContainEqual({ text: 'it holds card data', slots: { isolation: 'high' }, partial: true });
    expect(examples).toContainEqual({ text: 'linux everywhere', slots: { multi_os: 'no' }, partial: true });
    expect(examples).toContainEqual({ text: 'we use postgres', slots: {} });
    expect(examples).toContainEqual({ text: 'an old delphi tool', slots: { legacy: 'yes' } });
    expect(examples).toHaveLength(5 + 2 + 4);
    // A slot the reader has no head for is not read from the snippets.
    expect(examplesOf(DATA, { isolation: SLOTS.isolation })).toHaveLength(3 + 2 + 4);
  });
});

describe('composed snippets', () => {
  // Made inside each test, not when the file loads: mutation testing counts what a test runs.
  const examplesNow = () => examplesOf(DATA, SLOTS);
  const short = () => examplesNow().filter((e) => Object.keys(e.slots).length <= 1 && e.text.length < 160);
  /** The short examples a composed text is made of, in order (their texts are none a part of another). */
  const partsOf = (text: string) => {
    const found: Array<{ at: number; e: ReturnType<typeof short>[number] }> = [];
    for (const e of short()) for (let at = text.indexOf(e.text); at >= 0; at = text.indexOf(e.text, at + 1)) found.push({ at, e });
    return found.sort((a, b) => a.at - b.at);
  };

  it('makes as many as asked, the same for the same seed and others for another', () => {
    const examples = examplesNow();
    const made = composed(examples, 200, 11);
    expect(made).toHaveLength(200);
    expect(composed(examples, 200, 11)).toEqual(made);
    expect(composed(examples, 200, 12)).not.toEqual(made);
    expect(composed(examples, 0, 11)).toEqual([]);
  });

  it('joins two or three short one-fact examples with a connector, starting with the first', () => {
    const examples = examplesNow();
    const made = composed(examples, 300, 5);
    const sizes = new Set<number>();
    for (const c of made) {
      const parts = partsOf(c.text);
      sizes.add(parts.length);
      expect(parts[0]?.at, c.text).toBe(0);
      // Between and after the parts: only a connector (punctuation, "and", "also", "plus"), never text of its own.
      let rest = c.text;
      for (const { e } of parts) rest = rest.replace(e.text, '|');
      expect(rest, c.text).toMatch(/^\|((, | and |\. | also |, plus |; | - | and also | |, and )\|){1,2}$/);
      // Never the long description, the one of exactly 160 characters, or one stating two facts.
      expect(c.text).not.toContain('goes on');
      expect(c.text).not.toContain('it stores card data');
      expect(c.text).not.toContain('autoscaling');
    }
    expect([...sizes].sort()).toEqual([2, 3]);
    // A third part is drawn two times in five (some such joins clash and are dropped): under half of them.
    const threes = made.filter((c) => partsOf(c.text).length === 3).length / made.length;
    expect(threes).toBeGreaterThan(0.15);
    expect(threes).toBeLessThan(0.45);
  });

  it('merges the facts of its parts, never two of the same slot, and is partial when a part is', () => {
    const examples = examplesNow();
    const made = composed(examples, 300, 5);
    let partial = 0;
    let whole = 0;
    for (const c of made) {
      const parts = partsOf(c.text).map((p) => p.e);
      const merged: Answers = {};
      for (const p of parts) Object.assign(merged, p.slots);
      expect(c.slots, c.text).toEqual(merged);
      const stated = parts.flatMap((p) => Object.keys(p.slots));
      expect(new Set(stated).size, c.text).toBe(stated.length);
      expect(c.partial, c.text).toBe(parts.some((p) => p.partial === true));
      if (c.partial) partial++;
      else whole++;
    }
    expect(made.some((c) => Object.keys(c.slots).length >= 2)).toBe(true);
    expect(partial).toBeGreaterThan(0);
    expect(whole).toBeGreaterThan(0);
  });

  it('makes nothing from fewer than two examples to join', () => {
    const examples = examplesNow();
    expect(composed(examples.slice(0, 1), 10, 1)).toEqual([]);
    expect(composed([], 10, 1)).toEqual([]);
  });
});

describe('readerHash', () => {
  it('is a hex SHA-256 of the data, the slots and the settings', () => {
    const hash = readerHash(DATA, SLOTS);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(readerHash(DATA, SLOTS)).toBe(hash);
    expect(readerHash({ ...DATA, descriptions: DATA.descriptions.slice(1) }, SLOTS)).not.toBe(hash);
    expect(readerHash(DATA, { isolation: SLOTS.isolation })).not.toBe(hash);
  });
});

describe('a reader trained on these examples', () => {
  const thresholds = { unit: 0.5, piece: 0.9, negative: 0.5, change: 0.5, negated: { isolation: 'standard', multi_os: 'no' } };
  // A few epochs: the same code path, in a fraction of the time.
  const options = { ...DEFAULT_MULTIHEAD, minCount: 1, seed: 3, epochs: 3 };

  it('has a head per slot, labelled none and the values the data states, in the slots order', () => {
    const reader = SituationReader.train(DATA, SLOTS, thresholds, options, 1);
    expect(reader.toJson().model.heads).toEqual([
      { name: 'isolation', labels: ['none', 'high', 'standard'] },
      { name: 'multi_os', labels: ['none', 'yes', 'no'] },
      { name: 'ci_cd', labels: ['none'] },
      { name: 'legacy', labels: ['none', 'yes'] },
      { name: 'fast_scaling', labels: ['none', 'yes'] },
    ]);
    expect(reader.extract('it holds card data')).toEqual({ isolation: 'high' });
  });

  it('restores from its cached form only when present, of this version, trained on the same data, and undamaged', () => {
    const json = { ...SituationReader.train(DATA, SLOTS, thresholds, options, 1).toJson(), hash: readerHash(DATA, SLOTS) };
    const trainedOn = { data: DATA, slots: SLOTS };
    expect(SituationReader.fromJson(json, trainedOn, thresholds)?.extract('it holds card data')).toEqual({ isolation: 'high' });
    expect(SituationReader.fromJson(json, undefined, thresholds)?.hash).toBe(json.hash);
    expect(SituationReader.fromJson(undefined, trainedOn, thresholds)).toBeUndefined();
    expect(SituationReader.fromJson({ ...json, version: READER_VERSION + 1 }, trainedOn, thresholds)).toBeUndefined();
    expect(SituationReader.fromJson(json, { data: DATA, slots: { isolation: SLOTS.isolation } }, thresholds)).toBeUndefined();
    expect(SituationReader.fromJson({ ...json, model: undefined as never }, trainedOn, thresholds)).toBeUndefined();
  });
});
