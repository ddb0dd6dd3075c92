/** Picks the state store from one setting: `memory`, a Redis URL, or a SQLite file path. */
import { resolve } from 'node:path';
import { AppError } from '../errors.js';
import { MemoryStore, type StateStore, type StoreOptions } from './store.js';

/**
 * `memory` -> in-process store; `redis://` / `rediss://` URL -> connected RedisStore; anything else is a SQLite
 * file path, relative to the working directory. Throws CONFIG_INVALID for an unusable setting and
 * STORE_UNAVAILABLE when the store cannot be opened or reached.
 */
export async function createStore(spec: string, options: StoreOptions & { onError?: (err: Error) => void } = {}): Promise<StateStore> {
  const value = spec.trim();
  if (value === '') throw new AppError('CONFIG_INVALID', 'the state store setting is empty: use "memory", a redis:// URL or a SQLite file path');
  if (value === 'memory') return new MemoryStore(options);
  if (/^rediss?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch (err) {
      throw new AppError('CONFIG_INVALID', 'the state store setting is not a valid Redis URL', { cause: err });
    }
    if (url.hostname === '') throw new AppError('CONFIG_INVALID', 'the Redis URL of the state store has no host');
    // Each backend's client is loaded only when chosen (the Redis client alone costs ~150 ms to import).
    const { RedisStore } = await import('./redis.js');
    return RedisStore.connect({ ...options, url: value });
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new AppError('CONFIG_INVALID', `unsupported state store "${value.split('://')[0]}://": use "memory", a redis:// URL or a SQLite file path`);
  }
  if (value.includes('\0')) throw new AppError('CONFIG_INVALID', 'the SQLite path of the state store contains a NUL character');
  const { SqliteStore } = await import('./sqlite.js');
  return new SqliteStore(resolve(process.cwd(), value), options);
}
