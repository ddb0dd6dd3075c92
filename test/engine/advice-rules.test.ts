/**
 * The advice scorer's rules on a small made-up interview (src/engine/advice.ts), where each number is
 * chosen to sit on or next to a threshold: how far an answer must push the verdict to be a reason or
 * a caveat (strictly beyond `reason_push_above`, against the average of the other verdicts), that "not
 * sure" and answers without a reason text are never reasons, that a value the knowledge base does not
 * have counts for nothing, and the two confidence floors (unsupported, decided).
 */
import { describe, expect, it } from 'vitest';
import { advise, flipsOf, score } from '../../src/engine/advice.js';
import type { Answers } from '../../src/ids.js';
import type { InterviewData, SlotDef } from '../../src/knowledge/schema.js';

type Row = { containers?: number; vms?: number; hybrid?: number };

function slot(weights: Record<string, Row>, reasons: Record<string, string>): SlotDef {
  return {
    name: 'n',
    kind: 'vm',
    question: 'q',
    rationale: 'r',
    explanation: 'e',
    topic: 't',
    sections: ['S'],
    options: Object.keys(weights).map((value) => ({ value, label: value, synonyms: [] })),
    weights,
    reasons,
    negated: 'no',
    extract: {},
  } as SlotDef;
}

/** Dyadic numbers throughout, so "exactly on the threshold" is exact in floating point. */
function interview(
  slots: Record<string, SlotDef>,
  baseline: Row = { containers: 0.0625 },
  confidence: Partial<InterviewData['confidence']> = {},
): InterviewData {
  return {
    baseline,
    confidence: {
      decided_at_least: 0.8,
      unsupported_at_most: 0.55,
      base: 0.45,
      lead: 0.5,
      margin_scale: 1.5,
      per_open: 0.06,
      per_caveat: 0.05,
      floor: 0.2,
      cap: 0.95,
      ...confidence,
    },
    reason_push_above: 0.25,
    order: Object.keys(slots),
    slots,
  } as unknown as InterviewData;
}

const reasonSlots = (i: InterviewData, answers: Answers) => advise(i, answers).reasons.map((r) => r.slot);
const caveatSlots = (i: InterviewData, answers: Answers) => advise(i, answers).caveats.map((r) => r.slot);

describe('reasons and caveats', () => {
  it('an answer is a reason only when it favours the verdict strictly more than the threshold over the average of the others', () => {
    const i = interview({
      // containers 0.5 over the average of vms 0.5 and hybrid 0: exactly 0.25, not a reason.
      on: slot({ yes: { containers: 0.5, vms: 0.5, hybrid: 0 }, no: {} }, { yes: 'on the line' }),
      // 0.375 over an average of 0: a reason (against all three verdicts' average it would be only 0.25).
      over: slot({ yes: { containers: 0.375 }, no: {} }, { yes: 'just over' }),
    });
    expect(advise(i, { on: 'yes', over: 'yes' }).verdict).toBe('containers');
    expect(reasonSlots(i, { on: 'yes' })).toEqual([]);
    expect(reasonSlots(i, { over: 'yes' })).toEqual(['over']);
    expect(advise(i, { over: 'yes' }).reasons[0]).toMatchObject({ value: 'yes', text: 'just over', topic: 't', sections: ['S'], supports: true });
  });

  it('an answer is a caveat only when it favours the others strictly more than the threshold', () => {
    const i = interview({
      strong: slot({ yes: { containers: 2 }, no: {} }, { yes: 'strong' }),
      on: slot({ yes: { vms: 0.25, hybrid: 0.25 }, no: {} }, { yes: 'on the line' }),
      beyond: slot({ yes: { vms: 0.5, hybrid: 0.25 }, no: {} }, { yes: 'beyond' }),
    });
    expect(caveatSlots(i, { strong: 'yes', on: 'yes', beyond: 'yes' })).toEqual(['beyond']);
    expect(advise(i, { strong: 'yes', beyond: 'yes' }).caveats[0]?.supports).toBe(false);
  });

  it('"not sure", an answer without a reason text, and a value the knowledge base lacks are never reasons', () => {
    const i = interview({
      a: slot({ yes: { containers: 1 }, no: {}, unsure: { containers: 1 } }, { unsure: 'not sure is no reason' }),
      b: slot({ yes: { containers: 1 }, no: {} }, {}),
    });
    expect(reasonSlots(i, { a: 'unsure', b: 'yes' })).toEqual([]);
    expect(score(i, { a: 'maybe' })).toEqual(score(i, {}));
    expect(advise(i, { a: 'maybe' }).reasons).toEqual([]);
  });

  it('the strongest reason comes first', () => {
    const i = interview({
      weak: slot({ yes: { containers: 0.5 }, no: {} }, { yes: 'weak' }),
      strong: slot({ yes: { containers: 2 }, no: {} }, { yes: 'strong' }),
    });
    expect(reasonSlots(i, { weak: 'yes', strong: 'yes' })).toEqual(['strong', 'weak']);
  });
});

describe('flips', () => {
  it('"not sure" is never a change that flips the verdict, even when it would', () => {
    const i = interview({ os: slot({ yes: { vms: 2 }, no: {}, unsure: {} }, {}) });
    expect(advise(i, { os: 'yes' }).verdict).toBe('vms');
    expect(flipsOf(i, { os: 'yes' })).toEqual([{ slot: 'os', value: 'no', verdict: 'containers' }]);
  });
});

describe('confidence floors', () => {
  it('a verdict no answer supports is at most unsupported_at_most, however large its lead', () => {
    const i = interview({ a: slot({ yes: {}, no: {} }, {}) }, { containers: 8 });
    expect(advise(i, { a: 'yes' }).confidence).toBe(0.55);
  });

  it('a supported verdict nothing open can change is at least decided_at_least, however small its lead', () => {
    const i = interview({ a: slot({ yes: { containers: 0.5 }, no: {} }, { yes: 'why' }) }, { containers: 0.0625 }, { base: 0.2, lead: 0.0625 });
    const advice = advise(i, { a: 'yes' });
    expect(advice.open).toEqual([]);
    expect(advice.reasons).toHaveLength(1);
    expect(advice.confidence).toBe(0.8);
  });
});
