/** Helpers for the CPU-cost tests: cold engines, interview states and CPU time of one call. */
import { Engine } from '../src/engine/engine.js';
import { IntentClassifier } from '../src/nlu/classifier.js';
import type { ConversationState } from '../src/state/store.js';
import { MemoryStore } from '../src/state/store.js';
import { engine } from './helpers.js';

/**
 * An engine over the shared knowledge with its own classifier, so that memoised spelling
 * corrections from earlier tests cannot hide what a message costs the first time.
 */
export async function coldEngine(): Promise<Engine> {
  const shared = await engine();
  const json = shared.classifier.toJson();
  const classifier = IntentClassifier.fromJson(json, shared.knowledge.intents, shared.knowledge.classifier);
  if (!classifier) throw new Error('the shared model does not match the knowledge base');
  return new Engine({ knowledge: shared.knowledge, classifier, reader: shared.extractor, store: new MemoryStore(), now: () => 1_000, newId: () => 'cost' });
}

/** A state with no interview. */
export function outsideState(): ConversationState {
  return { interview: null, last: null, updatedAt: 1_000 };
}

/** A state in the middle of an interview, at its first question. */
export function insideState(bot: Engine): ConversationState {
  const { next } = bot.turn(outsideState(), { kind: 'text', text: 'help me choose' });
  if (!next.interview?.current) throw new Error('"help me choose" did not start an interview');
  return next;
}

/** CPU time (user + system, ms) that `f` takes. CPU rather than wall time: waiting for a shared core costs none. */
export function cpuMs(f: () => unknown): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** A deterministic pseudo-random generator (LCG), so hostile inputs are the same on every run. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `n` random lowercase letters. */
export function letters(random: () => number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(97 + Math.floor(random() * 26));
  return out;
}

/**
 * The median CPU (ms) of a plain question's turn on this machine, over `runs` turns: the unit that lets a CPU limit
 * follow the machine. Limits are stated for a machine where this is at most `REFERENCE_TURN_MS`; on a slower one
 * (a loaded runner, a noisy shared VM) `machineScale` stretches them by as much, and never shrinks them.
 */
export function referenceTurnMs(bot: Engine, runs = 300): number {
  const input = { kind: 'text' as const, text: 'how fast do containers start?' };
  for (let i = 0; i < 50; i++) bot.turn(outsideState(), input);
  const costs: number[] = [];
  for (let i = 0; i < runs; i++) costs.push(cpuMs(() => bot.turn(outsideState(), input)));
  costs.sort((a, b) => a - b);
  return costs[Math.floor(costs.length / 2)] ?? 0;
}

export const REFERENCE_TURN_MS = 0.04;

/** How much slower than the reference machine this one is (1 at most as fast as it). */
export function machineScale(bot: Engine): number {
  return Math.max(1, referenceTurnMs(bot) / REFERENCE_TURN_MS);
}
