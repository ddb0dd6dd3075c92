/** One engine turn (classify + route + reply model) on a MemoryStore: a realistic mix of turns, and whole interviews. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEngine } from '../src/app.js';
import type { Engine, Input } from '../src/engine/index.js';
import { mulberry32 } from '../src/nlu/softmax.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import type { Reply } from '../src/reply.js';
import { MemoryStore } from '../src/state/store.js';
import { type Figure, round, summarise } from './types.js';

const P99_TARGET_US = 1000;
const MIX_WARMUP_TURNS = 3_000;
const MIX_MAX_TURNS = 30_000;
const MIX_BUDGET_NS = 6_000_000_000n;
const MIX_CONVERSATIONS = 500;
const INTERVIEW_WARMUP = 300;
const INTERVIEW_MAX = 5_000;
const INTERVIEW_BUDGET_NS = 6_000_000_000n;
/** An interview that has not reached a verdict after this many clicks is a bug, not a slow run. */
const MAX_INTERVIEW_TURNS = 30;

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function devQuestions(): string[] {
  const raw = readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'dev.jsonl'), 'utf8');
  const texts: string[] = [];
  for (const line of raw.split('\n')) {
    if (line.trim() === '') continue;
    const value = JSON.parse(line) as { text?: unknown };
    if (typeof value.text === 'string') texts.push(value.text);
  }
  if (texts.length === 0) throw new Error('test/fixtures/dev.jsonl has no lines');
  return texts;
}

/** A click on one of the current question's options. */
function clickAnswer(reply: Reply, random: () => number): Input | undefined {
  const q = reply.question;
  if (!q || q.options.length === 0) return undefined;
  // A grouped question is answered by ticking some of its needs (none is one of the choices).
  if (q.multi)
    return { kind: 'action', action: { kind: 'multi', interview: q.interview, group: q.slots, chosen: (q.slots ?? []).filter(() => random() < 0.3) } };
  return { kind: 'action', action: { kind: 'answer', interview: q.interview, slot: q.slot, value: pick(q.options, random).value } };
}

/** What a user says next, given the bot's last reply: questions, "help me choose", typed answers and clicks. */
function nextInput(last: Reply | undefined, questions: readonly string[], random: () => number): Input {
  const r = random();
  if (last?.question) {
    if (r < 0.45) return clickAnswer(last, random) ?? { kind: 'text', text: 'help me choose' };
    if (r < 0.75) return { kind: 'text', text: pick(['1', '2', 'no', 'yes', 'not sure'], random) };
    if (r < 0.95) return { kind: 'text', text: pick(questions, random) };
    return { kind: 'text', text: pick(['back', 'skip', 'cancel'], random) };
  }
  if (r < 0.55) return { kind: 'text', text: pick(questions, random) };
  if (r < 0.75) return { kind: 'text', text: pick(['help me choose', 'which should I use for my app?', 'help me decide'], random) };
  if (r < 0.85 && last && last.choices.length > 0) return { kind: 'action', action: pick(last.choices, random).action };
  if (r < 0.9) return { kind: 'text', text: 'why?' };
  return { kind: 'text', text: pick(['1', '2', 'no'], random) };
}

/** Turns over many conversations on one engine; returns per-turn time in µs (only when `timed`). */
async function runMix(engine: Engine, questions: readonly string[], random: () => number, turns: number, budgetNs: bigint, prefix: string): Promise<number[]> {
  const last = new Map<string, Reply>();
  const samples: number[] = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < turns; i++) {
    if ((i & 255) === 0 && process.hrtime.bigint() - started > budgetNs) break;
    const key = `${prefix}:C${Math.floor(random() * MIX_CONVERSATIONS)}:U1`;
    const input = nextInput(last.get(key), questions, random);
    const t0 = process.hrtime.bigint();
    const reply = await engine.handle(key, input);
    const t1 = process.hrtime.bigint();
    samples.push(Number(t1 - t0) / 1000);
    last.set(key, reply);
  }
  return samples;
}

interface InterviewRun {
  wallUs: number;
  turnUs: number[];
}

/** "help me choose", then a click on an option of every question until the recommendation. */
async function interview(engine: Engine, key: string, random: () => number): Promise<InterviewRun> {
  const turnUs: number[] = [];
  const start = process.hrtime.bigint();
  let input: Input | undefined = { kind: 'text', text: 'help me choose' };
  for (let n = 0; input; n++) {
    if (n >= MAX_INTERVIEW_TURNS) throw new Error(`interview ${key} reached no verdict after ${n} turns`);
    const t0 = process.hrtime.bigint();
    const reply = await engine.handle(key, input);
    turnUs.push(Number(process.hrtime.bigint() - t0) / 1000);
    if (reply.recommendation) break;
    input = clickAnswer(reply, random);
    if (!input) throw new Error(`interview ${key}: reply has neither a question nor a recommendation`);
  }
  return { wallUs: Number(process.hrtime.bigint() - start) / 1000, turnUs };
}

/** Engine turn latency: (a) a realistic mix of turns, (b) whole interviews by clicks. */
export async function benchEngine(): Promise<Figure[]> {
  const questions = devQuestions();

  // (a) the mix
  const mixEngine = await buildEngine({ store: new MemoryStore() });
  const mixRandom = mulberry32(20240611);
  await runMix(mixEngine, questions, mixRandom, MIX_WARMUP_TURNS, MIX_BUDGET_NS, 'warm');
  const mixStart = process.hrtime.bigint();
  const mix = await runMix(mixEngine, questions, mixRandom, MIX_MAX_TURNS, MIX_BUDGET_NS, 'slack');
  const mixSeconds = Number(process.hrtime.bigint() - mixStart) / 1e9;
  const mixSummary = summarise(mix);
  const mixMet = mixSummary.p99 <= P99_TARGET_US;
  const mixFigure: Figure = {
    name: 'engine turn: classify + route + reply (mixed questions, "help me choose", typed answers, clicks; MemoryStore, warm)',
    target: 'p99 <= 1 ms per turn',
    ours: {
      subject: 'runtime-advice Engine.handle',
      median: round(mixSummary.median, 1),
      p99: round(mixSummary.p99, 1),
      unit: 'us',
      extra: { turns: mix.length, conversations: MIX_CONVERSATIONS, turnsPerSec: Math.round(mix.length / mixSeconds) },
    },
    baselines: [],
    ratios: [],
    met: mixMet,
    notes: mixMet
      ? `p99 ${round(mixSummary.p99, 1)} us over ${mix.length} turns after ${MIX_WARMUP_TURNS} warm-up turns`
      : `p99 ${round(mixSummary.p99, 1)} us > ${P99_TARGET_US} us`,
  };

  // (b) whole interviews
  const ivEngine = await buildEngine({ store: new MemoryStore() });
  const ivRandom = mulberry32(7);
  for (let i = 0; i < INTERVIEW_WARMUP; i++) await interview(ivEngine, `warm:C${i}:U1`, ivRandom);
  const perInterview: number[] = [];
  const perTurn: number[] = [];
  const ivStart = process.hrtime.bigint();
  for (let i = 0; i < INTERVIEW_MAX && process.hrtime.bigint() - ivStart < INTERVIEW_BUDGET_NS; i++) {
    const run = await interview(ivEngine, `teams:C${i}:U1`, ivRandom);
    perInterview.push(run.wallUs);
    perTurn.push(...run.turnUs);
  }
  const turnSummary = summarise(perTurn);
  const ivSummary = summarise(perInterview);
  const ivMet = turnSummary.p99 <= P99_TARGET_US;
  const ivFigure: Figure = {
    name: 'whole interview: "help me choose", then clicks until the recommendation (MemoryStore, warm), per turn',
    target: 'p99 <= 1 ms per turn',
    ours: {
      subject: 'runtime-advice Engine.handle',
      median: round(turnSummary.median, 1),
      p99: round(turnSummary.p99, 1),
      unit: 'us',
      extra: {
        interviews: perInterview.length,
        turns: perTurn.length,
        turnsPerInterview: round(perTurn.length / Math.max(1, perInterview.length), 2),
        interviewMedianUs: round(ivSummary.median, 1),
        interviewP99Us: round(ivSummary.p99, 1),
      },
    },
    baselines: [],
    ratios: [],
    met: ivMet,
    notes: ivMet
      ? `per-turn p99 ${round(turnSummary.p99, 1)} us over ${perTurn.length} turns of ${perInterview.length} interviews; a whole interview takes ${round(ivSummary.median / 1000, 2)} ms median`
      : `per-turn p99 ${round(turnSummary.p99, 1)} us > ${P99_TARGET_US} us`,
  };
  return [mixFigure, ivFigure];
}
