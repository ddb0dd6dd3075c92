/** Conversation state in one SQLite file (better-sqlite3): survives restarts, shareable by processes on one host. */
import Database from 'better-sqlite3';
import { preparePrivateFile } from './sqlite-files.js';
import {
  type ConversationState,
  DEFAULT_STATE_TTL_MS,
  HEALTH_ID,
  parseState,
  type StateStore,
  type StoreOptions,
  storeUnavailable,
  type Versioned,
  warnUnreadable,
} from './store.js';

export { startSweeper } from './store.js';

/** Schema changes in order: migration N brings `PRAGMA user_version` from N-1 to N. Never edit a released one. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE conversations (
     key TEXT PRIMARY KEY,
     version INTEGER NOT NULL,
     state TEXT NOT NULL,
     updated_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX conversations_expires_at ON conversations (expires_at);
   CREATE TABLE deliveries (
     id TEXT PRIMARY KEY,
     expires_at INTEGER NOT NULL
   );`,
  'CREATE INDEX deliveries_expires_at ON deliveries (expires_at);',
  `CREATE TABLE installations (
     key TEXT PRIMARY KEY,
     data TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
];

/**
 * How long a statement waits for another connection's write lock while serving. better-sqlite3 is synchronous, so
 * this wait blocks the event loop: it must stay short. A lock held longer (another process, a backup) fails the
 * write as STORE_UNAVAILABLE, and the user gets the apology at once instead of everyone waiting.
 */
export const BUSY_TIMEOUT_MS = 50;
/**
 * After a write found the lock held past BUSY_TIMEOUT_MS, writes wait only this long until one succeeds: a lock
 * held for long then costs one full wait, not one per write (five writes queued in one tick would block 5 x 50 ms),
 * while the brief locks of another replica's writes are still waited out.
 */
const FAIL_FAST_BUSY_TIMEOUT_MS = 5;
const isBusy = (err: unknown) => String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');
/** The wait at open, before serving: another process may be migrating the same file. */
const OPEN_BUSY_TIMEOUT_MS = 5000;
/** How long the row `ping` writes lives (swept like any delivery id). */
const HEALTH_TTL_MS = 60_000;

/** Options of the SQLite store. */
export interface SqliteStoreOptions extends StoreOptions {
  /** Wait for another connection's write lock at most this long per statement (default BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number;
}

/** Rows deleted per statement by `sweep`, so one sweep never holds the write lock for long. */
const SWEEP_BATCH = 500;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function migrate(db: Database.Database): void {
  const apply = db.transaction(() => {
    // Read inside the (immediate) transaction: another process may have migrated meanwhile.
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `schema version ${current} is newer than this program knows (${MIGRATIONS.length}): it was written by a newer runtime-advice; run that version, or point STATE_STORE at another file`,
      );
    }
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v] ?? '');
    if (current !== MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  apply.immediate();
}

interface Row {
  version: number;
  state: string;
}

/** SQLite store: WAL mode, compare-and-set in single conditional statements, so it is safe across processes. */
export class SqliteStore implements StateStore {
  readonly kind = 'sqlite' as const;
  readonly path: string;
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly ttl: number;
  private readonly logger: StoreOptions['logger'];
  private readonly busyTimeoutMs: number;
  /** True while writes barely wait, after one waited out BUSY_TIMEOUT_MS for a lock held too long. */
  private failingFast = false;
  private readonly stmt: {
    load: Database.Statement<[string, number], Row>;
    insert: Database.Statement<{ key: string; state: string; now: number; expires: number }>;
    update: Database.Statement<{ key: string; state: string; now: number; expires: number; expected: number }>;
    delete: Database.Statement<[string]>;
    delivery: Database.Statement<{ id: string; now: number; expires: number }>;
    sweepConversations: Database.Statement<[number, number]>;
    sweepDeliveries: Database.Statement<[number, number]>;
    forget: Database.Statement<[string, number]>;
    health: Database.Statement<[string, number]>;
    saveInstallation: Database.Statement<[string, string, number]>;
    loadInstallation: Database.Statement<[string], { data: string }>;
    deleteInstallation: Database.Statement<[string]>;
  };
  /** Records several delivery ids in one transaction; how many were new. */
  private readonly deliveries: (ids: readonly string[], now: number, expires: number) => number;

  /** Opens (or creates, with its folder) the database file at `path`; throws STORE_UNAVAILABLE when it cannot. */
  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = path;
    this.now = options.now ?? Date.now;
    this.ttl = options.stateTtlMs ?? DEFAULT_STATE_TTL_MS;
    this.logger = options.logger;
    this.busyTimeoutMs = Math.max(0, Math.round(options.busyTimeoutMs ?? BUSY_TIMEOUT_MS));
    let db: Database.Database | undefined;
    try {
      if (path !== ':memory:') {
        const shared = preparePrivateFile(path);
        if (shared.length > 0) this.logger?.warn('state files owned by another user stay readable by others', { files: shared });
      }
      db = new Database(path);
      db.pragma(`busy_timeout = ${OPEN_BUSY_TIMEOUT_MS}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db);
      db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
      this.db = db;
      this.stmt = {
        load: db.prepare<[string, number], Row>('SELECT version, state FROM conversations WHERE key = ? AND expires_at > ?'),
        // Absent or expired: (re)create. An expired row keeps counting its version up, so old writers still lose.
        insert: db.prepare(
          `INSERT INTO conversations (key, version, state, updated_at, expires_at) VALUES (@key, 1, @state, @now, @expires)
           ON CONFLICT (key) DO UPDATE SET version = version + 1, state = excluded.state, updated_at = excluded.updated_at,
             expires_at = excluded.expires_at
           WHERE conversations.expires_at <= @now`,
        ),
        update: db.prepare(
          `UPDATE conversations SET version = version + 1, state = @state, updated_at = @now, expires_at = @expires
           WHERE key = @key AND version = @expected AND expires_at > @now`,
        ),
        delete: db.prepare<[string]>('DELETE FROM conversations WHERE key = ?'),
        delivery: db.prepare(
          `INSERT INTO deliveries (id, expires_at) VALUES (@id, @expires)
           ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at WHERE deliveries.expires_at <= @now`,
        ),
        sweepConversations: db.prepare<[number, number]>(
          'DELETE FROM conversations WHERE rowid IN (SELECT rowid FROM conversations WHERE expires_at <= ? LIMIT ?)',
        ),
        sweepDeliveries: db.prepare<[number, number]>('DELETE FROM deliveries WHERE rowid IN (SELECT rowid FROM deliveries WHERE expires_at <= ? LIMIT ?)'),
        // An unreadable row is expired, not deleted: the next write recreates it and its version still counts up.
        forget: db.prepare<[string, number]>('UPDATE conversations SET expires_at = 0 WHERE key = ? AND version = ?'),
        health: db.prepare<[string, number]>(
          'INSERT INTO deliveries (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at',
        ),
        saveInstallation: db.prepare<[string, string, number]>(
          'INSERT INTO installations (key, data, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
        ),
        loadInstallation: db.prepare<[string], { data: string }>('SELECT data FROM installations WHERE key = ?'),
        deleteInstallation: db.prepare<[string]>('DELETE FROM installations WHERE key = ?'),
      };
      const delivery = this.stmt.delivery;
      this.deliveries = db.transaction((ids: readonly string[], now: number, expires: number) => {
        let fresh = 0;
        for (const id of ids) fresh += delivery.run({ id, now, expires }).changes;
        return fresh;
      });
    } catch (err) {
      if (db?.open) db.close();
      throw storeUnavailable(`cannot open the SQLite state store at ${path}`, err);
    }
  }

  private run<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw storeUnavailable(`SQLite state store (${this.path}): ${what} failed`, err);
    }
  }

  /** Runs a write: waits for another connection's lock at most once per episode of a lock held too long. */
  private write<T>(what: string, fn: () => T): T {
    return this.run(what, () => {
      try {
        const result = fn();
        if (this.failingFast) this.setFailFast(false);
        return result;
      } catch (err) {
        if (isBusy(err) && !this.failingFast) this.setFailFast(true);
        throw err;
      }
    });
  }

  private setFailFast(on: boolean): void {
    this.failingFast = on;
    this.db.pragma(`busy_timeout = ${on ? Math.min(FAIL_FAST_BUSY_TIMEOUT_MS, this.busyTimeoutMs) : this.busyTimeoutMs}`);
  }

  async load(key: string): Promise<Versioned | undefined> {
    const row = this.run('load', () => this.stmt.load.get(key, this.now()));
    if (!row) return undefined;
    const read = parseState(row.state);
    if ('state' in read) return { state: read.state, version: row.version };
    warnUnreadable(this.logger, this.kind, key, row.version, read.problem);
    try {
      this.write('forget', () => this.stmt.forget.run(key, row.version));
    } catch {
      // Cannot write now (locked, full): the row stays unreadable and is treated as absent again next time.
    }
    return undefined;
  }

  async save(key: string, state: ConversationState, expected: number): Promise<boolean> {
    const now = this.now();
    const params = { key, state: JSON.stringify(state), now, expires: now + this.ttl };
    const result = this.write('save', () => (expected === 0 ? this.stmt.insert.run(params) : this.stmt.update.run({ ...params, expected })));
    return result.changes === 1;
  }

  async delete(key: string): Promise<void> {
    this.write('delete', () => this.stmt.delete.run(key));
  }

  async firstDelivery(id: string | readonly string[], ttlMs: number): Promise<boolean> {
    const now = this.now();
    if (typeof id === 'string') return this.write('firstDelivery', () => this.stmt.delivery.run({ id, now, expires: now + ttlMs })).changes === 1;
    return this.write('firstDelivery', () => this.deliveries(id, now, now + ttlMs)) === id.length;
  }

  async saveInstallation(key: string, json: string): Promise<void> {
    this.write('saveInstallation', () => this.stmt.saveInstallation.run(key, json, this.now()));
  }

  async loadInstallation(key: string): Promise<string | undefined> {
    return this.run('loadInstallation', () => this.stmt.loadInstallation.get(key))?.data;
  }

  async deleteInstallation(key: string): Promise<void> {
    this.write('deleteInstallation', () => this.stmt.deleteInstallation.run(key));
  }

  /** Writes a tiny row: a store that can read but not write (full disk, locked, read-only) is down for the bot. */
  async ping(): Promise<void> {
    this.write('ping', () => this.stmt.health.run(HEALTH_ID, this.now() + HEALTH_TTL_MS));
  }

  /** Deletes expired rows `SWEEP_BATCH` at a time, yielding to the event loop between batches. */
  async sweep(): Promise<number> {
    const now = this.now();
    let total = 0;
    for (const stmt of [this.stmt.sweepConversations, this.stmt.sweepDeliveries]) {
      for (;;) {
        const n = this.write('sweep', () => stmt.run(now, SWEEP_BATCH)).changes;
        total += n;
        if (n < SWEEP_BATCH) break;
        await yieldToLoop();
      }
    }
    return total;
  }

  async close(): Promise<void> {
    if (this.db.open) this.run('close', () => this.db.close());
  }
}
