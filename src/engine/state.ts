/** The engine's conversation state: what it keeps per conversation and user (the stores keep it as given). */
import type { Answers, Slot, Verdict } from '../ids.js';

/** A running interview. */
export interface InterviewState {
  /** Random id: buttons carry it, so clicks on an old interview are recognised. */
  id: string;
  answers: Answers;
  /** Questions answered in this interview, in order (for "back"); a grouped question is one entry. Pre-filled slots are not listed. */
  asked: Array<Slot | Slot[]>;
  current: Slot | null;
  /** The slots of the current question when it is a grouped one (`current` is then the first). */
  group?: Slot[];
  /** Unreadable answers to the current question. */
  misses: number;
}

/** What is kept per conversation and user: answers and ids, never message text. */
export interface ConversationState {
  interview: InterviewState | null;
  /** The last recommendation's answers, for "why?" and "what if"; `at` is when it was made (ms). */
  last: { answers: Answers; verdict: Verdict; at?: number } | null;
  updatedAt: number;
}
