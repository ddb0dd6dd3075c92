/** Edge cases of units and scopes: a leading break word, look-alikes of the two-word cues, and pieces after a joiner. */
import { describe, expect, it } from 'vitest';
import { type MarkedWord, unitsOf } from '../../src/nlu/clauses.js';

const show = (units: MarkedWord[][]) => units.map((u) => u.map((w) => `${w.piece ? '|' : ''}${w.scope}${w.word}`).join(' ')).join(' // ');

describe('units and scopes, edge cases', () => {
  it.each([
    // A break word with nothing before it makes no empty unit.
    ['but it holds card data', 'it holds card data'],
    ['however, but we run windows', 'we run windows'],
    // "sure" and "idea" are uncertain only after "not" and "no".
    ['we are sure we need windows', 'we are sure we need windows'],
    // ("that" is a joiner: a piece starts after it.)
    ['that is a good idea for scaling', 'that |is a good idea for scaling'],
    // Only "scoped out" negates: other words before "out" do not.
    ['we scale out the web tier', 'we scale out the web tier'],
    ['we scoped the windows migration', 'we scoped the windows migration'],
    // A negating word reaches back only to the start of its piece, which may begin after a joiner.
    ['we need linux and the windows part went away', 'we need linux and |!the !windows !part !went away'],
    // An uncertain word stays uncertain when a later word negates it.
    ['not sure the windows part went away', '?not ?sure ?the ?windows ?part ?went ?away'],
  ])('%s', (text, expected) => {
    expect(show(unitsOf(text))).toBe(expected);
  });
});
