/** The conversation engine: one user turn in (text or click), one platform-neutral reply out. */
import { randomUUID } from 'node:crypto';
import { type Answers, isConversationIntent, type Slot } from '../ids.js';
import { isSlotOf, isTopicOf } from '../knowledge/ids.js';
import type { Knowledge } from '../knowledge/load.js';
import type { Classification, IntentClassifier } from '../nlu/classifier.js';
import { type ControlClassifier, controlModelFor } from '../nlu/control.js';
import { type Reading, read } from '../nlu/normalise.js';
import type { SlotReader } from '../nlu/slots.js';
import type { Reply } from '../reply.js';
import type { StateStore } from '../state/store.js';
import { parseAction } from './action.js';
import { advise } from './advice.js';
import { bare, looksLikeQuestion } from './answers.js';
import type { Answered, EngineApi, HandleOptions, Input, Recommendation, ResponseKey } from './api.js';
import { answerLabel, baseReply, clarificationReply, fill, outOfScopeReply, recommendationReply, responseReply, startChoice, topicReply } from './compose.js';
import { renderDecisionRecord } from './decision-record.js';
import { describeStep } from './describe.js';
import type { EvalSet } from './evaluate.js';
import { InterviewPlanner } from './interview.js';
import { cancel, controlOutside, groupLabelsOf, inInterview, skip, type TurnDeps } from './interview-turn.js';
import { recordStep } from './record.js';
import { askCurrent, continueInterview, type Session, startInterview } from './session.js';
import type { ConversationState } from './state.js';
import { supposition } from './what-if.js';

export interface EngineDeps {
  knowledge: Knowledge;
  classifier: IntentClassifier;
  /** Reads interview answers from free text (the situation reader). */
  reader: SlotReader;
  /** The control model; by default the one trained on `knowledge.controls` (trained once per knowledge base). */
  controls?: ControlClassifier;
  store: StateStore;
  now?: () => number;
  newId?: () => string;
  /** Interviews idle longer than this have ended (default 24 h). */
  interviewTtlMs?: number;
}

/** What an observer of the engine's turns is told (metrics): never the message text. */
export interface TurnObserved {
  key: string;
  reply: Reply;
  /** The turn began a new interview (a new interview id): a start, a restart, a "what if" that reopened questions. */
  startedInterview: boolean;
  /** Wall time of `handle`, store round trips included. */
  seconds: number;
}

const MAX_CAS_ATTEMPTS = 3;
/** Intents that stay as they are even when the message also fills slots. */
const CONVERSATIONAL = new Set<string>(['cancel', 'restart', 'help', 'greeting', 'thanks']);

/** Runs conversations over one knowledge base; state lives in the store, so any replica can take any turn. */
export class Engine implements EngineApi {
  readonly knowledge: Knowledge;
  readonly classifier: IntentClassifier;
  readonly controls: ControlClassifier;
  readonly extractor: SlotReader;
  readonly planner: InterviewPlanner;
  private readonly store: StateStore;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly ttl: number;
  private readonly observers = new Set<(turn: TurnObserved) => void>();
  /** What the interview turns (interview-turn.ts) use. */
  private readonly turnDeps: TurnDeps;

  constructor(deps: EngineDeps) {
    this.knowledge = deps.knowledge;
    this.classifier = deps.classifier;
    this.controls = controlModelFor(deps.knowledge.controls, deps.controls);
    this.store = deps.store;
    this.extractor = deps.reader;
    this.planner = new InterviewPlanner(deps.knowledge.interview);
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? (() => randomUUID().slice(0, 8));
    this.ttl = deps.interviewTtlMs ?? 24 * 60 * 60 * 1000;
    this.turnDeps = {
      k: this.knowledge,
      classifier: this.classifier,
      controls: this.controls,
      extractor: this.extractor,
      groupLabels: groupLabelsOf(this.knowledge),
      why: (s) => this.why(s),
    };
  }

  /** Handles one turn for the conversation `key`; concurrent turns on one key resolve by compare-and-set. */
  async handle(key: string, input: Input, options: HandleOptions = {}): Promise<Reply> {
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      const stored = await this.store.load(key);
      const state = this.fresh(stored?.state);
      const before = state.last;
      const interviewBefore = state.interview?.id;
      const { reply, next } = this.turn(state, input);
      // A recommendation made in this turn is stamped with its time (for the Home tab's date).
      const made = next.last && next.last !== before ? { ...next.last, at: this.now() } : undefined;
      if (made) next.last = made;
      if (await this.store.save(key, { ...next, updatedAt: this.now() }, stored?.version ?? 0)) {
        if (made && options.lastKey && options.lastKey !== key) await this.keepLast(options.lastKey, made);
        return this.observed(key, reply, next.interview !== null && next.interview.id !== interviewBefore, started);
      }
      if (attempt >= MAX_CAS_ATTEMPTS) {
        return this.observed(key, responseReply(this.knowledge, null, 'fallback'), false, started);
      }
    }
  }

  /** Calls `observer` after every turn `handle` completes; returns a function that stops it. */
  observe(observer: (turn: TurnObserved) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private observed(key: string, reply: Reply, startedInterview: boolean, started: number): Reply {
    if (this.observers.size > 0) {
      const turn = { key, reply, startedInterview, seconds: (performance.now() - started) / 1000 };
      for (const observer of this.observers) observer(turn);
    }
    return reply;
  }

  /** Writes `last` under `key` unless a newer recommendation is there already. */
  private async keepLast(key: string, last: NonNullable<ConversationState['last']>): Promise<void> {
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
      const stored = await this.store.load(key);
      const state = this.fresh(stored?.state);
      if ((state.last?.at ?? 0) > (last.at ?? 0)) return;
      if (await this.store.save(key, { ...state, last, updatedAt: this.now() }, stored?.version ?? 0)) return;
    }
  }

  /** The stored last recommendation of `key` (answers, verdict, when), or undefined. */
  async lastOf(key: string): Promise<NonNullable<ConversationState['last']> | undefined> {
    return (await this.store.load(key))?.state.last ?? undefined;
  }

  /** The last recommendation of a conversation, to share it; undefined when there is none. */
  async lastRecommendation(key: string): Promise<Reply | undefined> {
    const last = (await this.store.load(key))?.state.last;
    return last ? recommendationReply(this.knowledge, advise(this.knowledge.interview, last.answers)) : undefined;
  }

  /** A fixed response of knowledge/responses.yaml as a reply (a stale click, a channel's notice). */
  say(key: ResponseKey): Reply {
    return responseReply(this.knowledge, null, key);
  }

  /** The greeting, with a button that starts the interview. */
  welcome(): Reply {
    const reply = responseReply(this.knowledge, null, 'greeting');
    reply.choices = [startChoice(this.knowledge)];
    return reply;
  }

  /** The recommendation for `answers`: its reply, its advice, and its decision record on demand. */
  recommend(answers: Answers): Recommendation {
    const advice = advise(this.knowledge.interview, answers);
    return { reply: recommendationReply(this.knowledge, advice), advice, record: () => renderDecisionRecord(this.knowledge, advice) };
  }

  /** Each answer in words, e.g. "legacy app: yes". */
  explain(answers: Answers): string[] {
    return Object.entries(answers).map(([slot, value]) => answerLabel(this.knowledge, slot as Slot, value ?? ''));
  }

  /** The interview answers a text states (the situation reader). */
  read(text: string): Answers {
    return this.extractor.extract(text);
  }

  /** Scores the models on labelled lines (the `eval` command); its code (and natural's baseline) loads only then. */
  async evaluate(set: EvalSet, options: { baseline: boolean; tune: boolean }): Promise<Record<string, unknown>> {
    const { evaluateSet } = await import('./evaluate.js');
    return evaluateSet({ knowledge: this.knowledge, classifier: this.classifier, controls: this.controls, reader: this.extractor }, set, options);
  }

  /** Answers a single message with no conversation state (the `ask` command). */
  answer(text: string): Answered {
    const said = read(text);
    const classification = this.classifier.classify(said);
    const { reply } = this.reply(this.session(this.fresh(undefined)), said, classification);
    return { reply, classification, slots: this.statedIn(said, classification) };
  }

  /** The answers a message states; a question about a topic ("how fast do containers start?") states none. */
  private statedIn(said: Reading, c: Classification): Answers {
    if (isTopicOf(this.knowledge.topics, c.intent) && looksLikeQuestion(said)) return {};
    return this.extractor.extract(said);
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
  turn(state: ConversationState, input: Input): { reply: Reply; next: ConversationState } {
    const s = this.session(state);
    if (input.kind === 'action') return this.onAction(s, input.action);
    if (input.kind === 'describe') return describeStep(s, input.text);
    // The message is normalised here, once; every step of the turn reads this reading.
    return this.reply(s, read(input.text), undefined);
  }

  private reply(s: Session, said: Reading, given: Classification | undefined): { reply: Reply; next: ConversationState } {
    if (!/[\p{L}\p{N}]/u.test(bare(said))) {
      const reply = responseReply(this.knowledge, null, 'empty');
      return s.state.interview ? askCurrent(s, reply) : { reply, next: s.state };
    }
    // "Write it up" (the control model's `record`): a decision record of the last recommendation, in or out of an interview.
    if (this.controls.control(said, this.knowledge.classifier.control_at_least) === 'record') return recordStep(s, { kind: 'record' }, this.now());
    // "What if ..." belongs to the what-if path, however much it sounds like a question about the answer.
    const control = s.state.interview || (s.state.last && supposition(bare(said))) ? undefined : controlOutside(this.turnDeps, s, said);
    const result = s.state.interview ? this.inInterview(s, said) : (control ?? this.outside(s, said, given));
    if (said.cut) result.reply.blocks.unshift({ type: 'text', text: this.knowledge.responses.too_long });
    return result;
  }

  private onAction(s: Session, raw: unknown): { reply: Reply; next: ConversationState } {
    const action = parseAction(this.knowledge, raw);
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
        return skip(this.turnDeps, s);
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
        return cancel(this.turnDeps, s);
      case 'record':
        return recordStep(s, action, this.now());
    }
  }

  private why(s: Session): { reply: Reply; next: ConversationState } {
    const last = s.state.last;
    if (!last) return { reply: responseReply(this.knowledge, null, 'why_none'), next: s.state };
    return { reply: recommendationReply(this.knowledge, advise(this.knowledge.interview, last.answers), { detailed: true }), next: s.state };
  }

  private change(s: Session): { reply: Reply; next: ConversationState } {
    const last = s.state.last;
    if (!last) return { reply: responseReply(this.knowledge, null, 'why_none'), next: s.state };
    const slots = Object.keys(last.answers).filter((slot) => isSlotOf(this.knowledge.interview, slot));
    const reply = baseReply(null, [{ type: 'text', text: this.knowledge.responses.change_which }]);
    reply.choices = slots.map((slot) => ({ label: answerLabel(this.knowledge, slot, last.answers[slot] ?? ''), action: { kind: 'revise', slot } }));
    return { reply, next: s.state };
  }

  /**
   * Recomputes the last recommendation with the answers `rest` states changed. When the change makes
   * a question that was never asked able to change the verdict, that question comes first.
   */
  private whatIf(s: Session, rest: Reading, strong: boolean): { reply: Reply; next: ConversationState } | undefined {
    const last = s.state.last;
    if (!last) return undefined;
    const changed = this.extractor.extract(rest, 'change');
    const k = this.knowledge;
    if (Object.keys(changed).length === 0) return strong ? { reply: responseReply(k, null, 'what_if_unknown'), next: s.state } : undefined;
    const answers = { ...last.answers, ...changed };
    const what = Object.entries(changed)
      .map(([slot, value]) => answerLabel(k, slot, value ?? ''))
      .join(', ');
    if (this.planner.next(answers)) {
      // Keep the hypothetical answers: the interview continues from them, and "back" can undo the new question.
      return startInterview(s, answers, baseReply(null, [{ type: 'text', text: fill(k.responses.what_if_reopened, { what }) }]));
    }
    const advice = advise(k.interview, answers);
    const verdict = k.verdicts[advice.verdict].title.toLowerCase();
    const intro =
      advice.verdict === last.verdict
        ? fill(k.responses.what_if_stays, { what, verdict })
        : fill(k.responses.what_if_changes, { what, verdict, was: k.verdicts[last.verdict].title.toLowerCase() });
    return { reply: recommendationReply(k, advice, { intro }), next: s.state };
  }

  private inInterview(s: Session, said: Reading): { reply: Reply; next: ConversationState } {
    return inInterview(this.turnDeps, s, said) ?? this.outside(s, said, undefined);
  }

  private outside(s: Session, said: Reading, given: Classification | undefined): { reply: Reply; next: ConversationState } {
    const supposed = s.state.last ? supposition(bare(said)) : undefined;
    if (supposed !== undefined) {
      // The rest of a normalised text is normalised already: it is read as it is.
      const result = this.whatIf(s, { text: supposed.rest, cut: said.cut }, supposed.strong);
      if (result) return result;
    }
    const c = given ?? this.classifier.classify(said);
    const slots = this.statedIn(said, c);
    // A message that describes a workload is a request for advice, whatever topic words it also
    // contains: two or more interview answers, or one stated (not asked: "can I run windows in a container?").
    const stated = Object.keys(slots).length;
    const describes = (stated >= 2 || (stated === 1 && !looksLikeQuestion(said))) && !CONVERSATIONAL.has(c.intent);
    // "Did you mean" is for a genuinely ambiguous question; a described workload is not one.
    if (c.clarify && !describes) return { reply: clarificationReply(this.knowledge, c.clarify), next: s.state };
    const intent = describes ? 'recommend' : c.intent;
    return this.route(s, intent, said.text, c.confidence, slots);
  }

  private route(s: Session, intent: string, text: string, confidence: number | undefined, slots: Answers = {}): { reply: Reply; next: ConversationState } {
    const k = this.knowledge;
    // The knowledge cross-check makes intents.yaml exactly the topics and the conversation intents: anything else is unknown here.
    if (isTopicOf(k.topics, intent)) return { reply: topicReply(k, intent, confidence), next: s.state };
    if (!isConversationIntent(intent)) return { reply: responseReply(k, null, 'fallback'), next: s.state };
    switch (intent) {
      case 'recommend':
        return startInterview(s, text ? slots : {}, responseReply(k, 'recommend', 'interview_intro'));
      case 'restart':
        return startInterview(s, {}, responseReply(k, 'restart', 'restarted'));
      case 'cancel':
        return cancel(this.turnDeps, s);
      case 'out_of_scope':
        return { reply: outOfScopeReply(k), next: s.state };
      default:
        return { reply: responseReply(k, intent, intent), next: s.state };
    }
  }
}
