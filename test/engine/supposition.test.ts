import { describe, expect, it } from 'vitest';
import { nearlyEqual, supposition } from '../../src/engine/what-if.js';

describe('hypothetical openers', () => {
  it.each([
    ['what if we needed windows', 'we needed windows', true],
    ['wat if it took payments', 'it took payments', true],
    ['supose the data were public', 'the data were public', true],
    ['ok so hypothetically with untrusted plugins', 'with untrusted plugins', true],
    ['would it change if the data were public', 'the data were public', true],
    ['would the answer be different if sox applied', 'sox applied', true],
    ['and if it took payments', 'it took payments', true],
    ['if we used kubernetes', 'we used kubernetes', false],
  ])('%s', (text, rest, strong) => {
    expect(supposition(text)).toEqual({ rest, strong });
  });

  it.each(['how fast do containers start', 'whatever', 'what is a hypervisor', 'would you recommend docker', 'what if', ''])('not one: %s', (text) => {
    expect(supposition(text)).toBeUndefined();
  });

  it('one typo at most, and short words exactly', () => {
    expect(nearlyEqual('supose', 'suppose')).toBe(true);
    expect(nearlyEqual('imagnie', 'imagine')).toBe(true);
    expect(nearlyEqual('sppose', 'suppose')).toBe(true);
    expect(nearlyEqual('spse', 'suppose')).toBe(false);
    expect(nearlyEqual('of', 'if')).toBe(false);
  });
});
