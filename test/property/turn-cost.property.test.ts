/**
 * Property: no message, however hostile, makes a turn slow. 10,000 generated messages of up to
 * 4,000 characters (random and real words, long tokens, NFKC-expanding characters, punctuation
 * runs, chat markup, code fences, emoji shortcodes, URLs) each go through a full engine turn
 * (normalise, classify, read slots, reply) outside and inside an interview. No turn throws, the
 * slowest costs under 20 ms of CPU and the 99th percentile under 2 ms, on a machine as fast as the reference of
 * cost.ts; a slower one stretches both limits by how much slower a fixed piece of plain JavaScript runs (at most 3x).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Input } from '../../src/engine/index.js';
import type { ConversationState } from '../../src/state/store.js';
import { coldEngine, cpuMs, insideState, lcg, letters, machineScale, outsideState } from '../cost.js';

const RUNS = 10_000;
const MAX_CHARS = 4000;
const SLOWEST_MS = 20;
const P99_MS = 2;

/** A pseudo-random lowercase word from a seed: cheaper to generate than a string arbitrary. */
const randomWord = fc.tuple(fc.nat(), fc.integer({ min: 1, max: 24 })).map(([seed, n]) => letters(lcg(seed), n));
const realWord = fc.constantFrom(
  'how',
  'fast',
  'do',
  'containers',
  'start',
  'docker',
  'vm',
  'virtual',
  'machine',
  'windows',
  'linux',
  'legacy',
  'no',
  'not',
  'sensitive',
  'data',
  'microservices',
  'monolith',
  'autoscale',
  'spikes',
  'portable',
  'ci',
  'pipelines',
  'help',
  'me',
  'choose',
  'contianers',
  'dokcer',
  'virutal',
  'secuirty',
  'yes',
  'skip',
  'back',
  'restart',
  'cancel',
  'why',
  'what',
  'if',
  'u',
  'w/o',
  "can't",
);
const expanding = fc.constantFrom('\uFDFA', '\uFB03', '\uFB00', '\u2057', '\u2026', '\uFE19', '\u3300', '\u2474', '\u33AE', '\u00BC', '\u2167', '\u{1F122}');
const punctuation = fc.constantFrom('.', '!', ',', ';', '?', '-', '/', "'", '`', ':', '<', '>', '&', '*', '_', '~', '\u2032', '\u00A0');
const markup = fc.constantFrom(
  '<@U123>',
  '<@U0123ABC|bob>',
  '<!channel>',
  '<!here>',
  '<#C123|general>',
  '<https://example.com|a link>',
  '<mailto:a@b.c|mail>',
  '<at>runtime-advice</at>',
  '<b>bold</b>',
  '<@',
  '<http://',
  '<at>',
  '```',
  '```docker run -it ubuntu```',
  '`code`',
  ':whale:',
  ':+1::skin-tone-2:',
  ':',
  'https://example.com/a?b=c&d=e',
  'http://x.y/',
  '&amp;',
  '&lt;',
  '🐳',
  '👍🏽',
  '\u200d',
  '\ufe0f',
  '\u202e',
);
const run = (unit: fc.Arbitrary<string>, max: number) => fc.tuple(unit, fc.nat({ max })).map(([u, n]) => u.repeat(n));
const piece = fc.oneof(
  { weight: 6, arbitrary: realWord },
  { weight: 4, arbitrary: randomWord },
  { weight: 2, arbitrary: markup },
  { weight: 1, arbitrary: run(expanding, 400) },
  { weight: 1, arbitrary: run(punctuation, 2500).map((p) => `a${p}a`) },
  { weight: 1, arbitrary: run(fc.constantFrom('a', 'legacy ', 'no windows ', 'x-', 'ab'), 1500) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const separator = fc.constantFrom(' ', ' ', ' ', '', '\n', ', ', '. ');
const message = fc.array(fc.tuple(piece, separator), { maxLength: 60 }).map((parts) =>
  parts
    .map(([p, s]) => p + s)
    .join('')
    .slice(0, MAX_CHARS),
);

/** The value below which a fraction `q` of the numbers lie (q = 1: the largest). */
function percentile(numbers: readonly number[], q: number): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
}

describe('turn cost', { timeout: 300_000 }, () => {
  it(`keeps every turn under ${SLOWEST_MS} ms of CPU and the p99 under ${P99_MS} ms, as fast as the reference machine (${RUNS} messages, outside and inside an interview)`, async () => {
    const bot = await coldEngine();
    const inside = insideState(bot);
    const scale = machineScale();
    const slowestMs = SLOWEST_MS * scale;
    const p99Ms = P99_MS * scale;
    /** CPU of one turn: its first run, and its cheapest of up to three runs when the first is slow. */
    const measure = (state: () => ConversationState, input: Input): { first: number; best: number } => {
      const first = cpuMs(() => bot.turn(state(), input));
      let best = first;
      // A loaded machine (GC, other processes) only ever adds time, so a slow turn is run again,
      // up to twice, and its cheapest run counts. Memoised stems and corrections can make a
      // re-run cheaper by at most the stemming of 200 words (about 2 ms), under the slowest bound.
      for (let attempt = 1; attempt < 3 && best >= P99_MS; attempt++) {
        const s = state();
        best = Math.min(
          best,
          cpuMs(() => bot.turn(s, input)),
        );
      }
      return { first, best };
    };
    const firsts: number[] = [];
    const costs: number[] = [];
    let long = 0;
    let slowest = { ms: 0, text: '' };
    fc.assert(
      fc.property(message, (text) => {
        if (text.length >= MAX_CHARS / 2) long++;
        const input: Input = { kind: 'text', text };
        for (const state of [outsideState, () => structuredClone(inside)]) {
          const { first, best } = measure(state, input);
          firsts.push(first);
          costs.push(best);
          if (best > slowest.ms) slowest = { ms: best, text };
        }
      }),
      { numRuns: RUNS },
    );
    const p99 = percentile(costs, 0.99);
    const summary =
      `over ${costs.length} turns (${long} of ${RUNS} messages of ${MAX_CHARS / 2}+ characters): ` +
      `slowest ${slowest.ms.toFixed(2)} ms (${slowest.text.length} characters starting ${JSON.stringify(slowest.text.slice(0, 30))}), ` +
      `p99 ${p99.toFixed(3)} ms, median ${percentile(costs, 0.5).toFixed(3)} ms; ` +
      `first runs only: slowest ${percentile(firsts, 1).toFixed(2)} ms, p99 ${percentile(firsts, 0.99).toFixed(3)} ms; ` +
      `limits ${slowestMs.toFixed(1)} and ${p99Ms.toFixed(2)} ms (this machine ${scale.toFixed(2)}x the reference)`;
    expect(costs.length, summary).toBe(2 * RUNS);
    expect(slowest.ms, summary).toBeLessThan(slowestMs);
    expect(p99, summary).toBeLessThan(p99Ms);
  });
});
