/** The engine as channels and the CLI see it: turns, one-off answers and recommendations, never its models. */
import type { Answers } from '../ids.js';
import type { Knowledge } from '../knowledge/load.js';
import type { RESPONSE_KEYS } from '../knowledge/schema.js';
import type { Classification } from '../nlu/classifier.js';
import type { Reply } from '../reply.js';
import type { Advice } from './advice.js';
import type { EvalSet } from './evaluate.js';
import type { ConversationState } from './state.js';

/** Options of one turn. */
export interface HandleOptions {
  /**
   * Also keep a new recommendation under this key (a channel's per-user index, such as Slack's Home
   * tab), so it can be found without knowing the conversation it was made in.
   */
  lastKey?: string;
}

/** What a channel hands the engine. */
export type Input =
  | { kind: 'text'; text: string }
  | { kind: 'action'; action: unknown }
  /** Advice on this text as it stands (someone's message): the interview starts from what it states. */
  | { kind: 'describe'; text: string };

/** A key of knowledge/responses.yaml. */
export type ResponseKey = (typeof RESPONSE_KEYS)[number];

/** The recommendation for some answers: the reply to show, the advice behind it, and its decision record (Markdown). */
export interface Recommendation {
  reply: Reply;
  advice: Advice;
  record(): string;
}

/** A message answered with no conversation state: the reply, how it was classified, the answers it states. */
export interface Answered {
  reply: Reply;
  classification: Classification;
  slots: Answers;
}

/** The last recommendation kept for a conversation. */
export type LastRecommendation = NonNullable<ConversationState['last']>;

/** The narrow API of the engine. */
export interface EngineApi {
  /** The validated knowledge base (texts and labels); read only. */
  readonly knowledge: Knowledge;
  /** One turn of the conversation `key`. */
  handle(key: string, input: Input, options?: HandleOptions): Promise<Reply>;
  /** A single message with no conversation state (the `ask` command). */
  answer(text: string): Answered;
  /** The recommendation for `answers` (the `recommend` command). */
  recommend(answers: Answers): Recommendation;
  /** Each answer in words ("legacy app: yes"). */
  explain(answers: Answers): string[];
  /** The interview answers a text states. */
  read(text: string): Answers;
  /** A fixed response as a reply. */
  say(key: ResponseKey): Reply;
  /** The welcome when the bot joins a conversation: the greeting, with a button that starts the interview. */
  welcome(): Reply;
  /** The stored last recommendation of `key`, or undefined. */
  lastOf(key: string): Promise<LastRecommendation | undefined>;
  /** The last recommendation of a conversation as a reply, to share it; undefined when there is none. */
  lastRecommendation(key: string): Promise<Reply | undefined>;
  /** Scores the engine's models on labelled lines (the `eval` command). */
  evaluate(set: EvalSet, options: { baseline: boolean; tune: boolean }): Promise<Record<string, unknown>>;
}
