/** Operations per second of each state store: compare-and-set saves, loads and delivery dedupe. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisStore } from '../src/state/redis.js';
import { SqliteStore } from '../src/state/sqlite.js';
import { type ConversationState, MemoryStore, type StateStore } from '../src/state/store.js';
import { findRedisServer, type RedisServer, startRedis } from './redis-server.js';

export interface StoreOpResult {
  store: string;
  op: string;
  opsPerSec: number;
  medianUs: number;
  p99Us: number;
}

export interface BenchStoresOptions {
  /** Time per store and operation (default 1 s). */
  seconds?: number;
  /** Use this Redis instead of starting a private redis-server. */
  redisUrl?: string;
}

/** Conversations the operations rotate over. */
const KEYS = 1000;

const STATE: ConversationState = {
  interview: {
    id: 'bench-interview',
    answers: { multi_os: 'yes', isolation: 'high', legacy: 'no' },
    asked: ['multi_os', 'isolation', 'legacy'],
    current: 'density',
    misses: 0,
  },
  last: { answers: { multi_os: 'no' }, verdict: 'containers' },
  updatedAt: 1_700_000_000_000,
};

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Runs `op(i)` one call after another for `seconds`; latency per call in microseconds. */
async function measure(store: string, name: string, seconds: number, op: (i: number) => Promise<unknown>): Promise<StoreOpResult> {
  const latencies: number[] = [];
  const budget = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let now = start;
  for (let i = 0; now - start < budget; i++) {
    const before = now;
    await op(i);
    now = process.hrtime.bigint();
    latencies.push(Number(now - before) / 1000);
  }
  const elapsedSec = Number(now - start) / 1e9;
  const sorted = Float64Array.from(latencies).sort();
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    store,
    op: name,
    opsPerSec: Math.round(latencies.length / elapsedSec),
    medianUs: round(quantile(sorted, 0.5)),
    p99Us: round(quantile(sorted, 0.99)),
  };
}

async function benchOne(name: string, store: StateStore, seconds: number): Promise<StoreOpResult[]> {
  const versions = new Array<number>(KEYS).fill(0);
  const results: StoreOpResult[] = [];
  results.push(
    await measure(name, 'save', seconds, async (i) => {
      const k = i % KEYS;
      const expected = versions[k] ?? 0;
      if (!(await store.save(`bench:conv:${k}`, STATE, expected))) throw new Error(`${name}: compare-and-set lost without a competitor`);
      versions[k] = expected + 1;
    }),
  );
  results.push(await measure(name, 'load', seconds, (i) => store.load(`bench:conv:${i % KEYS}`)));
  const run = Date.now().toString(36);
  results.push(await measure(name, 'firstDelivery', seconds, (i) => store.firstDelivery(`bench:${run}:${i}`, 60_000)));
  return results;
}

/**
 * Measures save (compare-and-set), load and firstDelivery on memory, SQLite (a temp file) and Redis (a private
 * redis-server, or `redisUrl`; left out when neither is available). About `seconds` per store and operation.
 */
export async function benchStores(options: BenchStoresOptions = {}): Promise<StoreOpResult[]> {
  const seconds = options.seconds ?? 1;
  const results: StoreOpResult[] = [];

  const memory = new MemoryStore();
  try {
    results.push(...(await benchOne('memory', memory, seconds)));
  } finally {
    await memory.close();
  }

  const dir = mkdtempSync(join(tmpdir(), 'runtime-advice-bench-'));
  try {
    const sqlite = new SqliteStore(join(dir, 'state.db'));
    try {
      results.push(...(await benchOne('sqlite', sqlite, seconds)));
    } finally {
      await sqlite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  let server: RedisServer | undefined;
  const binary = findRedisServer();
  if (options.redisUrl || binary) {
    try {
      let url = options.redisUrl;
      if (!url) {
        server = await startRedis(binary);
        url = server.url;
      }
      const redis = await RedisStore.connect({ url, prefix: `bench:${process.pid}:${Date.now().toString(36)}:`, stateTtlMs: 10 * 60_000 });
      try {
        results.push(...(await benchOne('redis', redis, seconds)));
      } finally {
        await redis.close();
      }
    } finally {
      await server?.stop();
    }
  }
  return results;
}
