/**
 * The interview turn on its own (src/engine/interview-turn.ts): what a message that is not an exact
 * answer does mid-interview. The intent and control models are replaced by fixed readings, so each
 * case pins one rule: how sure an intent must be, which intents keep the question, when the bot offers
 * to skip, how a restated earlier answer is read, and the control replies outside an interview.
 */
import { describe, expect, it } from 'vitest';
import { aboutQuestion, answerLabel, fill, outOfScopeReply } from '../../src/engine/compose.js';
import { InterviewPlanner } from '../../src/engine/interview.js';
import { back, cancel, controlOutside, groupLabelsOf, inInterview, miss, onControl, readFree, skip, type TurnDeps } from '../../src/engine/interview-turn.js';
import type { Session } from '../../src/engine/session.js';
import type { InterviewState } from '../../src/engine/state.js';
import type { Answers, Intent } from '../../src/ids.js';
import type { Classification, IntentClassifier } from '../../src/nlu/classifier.js';
import type { Control, ControlClassifier } from '../../src/nlu/control.js';
import type { SlotExtractor } from '../../src/nlu/slots.js';
import type { Reply } from '../../src/reply.js';
import { engine } from '../helpers.js';

const texts = (reply: Reply) => reply.blocks.flatMap((b) => (b.type === 'text' && b.text ? [b.text] : []));

interface Fakes {
  /** What the intent model says about every message. */
  classification?: Classification;
  /** What the control model says about every message. */
  control?: Control;
  /** What the situation reader fills from every message (the real reader when absent). */
  filled?: Answers;
}

async function setup(interview: Partial<InterviewState> | null, fakes: Fakes = {}) {
  const e = await engine();
  const k = e.knowledge;
  const classifier = {
    classify: () => fakes.classification ?? { intent: 'out_of_scope', confidence: 1, ranked: [{ intent: 'out_of_scope', p: 1 }] },
  } as unknown as IntentClassifier;
  const controls = { control: () => fakes.control } as unknown as ControlClassifier;
  const extractor: SlotExtractor = fakes.filled ? { extract: () => ({ ...fakes.filled }) } : e.extractor;
  const whyReply: Reply = {
    intent: null,
    blocks: [{ type: 'text', text: 'WHY' }],
    sources: [],
    choices: [],
    question: null,
    recommendation: null,
  } as unknown as Reply;
  const t: TurnDeps = { k, classifier, controls, extractor, groupLabels: groupLabelsOf(k), why: (s) => ({ reply: whyReply, next: s.state }) };
  let n = 0;
  const s: Session = {
    k,
    planner: new InterviewPlanner(k.interview),
    extractor,
    state: {
      interview: interview ? { id: 'iv', answers: {}, asked: [], current: 'isolation', misses: 0, ...interview } : null,
      last: null,
      updatedAt: 0,
    },
    newId: () => `new${++n}`,
  };
  return { k, t, s, whyReply };
}

const sure = (intent: Intent, confidence = 0.9): Classification => ({ intent, confidence, ranked: [{ intent, p: confidence }] });
/** A message the turn does not read as an answer: it asks something. */
const QUESTION = 'tell me something else?';

describe('groupLabelsOf', () => {
  it('names each slot by its id, the id in words, its name, its grouped label and its yes-synonyms', async () => {
    const { k } = await setup(null);
    const labels = groupLabelsOf(k);
    expect([...labels.keys()].sort()).toEqual(Object.keys(k.interview.slots).sort());
    const fast = k.interview.slots.fast_scaling;
    const yes = fast?.options.find((o) => o.value === 'yes');
    expect(labels.get('fast_scaling')).toEqual(['fast_scaling', 'fast scaling', fast?.name, fast?.short, ...(yes?.synonyms ?? [])]);
    // No grouped label and no `yes` option: the id stands in, and no option's synonyms are borrowed.
    const isolation = k.interview.slots.isolation;
    expect(isolation?.short).toBeUndefined();
    expect(labels.get('isolation')).toEqual(['isolation', 'isolation', isolation?.name, 'isolation']);
  });
});

describe('inInterview, a message that is not an answer', () => {
  it('does nothing without an open question', async () => {
    expect(inInterview((await setup(null)).t, (await setup(null)).s, QUESTION)).toBeUndefined();
    const { t, s } = await setup({ current: null });
    expect(inInterview(t, s, QUESTION)).toBeUndefined();
  });

  it('a sure "cancel" stops the interview; a "cancel" at the threshold is only a miss', async () => {
    const { k, t, s } = await setup({}, { classification: sure('cancel') });
    const step = inInterview(t, s, QUESTION);
    expect(step?.next.interview).toBeNull();
    expect(step?.reply.intent).toBe('cancel');
    expect(texts(step?.reply as Reply)).toEqual([k.responses.cancelled]);

    const unsure = await setup({}, { classification: sure('cancel', k.classifier.interview_intent_above) });
    const kept = inInterview(unsure.t, unsure.s, QUESTION);
    expect(kept?.next.interview?.id).toBe('iv');
    expect(kept?.next.interview?.misses).toBe(1);
    expect(texts(kept?.reply as Reply)).toEqual([k.responses.reask]);
    expect(kept?.reply.question?.slot).toBe('isolation');
  });

  it('a sure "restart" starts a new interview from no answers', async () => {
    const { k, t, s } = await setup({ answers: { multi_os: 'no' }, asked: ['multi_os'] }, { classification: sure('restart') });
    const step = inInterview(t, s, QUESTION);
    expect(step?.next.interview?.id).toBe('new1');
    expect(step?.next.interview?.answers).toEqual({});
    expect(step?.reply.intent).toBe('restart');
    expect(texts(step?.reply as Reply)[0]).toBe(k.responses.restarted);
    expect(step?.reply.question?.number).toBe(1);
  });

  it('a sure "recommend" says the interview is running and asks the same question', async () => {
    const { k, t, s } = await setup({ current: 'legacy', asked: ['isolation'], answers: { isolation: 'standard' } }, { classification: sure('recommend') });
    const step = inInterview(t, s, QUESTION);
    expect(step?.reply.intent).toBe('recommend');
    expect(texts(step?.reply as Reply)).toEqual([k.responses.already_interviewing]);
    expect(step?.reply.question?.slot).toBe('legacy');
    expect(step?.next.interview?.misses).toBe(0);
  });

  it.each(['help', 'greeting', 'thanks'] as const)('a sure "%s" gets its reply and the same question, not a miss', async (intent) => {
    const { k, t, s } = await setup({}, { classification: sure(intent) });
    const step = inInterview(t, s, QUESTION);
    expect(step?.reply.intent).toBe(intent);
    expect(texts(step?.reply as Reply)).toEqual([k.responses[intent]]);
    expect(step?.reply.question?.slot).toBe('isolation');
    expect(step?.next.interview?.misses).toBe(0);
  });

  it('an unsure "help" is a miss that keeps its intent', async () => {
    const { k, t, s } = await setup({}, { classification: sure('help', 0.3) });
    const step = inInterview(t, s, QUESTION);
    expect(step?.reply.intent).toBe('help');
    expect(texts(step?.reply as Reply)).toEqual([k.responses.reask]);
    expect(step?.next.interview?.misses).toBe(1);
  });

  it('a remark the model calls out of scope gets the out-of-scope reply, without its buttons, and the same question', async () => {
    const { k, t, s } = await setup({}, { classification: sure('out_of_scope') });
    const step = inInterview(t, s, QUESTION);
    expect(texts(step?.reply as Reply)).toEqual(texts(outOfScopeReply(k)));
    expect(step?.reply.intent).toBe('out_of_scope');
    expect(step?.reply.choices).toEqual([]);
    expect(step?.reply.question?.slot).toBe('isolation');
  });

  it('a message out of scope only because the model is unsure of every intent is re-asked, not called out of scope', async () => {
    const unsure: Classification = {
      intent: 'out_of_scope',
      confidence: 0.7,
      ranked: [
        { intent: 'greeting', p: 0.3 },
        { intent: 'out_of_scope', p: 0.2 },
      ],
    };
    const { k, t, s } = await setup({}, { classification: unsure });
    const step = inInterview(t, s, QUESTION);
    expect(texts(step?.reply as Reply)).toEqual([k.responses.reask]);
    expect(step?.reply.question?.slot).toBe('isolation');
    // A re-ask is still a turn the model could not place: its intent stays out_of_scope, and it counts as a miss.
    expect(step?.reply.intent).toBe('out_of_scope');
    expect(step?.next.interview?.misses).toBe(1);
  });
});

describe('miss', () => {
  it('without an interview says it did not catch that, and changes nothing', async () => {
    const { k, t, s } = await setup(null);
    const step = miss(t, s, null);
    expect(texts(step.reply)).toEqual([k.responses.fallback]);
    expect(step.next).toEqual({ interview: null, last: null, updatedAt: 0 });
  });

  it('re-asks without buttons at first, then offers to skip or cancel', async () => {
    const { k, t, s } = await setup({});
    const first = miss(t, s, null);
    expect(texts(first.reply)).toEqual([k.responses.reask]);
    expect(first.reply.choices).toEqual([]);
    for (let i = 1; i < k.interview.skip_offer_after_misses - 1; i++) miss(t, s, null);
    const offered = miss(t, s, null);
    expect(texts(offered.reply)).toEqual([k.responses.skip_offer]);
    expect(offered.reply.choices).toEqual([
      { label: k.responses.buttons.skip_question, action: { kind: 'skip', interview: 'iv' } },
      { label: k.responses.buttons.cancel_interview, action: { kind: 'cancel' } },
    ]);
    expect(offered.reply.question?.slot).toBe('isolation');
  });

  it('out of scope twice in a row: the out-of-scope text, the skip offer after it, and skip / cancel as the only buttons', async () => {
    const { k } = await setup(null);
    const { t, s } = await setup({ misses: k.interview.skip_offer_after_misses - 1 });
    const step = miss(t, s, 'out_of_scope', true);
    expect(texts(step.reply)).toEqual([...texts(outOfScopeReply(k)), k.responses.skip_offer]);
    expect(step.reply.choices.map((c) => c.action.kind)).toEqual(['skip', 'cancel']);
  });
});

describe('onControl', () => {
  it('cancel stops, restart starts again with its own intent', async () => {
    const a = await setup({});
    const cancelled = onControl(a.t, a.s, 'cancel');
    expect(cancelled.next.interview).toBeNull();
    expect(cancelled.reply.intent).toBe('cancel');
    const b = await setup({ answers: { legacy: 'yes' } });
    const restarted = onControl(b.t, b.s, 'restart');
    expect(restarted.reply.intent).toBe('restart');
    expect(texts(restarted.reply)[0]).toBe(b.k.responses.restarted);
    expect(restarted.next.interview).toMatchObject({ id: 'new1', answers: {} });
  });

  it.each(['repeat', 'record'] as const)('%s repeats the current question', async (control) => {
    const { k, t, s } = await setup({ current: 'legacy' });
    const step = onControl(t, s, control);
    expect(texts(step.reply)).toEqual([k.responses.repeat]);
    expect(step.reply.question?.slot).toBe('legacy');
  });

  it('"why do you ask?" and "what does that mean?" answer about the current question; with none open they only repeat', async () => {
    const { k, t, s } = await setup({ current: 'legacy' });
    expect(texts(onControl(t, s, 'why_ask').reply)).toEqual(texts(aboutQuestion(k, 'legacy', false, 'rationale')));
    expect(texts(onControl(t, s, 'explain').reply)).toEqual(texts(aboutQuestion(k, 'legacy', false, 'explanation')));
    const closed = await setup({ current: null });
    expect(texts(onControl(closed.t, closed.s, 'explain').reply)).toEqual([k.responses.repeat]);
    const none = await setup(null);
    expect(texts(onControl(none.t, none.s, 'why_ask').reply)).toEqual([k.responses.repeat]);
  });
});

describe('readFree: corrections in passing', () => {
  it('reads nothing without an open question', async () => {
    const none = await setup(null, { filled: { legacy: 'yes' } });
    expect(readFree(none.t, none.s, 'we have a legacy app')).toBeUndefined();
    const closed = await setup({ current: null, answers: { legacy: 'no' } }, { filled: { legacy: 'yes' } });
    expect(readFree(closed.t, closed.s, 'we have a legacy app')).toBeUndefined();
    expect(closed.s.state.interview?.answers).toEqual({ legacy: 'no' });
  });

  it('answering the current question in free text notes nothing', async () => {
    const { t, s } = await setup({}, { filled: { isolation: 'high' } });
    const step = readFree(t, s, 'it handles payment data');
    expect(step?.next.interview?.answers).toEqual({ isolation: 'high' });
    expect(texts(step?.reply as Reply)).toEqual([]);
  });

  it('a restated earlier answer ("wait, we do have a legacy app") replaces it and is noted', async () => {
    const { k, t, s } = await setup({ current: 'microservices', answers: { legacy: 'no' }, asked: ['legacy'] }, { filled: {} });
    const step = readFree(t, s, 'wait, we do have a legacy app');
    expect(step?.next.interview?.answers.legacy).toBe('yes');
    expect(texts(step?.reply as Reply)[0]).toBe(fill(k.responses.noted, { changes: answerLabel(k, 'legacy', 'yes') }));
  });

  it('restating is read only for an answered slot, only when it changes it, and only when no other slot is named', async () => {
    const unanswered = await setup({ current: 'microservices' }, { filled: {} });
    expect(readFree(unanswered.t, unanswered.s, 'wait, we do have a legacy app')).toBeUndefined();
    const same = await setup({ current: 'microservices', answers: { legacy: 'yes' } }, { filled: {} });
    expect(readFree(same.t, same.s, 'wait, we do have a legacy app')).toBeUndefined();
    const two = await setup({ current: 'microservices', answers: { legacy: 'no', multi_os: 'no' } }, { filled: {} });
    expect(readFree(two.t, two.s, 'wait, we do have a legacy app on windows')).toBeUndefined();
    const unrelated = await setup({ current: 'microservices', answers: { legacy: 'no' } }, { filled: {} });
    expect(readFree(unrelated.t, unrelated.s, 'wait, we do have a budget')).toBeUndefined();
  });
});

describe('skip and back', () => {
  it('skip with no interview says it has ended', async () => {
    const { k, t, s } = await setup(null);
    expect(texts(skip(t, s).reply)).toEqual([k.responses.interview_expired]);
  });

  it('back with no interview is a cancel with nothing to cancel', async () => {
    const { k, t, s } = await setup(null);
    const step = back(t, s);
    expect(step.reply.intent).toBe('cancel');
    expect(texts(step.reply)).toEqual([k.responses.nothing_to_cancel]);
    expect(texts(cancel(t, s).reply)).toEqual([k.responses.nothing_to_cancel]);
  });
});

describe('controlOutside', () => {
  it.each(['cancel', 'restart', 'record'] as const)('leaves "%s" to the intent classifier', async (control) => {
    const { t, s } = await setup(null, { control });
    expect(controlOutside(t, s, 'x')).toBeUndefined();
  });

  it('"why?" explains the last recommendation; skip, back and repeat with nothing open say so and offer to start', async () => {
    const { k, t, s, whyReply } = await setup(null, { control: 'why_ask' });
    expect(controlOutside(t, s, 'x')?.reply).toBe(whyReply);
    for (const [control, key] of [
      ['skip', 'nothing_to_skip'],
      ['back', 'nothing_to_go_back'],
      ['repeat', 'nothing_to_repeat'],
    ] as const) {
      const other = await setup(null, { control });
      const reply = controlOutside(other.t, other.s, 'x')?.reply as Reply;
      expect(texts(reply)).toEqual([k.responses[key]]);
      expect(reply.choices.map((c) => c.action)).toEqual([{ kind: 'ask', intent: 'recommend' }]);
    }
    const explain = await setup(null, { control: 'explain' });
    expect(controlOutside(explain.t, explain.s, 'x')).toBeUndefined();
  });
});
