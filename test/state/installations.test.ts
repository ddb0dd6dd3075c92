/**
 * What the stores gained for serving many workspaces, on memory, SQLite and Redis: delivery ids recorded several at
 * once (one round trip), and Slack installations that never expire; and Bolt's InstallationStore contract over them.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Installation } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInstallationStore, installationKey } from '../../src/channels/slack/installations.js';
import { silentLogger } from '../../src/log.js';
import { RedisStore } from '../../src/state/redis.js';
import { SqliteStore } from '../../src/state/sqlite.js';
import { MemoryStore, type StateStore, type StoreOptions } from '../../src/state/store.js';
import { findRedisServer, type RedisServer, startRedis } from './redis-server.js';

const DAY = 24 * 60 * 60 * 1000;

/** A Slack installation as @slack/oauth builds it from oauth.v2.access. */
function installation(team: string, token: string, enterprise?: string, org = false): Installation {
  return {
    team: org ? undefined : { id: team, name: `Team ${team}` },
    enterprise: enterprise ? { id: enterprise, name: `Org ${enterprise}` } : undefined,
    user: { token: undefined, scopes: undefined, id: 'UINSTALLER' },
    bot: { token, scopes: ['chat:write'], id: 'BBOT', userId: 'UBOT' },
    tokenType: 'bot',
    isEnterpriseInstall: org,
    appId: 'A1',
    authVersion: 'v2',
  } as Installation;
}

function contract(name: string, open: (options: StoreOptions) => Promise<StateStore>, reopen?: (store: StateStore) => Promise<StateStore>): void {
  describe(`stores for many workspaces: ${name}`, () => {
    let t = 1_000_000;
    const opened: StateStore[] = [];
    const store = async (options: StoreOptions = {}) => {
      const s = await open({ now: () => t, ...options });
      opened.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('firstDelivery with several ids records them all at once: true only when none was seen', async () => {
      const s = await store();
      expect(await s.firstDelivery(['ev-1', 'msg-1'], 60_000)).toBe(true);
      expect(await s.firstDelivery(['ev-1', 'msg-1'], 60_000)).toBe(false);
      // A new event id for a message already answered (a second subscription) is a repeat, and is remembered.
      expect(await s.firstDelivery(['ev-2', 'msg-1'], 60_000)).toBe(false);
      expect(await s.firstDelivery('ev-2', 60_000)).toBe(false);
      expect(await s.firstDelivery('msg-1', 60_000)).toBe(false);
      expect(await s.firstDelivery(['ev-3', 'msg-3'], 60_000)).toBe(true);
      expect(await s.firstDelivery('msg-3', 60_000)).toBe(false);
    });

    it('firstDelivery with several ids: exactly one of 50 concurrent deliveries is first', async () => {
      const s = await store();
      const results = await Promise.all(Array.from({ length: 50 }, () => s.firstDelivery(['ev-race', 'msg-race'], 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('keeps installations by key, replaces and deletes them, and never expires them', async () => {
      const s = await store({ stateTtlMs: 1000 });
      expect(await s.loadInstallation('slack:team:T1')).toBeUndefined();
      await s.saveInstallation('slack:team:T1', '{"a":1}');
      await s.saveInstallation('slack:team:T2', '{"b":"ünï😀"}');
      await s.saveInstallation('slack:team:T1', '{"a":2}');
      t += 400 * DAY;
      await s.sweep();
      expect(await s.loadInstallation('slack:team:T1')).toBe('{"a":2}');
      expect(await s.loadInstallation('slack:team:T2')).toBe('{"b":"ünï😀"}');
      await s.deleteInstallation('slack:team:T1');
      await s.deleteInstallation('slack:team:never');
      expect(await s.loadInstallation('slack:team:T1')).toBeUndefined();
      expect(await s.loadInstallation('slack:team:T2')).toBe('{"b":"ünï😀"}');
    });

    if (reopen) {
      it('installations outlive the process: a store opened again on the same data has them', async () => {
        const s = await store();
        await s.saveInstallation('slack:team:TKEEP', '{"kept":true}');
        const again = await reopen(s);
        opened.push(again);
        expect(await again.loadInstallation('slack:team:TKEEP')).toBe('{"kept":true}');
      });
    }

    it("Bolt's InstallationStore contract: store, fetch by the query authorize makes, delete", async () => {
      const s = await store();
      const installs = createInstallationStore(s, silentLogger);
      await installs.storeInstallation(installation('T1', 'xoxb-one'));
      await installs.storeInstallation(installation('T2', 'xoxb-two', 'E9'));
      await installs.storeInstallation(installation('', 'xoxb-org', 'E1', true));
      const one = await installs.fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
      expect(one.bot?.token).toBe('xoxb-one');
      expect(one).toEqual(JSON.parse(JSON.stringify(installation('T1', 'xoxb-one'))));
      // A workspace install inside an Enterprise Grid is that workspace's; an org-wide one serves every workspace of the org.
      expect((await installs.fetchInstallation({ teamId: 'T2', enterpriseId: 'E9', isEnterpriseInstall: false })).bot?.token).toBe('xoxb-two');
      expect((await installs.fetchInstallation({ teamId: 'T77', enterpriseId: 'E1', isEnterpriseInstall: true })).bot?.token).toBe('xoxb-org');
      expect((await installs.fetchInstallation({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true })).bot?.token).toBe('xoxb-org');
      await expect(installs.fetchInstallation({ teamId: 'T3', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/no installation/);
      await installs.deleteInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
      await expect(installs.fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/no installation/);
      expect((await installs.fetchInstallation({ teamId: 'T2', enterpriseId: 'E9', isEnterpriseInstall: false })).bot?.token).toBe('xoxb-two');
      await installs.deleteInstallation({ teamId: 'T5', enterpriseId: 'E1', isEnterpriseInstall: true });
      await expect(installs.fetchInstallation({ teamId: 'T5', enterpriseId: 'E1', isEnterpriseInstall: true })).rejects.toThrow(/no installation/);
    });
  });
}

describe('installationKey', () => {
  it('keys workspace installs by team and org-wide installs by enterprise, and refuses what it cannot key', () => {
    expect(installationKey({ teamId: 'T1', isEnterpriseInstall: false })).toBe('slack:team:T1');
    expect(installationKey({ teamId: 'T1', enterpriseId: 'E1', isEnterpriseInstall: false })).toBe('slack:team:T1');
    expect(installationKey({ teamId: 'T1', enterpriseId: 'E1', isEnterpriseInstall: true })).toBe('slack:enterprise:E1');
    expect(() => installationKey({ isEnterpriseInstall: true })).toThrow();
    expect(() => installationKey({ isEnterpriseInstall: false })).toThrow();
  });
});

contract('memory', async (options) => new MemoryStore(options));

const dir = mkdtempSync(join(tmpdir(), 'ra-installs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
contract(
  'sqlite',
  async (options) => new SqliteStore(join(dir, `${randomUUID()}.db`), options),
  async (store) => new SqliteStore((store as SqliteStore).path),
);

const REDIS_URL = process.env.REDIS_URL;
const REDIS_BINARY = findRedisServer();
const describeRedis = REDIS_URL || REDIS_BINARY ? describe : describe.skip;

describeRedis('with Redis', () => {
  let server: RedisServer | undefined;
  let url = REDIS_URL ?? '';
  beforeAll(async () => {
    if (!REDIS_URL) {
      server = await startRedis(REDIS_BINARY);
      url = server.url;
    }
  });
  afterAll(async () => {
    await server?.stop();
  });
  contract(
    'redis',
    (options) => RedisStore.connect({ url, prefix: `test:${randomUUID()}:`, ...options }),
    (store) => RedisStore.connect({ url, prefix: (store as RedisStore).prefix }),
  );
});
