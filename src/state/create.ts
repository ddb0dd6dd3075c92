/** Picks the state store from one setting: `memory`, a Redis URL, or a SQLite file path. */
import { resolve } from 'node:path';
import { AppError } from '../errors.js';
import { parseStoreSpec } from './spec.js';
import { MemoryStore, type StateStore, type StoreOptions } from './store.js';

/**
 * `memory` -> in-process store; `redis://` / `rediss://` URL -> connected RedisStore; a SQLite file path (see
 * parseStoreSpec), relative to the working directory -> SqliteStore. Throws CONFIG_INVALID for an unusable setting
 * and STORE_UNAVAILABLE, with the cause in its message, when the store cannot be opened or reached.
 */
export async function createStore(spec: string, options: StoreOptions & { onError?: (err: Error) => void } = {}): Promise<StateStore> {
  const parsed = parseStoreSpec(spec);
  switch (parsed.kind) {
    case 'invalid':
      throw new AppError('CONFIG_INVALID', `the state store setting ${parsed.problem}`);
    case 'memory':
      return new MemoryStore(options);
    case 'redis': {
      // Each backend's client is loaded only when chosen (the Redis client alone costs ~150 ms to import).
      const { RedisStore } = await import('./redis.js');
      return RedisStore.connect({ ...options, url: parsed.url });
    }
    case 'sqlite': {
      const { SqliteStore } = await import('./sqlite.js');
      return new SqliteStore(resolve(process.cwd(), parsed.path), options);
    }
  }
}
