/** Normalisation where markup touches the words around it, shorthand hides inside longer words, and the cut's edges. */
import { describe, expect, it } from 'vitest';
import { MAX_NLU_CHARS, normalise, read } from '../../src/nlu/normalise.js';

describe('normalise: markup glued to words still separates them', () => {
  it.each([
    ['ask```docker ps```now', 'ask now'],
    ['hi<at>Runtime Advice</at>there', 'hi there'],
    ['hi<@U123>there', 'hi there'],
    ['read<https://example.com/x>now', 'read now'],
    ['write<mailto:ops@example.com>today', 'write today'],
    ['a<b>bold</b>b', 'a bold b'],
    ['fish&amp;chips', 'fish chips'],
    ['docker:whale:rocks', 'docker rocks'],
    ['fast🚀start', 'fast start'],
    ['docker btw vm', 'docker vm'],
  ])('%s -> %s', (text, expected) => {
    expect(normalise(text)).toBe(expected);
  });
});

describe('normalise: shorthand only as a whole word', () => {
  it.each([
    ['au', 'au'],
    ['zu', 'zu'],
    ['uz', 'uz'],
    ['u9', 'u9'],
    ['9u', '9u'],
    ['{u}', '{you}'],
    ['~thx~', '~thanks~'],
    ['U R', 'you are'],
  ])('%s -> %s', (text, expected) => {
    expect(normalise(text)).toBe(expected);
  });
});

describe('read: the cut at MAX_NLU_CHARS', () => {
  const before = 'x'.repeat(MAX_NLU_CHARS - 1);

  it('never keeps half of a pair that straddles the cut, for any high surrogate', () => {
    // U+10000 starts with the first high surrogate (D800), U+10FC00 with the last (DBFF).
    for (const astral of ['\u{10000}', '\u{10FC00}']) {
      const r = read(`${before}${astral} and more`);
      expect(r.cut).toBe(true);
      expect(r.text).toBe(before);
    }
  });

  it('keeps a whole character that ends exactly at the cut', () => {
    // U+FFFD is one code unit above the surrogates: it fits, and is kept.
    const r = read(`${before}\uFFFD and more`);
    expect(r.cut).toBe(true);
    expect(r.text).toBe(`${before}\uFFFD`);
  });

  it('does not cut a message of exactly MAX_NLU_CHARS code units, whatever its last one', () => {
    const r = read(`${before}\uD800`);
    expect(r.cut).toBe(false);
    expect(r.text).toHaveLength(MAX_NLU_CHARS);
  });
});
