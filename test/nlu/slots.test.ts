import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answers, Slot } from '../../src/ids.js';
import type { InterviewData } from '../../src/knowledge/schema.js';
import { normalise } from '../../src/nlu/normalise.js';
import { RegexSlotExtractor } from '../../src/nlu/slots.js';
import { engine } from '../helpers.js';
import { SLOTS } from '../knowledge-ids.js';

/** The extraction rule stated simply (slice the text before each match and rescan it), as a reference. */
function referenceExtract(interview: InterviewData, text: string): Answers {
  const t = normalise(text);
  const found = new Map<Slot, { at: number; value: string }>();
  for (const slot of SLOTS) {
    const def = interview.slots[slot];
    if (!def) continue;
    for (const [value, patterns] of Object.entries(def.extract)) {
      if (patterns.length === 0) continue;
      const pattern = new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'gi');
      const positive = value !== def.negated;
      for (let m = pattern.exec(t); m !== null; m = pattern.exec(t)) {
        let clause = t.slice(0, m.index);
        const breaks = [...clause.matchAll(/[,.;:!?()]|\b(but|however|although|though|while|whereas|yet)\b/g)];
        const last = breaks.at(-1);
        if (last) clause = clause.slice(last.index + last[0].length);
        const window = clause.trim().split(/\s+/).slice(-4).join(' ');
        const negated = /\b(no|not|nothing|never|without|none|neither|nor|zero|hardly)\b/.test(window);
        const v = positive && negated ? def.negated : value;
        const prev = found.get(slot);
        if (!prev || m.index > prev.at || (m.index === prev.at && !positive)) found.set(slot, { at: m.index, value: v });
        if (m[0].length === 0) pattern.lastIndex++;
      }
    }
  }
  const answers: Answers = {};
  for (const slot of SLOTS) {
    const hit = found.get(slot);
    if (hit) answers[slot] = hit.value;
  }
  return answers;
}

const WORDS = [
  'no',
  'not',
  'nothing',
  'never',
  'without',
  'none',
  'nor',
  'zero',
  'hardly',
  "don't",
  'but',
  'however',
  'though',
  'yet',
  'while',
  ',',
  '.',
  ';',
  ':',
  '!',
  '?',
  '(',
  ')',
  '-',
  'we',
  'run',
  'need',
  'windows',
  'linux',
  'legacy',
  'app',
  'sensitive',
  'data',
  'strict',
  'isolation',
  'pci',
  'autoscale',
  'spikes',
  'microservices',
  'monolith',
  'ci',
  'pipelines',
  'portable',
  'x',
  'and',
];

/** The hand-written extractor, kept as the baseline the situation reader is measured against (`eval --baseline`). */
function regex(e: { knowledge: { interview: InterviewData } }): RegexSlotExtractor {
  return new RegexSlotExtractor(e.knowledge.interview);
}

describe('regex slot extraction (the baseline)', () => {
  it.each([
    ['legacy Windows app, Linux hosts, auditors want strong isolation', { legacy: 'yes', multi_os: 'yes', isolation: 'high' }],
    ['nothing sensitive', { isolation: 'standard' }],
    ['no windows', { multi_os: 'no' }],
    ['we do not need windows at all', { multi_os: 'no' }],
    ["we don't need to autoscale", { fast_scaling: 'no' }],
    ['not a legacy system, brand new build', { legacy: 'no' }],
    ['microservices that autoscale for traffic spikes', { microservices: 'yes', fast_scaling: 'yes' }],
    ['it handles PCI card data', { isolation: 'high' }],
    ['no sensitive data, but we want CI pipelines', { isolation: 'standard', ci_cd: 'yes' }],
    ['simulate a datacenter network with several machines', { infra_sim: 'yes' }],
    ['pack hundreds of small services onto a few servers', { density: 'yes' }],
    ['ship the same image across clouds', { portability: 'yes' }],
    ['a single monolith', { microservices: 'no' }],
    ['hello there', {}],
  ])('%s', async (text, expected) => {
    const e = await engine();
    expect(regex(e).extract(text)).toEqual(expected);
  });

  it('negation stops at a clause break', async () => {
    const e = await engine();
    expect(regex(e).extract("we don't run windows, but auditors want strict isolation")).toEqual({ multi_os: 'no', isolation: 'high' });
  });

  it('ignores mentions and emoji', async () => {
    const e = await engine();
    expect(regex(e).extract('<@U123ABC> :lock: sensitive data <!channel>')).toEqual({ isolation: 'high' });
  });

  it('decides negation exactly as the simple rule (rescan the clause before each match), in one pass', async () => {
    const e = await engine();
    const text = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(' ', ' ', ' ', '', '-', '  ')), { maxLength: 40 });
    fc.assert(
      fc.property(
        text.map((parts) => parts.map(([w, sep]) => w + sep).join('')),
        (t) => {
          expect(regex(e).extract(t)).toEqual(referenceExtract(e.knowledge.interview, t));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
