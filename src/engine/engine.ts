/** The conversation engine: one user turn in (text or click), one platform-neutral reply out. */
import { randomUUID } from 'node:crypto';
import { type Answers, isIntent, isSlot, isTopicIntent, SLOT_VALUES, SLOTS, type Slot } from '../ids.js';
import type { Knowledge } from '../knowledge/load.js';
import type { Classification, IntentClassifier } from '../nlu/classifier.js';
import { MAX_NLU_CHARS } from '../nlu/normalise.js';
import { SlotExtractor } from '../nlu/slots.js';
import type { Action, Reply } from '../reply.js';
import type { ConversationState, StateStore } from '../state/store.js';
import { advise } from './advice.js';
import { bare, controlOf, readAnswer, readGroup } from './answers.js';
import { answerLabel, baseReply, clarificationReply, outOfScopeReply, recommendationReply, responseReply, topicReply } from './compose.js';
import { InterviewPlanner } from './interview.js';
import { askCurrent, continueInterview, currentSlots, type Session, startInterview } from './session.js';

/** What a channel hands the engine. */
export type Input = { kind: 'text'; text: string } | { kind: 'action'; action: unknown };

export interface EngineDeps {
  knowledge: Knowledge;
  classifier: IntentClassifier;
  store: StateStore;
  now?: () => number;
  newId?: () => string;
  /** Interviews idle longer than this have ended (default 24 h). */
  interviewTtlMs?: number;
}

const WHAT_IF = /^(what if|what about if|and if|suppose|what would happen if|what if instead|if instead)\b\s*(.*)$/;
const MAX_CAS_ATTEMPTS = 3;
/** Intents that stay as they are even when the message also fills slots. */
const CONVERSATIONAL = new Set<string>(['cancel', 'restart', 'help', 'greeting', 'thanks']);

/** Runs conversations over one knowledge base; state lives in the store, so any replica can take any turn. */
export class Engine {
  readonly knowledge: Knowledge;
  readonly classifier: IntentClassifier;
  readonly extractor: SlotExtractor;
  readonly planner: InterviewPlanner;
  private readonly store: StateStore;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly ttl: number;
  /** Words that name each slot in a grouped question: its label, name, id and yes-synonyms. */
  private readonly groupLabels: Map<Slot, string[]>;

  constructor(deps: EngineDeps) {
    this.knowledge = deps.knowledge;
    this.classifier = deps.classifier;
    this.store = deps.store;
    this.extractor = new SlotExtractor(deps.knowledge.interview);
    this.planner = new InterviewPlanner(deps.knowledge.interview);
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? (() => randomUUID().slice(0, 8));
    this.ttl = deps.interviewTtlMs ?? 24 * 60 * 60 * 1000;
    this.groupLabels = new Map(
      SLOTS.map((slot) => {
        const def = deps.knowledge.interview.slots[slot];
        const yes = def?.options.find((o) => o.value === 'yes');
        return [slot, [slot, slot.replace('_', ' '), def?.name ?? slot, def?.short ?? slot, ...(yes?.synonyms ?? [])]];
      }),
    );
  }

  /** Handles one turn for the conversation `key`; concurrent turns on one key resolve by compare-and-set. */
  async handle(key: string, input: Input): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      const stored = await this.store.load(key);
      const state = this.fresh(stored?.state);
      const { reply, next } = this.turn(state, input);
      if (await this.store.save(key, { ...next, updatedAt: this.now() }, stored?.version ?? 0)) return reply;
      if (attempt >= MAX_CAS_ATTEMPTS) {
        return responseReply(this.knowledge, null, 'fallback');
      }
    }
  }

  /** The last recommendation of a conversation, to share it; undefined when there is none. */
  async lastRecommendation(key: string): Promise<Reply | undefined> {
    const last = (await this.store.load(key))?.state.last;
    return last ? recommendationReply(this.knowledge, advise(this.knowledge.interview, last.answers)) : undefined;
  }

  /** Answers a single message with no conversation state (the `ask` command). */
  answer(text: string): { reply: Reply; classification: Classification; slots: Answers } {
    const classification = this.classifier.classify(text);
    const { reply } = this.turn(this.fresh(undefined), { kind: 'text', text }, classification);
    return { reply, classification, slots: this.extractor.extract(text) };
  }

  private fresh(state: ConversationState | undefined): ConversationState {
    if (!state) return { interview: null, last: null, updatedAt: this.now() };
    if (state.interview && this.now() - state.updatedAt > this.ttl) return { ...state, interview: null };
    return state;
  }

  private session(state: ConversationState): Session {
    return { k: this.knowledge, planner: this.planner, extractor: this.extractor, state, newId: this.newId };
  }

  /** Turn logic: state and input in, reply and next state out. It takes ownership of `state` (stores hand out fresh copies). */
  turn(state: ConversationState, input: Input, given?: Classification): { reply: Reply; next: ConversationState } {
    const s = this.session(state);
    if (input.kind === 'action') return this.onAction(s, input.action);
    const text = input.text;
    if (!/[\p{L}\p{N}]/u.test(bare(text))) {
      const reply = responseReply(this.knowledge, null, 'empty');
      return s.state.interview ? askCurrent(s, reply) : { reply, next: s.state };
    }
    const result = s.state.interview ? this.inInterview(s, text) : this.outside(s, text, given);
    if (text.length > MAX_NLU_CHARS) result.reply.blocks.unshift({ type: 'text', text: this.knowledge.responses.too_long });
    return result;
  }

  private onAction(s: Session, raw: unknown): { reply: Reply; next: ConversationState } {
    const action = parseAction(raw);
    const k = this.knowledge;
    const interview = s.state.interview;
    if (!action) return { reply: responseReply(k, null, 'interview_expired'), next: s.state };
    switch (action.kind) {
      case 'answer': {
        if (!interview || interview.id !== action.interview) return { reply: responseReply(k, null, 'interview_expired'), next: s.state };
        if (interview.current !== action.slot || interview.group) return askCurrent(s, responseReply(k, null, 'already_answered'));
        return continueInterview(s, { [action.slot]: action.value }, action.slot);
      }
      case 'multi': {
        if (!interview || interview.id !== action.interview) return { reply: responseReply(k, null, 'interview_expired'), next: s.state };
        const group = interview.group ?? [];
        const same = group.length === action.group.length && group.every((slot) => action.group.includes(slot));
        if (!same || !action.chosen.every((slot) => group.includes(slot))) return askCurrent(s, responseReply(k, null, 'already_answered'));
        const chosen = new Set(action.chosen);
        return continueInterview(s, Object.fromEntries(group.map((slot) => [slot, chosen.has(slot) ? 'yes' : 'no'])), group);
      }
      case 'skip':
        if (!interview || interview.id !== action.interview || !interview.current) return { reply: responseReply(k, null, 'interview_expired'), next: s.state };
        return this.skip(s);
      case 'ask':
        return this.route(s, action.intent, '', undefined);
      case 'why':
        return this.why(s);
      case 'change':
        return this.change(s);
      case 'revise': {
        const last = s.state.last;
        if (!last) return { reply: responseReply(k, null, 'why_none'), next: s.state };
        const answers = { ...last.answers };
        delete answers[action.slot];
        return startInterview(s, answers, undefined, action.slot);
      }
      case 'restart':
        return startInterview(s, {}, responseReply(k, 'restart', 'restarted'));
      case 'cancel':
        return this.cancel(s);
    }
  }

  private cancel(s: Session): { reply: Reply; next: ConversationState } {
    const had = s.state.interview !== null;
    s.state.interview = null;
    return { reply: responseReply(this.knowledge, 'cancel', had ? 'cancelled' : 'nothing_to_cancel'), next: s.state };
  }

  private why(s: Session): { reply: Reply; next: ConversationState } {
    const last = s.state.last;
    if (!last) return { reply: responseReply(this.knowledge, null, 'why_none'), next: s.state };
    return { reply: recommendationReply(this.knowledge, advise(this.knowledge.interview, last.answers), { detailed: true }), next: s.state };
  }

  private change(s: Session): { reply: Reply; next: ConversationState } {
    const last = s.state.last;
    if (!last) return { reply: responseReply(this.knowledge, null, 'why_none'), next: s.state };
    const slots = Object.keys(last.answers).filter(isSlot);
    const reply = baseReply(null, [{ type: 'text', text: 'Which answer do you want to change?' }]);
    reply.choices = slots.map((slot) => ({ label: answerLabel(this.knowledge, slot, last.answers[slot] ?? ''), action: { kind: 'revise', slot } }));
    return { reply, next: s.state };
  }

  private whatIf(s: Session, rest: string): { reply: Reply; next: ConversationState } | undefined {
    const last = s.state.last;
    if (!last) return undefined;
    const changed = this.extractor.extract(rest);
    const k = this.knowledge;
    if (Object.keys(changed).length === 0) return { reply: responseReply(k, null, 'what_if_unknown'), next: s.state };
    const answers = { ...last.answers, ...changed };
    const advice = advise(k.interview, answers);
    const what = Object.entries(changed)
      .map(([slot, value]) => answerLabel(k, slot as Slot, value))
      .join(', ');
    const same = advice.verdict === last.verdict;
    const intro = `With ${what}, the recommendation ${same ? 'stays' : 'changes to'} ${k.verdicts[advice.verdict].title.toLowerCase()}${same ? '' : ` (it was ${k.verdicts[last.verdict].title.toLowerCase()})`}.`;
    return { reply: recommendationReply(k, advice, { intro }), next: s.state };
  }

  private inInterview(s: Session, text: string): { reply: Reply; next: ConversationState } {
    const interview = s.state.interview;
    const k = this.knowledge;
    const control = controlOf(text);
    if (control === 'cancel') return this.cancel(s);
    if (control === 'restart') return startInterview(s, {}, responseReply(k, 'restart', 'restarted'));
    if (control === 'back') return this.back(s);
    const current = interview?.current;
    if (!interview || !current) return this.outside(s, text, undefined);
    if (control === 'skip') return this.skip(s);
    const def = k.interview.slots[current];
    if (interview.group) {
      const { answers, also } = readGroup(text, interview.group, this.groupLabels, this.extractor);
      if (answers) return continueInterview(s, { ...also, ...answers }, interview.group);
    } else if (def) {
      const { value, also } = readAnswer(text, current, def, this.extractor);
      if (value !== undefined) return continueInterview(s, { ...also, [current]: value }, current);
    }
    // Not an answer: maybe a question, a greeting or a command.
    const c = this.classifier.classify(text);
    if (c.intent === 'cancel' && c.confidence > 0.5) return this.cancel(s);
    if (c.intent === 'restart' && c.confidence > 0.5) return startInterview(s, {}, responseReply(k, 'restart', 'restarted'));
    if (isTopicIntent(c.intent) && !c.clarify) {
      // Related-topic buttons would pull away from the question; the answer alone is enough here.
      const answer = topicReply(k, c.intent, c.confidence);
      answer.choices = [];
      return askCurrent(s, answer);
    }
    if (c.intent === 'recommend' && c.confidence > 0.5) return askCurrent(s, responseReply(k, 'recommend', 'already_interviewing'));
    if ((c.intent === 'help' || c.intent === 'greeting' || c.intent === 'thanks') && c.confidence > 0.5) {
      return askCurrent(s, responseReply(k, c.intent, c.intent));
    }
    interview.misses += 1;
    const key = interview.misses >= 2 ? 'skip_offer' : 'reask';
    const reply = responseReply(k, c.intent, key);
    if (key === 'skip_offer') {
      reply.choices = [
        { label: 'Skip this question', action: { kind: 'skip', interview: interview.id } },
        { label: 'Cancel the interview', action: { kind: 'cancel' } },
      ];
    }
    return askCurrent(s, reply);
  }

  /** Leaves the current question (or every slot of a grouped one) as `unsure` and moves on. */
  private skip(s: Session): { reply: Reply; next: ConversationState } {
    const interview = s.state.interview;
    if (!interview) return { reply: responseReply(this.knowledge, null, 'interview_expired'), next: s.state };
    const slots = currentSlots(interview);
    const unsure = Object.fromEntries(slots.map((slot) => [slot, 'unsure']));
    return continueInterview(s, unsure, slots, responseReply(this.knowledge, null, 'skipped'));
  }

  private back(s: Session): { reply: Reply; next: ConversationState } {
    const interview = s.state.interview;
    if (!interview) return this.cancel(s);
    const previous = interview.asked.pop();
    if (!previous) return askCurrent(s, responseReply(this.knowledge, null, 'back_none'));
    const slots = Array.isArray(previous) ? previous : [previous];
    for (const slot of slots) delete interview.answers[slot];
    interview.current = slots[0] ?? null;
    if (slots.length > 1) interview.group = slots;
    else delete interview.group;
    interview.misses = 0;
    return askCurrent(s, baseReply(null));
  }

  private outside(s: Session, text: string, given: Classification | undefined): { reply: Reply; next: ConversationState } {
    const control = controlOf(text);
    if (control === 'why') return this.why(s);
    const whatIf = WHAT_IF.exec(bare(text));
    if (whatIf) {
      const result = this.whatIf(s, whatIf[2] ?? '');
      if (result) return result;
    }
    const c = given ?? this.classifier.classify(text);
    if (c.clarify) return { reply: clarificationReply(this.knowledge, c.clarify), next: s.state };
    const slots = this.extractor.extract(text);
    // A message that describes a workload (two or more interview answers in it) is a request
    // for advice, whatever topic words it also contains.
    const describes = Object.keys(slots).length >= 2 && !CONVERSATIONAL.has(c.intent);
    const intent = describes ? 'recommend' : c.intent;
    return this.route(s, intent, text, c.confidence, slots);
  }

  private route(s: Session, intent: string, text: string, confidence: number | undefined, slots: Answers = {}): { reply: Reply; next: ConversationState } {
    const k = this.knowledge;
    if (!isIntent(intent)) return { reply: responseReply(k, null, 'fallback'), next: s.state };
    if (isTopicIntent(intent)) return { reply: topicReply(k, intent, confidence), next: s.state };
    switch (intent) {
      case 'recommend':
        return startInterview(s, text ? slots : {}, responseReply(k, 'recommend', 'interview_intro'));
      case 'restart':
        return startInterview(s, {}, responseReply(k, 'restart', 'restarted'));
      case 'cancel':
        return this.cancel(s);
      case 'out_of_scope':
        return { reply: outOfScopeReply(k), next: s.state };
      default:
        return { reply: responseReply(k, intent, intent), next: s.state };
    }
  }
}

/** Validates an action that came back from a button: anything malformed is treated as stale. */
export function parseAction(raw: unknown): Action | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const a = raw as Record<string, unknown>;
  switch (a.kind) {
    case 'answer':
      if (
        typeof a.interview === 'string' &&
        typeof a.slot === 'string' &&
        isSlot(a.slot) &&
        typeof a.value === 'string' &&
        SLOT_VALUES[a.slot].includes(a.value)
      ) {
        return { kind: 'answer', interview: a.interview, slot: a.slot, value: a.value };
      }
      return undefined;
    case 'skip':
      return typeof a.interview === 'string' ? { kind: 'skip', interview: a.interview } : undefined;
    case 'multi': {
      const group = slotList(a.group);
      const chosen = slotList(a.chosen);
      return typeof a.interview === 'string' && group && group.length > 1 && chosen ? { kind: 'multi', interview: a.interview, group, chosen } : undefined;
    }
    case 'ask':
      return typeof a.intent === 'string' && isIntent(a.intent) ? { kind: 'ask', intent: a.intent } : undefined;
    case 'revise':
      return typeof a.slot === 'string' && isSlot(a.slot) ? { kind: 'revise', slot: a.slot } : undefined;
    case 'why':
    case 'change':
    case 'restart':
    case 'cancel':
      return { kind: a.kind };
    default:
      return undefined;
  }
}

/** A list of distinct slots, or undefined when it is anything else. */
function slotList(raw: unknown): Slot[] | undefined {
  if (!Array.isArray(raw) || raw.length > SLOTS.length) return undefined;
  if (!raw.every((x): x is Slot => typeof x === 'string' && isSlot(x))) return undefined;
  return new Set(raw).size === raw.length ? raw : undefined;
}
