/** The classifier's features: stemmed words, bigrams with start and end marks, character trigrams, their weights and limits. */
import { describe, expect, it } from 'vitest';
import { analyse, featurise, Speller, stemOf, stems, vocabularyOf } from '../../src/nlu/features.js';

describe('featurise', () => {
  it('weighs words 1, bigrams 0.8 and character trigrams 0.35, and has unit length', () => {
    const v = featurise('docker start');
    const trigrams = ['#do', 'doc', 'ock', 'cke', 'ker', 'er#', '#st', 'sta', 'tar', 'art', 'rt#'].map((t) => `c:${t}`);
    expect(new Set(v.keys())).toEqual(new Set(['w:docker', 'w:start', 'b:^_docker', 'b:docker_start', 'b:start_$', ...trigrams]));
    const w = v.get('w:docker') ?? 0;
    expect(v.get('w:start')).toBeCloseTo(w, 12);
    expect((v.get('b:docker_start') ?? 0) / w).toBeCloseTo(0.8, 12);
    expect((v.get('c:ock') ?? 0) / w).toBeCloseTo(0.35, 12);
    let norm = 0;
    for (const x of v.values()) norm += x * x;
    expect(norm).toBeCloseTo(1, 12);
  });

  it('stems words and counts a repeated feature once', () => {
    const v = featurise('starting starts');
    expect([...v.keys()].filter((k) => k.startsWith('w:'))).toEqual(['w:start']);
    expect(v.has('b:start_start')).toBe(true);
  });

  it('an empty message is the start-end bigram and an "empty" feature', () => {
    for (const text of ['', '!!! ...']) {
      const v = featurise(text);
      expect([...v.keys()].sort()).toEqual(['b:^_$', 'empty']);
      expect(v.get('empty')).toBeCloseTo(1 / Math.sqrt(1.64), 12);
      expect(v.get('b:^_$')).toBeCloseTo(0.8 / Math.sqrt(1.64), 12);
    }
    expect(featurise('docker').has('empty')).toBe(false);
  });

  it('reads the first 200 words, each cut to 40 characters', () => {
    const words = Array.from({ length: 250 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    const v = featurise(words.join(' '));
    const stemmed = new Set([...v.keys()].filter((k) => k.startsWith('w:')));
    expect(stemmed.size).toBe(200);
    expect(stemmed.has(`w:${stemOf(words[199] ?? '')}`)).toBe(true);
    expect(stemmed.has(`w:${stemOf(words[200] ?? '')}`)).toBe(false);
    expect(stems('a'.repeat(50)).words).toEqual(['a'.repeat(40)]);
  });
});

describe('spelling correction in the features', () => {
  const speller = new Speller(['docker', 'docker', 'container', 'start']);

  it('corrects unknown words before stemming, when given a speller', () => {
    expect(stems('dokcer strat', speller).words).toEqual(['docker', 'start']);
    expect(stems('dokcer strat').words).toEqual(['dokcer', 'strat']);
  });

  it('knows a word when any word of the message is in the vocabulary, and an empty message counts as known', () => {
    expect(analyse('zzzz qqqq', speller).knowsAWord).toBe(false);
    expect(analyse('zzzz docker', speller).knowsAWord).toBe(true);
    expect(analyse('dokcer', speller).knowsAWord).toBe(true);
    expect(analyse('', speller).knowsAWord).toBe(true);
  });
});

describe('vocabularyOf', () => {
  it('is every token of the normalised texts, repeats kept (the speller counts them)', () => {
    expect(vocabularyOf(['Docker, docker!', "what's <@U1> up"])).toEqual(['docker', 'docker', 'what', 'is', 'up']);
  });
});
