/** The interview steps on their own: start from known answers, record an answer, re-ask, finish with advice. */
import { describe, expect, it } from 'vitest';
import { advise } from '../../src/engine/advice.js';
import { answerLabel, baseReply, fill, recommendationReply } from '../../src/engine/compose.js';
import { InterviewPlanner } from '../../src/engine/interview.js';
import { askCurrent, continueInterview, type Session, startInterview } from '../../src/engine/session.js';
import type { Answers } from '../../src/ids.js';
import type { ConversationState } from '../../src/state/store.js';
import { engine } from '../helpers.js';

async function session(state: Partial<ConversationState> = {}): Promise<Session> {
  const e = await engine();
  let n = 0;
  return {
    k: e.knowledge,
    planner: new InterviewPlanner(e.knowledge.interview),
    extractor: e.extractor,
    state: { interview: null, last: null, updatedAt: 0, ...state },
    newId: () => `id${++n}`,
  };
}

const texts = (blocks: ReadonlyArray<{ type: string; text?: string }>) => blocks.flatMap((b) => (b.type === 'text' && b.text ? [b.text] : []));

describe('startInterview', () => {
  it("starts with a fresh id, asks the planner's first question, and lists what is already known in the order given", async () => {
    const s = await session();
    const known: Answers = { legacy: 'yes', multi_os: 'yes' };
    const { reply, next } = startInterview(s, known);
    const ask = s.planner.nextAsk(known) ?? [];
    expect(next.interview).toEqual({ id: 'id1', answers: known, asked: [], current: ask[0], misses: 0, ...(ask.length > 1 ? { group: ask } : {}) });
    expect(texts(reply.blocks)).toEqual([
      fill(s.k.responses.interview_prefilled, { known: `${answerLabel(s.k, 'legacy', 'yes')}; ${answerLabel(s.k, 'multi_os', 'yes')}` }),
    ]);
    expect(reply.question?.slot).toBe(next.interview?.current);
    expect(reply.question?.interview).toBe('id1');
    expect(reply.intent).toBe('recommend');
  });

  it('says nothing about known answers when there are none, or when the first question is forced', async () => {
    const s = await session();
    expect(texts(startInterview(s, {}).reply.blocks)).toEqual([]);
    const forced = startInterview(s, { legacy: 'yes' }, undefined, 'isolation');
    expect(texts(forced.reply.blocks)).toEqual([]);
    expect(forced.reply.question?.slot).toBe('isolation');
    expect(forced.next.interview?.id).toBe('id2');
  });

  it("copies the known answers: the caller's object is never changed", async () => {
    const s = await session();
    const known: Answers = { legacy: 'yes' };
    const { next } = startInterview(s, known);
    if (!next.interview) throw new Error('no interview');
    next.interview.answers.isolation = 'high';
    expect(known).toEqual({ legacy: 'yes' });
  });

  it('finishes at once when nothing can change the verdict, keeping the answers for "why?"', async () => {
    const s = await session();
    const decided: Answers = {
      multi_os: 'yes',
      legacy: 'yes',
      infra_sim: 'yes',
      isolation: 'high',
      microservices: 'no',
      fast_scaling: 'no',
      density: 'no',
      ci_cd: 'no',
      portability: 'no',
    };
    const intro = baseReply('recommend', [{ type: 'text', text: 'intro' }], ['Intro section']);
    const { reply, next } = startInterview(s, decided, intro);
    expect(next.interview).toBeNull();
    expect(next.last).toEqual({ answers: decided, verdict: 'vms' });
    expect(reply.question).toBeNull();
    expect(reply.recommendation?.verdict).toBe('vms');
    expect(reply.intent).toBe('recommend');
    expect(texts(reply.blocks)[0]).toBe('intro');
    const card = recommendationReply(s.k, advise(s.k.interview, decided));
    expect(reply.sources).toEqual([...new Set(['Intro section', ...card.sources])]);
    expect(reply.choices).toEqual(card.choices);
  });
});

describe('continueInterview', () => {
  it('records the answers given, remembers the question for "back", and asks the next one', async () => {
    const s = await session();
    startInterview(s, {});
    if (s.state.interview) s.state.interview.misses = 2;
    const { reply, next } = continueInterview(s, { isolation: 'standard', legacy: 'no' }, 'isolation');
    expect(next.interview?.answers).toEqual({ isolation: 'standard', legacy: 'no' });
    expect(next.interview?.asked).toEqual(['isolation']);
    expect(next.interview?.misses).toBe(0);
    expect(reply.question?.slot).toBe('multi_os');
    expect(reply.question?.number).toBe(2);
  });

  it('keeps the preface and its choices when the next step adds none', async () => {
    const s = await session();
    startInterview(s, {});
    const preface = baseReply(null, [{ type: 'text', text: 'Skipped.' }]);
    preface.choices = [{ label: 'Cancel', action: { kind: 'cancel' } }];
    const { reply } = continueInterview(s, { isolation: 'unsure' }, 'isolation', preface);
    expect(texts(reply.blocks)).toEqual(['Skipped.']);
    expect(reply.choices).toEqual(preface.choices);
  });

  it('does nothing without a running interview', async () => {
    const s = await session();
    const { reply, next } = continueInterview(s, { isolation: 'high' }, 'isolation');
    expect(next).toEqual({ interview: null, last: null, updatedAt: 0 });
    expect(reply.question).toBeNull();
  });
});

describe('askCurrent', () => {
  it('numbers the question after those asked, and says how many there can be at most', async () => {
    const s = await session({ interview: { id: 'iv', answers: { isolation: 'standard' }, asked: ['isolation'], current: 'multi_os', misses: 0 } });
    const { reply } = askCurrent(s, baseReply(null));
    expect(reply.question?.slot).toBe('multi_os');
    expect(reply.question?.interview).toBe('iv');
    expect(reply.question?.number).toBe(2);
    expect(reply.question?.atMost).toBe(1 + s.planner.remainingAtMost({ isolation: 'standard' }));
  });

  it('counts the current question once even when it was answered before ("back"), and never says fewer than its number', async () => {
    const s = await session({
      interview: {
        id: 'iv',
        answers: { isolation: 'standard', multi_os: 'no', legacy: 'no', infra_sim: 'no' },
        asked: ['isolation', 'multi_os', 'legacy'],
        current: 'infra_sim',
        misses: 0,
      },
    });
    const { reply } = askCurrent(s, baseReply(null));
    expect(reply.question?.number).toBe(4);
    expect(reply.question?.atMost).toBe(3 + s.planner.remainingAtMost({ isolation: 'standard', multi_os: 'no', legacy: 'no' }));
    expect(reply.question?.atMost).toBeGreaterThanOrEqual(4);
  });

  it('says at least its own number when nothing after it can change the verdict', async () => {
    const answers: Answers = {
      multi_os: 'yes',
      legacy: 'yes',
      infra_sim: 'yes',
      isolation: 'high',
      microservices: 'no',
      fast_scaling: 'no',
      density: 'no',
      ci_cd: 'no',
      portability: 'no',
    };
    const s = await session({ interview: { id: 'iv', answers, asked: ['multi_os', 'isolation', 'infra_sim'], current: 'legacy', misses: 0 } });
    const { legacy: _current, ...rest } = answers;
    expect(s.planner.remainingAtMost(rest)).toBe(0);
    const { reply } = askCurrent(s, baseReply(null));
    expect([reply.question?.number, reply.question?.atMost]).toEqual([4, 4]);
  });

  it('adds nothing when no question is open', async () => {
    const s = await session();
    expect(askCurrent(s, baseReply(null)).reply.question).toBeNull();
    const idle = await session({ interview: { id: 'iv', answers: {}, asked: [], current: null, misses: 0 } });
    expect(askCurrent(idle, baseReply(null)).reply.question).toBeNull();
  });
});
