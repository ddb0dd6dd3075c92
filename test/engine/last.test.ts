/** A per-user index of the last recommendation (HandleOptions.lastKey), for Slack's Home tab. */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { Answers } from '../../src/ids.js';
import type { Reply } from '../../src/reply.js';
import { MemoryStore } from '../../src/state/store.js';
import { answerUntilDone, engine } from '../helpers.js';

async function fresh(clock: { now: number }) {
  const shared = await engine();
  const store = new MemoryStore({ now: () => clock.now });
  return { store, e: new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store, now: () => clock.now }) };
}

/** Clicks through an empty interview, answering each question (single or grouped) as `plan` says. */
async function interview(e: Engine, key: string, plan: Answers, lastKey: string): Promise<Reply> {
  const first = await e.handle(key, { kind: 'action', action: { kind: 'ask', intent: 'recommend' } }, { lastKey });
  return answerUntilDone(e, key, first, plan, { lastKey });
}

/** Strongest isolation and microservices (ticked alone in the grouped container question): hybrid. */
const HYBRID: Answers = { isolation: 'high', microservices: 'yes' };
/** Standard isolation and no VM signals: containers, without the container needs being asked. */
const CONTAINERS: Answers = { isolation: 'standard', multi_os: 'no', legacy: 'no', infra_sim: 'no' };

describe('the last recommendation of a user', () => {
  it('is kept, with its time, under lastKey as well as in the conversation', async () => {
    const clock = { now: Date.UTC(2025, 5, 1, 9) };
    const { e } = await fresh(clock);
    await interview(e, 'conv-a', HYBRID, 'home');
    const answers = { isolation: 'high', microservices: 'yes', fast_scaling: 'no', ci_cd: 'no', density: 'no', portability: 'no' };
    expect(await e.lastOf('home')).toEqual({ answers, verdict: 'hybrid', at: clock.now });
    expect((await e.lastOf('conv-a'))?.at).toBe(clock.now);
  });

  it('follows the latest recommendation across conversations; what-ifs, "why?" and records do not move it', async () => {
    const clock = { now: Date.UTC(2025, 5, 1, 9) };
    const { e } = await fresh(clock);
    await interview(e, 'conv-a', HYBRID, 'home');
    clock.now += 60_000;
    await interview(e, 'conv-b', CONTAINERS, 'home');
    expect((await e.lastOf('home'))?.verdict).toBe('containers');
    clock.now += 60_000;
    for (const action of [{ kind: 'why' }, { kind: 'record' }]) await e.handle('conv-a', { kind: 'action', action }, { lastKey: 'home' });
    await e.handle('conv-a', { kind: 'text', text: 'what if isolation was standard?' }, { lastKey: 'home' });
    expect(await e.lastOf('home')).toMatchObject({ verdict: 'containers', at: clock.now - 60_000 });
  });

  it('without lastKey nothing else is written', async () => {
    const { e, store } = await fresh({ now: Date.UTC(2025, 5, 1) });
    await interview(e, 'conv-a', HYBRID, 'conv-a');
    expect(await store.load('home')).toBeUndefined();
  });
});
