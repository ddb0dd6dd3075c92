/** A per-user index of the last recommendation (HandleOptions.lastKey), for Slack's Home tab. */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { Reply } from '../../src/reply.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine } from '../helpers.js';

async function fresh(clock: { now: number }) {
  const shared = await engine();
  const store = new MemoryStore({ now: () => clock.now });
  return { store, e: new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store, now: () => clock.now }) };
}

async function interview(e: Engine, key: string, labels: string[], lastKey: string): Promise<Reply> {
  let reply = await e.handle(key, { kind: 'action', action: { kind: 'ask', intent: 'recommend' } }, { lastKey });
  for (const label of labels) {
    const q = reply.question;
    const option = q?.options.find((o) => o.label === label);
    if (!q || !option) throw new Error(`no option ${label}`);
    reply = await e.handle(key, { kind: 'action', action: { kind: 'answer', interview: q.interview, slot: q.slot, value: option.value } }, { lastKey });
  }
  return reply;
}

describe('the last recommendation of a user', () => {
  it('is kept, with its time, under lastKey as well as in the conversation', async () => {
    const clock = { now: Date.UTC(2025, 5, 1, 9) };
    const { e } = await fresh(clock);
    await interview(e, 'conv-a', ['Yes, strongest isolation', 'Yes'], 'home');
    expect(await e.lastOf('home')).toEqual({ answers: { isolation: 'high', microservices: 'yes' }, verdict: 'hybrid', at: clock.now });
    expect((await e.lastOf('conv-a'))?.at).toBe(clock.now);
  });

  it('follows the latest recommendation across conversations; what-ifs, "why?" and records do not move it', async () => {
    const clock = { now: Date.UTC(2025, 5, 1, 9) };
    const { e } = await fresh(clock);
    await interview(e, 'conv-a', ['Yes, strongest isolation', 'Yes'], 'home');
    clock.now += 60_000;
    await interview(e, 'conv-b', ['No, standard is fine', 'No', 'No', 'No'], 'home');
    expect((await e.lastOf('home'))?.verdict).toBe('containers');
    clock.now += 60_000;
    for (const action of [{ kind: 'why' }, { kind: 'record' }]) await e.handle('conv-a', { kind: 'action', action }, { lastKey: 'home' });
    await e.handle('conv-a', { kind: 'text', text: 'what if isolation was standard?' }, { lastKey: 'home' });
    expect(await e.lastOf('home')).toMatchObject({ verdict: 'containers', at: clock.now - 60_000 });
  });

  it('without lastKey nothing else is written', async () => {
    const { e, store } = await fresh({ now: Date.UTC(2025, 5, 1) });
    await interview(e, 'conv-a', ['Yes, strongest isolation', 'Yes'], 'conv-a');
    expect(await store.load('home')).toBeUndefined();
  });
});
