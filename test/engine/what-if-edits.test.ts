/**
 * The one-typo rule of what-if openers (src/engine/what-if.ts nearlyEqual) where the swap check is the
 * last one left: two changes that each look like half of a swap are not one edit. And in "would it
 * change if ...", the "if" must come after the word of change.
 */
import { describe, expect, it } from 'vitest';
import { nearlyEqual, supposition } from '../../src/engine/what-if.js';

describe('nearlyEqual: a swap is both letters exchanged and the rest equal', () => {
  it.each([
    ['abcdef', 'abdcef', true], // the swap itself
    ['abxcef', 'abcyef', false], // second letter moved forward, first one different
    ['abxcef', 'abzxef', false], // first letter moved back, second one different
    ['abxyqq', 'abyxrr', false], // a swap, then different letters after it
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(nearlyEqual(a, b)).toBe(expected);
  });
});

describe('supposition: "would it change if"', () => {
  it('needs its "if" after the word of change', () => {
    expect(supposition('would it change if we need windows')).toEqual({ rest: 'we need windows', strong: true });
    expect(supposition('would if different windows')).toBeUndefined();
  });
});
