/**
 * Issue 11 item 2: one chat message must not hold a core. Each hostile message of the issue is
 * one full engine turn (normalise, classify, read slots, reply), outside and inside an interview,
 * and must cost under 50 ms of CPU; before the fix they cost 0.8 to 1.6 s.
 */
import { describe, expect, it, vi } from 'vitest';
import { MAX_NLU_CHARS, normalise } from '../../src/nlu/normalise.js';
import { replyText } from '../../src/reply.js';
import { coldEngine, cpuMs, insideState, lcg, letters, outsideState } from '../cost.js';

const BOUND_MS = 50;
const random = lcg(11);

const HOSTILE: ReadonlyArray<[string, string]> = [
  // Every word unknown and of speller length: natural's edit list deduplicates in O(edits²).
  ['105 random 18-letter words (2 KB)', Array.from({ length: 105 }, () => letters(random, 18)).join(' ')],
  // Each ligature expands under NFKC into letters, making 200 unknown 18-letter words.
  ['200 words led by the ligature U+FB03 (ffi)', Array.from({ length: 200 }, () => `\uFB03${letters(random, 15)}`).join(' ')],
  // 1,998 quadruple primes become 7,992 primes: a punctuation run the per-word trim regex backtracks over.
  ["'a' + 1998 x U+2057 + 'a'", `a${'\u2057'.repeat(1998)}a`],
  // Ellipses become 5,994 dots: quadratic for /[.!,;]+$/ and for the per-word trim.
  ["'a' + 1998 x U+2026 + 'a'", `a${'\u2026'.repeat(1998)}a`],
  ["'a' + 1998 dots + 'a'", `a${'.'.repeat(1998)}a`],
  ['2,000 x U+FDFA (36,000 characters after NFKC)', '\uFDFA'.repeat(2000)],
];

/**
 * The cheapest of a few cold runs: noise from a loaded machine only ever adds time. Each run
 * has a fresh engine and a slightly different text, so no memo of an earlier run can help.
 */
async function turnCost(text: string, inside: boolean): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3 && best >= BOUND_MS; attempt++) {
    const bot = await coldEngine();
    const state = inside ? insideState(bot) : outsideState();
    const variant = `${text} ${attempt}`;
    best = Math.min(
      best,
      cpuMs(() => bot.turn(state, { kind: 'text', text: variant })),
    );
  }
  return best;
}

describe('hostile messages cost one turn under 50 ms of CPU', () => {
  it.each(HOSTILE)('%s, outside an interview', async (_, text) => {
    const ms = await turnCost(text, false);
    expect(ms, `turn took ${ms.toFixed(1)} ms of CPU`).toBeLessThan(BOUND_MS);
  });

  it.each(HOSTILE)('%s, inside an interview', async (_, text) => {
    const ms = await turnCost(text, true);
    expect(ms, `turn took ${ms.toFixed(1)} ms of CPU`).toBeLessThan(BOUND_MS);
  });
});

describe('the length cap', () => {
  it('applies after NFKC: the NLU reads at most MAX_NLU_CHARS characters however far the text expands', () => {
    expect(normalise('\uFDFA'.repeat(2000)).length).toBeLessThanOrEqual(MAX_NLU_CHARS);
    expect(normalise(`${'\uFB03'.repeat(1500)} containers`).length).toBeLessThanOrEqual(MAX_NLU_CHARS);
  });

  it('says it read only the first part when NFKC expansion was cut, and not for a short message', async () => {
    const bot = await coldEngine();
    const tooLong = bot.knowledge.responses.too_long;
    expect(replyText(bot.turn(outsideState(), { kind: 'text', text: '\uFDFA'.repeat(200) }).reply)).toContain(tooLong);
    expect(replyText(bot.turn(outsideState(), { kind: 'text', text: 'x'.repeat(MAX_NLU_CHARS + 1) }).reply)).toContain(tooLong);
    expect(replyText(bot.turn(outsideState(), { kind: 'text', text: 'how fast do containers start?' }).reply)).not.toContain(tooLong);
  });
});

describe('one normalisation per turn', () => {
  it.each([
    ['outside an interview', false],
    ['inside an interview', true],
  ])('%s, the message goes through NFKC once', async (_, inside) => {
    const bot = await coldEngine();
    const state = inside ? insideState(bot) : outsideState();
    const marker = `zqxj${inside ? 'in' : 'out'}`;
    const spy = vi.spyOn(String.prototype, 'normalize');
    // Not ASCII (printable ASCII skips NFKC: the next test).
    bot.turn(state, { kind: 'text', text: `we mostly run linux ${marker} servers, café` });
    const passes = spy.mock.contexts.filter((self) => String(self).includes(marker)).length;
    spy.mockRestore();
    expect(passes).toBe(1);
  });

  it('printable ASCII does not go through NFKC at all (it would come out the same)', async () => {
    const bot = await coldEngine();
    const spy = vi.spyOn(String.prototype, 'normalize');
    bot.turn(outsideState(), { kind: 'text', text: 'we mostly run linux zqxjascii servers' });
    const passes = spy.mock.contexts.filter((self) => String(self).includes('zqxjascii')).length;
    spy.mockRestore();
    expect(passes).toBe(0);
  });
});
