/** What the situation reader sees of a text: marked stems, bigrams from start to end, trigrams, spelling fixes on a budget. */
import { describe, expect, it } from 'vitest';
import { unitsOf } from '../../src/nlu/clauses.js';
import { Speller, stemOf, vocabularyOf } from '../../src/nlu/features.js';
import { normalise } from '../../src/nlu/normalise.js';
import { textFeatures, unitIndexed } from '../../src/nlu/situation.js';

// Made by each test, not when the file loads: mutation testing counts what a test runs.
const spellerNow = () => new Speller(vocabularyOf(['we run windows servers', 'legacy systems', 'customer data', 'kubernetes clusters']));

describe('situation features', () => {
  it('names each word by its stem, marked by the negation it stands in, and chains bigrams from start to end', () => {
    const speller = spellerNow();
    const f = textFeatures('we run windows, not legacy', speller);
    const legacy = `!${stemOf('legacy')}`;
    expect(f.has(`w:${legacy}`)).toBe(true);
    expect(f.has(`w:${stemOf('legacy')}`)).toBe(false);
    expect(f.has('w:we')).toBe(true);
    // Character trigrams carry the scope mark too.
    expect([...f.keys()].filter((k) => k.startsWith('c:!')).length).toBeGreaterThan(0);
    expect(f.has('c:#we')).toBe(true);
    const stems = ['we', 'run', stemOf('windows'), 'not', legacy];
    const chain = ['^', ...stems, '$'];
    const bigrams = chain.slice(1).map((s, i) => `b:${chain[i]}_${s}`);
    expect([...f.keys()].filter((k) => k.startsWith('b:'))).toEqual(bigrams);
  });

  it('is L2-normalised', () => {
    const speller = spellerNow();
    const f = textFeatures('kubernetes clusters for customer data', speller);
    expect([...f.values()].reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 12);
  });

  it('reads at most the first 40 characters of a word', () => {
    const speller = spellerNow();
    const word = 'k'.repeat(40) + 'z'.repeat(20);
    const f = textFeatures(`we run ${word}`, speller);
    expect(f.has(`w:${stemOf('k'.repeat(40))}`)).toBe(true);
    expect([...f.keys()].some((k) => k.includes('z'))).toBe(false);
  });

  it('corrects an unknown word to the vocabulary, and leaves known ones as they are', () => {
    const speller = spellerNow();
    const f = textFeatures('we run windos', speller);
    expect(f.has(`w:${stemOf('windows')}`)).toBe(true);
    expect(f.has(`w:${stemOf('windos')}`)).toBe(false);
    expect(f.has('w:run')).toBe(true);
  });

  it('spends the correction budget on fixes only, one per fixed word, and stops when it is spent', () => {
    const speller = spellerNow();
    const model = new Map([
      [`w:${stemOf('windows')}`, 0],
      [`w:${stemOf('customer')}`, 1],
      ['w:qqqqzzzz', 2],
    ]);
    const [unit = []] = unitsOf(normalise('qqqqzzzz windos custmer'));
    const budget = { left: 1 };
    const { features } = unitIndexed(unit, speller, budget, model);
    // The word that has no fix costs nothing; the first typo takes the one correction left; the second stays.
    expect([...features.index]).toEqual([2, 0]);
    expect(budget.left).toBe(0);
    const none = { left: 0 };
    expect([...unitIndexed(unit, speller, none, model).features.index]).toEqual([2]);
    expect(none.left).toBe(0);
  });

  it('reads the first 300 words of a text', () => {
    const speller = spellerNow();
    const filler = Array.from({ length: 300 }, () => 'we').join(' ');
    expect(textFeatures(`${filler} kubernetes`, speller).has(`w:${stemOf('kubernetes')}`)).toBe(false);
    expect(textFeatures(`kubernetes ${filler}`, speller).has(`w:${stemOf('kubernetes')}`)).toBe(true);
  });
});
