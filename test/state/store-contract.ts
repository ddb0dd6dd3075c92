/** The one contract every StateStore meets: run it against each store in stores.test.ts. */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import type { ConversationState, StateStore, StoreOptions } from '../../src/state/store.js';

export type MakeStore = (options: StoreOptions) => Promise<StateStore>;

export interface ContractTraits {
  /** The store ignores `now` and expires with real time (Redis): expiry tests wait instead of moving a fake clock. */
  realClock?: boolean;
  /** `sweep()` deletes expired rows itself and counts them (memory, SQLite); Redis expires keys on its own. */
  sweeps?: boolean;
  /**
   * Writes `raw` as the stored state text of `key` at version `version`, live, bypassing the store's own
   * serialisation: what a corrupted page, a hand edit or a writer from another program would leave.
   */
  writeRaw: (store: StateStore, key: string, raw: string, version: number) => Promise<void>;
}

/** TTL of the expiry tests: short, because with a real clock the tests wait it out. */
export const SHORT_TTL_MS = 300;

/** A distinct, recognisable conversation state. */
export function sampleState(n = 1): ConversationState {
  return {
    interview: { id: `interview-${n}`, answers: { multi_os: 'yes', isolation: 'high' }, asked: ['multi_os', 'isolation'], current: 'legacy', misses: n % 3 },
    last: { answers: { density: 'no' }, verdict: 'vms' },
    updatedAt: 1_700_000_000_000 + n,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function storeContract(name: string, makeStore: MakeStore, traits: ContractTraits): void {
  const { realClock = false, sweeps = true, writeRaw } = traits;

  describe(`StateStore contract: ${name}`, () => {
    let t = 1_000_000;
    const now = () => t;
    const opened: StateStore[] = [];

    /** A fresh store on the test clock; closed after the test. */
    const open = async (options: StoreOptions = {}) => {
      const store = await makeStore({ now, ...options });
      opened.push(store);
      return store;
    };
    /** Lets `ms` pass: moves the fake clock, or waits (with a margin) when the store runs on real time. */
    const pass = async (ms: number) => {
      if (realClock) await sleep(ms + 150);
      else t += ms;
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('loads a missing key as undefined', async () => {
      const store = await open();
      expect(await store.load('nobody:here')).toBeUndefined();
    });

    it('saves with expected version 0, then loads version 1 and an equal state', async () => {
      const store = await open();
      const state = sampleState(1);
      expect(await store.save('k', state, 0)).toBe(true);
      state.interview?.asked.push('legacy'); // the store keeps its own copy
      expect(await store.load('k')).toEqual({ state: sampleState(1), version: 1 });
    });

    it('refuses a stale version and leaves the row unchanged', async () => {
      const store = await open();
      expect(await store.save('k', sampleState(1), 0)).toBe(true);
      expect(await store.save('k', sampleState(2), 1)).toBe(true);
      expect(await store.save('k', sampleState(3), 1)).toBe(false);
      expect(await store.save('k', sampleState(4), 0)).toBe(false);
      expect(await store.save('k', sampleState(5), 7)).toBe(false);
      expect(await store.save('absent', sampleState(6), 3)).toBe(false);
      expect(await store.load('k')).toEqual({ state: sampleState(2), version: 2 });
      expect(await store.load('absent')).toBeUndefined();
    });

    it('lets exactly one of 50 concurrent writers with the same expected version win', async () => {
      const store = await open();
      expect(await store.save('race', sampleState(0), 0)).toBe(true);
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.save('race', sampleState(i + 1), 1)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true) + 1;
      expect(await store.load('race')).toEqual({ state: sampleState(winner), version: 2 });
    });

    it('lets exactly one of 50 concurrent first writers (expected 0) win', async () => {
      const store = await open();
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.save('fresh', sampleState(i), 0)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.load('fresh'))?.version).toBe(1);
    });

    it('expires rows after stateTtlMs; a new write then starts from 0 while versions keep increasing', async () => {
      const store = await open({ stateTtlMs: SHORT_TTL_MS });
      expect(await store.save('k', sampleState(1), 0)).toBe(true);
      expect(await store.save('k', sampleState(2), 1)).toBe(true);
      expect((await store.load('k'))?.version).toBe(2);
      await pass(SHORT_TTL_MS);
      expect(await store.load('k')).toBeUndefined();
      expect(await store.save('k', sampleState(3), 2)).toBe(false); // a writer from before the expiry loses
      expect(await store.save('k', sampleState(4), 0)).toBe(true);
      const after = await store.load('k');
      expect(after?.state).toEqual(sampleState(4));
      expect(after?.version).toBeGreaterThan(2);
      expect(await store.save('k', sampleState(5), after?.version ?? -1)).toBe(true);
      expect((await store.load('k'))?.version).toBe((after?.version ?? 0) + 1);
    });

    // With a real clock this is covered by the expiry test; a real-time version would be slow and flaky. It is not
    // registered at all rather than skipped, so CI can insist that no test of a store is ever skipped.
    if (!realClock) {
      it('every write renews the expiry', async () => {
        const store = await open({ stateTtlMs: 1000 });
        expect(await store.save('k', sampleState(1), 0)).toBe(true);
        await pass(600);
        expect(await store.save('k', sampleState(2), 1)).toBe(true);
        await pass(600);
        expect((await store.load('k'))?.version).toBe(2);
      });
    }

    it('firstDelivery is true once, false within the TTL, true again after it', async () => {
      const store = await open();
      expect(await store.firstDelivery('evt-1', SHORT_TTL_MS)).toBe(true);
      expect(await store.firstDelivery('evt-1', SHORT_TTL_MS)).toBe(false);
      expect(await store.firstDelivery('evt-2', SHORT_TTL_MS)).toBe(true);
      await pass(SHORT_TTL_MS);
      expect(await store.firstDelivery('evt-1', SHORT_TTL_MS)).toBe(true);
      expect(await store.firstDelivery('evt-1', SHORT_TTL_MS)).toBe(false);
    });

    it('firstDelivery: exactly one of 50 concurrent calls with one id is first', async () => {
      const store = await open();
      const results = await Promise.all(Array.from({ length: 50 }, () => store.firstDelivery('evt-race', 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('deletes a conversation (and deleting a missing one is fine)', async () => {
      const store = await open();
      expect(await store.save('k', sampleState(1), 0)).toBe(true);
      expect(await store.save('other', sampleState(2), 0)).toBe(true);
      await store.delete('k');
      await store.delete('never-written');
      expect(await store.load('k')).toBeUndefined();
      expect(await store.save('k', sampleState(3), 0)).toBe(true);
      expect(await store.load('k')).toMatchObject({ state: sampleState(3) });
      expect(await store.load('other')).toEqual({ state: sampleState(2), version: 1 });
    });

    it('sweep removes expired rows and delivery ids and keeps live ones', async () => {
      const store = await open({ stateTtlMs: SHORT_TTL_MS });
      expect(await store.save('old-1', sampleState(1), 0)).toBe(true);
      expect(await store.save('old-2', sampleState(2), 0)).toBe(true);
      expect(await store.firstDelivery('old-evt', SHORT_TTL_MS)).toBe(true);
      await pass(SHORT_TTL_MS);
      expect(await store.save('live', sampleState(3), 0)).toBe(true);
      expect(await store.firstDelivery('live-evt', 60_000)).toBe(true);
      const swept = await store.sweep();
      if (sweeps) expect(swept).toBe(3);
      else expect(swept).toBeGreaterThanOrEqual(0);
      expect(await store.load('old-1')).toBeUndefined();
      expect(await store.load('live')).toEqual({ state: sampleState(3), version: 1 });
      expect(await store.firstDelivery('live-evt', 60_000)).toBe(false);
      expect(await store.firstDelivery('old-evt', 60_000)).toBe(true);
      if (sweeps) expect(await store.sweep()).toBe(0);
    });

    it('ping resolves', async () => {
      const store = await open();
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('close resolves, twice', async () => {
      const store = await makeStore({ now });
      await store.save('k', sampleState(1), 0);
      await expect(store.close()).resolves.toBeUndefined();
      await expect(store.close()).resolves.toBeUndefined();
    });

    it('treats an unreadable row as absent, logs it at warn without its content, and lets a new conversation replace it', async () => {
      const lines: Array<Record<string, unknown>> = [];
      const logger = createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
      const store = await open({ logger });
      const unreadable = [
        '{"interview": {"id": "SECRET-',
        '',
        'null',
        '42',
        '"text"',
        '[]',
        '{"interview": 5, "last": null, "updatedAt": 1}',
        '{"last": null}',
      ];
      for (const [i, raw] of unreadable.entries()) {
        const key = `broken:${i}`;
        await writeRaw(store, key, raw, 5);
        expect(await store.load(key), raw).toBeUndefined();
        // A new conversation (expected version 0) replaces it, and versions keep increasing past it.
        expect(await store.save(key, sampleState(i), 0), raw).toBe(true);
        const after = await store.load(key);
        expect(after?.state, raw).toEqual(sampleState(i));
        expect(after?.version, raw).toBeGreaterThan(5);
        expect(await store.save(key, sampleState(i + 1), after?.version ?? -1), raw).toBe(true);
      }
      const warnings = lines.filter((l) => l.level === 'warn');
      expect(warnings).toHaveLength(unreadable.length);
      for (const w of warnings) expect(w).toMatchObject({ msg: 'unreadable conversation state treated as absent', store: name });
      expect(JSON.stringify(lines)).not.toContain('SECRET');
      expect(lines.filter((l) => l.level !== 'warn')).toEqual([]);
    });

    it('an unreadable row does not let a writer holding its version overwrite a newer conversation', async () => {
      const store = await open({ logger: createLogger({ level: 'silent' }) });
      await writeRaw(store, 'k', '{not json', 3);
      expect(await store.load('k')).toBeUndefined();
      expect(await store.save('k', sampleState(1), 0)).toBe(true);
      expect(await store.save('k', sampleState(2), 3)).toBe(false);
      expect((await store.load('k'))?.state).toEqual(sampleState(1));
    });

    it('round-trips keys with odd characters, each on its own', async () => {
      const store = await open();
      const keys = [
        'slack:T123:C456:U789',
        'a:b',
        'a',
        'a:b:',
        'teams:19:abc@thread.tacv2;messageid=1:29:1-xyz',
        'ünïcødé:日本語:😀',
        'spaces and "quotes" and \'single\' and \\ back',
        'glob*?[chars]{}%_',
        'new\nline\ttab',
        'x'.repeat(300),
        `${'é'.repeat(150)}:${'😀'.repeat(50)}`,
      ];
      for (const [i, key] of keys.entries()) expect(await store.save(key, sampleState(i), 0), key).toBe(true);
      for (const [i, key] of keys.entries()) expect(await store.load(key), key).toEqual({ state: sampleState(i), version: 1 });
      for (const key of keys) expect(await store.firstDelivery(key, 60_000), key).toBe(true);
    });
  });
}
