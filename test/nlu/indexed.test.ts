/**
 * The models read features through their index (indexed.ts) instead of a feature Map per message: the numbers must be
 * the very same, bit for bit, for the intent classifier, the control model and the situation reader.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unitsOf } from '../../src/nlu/clauses.js';
import { analyse, analyseFor, featureName, featurise, Speller, stems, trigramKeys } from '../../src/nlu/features.js';
import { type IndexedFeatures, indexFeatures, NameIds } from '../../src/nlu/indexed.js';
import { multiHeadFromJson, predictMultiHead, predictMultiHeadIndexed } from '../../src/nlu/multihead.js';
import { normalise } from '../../src/nlu/normalise.js';
import { type SituationReader, textFeatures, unitIndexed } from '../../src/nlu/situation.js';
import { fromJson, logitsOf, logitsOfIndexed } from '../../src/nlu/softmax.js';
import { engine } from '../helpers.js';

/** analyseFor's answer as logitsOfIndexed's arguments. */
const spread = (a: { features: IndexedFeatures; norm: number }): [IndexedFeatures, number] => [a.features, a.norm];

const texts = (file: string) =>
  readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text);

/** Dev and held-out lines, plus the shapes that stress repeats, unknown words, typos and emptiness. */
const CORPUS = [
  ...texts('dev.jsonl'),
  ...texts('controls-dev.jsonl'),
  ...texts('situations-dev.jsonl'),
  '',
  '!!! ...',
  'docker docker docker docker',
  'contaner vs virtul machin, contaner again',
  'zzqx blorf wibble',
  'not windows, not linux; maybe windows after all, host is ubuntu',
];

describe('features through the model index', () => {
  it('gives the intent classifier and the control model the same logits as the feature Map', async () => {
    const e = await engine();
    for (const json of [e.classifier.toJson(), e.controls.toJson()]) {
      const model = fromJson(json.model);
      const speller = new Speller(json.vocabulary ?? []);
      for (const text of CORPUS) {
        const viaMap = logitsOf(model, analyse(text, speller).vector);
        const { features, norm } = analyseFor(text, speller, model.features);
        expect(Array.from(logitsOfIndexed(model, features, norm)), text).toEqual(Array.from(viaMap));
      }
    }
  });

  it('gives the same logits with the models interleaved and with a name table that fills and starts afresh mid-message', async () => {
    const e = await engine();
    const models = [e.classifier.toJson(), e.controls.toJson()].map((json) => ({
      model: fromJson(json.model),
      speller: new Speller(json.vocabulary ?? []),
    }));
    // 7 names: most passes fill the table part way, so names with and without ids mix in one message.
    // NameIds(200, 2): the stamps are cleared and the passes count from 1 again every other pass.
    for (const ids of [undefined, new NameIds(7), new NameIds(200), new NameIds(200, 2)]) {
      for (const text of [...CORPUS, ...CORPUS]) {
        for (const { model, speller } of models) {
          const viaMap = logitsOf(model, analyse(text, speller).vector);
          const { features, norm } = analyseFor(text, speller, model.features, ids);
          expect(Array.from(logitsOfIndexed(model, features, norm)), text).toEqual(Array.from(viaMap));
        }
      }
    }
  });

  it('gives the situation reader the same probabilities as the feature Map', async () => {
    const e = await engine();
    const json = (e.extractor as SituationReader).toJson();
    const model = multiHeadFromJson(json.model);
    const speller = new Speller(json.vocabulary);
    for (const text of CORPUS) {
      const viaMap = predictMultiHead(model, textFeatures(text, speller));
      const words = unitsOf(normalise(text), 200).flat().slice(0, 300);
      const { features, norm } = unitIndexed(words, speller, { left: Number.POSITIVE_INFINITY }, model.features);
      expect(
        predictMultiHeadIndexed(model, features, norm).map((p) => Array.from(p)),
        text,
      ).toEqual(viaMap.map((p) => Array.from(p)));
    }
  });

  it('gives the situation reader the same probabilities with the other models on one small table (ids that fill and start afresh)', async () => {
    const e = await engine();
    const json = (e.extractor as SituationReader).toJson();
    const model = multiHeadFromJson(json.model);
    const speller = new Speller(json.vocabulary);
    const intents = { model: fromJson(e.classifier.toJson().model), speller: new Speller(e.classifier.toJson().vocabulary ?? []) };
    for (const ids of [new NameIds(7), new NameIds(200), new NameIds(200, 2)]) {
      for (const text of [...CORPUS, ...CORPUS]) {
        // The classifier's pass first, on the same table: the reader then meets its words' ids ('' scope) and '^'.
        const { features: f, norm: n } = analyseFor(text, intents.speller, intents.model.features, ids);
        expect(Array.from(logitsOfIndexed(intents.model, f, n)), text).toEqual(Array.from(logitsOf(intents.model, analyse(text, intents.speller).vector)));
        const viaMap = predictMultiHead(model, textFeatures(text, speller));
        const words = unitsOf(normalise(text), 200).flat().slice(0, 300);
        const { features, norm } = unitIndexed(words, speller, { left: Number.POSITIVE_INFINITY }, model.features, ids);
        expect(
          predictMultiHeadIndexed(model, features, norm).map((p) => Array.from(p)),
          text,
        ).toEqual(viaMap.map((p) => Array.from(p)));
      }
    }
  });

  it('keeps the largest weight of a repeat in its first place, and counts unknown features in the norm', () => {
    const index = new Map([
      ['a', 0],
      ['b', 1],
    ]);
    const emit = (add: (key: string, w: number) => void) => {
      add('b', 0.5);
      add('zz', 0.3);
      add('a', 1);
      add('b', 0.8);
      add('zz', 0.6);
      add('a', 0.2);
    };
    const x = indexFeatures(index, emit);
    const plain = (f: { index: Int32Array; weight: Float64Array; sumSquares: number }) => ({
      index: Array.from(f.index),
      weight: Array.from(f.weight),
      sumSquares: f.sumSquares,
    });
    const first = plain(x);
    expect(first).toEqual({ index: [1, 0], weight: [0.8, 1], sumSquares: 0.8 * 0.8 + 0.6 * 0.6 + 1 * 1 });
    // A second pass over the same index starts afresh.
    expect(plain(indexFeatures(index, (add) => add('a', 0.4)))).toEqual({ index: [0], weight: [0.4], sumSquares: 0.4 * 0.4 });
    // A pass longer than the scratch arrays' first size (256) grows them and keeps every feature.
    const many = new Map(Array.from({ length: 600 }, (_, i) => [`f${i}`, i] as const));
    const long = indexFeatures(many, (add) => {
      for (let i = 0; i < 700; i++) add(`f${i}`, 0.5);
      for (let i = 0; i < 700; i++) add(`f${i}`, 0.25);
    });
    expect(Array.from(long.index)).toEqual(Array.from({ length: 600 }, (_, i) => i));
    expect(Array.from(long.weight).every((w) => w === 0.5)).toBe(true);
    expect(long.sumSquares).toBe(Array.from({ length: 700 }).reduce((sum: number) => sum + 0.25, 0));
    // The same with a name table of 2: 'b' and 'zz' get ids, 'a' is looked up by name, repeats found both ways.
    const ids = new NameIds(2);
    for (let pass = 0; pass < 3; pass++) expect(plain(indexFeatures(index, emit, ids))).toEqual(first);
    expect(plain(indexFeatures(new Map([['zz', 0]]), emit, ids))).toEqual({ index: [0], weight: [0.6], sumSquares: 0.8 * 0.8 + 0.6 * 0.6 + 1 * 1 });
  });

  it('looks a known word up once: its features, trigrams and bigrams come by id, for every model, without their names', async () => {
    const e = await engine();
    const models = [e.classifier.toJson(), e.controls.toJson()].map((json) => ({ model: fromJson(json.model), speller: new Speller(json.vocabulary ?? []) }));
    class Counted extends NameIds {
      lookups = 0;
      override idOf(name: string): number {
        this.lookups++;
        return super.idOf(name);
      }
    }
    const ids = new Counted(16_384);
    const text = 'how fast do containers start compared with virtual machines';
    const first = models.map(({ model, speller }) => Array.from(logitsOfIndexed(model, ...spread(analyseFor(text, speller, model.features, ids)))));
    expect(ids.lookups).toBeGreaterThan(0);
    ids.lookups = 0;
    // The same words again, in both models and in another order: no name is looked up, and the numbers are the same.
    const again = models.map(({ model, speller }) => Array.from(logitsOfIndexed(model, ...spread(analyseFor(text, speller, model.features, ids)))));
    expect(again).toEqual(first);
    expect(ids.lookups).toBe(0);
    analyseFor('virtual machines start', models[0]?.speller ?? new Speller([]), models[0]?.model.features ?? new Map(), ids);
    // Known words in a new order: only the three bigrams not seen before are named (^_virtual, machin_start, start_$).
    expect(ids.lookups).toBe(3);
  });

  it('names the trigrams of a word once: the same names, in order, the same strings the next time', () => {
    const first = trigramKeys('c:', 'docker');
    expect(first).toEqual(['c:#do', 'c:doc', 'c:ock', 'c:cke', 'c:ker', 'c:er#']);
    expect(trigramKeys('c:', 'docker')).toBe(first);
    expect(trigramKeys('c:!', 'docker')).toEqual(first.map((k) => k.replace('c:', 'c:!')));
    expect(trigramKeys('c:', 'a')).toEqual(['c:#a#']);
  });

  it('names word and bigram features once, and the vectors are those of the plain construction, in order', async () => {
    expect(featureName('w:', 'docker', '')).toBe('w:docker');
    expect(featureName('b:', '^', 'docker')).toBe('b:^_docker');
    expect(featureName('b:', '^', 'docker')).toBe(featureName('b:', '^', 'docker'));
    // The construction before the memos, written out: the same names, values and order for every text.
    const plain = (tokens: { words: string[]; stems: string[] }) => {
      const out = new Map<string, number>();
      const add = (key: string, value: number) => out.set(key, Math.max(out.get(key) ?? 0, value));
      for (const w of tokens.stems) add(`w:${w}`, 1);
      const padded = ['^', ...tokens.stems, '$'];
      for (let i = 0; i + 1 < padded.length; i++) add(`b:${padded[i]}_${padded[i + 1]}`, 0.8);
      for (const w of tokens.words) {
        const p = `#${w}#`;
        for (let i = 0; i + 3 <= p.length; i++) add(`c:${p.slice(i, i + 3)}`, 0.35);
      }
      if (tokens.stems.length === 0) add('empty', 1);
      let norm = 0;
      for (const v of out.values()) norm += v * v;
      norm = Math.sqrt(norm);
      for (const [k, v] of out) out.set(k, v / norm);
      return out;
    };
    const json = (await engine()).classifier.toJson();
    const speller = new Speller(json.vocabulary ?? []);
    for (const text of CORPUS) expect([...featurise(text, speller)], text).toEqual([...plain(stems(text, speller))]);
  });
});
