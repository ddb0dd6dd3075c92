/** Conversation state and the store interface the engine and channels share. */
import type { Answers, Slot, Verdict } from '../ids.js';

/** A running interview. */
export interface InterviewState {
  /** Random id: buttons carry it, so clicks on an old interview are recognised. */
  id: string;
  answers: Answers;
  /** Slots answered in this interview, in order (for "back"). Pre-filled slots are not listed. */
  asked: Slot[];
  current: Slot | null;
  /** Unreadable answers to the current question. */
  misses: number;
}

/** What is kept per conversation and user: answers and ids, never message text. */
export interface ConversationState {
  interview: InterviewState | null;
  /** The last recommendation's answers, for "why?" and "what if". */
  last: { answers: Answers; verdict: Verdict } | null;
  updatedAt: number;
}

/** A stored state with its version, for compare-and-set. */
export interface Versioned {
  state: ConversationState;
  version: number;
}

/** Where conversation state lives. `save` succeeds only if the version is unchanged. */
export interface StateStore {
  load(key: string): Promise<Versioned | undefined>;
  /** Writes `state` if the stored version is `expected` (0 = absent); returns false when another writer won. */
  save(key: string, state: ConversationState, expected: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Records a delivery id (Slack event_id, Teams activity id); true the first time, false for a repeat within `ttlMs`. */
  firstDelivery(id: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The store key of one user in one conversation. */
export function stateKey(channel: string, conversation: string, user: string): string {
  return `${channel}:${conversation}:${user}`;
}

/** In-process store, for tests and the terminal. */
export class MemoryStore implements StateStore {
  private readonly rows = new Map<string, Versioned>();

  async load(key: string): Promise<Versioned | undefined> {
    const row = this.rows.get(key);
    return row ? { state: structuredClone(row.state), version: row.version } : undefined;
  }

  async save(key: string, state: ConversationState, expected: number): Promise<boolean> {
    const current = this.rows.get(key)?.version ?? 0;
    if (current !== expected) return false;
    this.rows.set(key, { state: structuredClone(state), version: current + 1 });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.rows.delete(key);
  }

  private readonly deliveries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async firstDelivery(id: string, ttlMs: number): Promise<boolean> {
    const t = this.now();
    const until = this.deliveries.get(id);
    if (until !== undefined && until > t) return false;
    this.deliveries.set(id, t + ttlMs);
    if (this.deliveries.size > 10_000) for (const [k, v] of this.deliveries) if (v <= t) this.deliveries.delete(k);
    return true;
  }

  async close(): Promise<void> {
    this.rows.clear();
    this.deliveries.clear();
  }
}
