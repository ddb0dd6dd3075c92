/** Shared test helpers: one engine per test file, and a fake IO for the command line. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { buildEngine } from '../src/app.js';
import type { Io } from '../src/cli/io.js';
import { loadConfig } from '../src/config.js';
import type { Advice } from '../src/engine/advice.js';
import { Engine, type HandleOptions } from '../src/engine/index.js';
import type { Answers, Slot } from '../src/ids.js';
import { silentLogger } from '../src/log.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import type { Action, QuestionView, Reply } from '../src/reply.js';
import { type Running, type ServeOptions, serve } from '../src/serve.js';
import { MemoryStore } from '../src/state/store.js';

export const ROOT = PACKAGE_ROOT;
export const FIXTURES = join(ROOT, 'test', 'fixtures');

let shared: Promise<Engine> | undefined;

/** The real engine over the real knowledge base, built once per test file. */
export function engine(): Promise<Engine> {
  shared ??= buildEngine({ store: new MemoryStore() });
  return shared;
}

/** Reads a JSON-lines fixture. */
export function jsonl<T>(name: string): T[] {
  return readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** An IO whose stdin is `input` and whose output is collected. */
export function fakeIo(input = '', env: Record<string, string> = {}): Io & { output(): string; errors(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return { stdin: Readable.from([input]), stdout, stderr, env, stdinIsTTY: false, output: () => out, errors: () => err };
}

/**
 * The real server (`serve`) in this process on a free port, with a fresh in-memory store and an engine
 * over the shared model; `env` is the environment it is configured from.
 */
export async function testServer(env: Record<string, string>, options: Partial<ServeOptions> = {}): Promise<Running & { base: string }> {
  const shared = await engine();
  const store = new MemoryStore();
  const running = await serve({
    config: loadConfig({ PORT: '0', ...env }),
    logger: silentLogger,
    store,
    engine: new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store }),
    ...options,
  });
  return { ...running, base: `http://127.0.0.1:${running.port}` };
}

/** The first question of a fresh interview, as the real engine asks it (its "of at most N" included). */
export async function firstQuestion(): Promise<QuestionView> {
  const e = await engine();
  const key = `first-question-${Date.now()}-${Math.random()}`;
  const question = (await e.handle(key, { kind: 'action', action: { kind: 'ask', intent: 'recommend' } })).question;
  if (!question) throw new Error('a fresh interview asked no question');
  return question;
}

/**
 * The question the real engine asks after answering, from a fresh interview, one question per step as
 * that step's plan says (clicks, as answerAction). Tests compare what a channel shows with it instead of
 * hard-coding "Question 2 of at most 5", so a question added to knowledge/ does not break them.
 */
export async function questionAfter(...steps: Answers[]): Promise<QuestionView> {
  const e = await engine();
  const key = `question-after-${Date.now()}-${Math.random()}`;
  let reply = await e.handle(key, { kind: 'action', action: { kind: 'ask', intent: 'recommend' } });
  for (const plan of steps) {
    if (!reply.question) throw new Error('the interview ended before the last step');
    reply = await e.handle(key, { kind: 'action', action: answerAction(reply.question, plan) });
  }
  if (!reply.question) throw new Error('the interview asked no question after these steps');
  return reply.question;
}

/** `text` as a regular expression that matches it literally. */
export function literally(text: string, flags = ''): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
}

/**
 * The action that answers `q` as `plan` says, as a user would: a single question by its option with the
 * planned value; a grouped one by ticking the slots planned `yes` (the others become `no`). Throws when
 * the plan has no answer for a single question, or plans a grouped slot as something other than yes/no.
 */
export function answerAction(q: QuestionView, plan: Answers): Action {
  if (q.multi) {
    const group = q.slots ?? [];
    const odd = group.filter((slot) => plan[slot] !== undefined && plan[slot] !== 'yes' && plan[slot] !== 'no');
    if (odd.length > 0) throw new Error(`grouped question on ${group.join(', ')}: cannot answer ${odd.join(', ')} with yes or no`);
    return { kind: 'multi', interview: q.interview, group, chosen: group.filter((slot: Slot) => plan[slot] === 'yes') };
  }
  const option = q.options.find((o) => o.value === plan[q.slot]);
  if (!option) throw new Error(`question on ${q.slot}: no option for ${String(plan[q.slot])} in the plan`);
  return { kind: 'answer', interview: q.interview, slot: q.slot, value: option.value };
}

/** Answers every question from `reply` on as `plan` says, until one is a recommendation (at most 10 questions); returns it. */
export async function answerUntilDone(e: Engine, key: string, reply: Reply, plan: Answers, options: HandleOptions = {}): Promise<Reply> {
  let current = reply;
  for (let asked = 0; current.question; asked++) {
    if (asked === 10) throw new Error('still asking after 10 questions');
    current = await e.handle(key, { kind: 'action', action: answerAction(current.question, plan) }, options);
  }
  if (!current.recommendation) throw new Error('the interview ended without a recommendation');
  return current;
}

/**
 * True under `npm run mutate` (vitest.mutate.config.ts sets it). The exhaustive checks over every answer
 * profile take about 20 s each on instrumented code, per surviving mutant; they run in `npm test`.
 */
export const MUTATION_RUN = process.env.MUTATION_RUN === '1';

/** A containers recommendation (confidence 0.8) with nothing given: no reasons, caveats, open slots, flips or answers; `over` replaces any part. */
export function adviceOf(over: Partial<Advice> = {}): Advice {
  return {
    verdict: 'containers',
    confidence: 0.8,
    scores: { containers: 2, vms: 0, hybrid: 0 },
    reasons: [],
    caveats: [],
    open: [],
    flips: [],
    answers: {},
    ...over,
  };
}
