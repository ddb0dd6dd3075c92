/**
 * A typed message during an interview, in the order that keeps real answers safe: an exact answer
 * first, then control phrases (the control model), then free text that answers and/or corrects,
 * then questions, small talk and out-of-scope remarks. Also the control replies outside an interview.
 */
import type { Answers, Intent, Slot } from '../ids.js';
import { isTopicOf, slotsOf } from '../knowledge/ids.js';
import type { Knowledge } from '../knowledge/load.js';
import type { SlotDef } from '../knowledge/schema.js';
import type { IntentClassifier } from '../nlu/classifier.js';
import type { Control, ControlClassifier } from '../nlu/control.js';
import type { Reading } from '../nlu/normalise.js';
import type { SlotExtractor } from '../nlu/slots.js';
import type { Choice, Reply } from '../reply.js';
import { BAD_NUMBER, exactAnswer, exactGroup, freeAnswer, freeGroup, leading, looksLikeQuestion, mentions, valueFor } from './answers.js';
import { aboutQuestion, answerLabel, baseReply, outOfScopeReply, responseReply, startChoice, topicReply } from './compose.js';
import { askCurrent, continueInterview, currentSlots, replan, type Session, type Step, startInterview } from './session.js';

/** What interview turns need from the engine. */
export interface TurnDeps {
  k: Knowledge;
  classifier: IntentClassifier;
  controls: ControlClassifier;
  extractor: SlotExtractor;
  /** Words that name each slot in a grouped question. */
  groupLabels: ReadonlyMap<Slot, readonly string[]>;
  /** The detailed last recommendation ("why?"). */
  why(s: Session): Step;
}

/** Words that name each slot in a grouped question: its label, name, id and yes-synonyms. */
export function groupLabelsOf(k: Knowledge): Map<Slot, string[]> {
  return new Map(
    slotsOf(k.interview).map((slot) => {
      const def = k.interview.slots[slot];
      const yes = def?.options.find((o) => o.value === 'yes');
      return [slot, [slot, slot.replace('_', ' '), def?.name ?? slot, def?.short ?? slot, ...(yes?.synonyms ?? [])]];
    }),
  );
}

/**
 * An earlier answer restated as "yes/no + its subject" ("wait, we do run some windows servers"), when the
 * situation reader found nothing: only for an answered slot, and only when the text names no other slot.
 */
function restated(t: TurnDeps, text: string | Reading, slot: Slot, answers: Answers): string | undefined {
  const def = t.k.interview.slots[slot];
  if (answers[slot] === undefined || !def) return undefined;
  const lead = leading(text);
  if (!lead || !mentions(lead.rest, def)) return undefined;
  const others = slotsOf(t.k.interview).filter((o) => o !== slot && t.k.interview.slots[o] && mentions(lead.rest, t.k.interview.slots[o] as SlotDef));
  return others.length === 0 ? valueFor(def, lead.said) : undefined;
}

/** Stops the interview, if one runs. */
export function cancel(t: TurnDeps, s: Session): Step {
  const had = s.state.interview !== null;
  s.state.interview = null;
  return { reply: responseReply(t.k, 'cancel', had ? 'cancelled' : 'nothing_to_cancel'), next: s.state };
}

/** A typed message during an interview; undefined when no question is open. */
export function inInterview(t: TurnDeps, s: Session, text: string | Reading): Step | undefined {
  const interview = s.state.interview;
  const k = t.k;
  const current = interview?.current;
  if (!interview || !current) return undefined;
  const slots = currentSlots(interview);
  // 1. An exact answer (a number, an option, yes / no / not sure) is never read as anything else.
  const def = k.interview.slots[current];
  const exact = interview.group ? exactGroup(text, interview.group, t.groupLabels) : def ? exactAnswer(text, def) : undefined;
  if (exact === BAD_NUMBER) return miss(t, s, null);
  if (typeof exact === 'string') return continueInterview(s, { [current]: exact }, slots);
  if (exact) return continueInterview(s, exact, slots);
  // 2. Control in ordinary words, read by the trained control model.
  const control = t.controls.control(text, k.classifier.control_at_least);
  if (control) return onControl(t, s, control);
  // 3. Free text: it may answer the current question, correct earlier answers, or both.
  if (!looksLikeQuestion(text)) {
    const step = readFree(t, s, text);
    if (step) return step;
  }
  // 4. Not an answer: a question, a greeting, an out-of-scope remark, or unreadable.
  const c = t.classifier.classify(text);
  const sure = c.confidence > k.classifier.interview_intent_above;
  if (c.intent === 'cancel' && sure) return cancel(t, s);
  if (c.intent === 'restart' && sure) return startInterview(s, {}, responseReply(k, 'restart', 'restarted'));
  if (isTopicOf(k.topics, c.intent) && !c.clarify) {
    // Related-topic buttons would pull away from the question; the answer alone is enough here.
    const answer = topicReply(k, c.intent, c.confidence);
    answer.choices = [];
    return askCurrent(s, answer);
  }
  if (c.intent === 'recommend' && sure) return askCurrent(s, responseReply(k, 'recommend', 'already_interviewing'));
  if ((c.intent === 'help' || c.intent === 'greeting' || c.intent === 'thanks') && sure) {
    return askCurrent(s, responseReply(k, c.intent, c.intent));
  }
  // The model itself calls it out of scope (not merely unsure of every intent): say so, as outside the interview.
  const outOfScope = c.intent === 'out_of_scope' && c.ranked[0]?.intent === 'out_of_scope';
  return miss(t, s, c.intent, outOfScope);
}

/**
 * An unreadable answer: re-ask (or, for a remark `outOfScope`, give the out-of-scope reply), and from
 * the second in a row offer to skip or cancel.
 */
export function miss(t: TurnDeps, s: Session, intent: Intent | null, outOfScope = false): Step {
  const interview = s.state.interview;
  const k = t.k;
  if (!interview) return { reply: responseReply(k, null, 'fallback'), next: s.state };
  interview.misses += 1;
  const offer = interview.misses >= k.interview.skip_offer_after_misses;
  let reply: Reply;
  if (outOfScope) {
    reply = outOfScopeReply(k);
    reply.choices = [];
    if (offer) reply.blocks.push({ type: 'text', text: k.responses.skip_offer });
  } else reply = responseReply(k, intent, offer ? 'skip_offer' : 'reask');
  if (offer) {
    reply.choices = [
      { label: k.responses.buttons.skip_question, action: { kind: 'skip', interview: interview.id } },
      { label: k.responses.buttons.cancel_interview, action: { kind: 'cancel' } },
    ];
  }
  return askCurrent(s, reply);
}

/** A control phrase during the interview. */
export function onControl(t: TurnDeps, s: Session, control: Control): Step {
  const k = t.k;
  const interview = s.state.interview;
  switch (control) {
    case 'cancel':
      return cancel(t, s);
    case 'restart':
      return startInterview(s, {}, responseReply(k, 'restart', 'restarted'));
    case 'back':
      return back(t, s);
    case 'skip':
      return skip(t, s);
    case 'repeat':
    case 'record': // the engine writes records up before the interview sees the message
      return askCurrent(s, responseReply(k, null, 'repeat'));
    case 'why_ask':
    case 'explain':
      if (!interview?.current) return askCurrent(s, responseReply(k, null, 'repeat'));
      return askCurrent(s, aboutQuestion(k, interview.current, Boolean(interview.group), control === 'why_ask' ? 'rationale' : 'explanation'));
  }
}

/**
 * Free text mid-interview, read with the situation reader: an answer to the current question, and
 * any earlier answer stated differently (a correction) or new fact, which replace what was known.
 */
export function readFree(t: TurnDeps, s: Session, text: string | Reading): Step | undefined {
  const interview = s.state.interview;
  const current = interview?.current;
  if (!interview || !current) return undefined;
  const k = t.k;
  const filled = t.extractor.extract(text);
  const slots = currentSlots(interview);
  const def = k.interview.slots[current];
  let answer: Answers | undefined;
  if (interview.group) answer = freeGroup(text, interview.group, filled);
  else if (def) {
    const value = freeAnswer(text, current, def, filled);
    if (value !== undefined) answer = { [current]: value };
  }
  const changed: Answers = {};
  for (const slot of slotsOf(k.interview)) {
    const value = filled[slot] ?? (answer ? undefined : restated(t, text, slot, interview.answers));
    if (value !== undefined && !slots.includes(slot) && interview.answers[slot] !== value) changed[slot] = value;
  }
  const changes = Object.entries(changed).map(([slot, value]) => answerLabel(k, slot, value ?? ''));
  const preface = changes.length > 0 ? responseReply(k, null, 'noted', { changes: changes.join('; ') }) : baseReply(null);
  if (answer) return continueInterview(s, { ...changed, ...answer }, slots, preface);
  return changes.length > 0 ? replan(s, changed, preface) : undefined;
}

/** Leaves the current question (or every slot of a grouped one) as `unsure` and moves on. */
export function skip(t: TurnDeps, s: Session): Step {
  const interview = s.state.interview;
  if (!interview) return { reply: responseReply(t.k, null, 'interview_expired'), next: s.state };
  const slots = currentSlots(interview);
  const unsure = Object.fromEntries(slots.map((slot) => [slot, 'unsure']));
  return continueInterview(s, unsure, slots, responseReply(t.k, null, 'skipped'));
}

export function back(t: TurnDeps, s: Session): Step {
  const interview = s.state.interview;
  if (!interview) return cancel(t, s);
  const previous = interview.asked.pop();
  if (!previous) return askCurrent(s, responseReply(t.k, null, 'back_none'));
  const slots = Array.isArray(previous) ? previous : [previous];
  for (const slot of slots) delete interview.answers[slot];
  interview.current = slots[0] ?? null;
  if (slots.length > 1) interview.group = slots;
  else delete interview.group;
  interview.misses = 0;
  return askCurrent(s, baseReply(null));
}

/**
 * Control phrases with no interview running. Cancel and restart keep their CONTRACT intents (the
 * intent classifier routes them); skip, back and repeat say there is no question; "why?" explains the
 * last recommendation.
 */
export function controlOutside(t: TurnDeps, s: Session, text: string | Reading): Step | undefined {
  const k = t.k;
  const control = t.controls.control(text, k.classifier.control_at_least);
  const start: Choice = startChoice(k);
  const nothing = (key: 'nothing_to_skip' | 'nothing_to_go_back' | 'nothing_to_repeat') => {
    const reply = responseReply(k, null, key);
    reply.choices = [start];
    return { reply, next: s.state };
  };
  switch (control) {
    case 'skip':
      return nothing('nothing_to_skip');
    case 'back':
      return nothing('nothing_to_go_back');
    case 'repeat':
      return s.state.last ? t.why(s) : nothing('nothing_to_repeat');
    case 'why_ask':
      return t.why(s);
    case 'explain':
      // "What does that mean?" after a recommendation explains it (topic questions read as `other`).
      return s.state.last ? t.why(s) : undefined;
    default:
      return undefined;
  }
}
