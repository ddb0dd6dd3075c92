/**
 * Units and scope marks of the situation reader (`unitsOf`), written as `!word` (negated), `?word`
 * (uncertain), `|word` (starts a piece) and ` // ` between units.
 */
import { describe, expect, it } from 'vitest';
import { type MarkedWord, unitsOf } from '../../src/nlu/clauses.js';

const show = (units: MarkedWord[][]) => units.map((u) => u.map((w) => `${w.piece ? '|' : ''}${w.scope}${w.word}`).join(' ')).join(' // ');

describe('units', () => {
  it.each([
    ['we run windows. the data is regulated', 'we run windows // the data is regulated'],
    ['node.js on ubuntu 18.04 is fine', 'node.js on ubuntu 18.04 is fine'],
    ['a; b! c? d', 'a // b // c // d'],
    ['first - second — third', 'first // second // third'],
    ['not a legacy system but it holds card data', 'not !a !legacy !system // it holds card data'],
    ['microservices, and it holds card data', 'microservices // it holds card data'],
    ['strict compliance and a legacy cobol stack', 'strict compliance and |a legacy cobol stack'],
    ['no windows, lots of traffic', 'no !windows |lots of traffic'],
  ])('%s', (text, expected) => {
    expect(show(unitsOf(text))).toBe(expected);
  });

  it('keeps at most 40 units, or as many as asked', () => {
    const many = Array.from({ length: 50 }, (_, i) => `w${i}`).join('. ');
    expect(unitsOf(many)).toHaveLength(40);
    expect(unitsOf('a. b. c', 2)).toHaveLength(2);
    expect(unitsOf('')).toEqual([]);
  });
});

describe('negation and uncertainty scopes', () => {
  it.each([
    ['no windows and lots of traffic', 'no !windows and |lots of traffic'],
    ['we do not need windows servers at all or anything else', 'we do not !need !windows !servers !at !all !or anything else'],
    ['cannot run windows', 'cannot !run !windows'],
    ['we dont run windows', 'we dont !run !windows'],
    ['nothing (windows) here', 'nothing |windows |here'],
    ['not sure if we need windows', '?not ?sure ?if ?we ?need ?windows'],
    ['no idea about scaling', '?no ?idea ?about ?scaling'],
    ['the hipaa part went away', '!the !hipaa !part !went away'],
    ['windows got dropped, linux stays', '!windows !got dropped |linux stays'],
    ['scoped out the windows bits', '!scoped out the windows bits'],
  ])('%s', (text, expected) => {
    expect(show(unitsOf(text))).toBe(expected);
  });

  it('a negation reaches six words at most', () => {
    expect(show(unitsOf('no a b c d e f g h'))).toBe('no !a !b !c !d !e !f g h');
  });

  it('a word negating what came before reaches back six words, within its piece only', () => {
    expect(show(unitsOf('a b c d e f g h went away'))).toBe('a b c !d !e !f !g !h !went away');
    expect(show(unitsOf('we need windows, the rest went away'))).toBe('we need windows |!the !rest !went away');
  });
});
