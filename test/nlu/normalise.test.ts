import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_NLU_CHARS, normalise, normalisedOf, read } from '../../src/nlu/normalise.js';

/** Part of the shorthand table of normalise.ts, for the reference below. */
const SHORTHAND: Record<string, string> = {
  u: 'you',
  r: 'are',
  pls: 'please',
  thx: 'thanks',
  k8s: 'kubernetes',
  'w/': 'with',
  'w/o': 'without',
  'ci/cd': 'ci cd',
  idk: 'i do not know',
  btw: '',
};

/** The per-word rule as the regex it replaced stated it: trim what is not a letter, digit or '/', expand the core. */
function referenceWord(word: string): string {
  const core = word.replace(/^[^\p{L}\p{N}/]+|[^\p{L}\p{N}/]+$/gu, '');
  const expanded = Object.hasOwn(SHORTHAND, core) ? SHORTHAND[core] : undefined;
  return expanded === undefined ? word : word.replace(core, expanded);
}

describe('normalise', () => {
  it.each([
    ['u?', 'you?'],
    ['(u)', '(you)'],
    ['thx!!!', 'thanks!!!'],
    ['..w/o..', '..without..'],
    ['"k8s"', '"kubernetes"'],
    ['r u there', 'are you there'],
    ['btw docker', 'docker'],
    ['umbrella', 'umbrella'],
    ['u.u', 'u.u'],
    ['constructor __proto__ tostring', 'constructor __proto__ tostring'],
  ])('expands shorthand inside punctuation: %s -> %s', (text, expected) => {
    expect(normalise(text)).toBe(expected);
  });

  it('trims words exactly as the regex did, surrogates and all, in one index loop', () => {
    const edge = fc.constantFrom('.', '!', '?', '(', ')', '"', '-', '_', '*', '#', '«', '»', '¿', '·', '\u2032', '\ud800', '\udc00', '\u{1D7CE}', '\u{20000}');
    const core = fc.constantFrom(...Object.keys(SHORTHAND), 'docker', '\u{20000}', 'a/b', '1', '', 'x');
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 6 }), core, fc.array(edge, { maxLength: 6 }), (head, middle, tail) => {
        const word = head.join('') + middle + tail.join('');
        const nfkc = word.normalize('NFKC');
        expect(normalise(word)).toBe(referenceWord(nfkc).trim());
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts after NFKC as well as before, never inside a surrogate pair, and says when it cut', () => {
    expect(read('how fast do containers start?')).toEqual({ text: 'how fast do containers start?', cut: false });
    expect(read('x'.repeat(MAX_NLU_CHARS)).cut).toBe(false);
    expect(read('x'.repeat(MAX_NLU_CHARS + 1)).cut).toBe(true);
    const expanded = read('\uFDFA'.repeat(120));
    expect(expanded.cut).toBe(true);
    expect(expanded.text.length).toBeLessThanOrEqual(MAX_NLU_CHARS);
    const pairs = read(`${'x'.repeat(MAX_NLU_CHARS - 1)}\u{20000}tail`);
    expect(pairs.cut).toBe(true);
    expect(pairs.text).toBe('x'.repeat(MAX_NLU_CHARS - 1));
  });

  it('reads printable ASCII as the Unicode passes would: skipping NFKC and them there changes nothing', () => {
    // A leading U+200D (a joiner, which becomes a space and is trimmed) sends the same text down the full path.
    const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 200 });
    const chat = fc
      .array(fc.oneof(printable, fc.constantFrom("can't", "it's", '<@U1>', '`x`', '```a```', 'http://a.b', '&amp;', ':rocket:', 'u', 'btw', 'W/O', "DON'T")), {
        maxLength: 12,
      })
      // Below the cap: past it the joiner would shift the cut by one character.
      .map((parts) => parts.join(' ').slice(0, MAX_NLU_CHARS - 100));
    fc.assert(
      fc.property(fc.oneof(printable, chat), (text) => {
        expect(read(text)).toEqual(read(`\u200d${text}`));
      }),
      { numRuns: 3000 },
    );
    // Not printable ASCII: the full path runs (a tab is a control character; curly quotes become straight ones).
    expect(read('it\u2019s\tfast').text).toBe('it is fast');
    expect(read('a`b').text).toBe("a'b");
  });

  it('reads a reading as it is: no second normalisation', () => {
    const said = read('<@U1> How fast do containers START? :rocket:');
    expect(normalisedOf(said)).toBe(said.text);
    expect(normalisedOf('<@U1> How fast do containers START? :rocket:')).toBe(said.text);
  });

  it('strips an unclosed mention without eating the text after the next tag', () => {
    expect(normalise('<@U1 docker <b>vs</b> vm')).toBe('<@u1 docker versus vm');
    expect(normalise('<@U123> <!channel> how fast')).toBe('how fast');
  });
});
