/** A StateStore that tells an observer about dropped repeats and failed operations (for metrics), and otherwise forwards. */
import type { ConversationState } from '../engine/state.js';
import type { StateStore, Versioned } from './store.js';

/** What the observer hears: the delivery id of a dropped repeat (its prefix names the channel), and each failure. */
export interface StoreEvents {
  duplicate(id: string): void;
  error(): void;
}

/** Wraps `store`; every method behaves exactly as the store's own, errors included. */
export function observeStore(store: StateStore, events: StoreEvents): StateStore {
  const watch = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      events.error();
      throw err;
    }
  };
  return {
    kind: store.kind,
    load: (key: string): Promise<Versioned | undefined> => watch(() => store.load(key)),
    save: (key: string, state: ConversationState, expected: number) => watch(() => store.save(key, state, expected)),
    delete: (key: string) => watch(() => store.delete(key)),
    firstDelivery: async (id: string | readonly string[], ttlMs: number) => {
      const first = await watch(() => store.firstDelivery(id, ttlMs));
      if (!first) events.duplicate(typeof id === 'string' ? id : (id[0] ?? ''));
      return first;
    },
    saveInstallation: (key: string, json: string) => watch(() => store.saveInstallation(key, json)),
    loadInstallation: (key: string) => watch(() => store.loadInstallation(key)),
    deleteInstallation: (key: string) => watch(() => store.deleteInstallation(key)),
    ping: () => watch(() => store.ping()),
    sweep: () => watch(() => store.sweep()),
    close: () => store.close(),
  };
}
