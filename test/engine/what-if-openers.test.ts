/** Every hypothetical opener, the fillers before one, "would it change if", and the one-typo rule, at their edges. */
import { describe, expect, it } from 'vitest';
import { nearlyEqual, supposition } from '../../src/engine/what-if.js';

describe('nearlyEqual: the same word or one edit away', () => {
  it.each([
    ['suppose', 'suppose', true],
    ['if', 'if', true],
    ['suppase', 'suppose', true], // substitution
    ['supposa', 'suppose', true], // substitution of the last letter
    ['suppoose', 'suppose', true], // insertion
    ['supposes', 'suppose', true], // insertion at the end
    ['supose', 'suppose', true], // deletion
    ['suppos', 'suppose', true], // deletion at the end
    ['uppose', 'suppose', true], // deletion at the start
    ['spupose', 'suppose', true], // swap
    ['suppoes', 'suppose', true], // swap of the last two
    ['hwat', 'what', true], // swap of the first two
    ['wat', 'what', true],
    ['sappase', 'suppose', false], // two substitutions
    ['suposee', 'suppose', false], // a deletion and an insertion
    ['supse', 'suppose', false], // two deletions
    ['suppooose', 'suppose', false], // two insertions
    ['spuopse', 'suppose', false], // two swaps
    ['', 'what', false],
    ['iff', 'if', false], // short words must match exactly
    ['of', 'if', false],
    ['sya', 'say', false],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(nearlyEqual(a, b)).toBe(expected);
  });
});

describe('supposition: the openers', () => {
  it.each([
    ['what if x is true', 'x is true', true],
    ['what about if x is true', 'x is true', true],
    ['what happens if x is true', 'x is true', true],
    ['what would happen if x is true', 'x is true', true],
    ['what about x', 'x', false],
    ['how about if x is true', 'x is true', true],
    ['how about x', 'x', false],
    ['and if x is true', 'x is true', true],
    ['if instead x is true', 'x is true', true],
    ['in case x is true', 'x is true', false],
    ['let us say x is true', 'x is true', true],
    ['lets say x is true', 'x is true', true],
    ['say x is true', 'x is true', false],
    ['suppose x is true', 'x is true', true],
    ['supposing x is true', 'x is true', true],
    ['assume x is true', 'x is true', true],
    ['assuming x is true', 'x is true', true],
    ['imagine x is true', 'x is true', true],
    ['hypothetically x is true', 'x is true', true],
    ['if x is true', 'x is true', false],
  ])('%s', (text, rest, strong) => {
    expect(supposition(text)).toEqual({ rest, strong });
  });

  it('reads openers with a typo in a long word', () => {
    expect(supposition('wat if x')).toEqual({ rest: 'x', strong: true });
    expect(supposition('hypotheticaly x')).toEqual({ rest: 'x', strong: true });
    expect(supposition('imgaine x')).toEqual({ rest: 'x', strong: true });
    expect(supposition('of x')).toBeUndefined();
  });

  it('takes fillers before an opener, but no other word', () => {
    expect(supposition('ok so what if x')).toEqual({ rest: 'x', strong: true });
    expect(supposition('well then suppose x')).toEqual({ rest: 'x', strong: true });
    expect(supposition('hmm but if x')).toEqual({ rest: 'x', strong: false });
    expect(supposition('wait and if x')).toEqual({ rest: 'x', strong: true });
    expect(supposition('we what if x')).toBeUndefined();
    expect(supposition('ok so')).toBeUndefined();
    expect(supposition('ok')).toBeUndefined();
  });

  it('ignores extra spaces between words', () => {
    expect(supposition('  what   if   x  y ')).toEqual({ rest: 'x y', strong: true });
  });

  it('is not a hypothetical when nothing follows the opener', () => {
    for (const t of ['what if', 'ok suppose', 'what about', 'and if', 'hypothetically']) expect(supposition(t), t).toBeUndefined();
  });
});

describe('supposition: "would it change if"', () => {
  it.each([
    ['would it change if x', 'x'],
    ['does that change if x', 'x'],
    ['will it be different if x', 'x'],
    ['could the answer differ if x', 'x'],
    ['is it the same if x', 'x'],
    ['do things flip if x', 'x'],
    ['would it change much if x', 'x'],
    ['ok would it change if x', 'x'],
    ['would a b c d e f change if x', 'x'],
  ])('%s', (text, rest) => {
    expect(supposition(text)).toEqual({ rest, strong: true });
  });

  it.each([
    'would it change',
    'would it change if',
    'would it change very much if x',
    'would a b c d e f g change if x',
    'would you recommend docker if x',
    'we would change if x',
  ])('not one: %s', (text) => {
    expect(supposition(text)).toBeUndefined();
  });
});
