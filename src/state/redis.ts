/** Conversation state in Redis (node-redis v5): shared by every instance of the bot, fails fast when Redis is down. */
import { createHash } from 'node:crypto';
import { createClient, ErrorReply } from 'redis';
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

export interface RedisStoreOptions extends StoreOptions {
  /** `redis://` or `rediss://` URL (credentials and database number included). */
  url: string;
  /** Prefix of every key this store writes (default `runtime-advice:`). */
  prefix?: string;
  /** How long a version counter outlives its conversation, so versions keep increasing after expiry (default 7 days). */
  versionTtlMs?: number;
  /** Connection timeout, also the limit for `connect()` (default 2000 ms). */
  connectTimeoutMs?: number;
  /** A command that gets no answer within this time fails with STORE_UNAVAILABLE (default 2000 ms). */
  commandTimeoutMs?: number;
  /** Connection errors (Redis down, reconnecting); the client keeps retrying by itself. Never printed here. */
  onError?: (err: Error) => void;
}

/** Milliseconds before reconnect attempt `retries`: 0, 100, 200 … capped at 1 s, forever. */
export const reconnectDelay = (retries: number): number => Math.min(retries * 100, 1000);

const VERSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Compare-and-set in one step. KEYS: conversation hash, version counter. ARGV: expected, state, state TTL, counter TTL.
 * The live version is 0 when the hash is missing (never written, deleted or expired); the new version continues
 * from the counter, which outlives the hash, so writers holding a version from before the expiry still lose.
 */
const CAS_SCRIPT = `
local live = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
local expected = tonumber(ARGV[1])
if live ~= expected then return 0 end
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local version = math.max(last, live) + 1
redis.call('HSET', KEYS[1], 'v', version, 's', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('SET', KEYS[2], version, 'PX', ARGV[4])
return 1
`;
const CAS_SHA = createHash('sha1').update(CAS_SCRIPT).digest('hex');

/**
 * Forgets an unreadable conversation if it is still at the version that was read. KEYS: conversation hash.
 * ARGV: version. The version counter stays, so the next write continues from it.
 */
const FORGET_SCRIPT = `
if redis.call('HGET', KEYS[1], 'v') == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`;

/** How long the key `ping` writes lives. */
const HEALTH_TTL_MS = 60_000;

/** Redis answered with an error (a wrong password, ACL, a server that refuses writes): retrying will not help. */
const isReplyError = (err: unknown): err is Error => err instanceof ErrorReply;

type Client = ReturnType<typeof createClient>;

/** Redis store. Call `connect()` (or use `RedisStore.connect(options)`) before anything else. */
export class RedisStore implements StateStore {
  readonly kind = 'redis' as const;
  readonly prefix: string;
  private readonly client: Client;
  private readonly ttl: number;
  private readonly versionTtl: number;
  private readonly connectTimeout: number;
  private readonly commandTimeout: number;
  private readonly logger: StoreOptions['logger'];
  private closed = false;
  /** The last connection error, kept as the cause when connecting gives up. */
  private lastError: Error | undefined;
  /** Set while `connect()` waits: an error Redis answered with ends the wait at once. */
  private onConnectError: ((err: Error) => void) | undefined;

  constructor(options: RedisStoreOptions) {
    const { url, prefix = 'runtime-advice:', onError } = options;
    this.prefix = prefix;
    this.ttl = options.stateTtlMs ?? DEFAULT_STATE_TTL_MS;
    this.versionTtl = Math.max(options.versionTtlMs ?? VERSION_TTL_MS, this.ttl);
    this.connectTimeout = options.connectTimeoutMs ?? 2000;
    this.commandTimeout = options.commandTimeoutMs ?? 2000;
    this.logger = options.logger;
    this.client = createClient({
      url,
      // Commands issued while disconnected fail at once instead of waiting in a queue.
      disableOfflineQueue: true,
      socket: { connectTimeout: this.connectTimeout, reconnectStrategy: reconnectDelay },
    });
    this.client.on('error', (err: Error) => {
      this.lastError = err;
      this.onConnectError?.(err);
      onError?.(err);
    });
  }

  /** Creates and connects a store. */
  static async connect(options: RedisStoreOptions): Promise<RedisStore> {
    const store = new RedisStore(options);
    await store.connect();
    return store;
  }

  /**
   * Connects; throws STORE_UNAVAILABLE (and gives up) when Redis does not answer within the connect timeout, or at
   * once when it answers with an error (a wrong password). The message carries the cause, never the URL.
   */
  async connect(): Promise<this> {
    let timer: NodeJS.Timeout | undefined;
    const failed = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const last = this.lastError ? `: last error: ${this.lastError.message}` : '';
        reject(new Error(`no connection within ${this.connectTimeout} ms${last}`));
      }, this.connectTimeout);
      this.onConnectError = (err) => {
        if (isReplyError(err)) reject(err);
      };
    });
    const connecting = this.client.connect();
    try {
      await Promise.race([connecting, failed]);
      return this;
    } catch (err) {
      connecting.catch(() => {});
      this.destroy();
      throw storeUnavailable('cannot connect to the Redis state store', err);
    } finally {
      clearTimeout(timer);
      this.onConnectError = undefined;
    }
  }

  private convKey(key: string): string {
    return `${this.prefix}conv:${key}`;
  }

  private versionKey(key: string): string {
    return `${this.prefix}ver:${key}`;
  }

  private deliveryKey(id: string): string {
    return `${this.prefix}delivery:${id}`;
  }

  /** Runs one command; any failure, or no answer within the command timeout, becomes STORE_UNAVAILABLE. */
  private async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const pending = (async () => fn())();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.commandTimeout} ms`)), this.commandTimeout);
    });
    try {
      return await Promise.race([pending, timeout]);
    } catch (err) {
      pending.catch(() => {});
      throw storeUnavailable(`Redis state store: ${what} failed`, err);
    } finally {
      clearTimeout(timer);
    }
  }

  async load(key: string): Promise<Versioned | undefined> {
    const [version, state] = await this.run('load', () => this.client.hmGet(this.convKey(key), ['v', 's']));
    if (version == null || state == null) return undefined;
    const read = parseState(state);
    if ('state' in read) return { state: read.state, version: Number(version) };
    warnUnreadable(this.logger, this.kind, key, Number(version), read.problem);
    await this.run('forget', () => this.client.eval(FORGET_SCRIPT, { keys: [this.convKey(key)], arguments: [version] })).catch(() => {
      // Cannot write now: the row stays unreadable and is treated as absent again next time.
    });
    return undefined;
  }

  async save(key: string, state: ConversationState, expected: number): Promise<boolean> {
    const keys = [this.convKey(key), this.versionKey(key)];
    const args = [String(expected), JSON.stringify(state), String(this.ttl), String(this.versionTtl)];
    const reply = await this.run('save', async () => {
      try {
        return await this.client.evalSha(CAS_SHA, { keys, arguments: args });
      } catch (err) {
        if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
        return await this.client.eval(CAS_SCRIPT, { keys, arguments: args });
      }
    });
    return reply === 1;
  }

  /** Forgets the conversation and its version counter (the next write starts again at version 1, as in memory). */
  async delete(key: string): Promise<void> {
    await this.run('delete', () => this.client.del([this.convKey(key), this.versionKey(key)]));
  }

  async firstDelivery(id: string | readonly string[], ttlMs: number): Promise<boolean> {
    const options = { condition: 'NX', expiration: { type: 'PX', value: ttlMs } } as const;
    if (typeof id === 'string') return (await this.run('firstDelivery', () => this.client.set(this.deliveryKey(id), '1', options))) === 'OK';
    // One round trip for all the ids (MULTI/EXEC): each id is recorded, as one by one would, and none is lost.
    const replies = await this.run('firstDelivery', () => {
      const batch = this.client.multi();
      for (const one of id) batch.set(this.deliveryKey(one), '1', options);
      return batch.exec();
    });
    return replies.every((r) => String(r) === 'OK');
  }

  private installationKey(key: string): string {
    return `${this.prefix}install:${key}`;
  }

  /** No TTL: an installation lasts until the app is uninstalled or its tokens are revoked. */
  async saveInstallation(key: string, json: string): Promise<void> {
    await this.run('saveInstallation', () => this.client.set(this.installationKey(key), json));
  }

  async loadInstallation(key: string): Promise<string | undefined> {
    return (await this.run('loadInstallation', () => this.client.get(this.installationKey(key)))) ?? undefined;
  }

  async deleteInstallation(key: string): Promise<void> {
    await this.run('deleteInstallation', () => this.client.del(this.installationKey(key)));
  }

  /** Writes a tiny key: a Redis that answers but refuses writes (maxmemory, a read-only replica) is down for the bot. */
  async ping(): Promise<void> {
    await this.run('ping', () => this.client.set(`${this.prefix}${HEALTH_ID}`, '1', { expiration: { type: 'PX', value: HEALTH_TTL_MS } }));
  }

  /** Redis expires keys itself. */
  async sweep(): Promise<number> {
    return 0;
  }

  /** Disconnects (waiting for pending commands when connected); never throws. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.client.isReady) {
      this.closed = true;
      // Waits for pending commands, but not longer than one command may take.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.commandTimeout);
      });
      await Promise.race([this.client.close().catch(() => {}), late]);
      clearTimeout(timer);
      this.destroy();
    } else {
      this.destroy();
    }
  }

  private destroy(): void {
    this.closed = true;
    try {
      if (this.client.isOpen) this.client.destroy();
    } catch {
      // already closed
    }
  }
}
