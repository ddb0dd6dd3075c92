/** Conversation state in one SQLite file (better-sqlite3): survives restarts, shareable by processes on one host. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type ConversationState, DEFAULT_STATE_TTL_MS, type StateStore, type StoreOptions, storeUnavailable, type Versioned } from './store.js';

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
];

/** Rows deleted per statement by `sweep`, so one sweep never holds the write lock for long. */
const SWEEP_BATCH = 500;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function migrate(db: Database.Database): void {
  const apply = db.transaction(() => {
    // Read inside the (immediate) transaction: another process may have migrated meanwhile.
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(`schema version ${current} is newer than this program knows (${MIGRATIONS.length})`);
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
  private readonly stmt: {
    load: Database.Statement<[string, number], Row>;
    insert: Database.Statement<{ key: string; state: string; now: number; expires: number }>;
    update: Database.Statement<{ key: string; state: string; now: number; expires: number; expected: number }>;
    delete: Database.Statement<[string]>;
    delivery: Database.Statement<{ id: string; now: number; expires: number }>;
    sweepConversations: Database.Statement<[number, number]>;
    sweepDeliveries: Database.Statement<[number, number]>;
    ping: Database.Statement<[], unknown>;
  };

  /** Opens (or creates, with its folder) the database file at `path`; throws STORE_UNAVAILABLE when it cannot. */
  constructor(path: string, options: StoreOptions = {}) {
    this.path = path;
    this.now = options.now ?? Date.now;
    this.ttl = options.stateTtlMs ?? DEFAULT_STATE_TTL_MS;
    let db: Database.Database | undefined;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      db = new Database(path);
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db);
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
        ping: db.prepare<[], unknown>('SELECT 1'),
      };
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

  async load(key: string): Promise<Versioned | undefined> {
    const row = this.run('load', () => this.stmt.load.get(key, this.now()));
    if (!row) return undefined;
    return { state: JSON.parse(row.state) as ConversationState, version: row.version };
  }

  async save(key: string, state: ConversationState, expected: number): Promise<boolean> {
    const now = this.now();
    const params = { key, state: JSON.stringify(state), now, expires: now + this.ttl };
    const result = this.run('save', () => (expected === 0 ? this.stmt.insert.run(params) : this.stmt.update.run({ ...params, expected })));
    return result.changes === 1;
  }

  async delete(key: string): Promise<void> {
    this.run('delete', () => this.stmt.delete.run(key));
  }

  async firstDelivery(id: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    return this.run('firstDelivery', () => this.stmt.delivery.run({ id, now, expires: now + ttlMs })).changes === 1;
  }

  async ping(): Promise<void> {
    this.run('ping', () => this.stmt.ping.get());
  }

  /** Deletes expired rows `SWEEP_BATCH` at a time, yielding to the event loop between batches. */
  async sweep(): Promise<number> {
    const now = this.now();
    let total = 0;
    for (const stmt of [this.stmt.sweepConversations, this.stmt.sweepDeliveries]) {
      for (;;) {
        const n = this.run('sweep', () => stmt.run(now, SWEEP_BATCH)).changes;
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
