/** Features at their edges: trigrams of a word never seen before, which words the speller judges, an empty message. */
import { describe, expect, it } from 'vitest';
import { analyseFor, Speller, trigramKeys, vocabularyOf } from '../../src/nlu/features.js';

/**
 * Words handed out so far by freshWord, kept on globalThis: test files are run again in the same process (watch
 * mode, mutation testing) while the memo in features.ts lives on, so a counter in this module would start over.
 */
const counter = globalThis as { freshWords?: number };

/** A word of letters no earlier call in this process has seen (trigramKeys memoises by word): 'qz' then a count. */
function freshWord(): string {
  const n = counter.freshWords ?? 0;
  counter.freshWords = n + 1;
  let w = 'qz';
  for (let x = n, i = 0; i < 6; i++, x = Math.floor(x / 26)) w += String.fromCharCode(97 + (x % 26));
  return w;
}

describe('trigramKeys', () => {
  it('gives every three-letter window of the word between start and end marks, with the prefix', () => {
    const word = freshWord();
    const marked = `#${word}#`;
    const expected = Array.from({ length: word.length }, (_, i) => `c:!${marked.slice(i, i + 3)}`);
    expect(trigramKeys('c:!', word)).toEqual(expected);
    expect(trigramKeys('c:!', word)).toEqual(expected);
  });
});

describe('Speller.judges', () => {
  const spellerNow = () => new Speller(vocabularyOf(['internationalising containers', 'docker']));

  it('judges plain lowercase words of four to eighteen letters that it does not know', () => {
    const speller = spellerNow();
    expect(speller.judges('dokcer')).toBe(true);
    expect(speller.judges('docker')).toBe(false);
    expect(speller.judges('dkr')).toBe(false);
    expect(speller.judges('a'.repeat(18))).toBe(true);
    expect(speller.judges('a'.repeat(19))).toBe(false);
    expect(speller.judges('node1')).toBe(false);
    expect(speller.judges('1node')).toBe(false);
  });

  it('corrects a typo of an eighteen-letter word', () => {
    const speller = spellerNow();
    expect(speller.correct('internationalisinf')).toBe('internationalising');
  });
});

describe('analyseFor', () => {
  const spellerNow = () => new Speller(vocabularyOf(['docker containers']));

  it('knows a word when one word is in the vocabulary, or when there are no words at all', () => {
    const speller = spellerNow();
    expect(analyseFor('docker zzqx', speller, new Map()).knowsAWord).toBe(true);
    expect(analyseFor('zzqx vvbn', speller, new Map()).knowsAWord).toBe(false);
    expect(analyseFor('', speller, new Map()).knowsAWord).toBe(true);
    expect(analyseFor('!!!', speller, new Map()).knowsAWord).toBe(true);
  });
});
