/** Interview steps: start, record an answer, ask the current question, finish with advice. */
import type { Answers, Slot } from '../ids.js';
import type { Knowledge } from '../knowledge/load.js';
import type { SlotExtractor } from '../nlu/slots.js';
import type { Reply } from '../reply.js';
import { advise } from './advice.js';
import { answerLabel, baseReply, fill, questionView, recommendationReply } from './compose.js';
import type { InterviewPlanner } from './interview.js';
import type { ConversationState, InterviewState } from './state.js';

/** Everything an interview step needs; `state` is a private copy the step may change. */
export interface Session {
  k: Knowledge;
  planner: InterviewPlanner;
  extractor: SlotExtractor;
  state: ConversationState;
  newId: () => string;
}

export type Step = { reply: Reply; next: ConversationState };

function merge(into: Reply, from: Reply): Reply {
  into.blocks.push(...from.blocks);
  into.sources = [...new Set([...into.sources, ...from.sources])];
  into.question = from.question ?? into.question;
  into.recommendation = from.recommendation ?? into.recommendation;
  into.choices = from.choices.length > 0 ? from.choices : into.choices;
  return into;
}

/** Adds the current question to `reply` (after a digression, a re-ask or "back"). */
export function askCurrent(s: Session, reply: Reply): Step {
  const interview = s.state.interview;
  if (!interview?.current) return { reply, next: s.state };
  const number = interview.asked.length + 1;
  const slots = currentSlots(interview);
  const atMost = Math.max(number, interview.asked.length + s.planner.remainingAtMost(without(interview.answers, slots)));
  reply.question = questionView(s.k, interview.id, interview.current, number, atMost, interview.group);
  return { reply, next: s.state };
}

/** The slots the current question asks: the group's, or the one current slot. */
export function currentSlots(interview: InterviewState): Slot[] {
  if (interview.group && interview.group.length > 1) return interview.group;
  return interview.current ? [interview.current] : [];
}

function without(answers: Answers, slots: readonly Slot[]): Answers {
  const copy = { ...answers };
  for (const slot of slots) delete copy[slot];
  return copy;
}

/** Sets the next question from the planner (a single slot or a group); false when none is left. */
export function planNext(s: Session, interview: InterviewState): boolean {
  const ask = s.planner.nextAsk(interview.answers);
  interview.current = ask?.[0] ?? null;
  if (ask && ask.length > 1) interview.group = [...ask];
  else delete interview.group;
  return interview.current !== null;
}

/** Ends the interview with a recommendation, kept for "why?" and "what if". */
function finish(s: Session, reply: Reply): Step {
  const answers = s.state.interview?.answers ?? {};
  const advice = advise(s.k.interview, answers);
  s.state.interview = null;
  s.state.last = { answers, verdict: advice.verdict };
  return { reply: merge(reply, recommendationReply(s.k, advice)), next: s.state };
}

/**
 * Re-plans after answers changed without the current question being answered (a correction, or a
 * fact given in passing): the current question may change, or the interview may end.
 */
export function replan(s: Session, changed: Answers, reply: Reply): Step {
  const interview = s.state.interview;
  if (!interview) return { reply, next: s.state };
  Object.assign(interview.answers, changed);
  interview.misses = 0;
  if (!planNext(s, interview)) return finish(s, reply);
  return askCurrent(s, reply);
}

/** Starts an interview from what is already known; `first` forces the first question (changing one answer). */
export function startInterview(s: Session, known: Answers, intro?: Reply, first?: Slot): Step {
  const reply = intro ?? baseReply('recommend');
  const answers: Answers = { ...known };
  s.state.interview = { id: s.newId(), answers, asked: [], current: null, misses: 0 };
  const listed = Object.entries(known).flatMap(([slot, value]) => (value === undefined ? [] : [answerLabel(s.k, slot, value)]));
  if (listed.length > 0 && !first) reply.blocks.push({ type: 'text', text: fill(s.k.responses.interview_prefilled, { known: listed.join('; ') }) });
  if (first) s.state.interview.current = first;
  else if (!planNext(s, s.state.interview)) return finish(s, reply);
  return askCurrent(s, reply);
}

/** Records answers (the current question's and any others the text filled) and moves on. */
export function continueInterview(s: Session, given: Answers, answered: Slot | Slot[], preface?: Reply): Step {
  const interview = s.state.interview;
  const reply = preface ?? baseReply(null);
  if (!interview) return { reply, next: s.state };
  Object.assign(interview.answers, given);
  interview.asked.push(Array.isArray(answered) && answered.length === 1 ? (answered[0] as Slot) : answered);
  interview.misses = 0;
  if (!planNext(s, interview)) return finish(s, reply);
  return askCurrent(s, reply);
}
