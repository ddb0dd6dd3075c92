/** The store interface the engine and channels share; the state it keeps is the engine's (engine/state.ts). */

import type { ConversationState } from '../engine/state.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';

export type { ConversationState, InterviewState } from '../engine/state.js';

/** A stored state with its version, for compare-and-set. */
export interface Versioned {
  state: ConversationState;
  version: number;
}

/** Settings every store takes. */
export interface StoreOptions {
  /** Conversation rows expire this long after their last write (default 24 h). */
  stateTtlMs?: number;
  now?: () => number;
  /** Where a store reports what it recovered from by itself (an unreadable row), at warn. */
  logger?: Pick<Logger, 'warn'>;
}

export const DEFAULT_STATE_TTL_MS = 24 * 60 * 60 * 1000;

/** The delivery id a store's `ping` writes: a real write, so a store that cannot write is reported down. */
export const HEALTH_ID = 'health-ping';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with a stored state's shape, or undefined when it is a ConversationState. Checks the shape, not the ids. */
function shapeProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'not an object';
  const { interview: i, last, updatedAt } = v;
  if (typeof updatedAt !== 'number') return 'no updatedAt';
  if (i !== null) {
    if (!isObject(i)) return 'interview is not an object';
    if (typeof i.id !== 'string' || !isObject(i.answers) || !Array.isArray(i.asked) || typeof i.misses !== 'number') return 'interview is incomplete';
    if (i.current !== null && typeof i.current !== 'string') return 'interview.current is not a slot';
  }
  if (last !== null && (!isObject(last) || !isObject(last.answers) || typeof last.verdict !== 'string')) return 'last is incomplete';
  return undefined;
}

/**
 * Reads a stored state's text. An unreadable one (not JSON, or not shaped like a state: a corrupted page, a hand
 * edit, another program's row) comes back as a problem, so the store can treat the row as absent instead of
 * failing every turn of that user until the row expires.
 */
export function parseState(text: string): { state: ConversationState } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  const problem = shapeProblem(value);
  return problem ? { problem } : { state: value as ConversationState };
}

/** Logs an unreadable row at warn: which store, key and version, and what is wrong; never its content. */
export function warnUnreadable(logger: StoreOptions['logger'], store: StateStore['kind'], key: string, version: number, problem: string): void {
  logger?.warn('unreadable conversation state treated as absent', { store, key, version, problem });
}

/**
 * Where conversation state lives. `save` succeeds only if the version is unchanged.
 * Every method throws AppError STORE_UNAVAILABLE when the backing store cannot be reached.
 */
export interface StateStore {
  readonly kind: 'memory' | 'sqlite' | 'redis';
  load(key: string): Promise<Versioned | undefined>;
  /** Writes `state` if the stored version is `expected` (0 = absent); returns false when another writer won. */
  save(key: string, state: ConversationState, expected: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /**
   * Records a delivery id (Slack event_id, Teams activity id); true the first time, false for a repeat within `ttlMs`.
   * Given several ids (one delivery known by two), records them all in one round trip: true when none was seen.
   */
  firstDelivery(id: string | readonly string[], ttlMs: number): Promise<boolean>;
  /** Keeps a Slack installation (opaque JSON) under `key` until it is deleted; installations never expire. */
  saveInstallation(key: string, json: string): Promise<void>;
  /** The installation kept under `key`, or undefined. */
  loadInstallation(key: string): Promise<string | undefined>;
  deleteInstallation(key: string): Promise<void>;
  /** Resolves when the store answers; throws STORE_UNAVAILABLE when it does not. */
  ping(): Promise<void>;
  /** Deletes expired conversation rows and delivery ids; returns how many. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

/** In-process store, for tests and the terminal. */
export class MemoryStore implements StateStore {
  readonly kind = 'memory' as const;
  /** State kept serialised, as the durable stores keep it: loads return fresh objects, and JSON is cheaper than structuredClone. */
  private readonly rows = new Map<string, { json: string; version: number; expires: number }>();
  private readonly deliveries = new Map<string, number>();
  private readonly installations = new Map<string, string>();
  private readonly now: () => number;
  private readonly ttl: number;
  private readonly logger: StoreOptions['logger'];

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.ttl = options.stateTtlMs ?? DEFAULT_STATE_TTL_MS;
    this.logger = options.logger;
  }

  async load(key: string): Promise<Versioned | undefined> {
    const row = this.rows.get(key);
    if (!row || row.expires <= this.now()) return undefined;
    const read = parseState(row.json);
    if ('state' in read) return { state: read.state, version: row.version };
    // Expired rather than deleted: the next write starts afresh and its version still counts up.
    row.expires = 0;
    warnUnreadable(this.logger, this.kind, key, row.version, read.problem);
    return undefined;
  }

  async save(key: string, state: ConversationState, expected: number): Promise<boolean> {
    const row = this.rows.get(key);
    // An expired row counts as absent, but its version keeps counting up so old writers still lose.
    const live = row && row.expires > this.now() ? row.version : 0;
    if (live !== expected) return false;
    const version = Math.max(row?.version ?? 0, expected) + 1;
    this.rows.set(key, { json: JSON.stringify(state), version, expires: this.now() + this.ttl });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.rows.delete(key);
  }

  async firstDelivery(id: string | readonly string[], ttlMs: number): Promise<boolean> {
    const t = this.now();
    let first = true;
    for (const one of typeof id === 'string' ? [id] : id) {
      const until = this.deliveries.get(one);
      if (until !== undefined && until > t) first = false;
      else this.deliveries.set(one, t + ttlMs);
    }
    return first;
  }

  async saveInstallation(key: string, json: string): Promise<void> {
    this.installations.set(key, json);
  }

  async loadInstallation(key: string): Promise<string | undefined> {
    return this.installations.get(key);
  }

  async deleteInstallation(key: string): Promise<void> {
    this.installations.delete(key);
  }

  async ping(): Promise<void> {}

  async sweep(): Promise<number> {
    const t = this.now();
    let n = 0;
    for (const [k, v] of this.rows) if (v.expires <= t && this.rows.delete(k)) n++;
    for (const [k, v] of this.deliveries) if (v <= t && this.deliveries.delete(k)) n++;
    return n;
  }

  async close(): Promise<void> {
    this.rows.clear();
    this.deliveries.clear();
    this.installations.clear();
  }
}

/** The error every store throws when its backing store cannot be reached or fails; its message ends with the cause's. */
export function storeUnavailable(message: string, cause: unknown): AppError {
  const why = cause instanceof Error ? cause.message : cause === undefined ? '' : String(cause);
  return new AppError('STORE_UNAVAILABLE', why ? `${message}: ${why.split('\n')[0]}` : message, { cause });
}

/**
 * Runs `store.sweep()` every `intervalMs` on an unref'd timer (it never keeps the process alive).
 * A sweep still running when the next is due is not overlapped. Returns a function that stops it.
 */
export function startSweeper(store: Pick<StateStore, 'sweep'>, intervalMs: number, onError: (err: unknown) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    store
      .sweep()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
