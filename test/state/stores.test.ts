/** The store contract on memory, SQLite and Redis, plus what is particular to each. */
import { randomUUID } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createStore } from '../../src/state/create.js';
import { RedisStore, type RedisStoreOptions } from '../../src/state/redis.js';
import { BUSY_TIMEOUT_MS, MIGRATIONS, SqliteStore } from '../../src/state/sqlite.js';
import { MemoryStore, type StateStore, type StoreOptions, startSweeper } from '../../src/state/store.js';
import { findRedisServer, freePort, type RedisServer, startRedis } from './redis-server.js';
import { holdWriteLock } from './sqlite-lock.js';
import { sampleState, storeContract } from './store-contract.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Expects `promise` to reject with STORE_UNAVAILABLE, and to do so within `withinMs`. */
async function expectUnavailable(promise: Promise<unknown>, withinMs = 3000): Promise<void> {
  const started = Date.now();
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(Date.now() - started).toBeLessThan(withinMs);
  expect(err).toBeInstanceOf(AppError);
  expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  expect((err as AppError).cause).toBeDefined();
}

type MemoryRows = Map<string, { json: string; version: number; expires: number }>;
storeContract('memory', async (options) => new MemoryStore(options), {
  // The memory store keeps JSON text like the others; reaching its rows is the only way to damage one.
  writeRaw: async (store, key, raw, version) => {
    (store as unknown as { rows: MemoryRows }).rows.set(key, { json: raw, version, expires: Number.MAX_SAFE_INTEGER });
  },
});

/** Writes a raw state row straight into a SQLite store's file, through a second connection. */
async function writeRawSqlite(store: StateStore, key: string, raw: string, version: number): Promise<void> {
  const db = new Database((store as SqliteStore).path);
  try {
    db.prepare(
      `INSERT INTO conversations (key, version, state, updated_at, expires_at) VALUES (?, ?, ?, 0, ?)
       ON CONFLICT (key) DO UPDATE SET version = excluded.version, state = excluded.state, expires_at = excluded.expires_at`,
    ).run(key, version, raw, Number.MAX_SAFE_INTEGER);
  } finally {
    db.close();
  }
}

/** The permission bits of a file or folder. */
const mode = (path: string) => statSync(path).mode & 0o777;

describe('SqliteStore', () => {
  let dir: string;
  const opened: StateStore[] = [];
  const file = () => join(dir, `${randomUUID()}.db`);
  const open = (path: string, options: StoreOptions = {}) => {
    const store = new SqliteStore(path, options);
    opened.push(store);
    return store;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'runtime-advice-sqlite-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  storeContract('sqlite', async (options) => new SqliteStore(file(), options), { writeRaw: writeRawSqlite });

  it('creates its folder 0700 and the database, -wal and -shm 0600, whatever the umask', async () => {
    const previous = process.umask(0o022);
    try {
      const path = join(dir, 'private', 'nested', 'state.db');
      const store = open(path);
      expect(await store.save('k', sampleState(1), 0)).toBe(true);
      expect(mode(join(dir, 'private'))).toBe(0o700);
      expect(mode(join(dir, 'private', 'nested'))).toBe(0o700);
      for (const f of [path, `${path}-wal`, `${path}-shm`]) {
        expect(existsSync(f), f).toBe(true);
        expect(mode(f).toString(8), f).toBe('600');
      }
    } finally {
      process.umask(previous);
    }
  });

  it('tightens an existing world-readable database, -wal and -shm to 0600', async () => {
    const previous = process.umask(0o022);
    try {
      const folder = join(dir, 'old-install');
      mkdirSync(folder, { mode: 0o755 });
      const path = join(folder, 'state.db');
      const first = new SqliteStore(path);
      await first.save('k', sampleState(1), 0);
      const holder = new Database(path); // keeps -wal and -shm on disk while the store is reopened
      await first.close();
      for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) chmodSync(f, 0o644);
      const second = open(path);
      expect(await second.load('k')).toMatchObject({ version: 1 });
      holder.close();
      for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) expect(mode(f).toString(8), f).toBe('600');
      expect(mode(folder).toString(8)).toBe('755'); // a folder it did not create is left as it is
    } finally {
      process.umask(previous);
    }
  });

  it('an empty file made by someone else is opened as a new database', async () => {
    const path = file();
    closeSync(openSync(path, 'w', 0o644));
    const store = open(path);
    expect(await store.save('k', sampleState(1), 0)).toBe(true);
    expect(mode(path).toString(8)).toBe('600');
  });

  it('keeps its data when reopened (a restart)', async () => {
    const path = file();
    const first = new SqliteStore(path);
    expect(await first.save('k', sampleState(1), 0)).toBe(true);
    expect(await first.firstDelivery('evt', 60_000)).toBe(true);
    await first.close();
    const second = open(path);
    expect(await second.load('k')).toEqual({ state: sampleState(1), version: 1 });
    expect(await second.firstDelivery('evt', 60_000)).toBe(false);
    expect(await second.save('k', sampleState(2), 1)).toBe(true);
  });

  it('creates missing parent folders', async () => {
    const path = join(dir, 'a', 'b', 'c', 'state.db');
    const store = open(path);
    expect(await store.save('k', sampleState(1), 0)).toBe(true);
  });

  it('runs in WAL mode with the schema at the last migration', () => {
    const path = file();
    open(path);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      const columns = (table: string) => (db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name);
      expect(columns('conversations')).toEqual(['key', 'version', 'state', 'updated_at', 'expires_at']);
      expect(columns('deliveries')).toEqual(['id', 'expires_at']);
    } finally {
      db.close();
    }
  });

  it('migrates an existing database only once', async () => {
    const path = file();
    const a = open(path);
    await a.save('k', sampleState(1), 0);
    await a.close();
    const b = open(path);
    expect(await b.load('k')).toMatchObject({ version: 1 });
  });

  it('refuses a database written by a newer schema', () => {
    const path = file();
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 7}`);
    db.close();
    expect(() => new SqliteStore(path)).toThrow(expect.objectContaining({ code: 'STORE_UNAVAILABLE' }));
    // The message says why, not only that it cannot open.
    expect(() => new SqliteStore(path)).toThrow(new RegExp(`schema version ${MIGRATIONS.length + 7}.*newer`));
  });

  it('a write lock held by another process: writes fail after a short wait, then at once; reads go on; all is well after', async () => {
    const path = file();
    const store = open(path);
    expect(await store.save('k', sampleState(1), 0)).toBe(true);
    const lock = await holdWriteLock(path);
    try {
      // SQLite runs synchronously inside the call: time the call itself, not only the promise.
      const timed = async (write: () => Promise<unknown>) => {
        const started = performance.now();
        await expectUnavailable(write());
        return performance.now() - started;
      };
      const first = await timed(() => store.firstDelivery('evt-1', 60_000));
      expect(first).toBeGreaterThanOrEqual(BUSY_TIMEOUT_MS * 0.8);
      expect(first).toBeLessThan(BUSY_TIMEOUT_MS + 100);
      // The lock is still held: the next writes barely wait.
      const writes = [() => store.save('k', sampleState(2), 1), () => store.ping(), () => store.delete('k'), () => store.firstDelivery('evt-2', 60_000)];
      for (const write of writes) expect(await timed(write)).toBeLessThan(20);
      expect(await store.load('k')).toEqual({ state: sampleState(1), version: 1 });
    } finally {
      await lock.release();
    }
    await expect(store.ping()).resolves.toBeUndefined();
    expect(await store.save('k', sampleState(2), 1)).toBe(true);
    expect(await store.firstDelivery('evt-1', 60_000)).toBe(true);
  });

  it('two stores on one file see each other and compare-and-set correctly', async () => {
    const path = file();
    const a = open(path);
    const b = open(path);
    expect(await a.save('k', sampleState(1), 0)).toBe(true);
    expect(await b.load('k')).toEqual({ state: sampleState(1), version: 1 });
    expect(await b.save('k', sampleState(2), 1)).toBe(true);
    expect(await a.save('k', sampleState(3), 1)).toBe(false);
    expect(await a.load('k')).toEqual({ state: sampleState(2), version: 2 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).save('k', sampleState(i), 2)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.firstDelivery('evt', 60_000)).toBe(true);
    expect(await b.firstDelivery('evt', 60_000)).toBe(false);
  });

  it('sweeps in batches', async () => {
    let t = 1_000;
    const store = open(file(), { now: () => t, stateTtlMs: 10 });
    for (let i = 0; i < 1234; i++) await store.save(`k${i}`, sampleState(i), 0);
    for (let i = 0; i < 600; i++) await store.firstDelivery(`e${i}`, 10);
    t += 10;
    expect(await store.sweep()).toBe(1834);
    expect(await store.sweep()).toBe(0);
  });

  it('fails with STORE_UNAVAILABLE when the file cannot be opened or the store is closed', async () => {
    const before = mode(dir);
    expect(() => new SqliteStore(dir)).toThrow(expect.objectContaining({ code: 'STORE_UNAVAILABLE' }));
    expect(() => new SqliteStore(dir)).toThrow(/is a folder, not a database file/);
    expect(mode(dir)).toBe(before); // a folder given as the file is never chmod'ed
    const store = new SqliteStore(file());
    await store.close();
    await expectUnavailable(store.load('k'));
    await expectUnavailable(store.save('k', sampleState(1), 0));
    await expectUnavailable(store.ping());
  });

  it('startSweeper sweeps on a timer until stopped, and reports errors', async () => {
    let sweeps = 0;
    const errors: unknown[] = [];
    const stop = startSweeper(
      {
        sweep: async () => {
          sweeps++;
          if (sweeps === 2) throw new Error('boom');
          return 0;
        },
      },
      10,
      (err) => errors.push(err),
    );
    await sleep(100);
    stop();
    const seen = sweeps;
    expect(seen).toBeGreaterThan(2);
    expect(errors).toHaveLength(1);
    await sleep(50);
    expect(sweeps).toBe(seen);
  });
});

describe('createStore', () => {
  it('picks memory, SQLite (relative to the working directory) and Redis', async () => {
    const memory = await createStore('memory');
    expect(memory.kind).toBe('memory');
    await memory.close();
    const dir = mkdtempSync(join(tmpdir(), 'runtime-advice-create-'));
    try {
      const path = join(dir, 'nested', 'state.db');
      const sqlite = await createStore(relative(process.cwd(), path));
      expect(sqlite).toBeInstanceOf(SqliteStore);
      expect((sqlite as SqliteStore).path).toBe(path);
      await sqlite.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects settings it cannot use with CONFIG_INVALID', async () => {
    for (const spec of ['', '   ', 'redis://', 'http://example.com/state', 'postgres://db/state']) {
      await expect(createStore(spec), spec).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    }
  });

  it('fails with STORE_UNAVAILABLE, quickly, when Redis does not answer', async () => {
    const port = await freePort();
    await expectUnavailable(createStore(`redis://127.0.0.1:${port}`));
  });
});

const REDIS_URL = process.env.REDIS_URL;
const REDIS_BINARY = findRedisServer();
const describeRedis = REDIS_URL || REDIS_BINARY ? describe : describe.skip;
const redisTitle = REDIS_URL || REDIS_BINARY ? 'RedisStore' : 'RedisStore (skipped: no REDIS_URL and no redis-server installed)';

describeRedis(redisTitle, () => {
  let server: RedisServer | undefined;
  let url = REDIS_URL ?? '';
  const opened: RedisStore[] = [];
  const open = async (options: Partial<RedisStoreOptions> = {}) => {
    const store = await RedisStore.connect({ url, prefix: `test:${randomUUID()}:`, ...options });
    opened.push(store);
    return store;
  };

  beforeAll(async () => {
    if (!REDIS_URL) {
      server = await startRedis(REDIS_BINARY);
      url = server.url;
    }
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  storeContract('redis', (options) => RedisStore.connect({ url, prefix: `test:${randomUUID()}:`, ...options }), {
    realClock: true,
    sweeps: false,
    writeRaw: async (store, key, raw, version) => {
      const prefix = (store as RedisStore).prefix;
      const client = createClient({ url });
      client.on('error', () => {});
      await client.connect();
      try {
        await client.hSet(`${prefix}conv:${key}`, { v: String(version), s: raw });
        await client.pExpire(`${prefix}conv:${key}`, 60_000);
        await client.set(`${prefix}ver:${key}`, String(version), { expiration: { type: 'PX', value: 120_000 } });
      } finally {
        await client.close();
      }
    },
  });

  it.skipIf(!REDIS_BINARY)('a wrong password fails at once, and the message says why', async () => {
    const locked = await startRedis(REDIS_BINARY);
    try {
      const admin = createClient({ url: locked.url });
      admin.on('error', () => {});
      await admin.connect();
      await admin.configSet('requirepass', 'the-right-one');
      await admin.close();
      const started = Date.now();
      const err = await RedisStore.connect({ url: `redis://:wrong-password@127.0.0.1:${locked.port}` }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(Date.now() - started).toBeLessThan(1000);
      expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect((err as Error).message).toMatch(/^cannot connect to the Redis state store: WRONGPASS/);
      expect((err as Error).message).not.toContain('wrong-password');
    } finally {
      await locked.stop();
    }
  });

  it('writes under its prefix, with TTLs on every key', async () => {
    const prefix = `test:${randomUUID()}:`;
    const store = await open({ prefix, stateTtlMs: 60_000 });
    expect(await store.save('slack:C1:U1', sampleState(1), 0)).toBe(true);
    expect(await store.firstDelivery('evt-1', 30_000)).toBe(true);
    const client = createClient({ url });
    client.on('error', () => {});
    await client.connect();
    try {
      const keys = (await client.keys(`${prefix}*`)).sort();
      expect(keys).toEqual([`${prefix}conv:slack:C1:U1`, `${prefix}delivery:evt-1`, `${prefix}ver:slack:C1:U1`]);
      const conv = await client.pTTL(`${prefix}conv:slack:C1:U1`);
      expect(conv).toBeGreaterThan(0);
      expect(conv).toBeLessThanOrEqual(60_000);
      const delivery = await client.pTTL(`${prefix}delivery:evt-1`);
      expect(delivery).toBeGreaterThan(0);
      expect(delivery).toBeLessThanOrEqual(30_000);
      expect(await client.pTTL(`${prefix}ver:slack:C1:U1`)).toBeGreaterThan(60_000);
    } finally {
      await client.close();
    }
  });

  it.skipIf(REDIS_URL !== undefined)('fails fast while Redis is down and recovers by itself when it is back', async () => {
    const errors: Error[] = [];
    const store = await open({ onError: (err) => errors.push(err) });
    expect(await store.save('k', sampleState(1), 0)).toBe(true);
    await server?.stop();
    await expectUnavailable(store.load('k'));
    await expectUnavailable(store.save('k', sampleState(2), 1));
    await expectUnavailable(store.delete('k'));
    await expectUnavailable(store.firstDelivery('evt', 60_000));
    await expectUnavailable(store.ping());
    expect(await store.sweep()).toBe(0);
    expect(errors.length).toBeGreaterThan(0);

    await server?.restart();
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        await store.ping();
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await sleep(100);
      }
    }
    // The server came back empty (no persistence): the same store object works again.
    expect(await store.save('k', sampleState(3), 0)).toBe(true);
    expect(await store.load('k')).toEqual({ state: sampleState(3), version: 1 });
  });

  it('close does not throw once disconnected', async () => {
    const store = await RedisStore.connect({ url, prefix: `test:${randomUUID()}:`, connectTimeoutMs: 500 });
    await store.close();
    await expectUnavailable(store.ping());
    await expect(store.close()).resolves.toBeUndefined();
  });
});
