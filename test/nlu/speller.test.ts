/**
 * The speller gives natural's Spellcheck answers (the corrector it replaced) on ordinary typos,
 * in linear time, and corrects only a bounded number of unknown words per message.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CORRECTIONS, Speller, stems } from '../../src/nlu/features.js';
import { coldEngine, cpuMs, lcg, letters } from '../cost.js';

const require = createRequire(import.meta.url);
const Spellcheck = require('natural/lib/natural/spellcheck/spellcheck.js') as new (
  words: string[],
) => { getCorrections(word: string, maxDistance?: number): string[] };

/** What the speller answered before: natural's best correction at distance 1, under the same rules. */
function naturalCorrect(checker: InstanceType<typeof Spellcheck>, known: Set<string>, word: string): string {
  if (word.length < 4 || word.length > 18 || known.has(word) || !/^[a-z]+$/.test(word)) return word;
  return checker.getCorrections(word, 1)[0] ?? word;
}

/** One single-character typo of `word`, of a kind and at a place chosen by `i`. */
function typo(word: string, i: number): string {
  const at = i % word.length;
  const letter = String.fromCharCode(97 + ((i * 7) % 26));
  switch (i % 4) {
    case 0:
      return word.slice(0, at) + word.slice(at + 1);
    case 1:
      return at + 1 < word.length ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) : `${word}${letter}`;
    case 2:
      return word.slice(0, at) + letter + word.slice(at + 1);
    default:
      return word.slice(0, at) + letter + word.slice(at);
  }
}

/** Typos people type in chat about this domain. */
const TYPICAL = [
  'contianers',
  'containrs',
  'conatiner',
  'dokcer',
  'docekr',
  'kubernets',
  'kuberntes',
  'virutal',
  'vritual',
  'machnie',
  'machien',
  'hypervisior',
  'hypervsor',
  'secuirty',
  'securty',
  'isolaton',
  'isloation',
  'strat',
  'statup',
  'startp',
  'fsater',
  'porability',
  'portabilty',
  'windwos',
  'widnows',
  'linx',
  'lnux',
  'legcy',
  'legacey',
  'microservics',
  'mircoservices',
  'recomend',
  'reccomend',
  'choosse',
  'differnce',
  'diference',
  'overhed',
  'overheaad',
  'performence',
  'imgae',
  'imags',
  'denisty',
  'hardwre',
  'thnaks',
  'helo',
  'hepl',
  'cancle',
  'restrat',
  'netwrok',
  'kernal',
];

describe('speller', () => {
  it('corrects typical typos and one-edit typos of every vocabulary word exactly as natural Spellcheck did', async () => {
    const vocabulary = (await coldEngine()).classifier.toJson().vocabulary ?? [];
    const known = new Set(vocabulary);
    const checker = new Spellcheck([...vocabulary]);
    const speller = new Speller(vocabulary);
    const generated = [...known].filter((w) => /^[a-z]{4,}$/.test(w)).map((w, i) => typo(w, i));
    const words = [...TYPICAL, ...generated];
    expect(words.length).toBeGreaterThan(1000);
    const differ = words.filter((w) => speller.correct(w) !== naturalCorrect(checker, known, w));
    expect(differ.map((w) => `${w}: ${speller.correct(w)} vs ${naturalCorrect(checker, known, w)}`)).toEqual([]);
    // The corrector does fix them: most typical typos map to a vocabulary word.
    expect(TYPICAL.filter((w) => known.has(speller.correct(w))).length).toBeGreaterThan(TYPICAL.length * 0.7);
  });

  it('agrees with natural on small vocabularies full of frequency ties (most frequent first, ties in edit order)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 3, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 40 }), fc.array(word, { minLength: 1, maxLength: 10 }), (vocabulary, queries) => {
        const known = new Set(vocabulary);
        const checker = new Spellcheck([...vocabulary]);
        const speller = new Speller(vocabulary);
        for (const q of queries) expect(speller.correct(q), q).toBe(naturalCorrect(checker, known, q));
      }),
      { numRuns: 300 },
    );
  });

  it(`corrects at most ${MAX_CORRECTIONS} distinct unknown words of a message, the first ones, and each repeat alike`, () => {
    const speller = new Speller([
      'container',
      'containers',
      'docker',
      'machine',
      'virtual',
      'isolation',
      'legacy',
      'windows',
      'linux',
      'kernel',
      'image',
      'start',
    ]);
    const typos = ['contianer', 'dokcer', 'machnie', 'virutal', 'isolaton', 'legcy', 'windwos', 'linx', 'kernal', 'imgae', 'strat', 'contaners'];
    const fixed = ['container', 'docker', 'machine', 'virtual', 'isolation', 'legacy', 'windows', 'linux', 'kernel', 'image', 'start', 'containers'];
    const words = stems(`${typos.join(' ')} ${typos[0]}`, speller).words;
    expect(words.slice(0, MAX_CORRECTIONS)).toEqual(fixed.slice(0, MAX_CORRECTIONS));
    expect(words.slice(MAX_CORRECTIONS, typos.length)).toEqual(typos.slice(MAX_CORRECTIONS));
    expect(words.at(-1)).toBe('container');
    // Known words and words too short to judge do not use up the budget.
    const mixed = stems(`the docker ${typos.slice(0, MAX_CORRECTIONS).join(' ')} contaners`, speller).words;
    expect(mixed.slice(2)).toEqual([...fixed.slice(0, MAX_CORRECTIONS), 'contaners']);
  });

  it('takes linear time: 200 unknown 18-letter words cost well under 100 ms (natural took about 14 ms each)', async () => {
    const vocabulary = (await coldEngine()).classifier.toJson().vocabulary ?? [];
    let best = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3 && best >= 100; attempt++) {
      const random = lcg(5 + attempt);
      const unknown = Array.from({ length: 200 }, () => letters(random, 18));
      const speller = new Speller(vocabulary);
      best = Math.min(
        best,
        cpuMs(() => {
          for (const w of unknown) speller.correct(w);
        }),
      );
    }
    expect(best, `200 corrections took ${best.toFixed(1)} ms of CPU`).toBeLessThan(100);
  });
});
