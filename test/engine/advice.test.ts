import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { advise, flipsOf, verdictOf } from '../../src/engine/advice.js';
import type { Answers, Verdict } from '../../src/ids.js';
import { engine, fakeIo, jsonl, MUTATION_RUN } from '../helpers.js';
import { SLOTS, valuesOf } from '../knowledge-ids.js';

const CONTAINER = ['fast_scaling', 'density', 'ci_cd', 'microservices', 'portability'] as const;
const VM = ['multi_os', 'legacy', 'infra_sim'] as const;

/** Every combination of answers, each slot also left unanswered (4^9 = 262,144 for the shipped nine slots). */
function* allAnswers(): Generator<Answers> {
  const choices = SLOTS.map((s) => [undefined, ...valuesOf(s)]);
  const index = SLOTS.map(() => 0);
  for (;;) {
    const a: Answers = {};
    SLOTS.forEach((s, i) => {
      const v = choices[i]?.[index[i] ?? 0];
      if (v !== undefined) a[s] = v;
    });
    yield a;
    // Odometer: advance the first digit, carrying into the next when it wraps.
    let i = 0;
    for (; i < SLOTS.length; i++) {
      const next = ((index[i] ?? 0) + 1) % (choices[i]?.length ?? 1);
      index[i] = next;
      if (next !== 0) break;
    }
    if (i === SLOTS.length) return;
  }
}

/** What CONTRACT section 3 says the verdict must be, where it says anything. */
function contract(a: Answers): Verdict | undefined {
  const container = CONTAINER.some((s) => a[s] === 'yes');
  const vm = VM.some((s) => a[s] === 'yes') || a.isolation === 'high';
  if (container && a.isolation === 'high') return 'hybrid';
  if (container && !vm && a.isolation === 'standard') return 'containers';
  if (vm && !container) return 'vms';
  return undefined;
}

describe('advice scorer', () => {
  it('reproduces CONTRACT section 3 for every combination of answers (4^slots: each value or unanswered)', async () => {
    const { knowledge } = await engine();
    let checked = 0;
    for (const a of allAnswers()) {
      const expected = contract(a);
      if (expected === undefined) continue;
      const got = verdictOf(knowledge.interview, a);
      if (got !== expected) expect.fail(`${JSON.stringify(a)}: got ${got}, contract says ${expected}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(100_000);
  });

  it('every verdict carries reasons tied to a topic and article section, and a confidence in [0, 1]', async () => {
    const { knowledge } = await engine();
    let n = 0;
    for (const a of allAnswers()) {
      if (n++ % 97 !== 0) continue;
      const advice = advise(knowledge.interview, a);
      expect(advice.confidence).toBeGreaterThanOrEqual(0);
      expect(advice.confidence).toBeLessThanOrEqual(1);
      for (const r of [...advice.reasons, ...advice.caveats]) {
        expect(knowledge.topics[r.topic as keyof typeof knowledge.topics]).toBeDefined();
        expect(r.sections.length).toBeGreaterThan(0);
      }
      if (contract(a) !== undefined) expect(advice.reasons.length).toBeGreaterThan(0);
    }
  });

  it('mixed or missing signals lower the confidence, and are said', async () => {
    const { knowledge } = await engine();
    const clear = advise(knowledge.interview, {
      microservices: 'yes',
      fast_scaling: 'yes',
      isolation: 'standard',
      multi_os: 'no',
      legacy: 'no',
      infra_sim: 'no',
    });
    const missing = advise(knowledge.interview, { microservices: 'yes', isolation: 'standard' });
    const mixed = advise(knowledge.interview, { microservices: 'yes', fast_scaling: 'yes', density: 'yes', isolation: 'standard', legacy: 'yes' });
    expect(clear.verdict).toBe('containers');
    expect(missing.confidence).toBeLessThan(clear.confidence);
    expect(missing.open).toEqual(['multi_os', 'legacy', 'infra_sim']);
    expect(mixed.caveats.map((c) => c.slot)).toContain('legacy');
    expect(mixed.confidence).toBeLessThan(clear.confidence);
  });

  it('says which single answers would change the verdict, and each really does', async () => {
    const { knowledge } = await engine();
    const a: Answers = { microservices: 'yes', isolation: 'standard' };
    const flips = flipsOf(knowledge.interview, a);
    expect(flips).toContainEqual({ slot: 'isolation', value: 'high', verdict: 'hybrid' });
    for (const f of flips) expect(verdictOf(knowledge.interview, { ...a, [f.slot]: f.value })).toBe(f.verdict);
  });

  it('lists exactly the single changes that change the verdict, in slot and value order (every 5th combination of answers; every 97th under mutation testing)', async () => {
    const { knowledge } = await engine();
    const interview = knowledge.interview;
    // The plain definition: change one answer, score again with verdictOf.
    const reference = (a: Answers, slots: readonly (typeof SLOTS)[number][]) => {
      const current = verdictOf(interview, a);
      return slots.flatMap((slot) =>
        valuesOf(slot)
          .filter((value) => value !== a[slot] && value !== 'unsure')
          .map((value) => ({ slot, value, verdict: verdictOf(interview, { ...a, [slot]: value }) }))
          .filter((f) => f.verdict !== current),
      );
    };
    // Every 5th combination in npm test (about 52,000); under mutation testing, where it runs once per advice
    // mutant, every 97th (about 2,700): the same check, sampled more thinly.
    const stride = MUTATION_RUN ? 97 : 5;
    let n = 0;
    let checked = 0;
    for (const a of allAnswers()) {
      if (n++ % stride !== 0) continue;
      const open = SLOTS.filter((s) => a[s] === undefined);
      const all = flipsOf(interview, a);
      const some = flipsOf(interview, a, open);
      if (JSON.stringify(all) !== JSON.stringify(reference(a, SLOTS))) expect(all).toEqual(reference(a, SLOTS));
      if (JSON.stringify(some) !== JSON.stringify(reference(a, open))) expect(some).toEqual(reference(a, open));
      checked++;
    }
    expect(checked).toBeGreaterThan(MUTATION_RUN ? 2_500 : 50_000);
  }, 120_000);
});

type Case = { answers?: Record<string, string>; text?: string; verdict: Verdict; slots?: Record<string, string> };

describe('runtime-advice recommend', () => {
  const cases = jsonl<Case>('recommend-cases.jsonl');
  const descriptions = jsonl<Case>('descriptions.jsonl');

  it('has at least 15 answer combinations and 15 free-text descriptions', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect(descriptions.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases.map((c) => [JSON.stringify(c.answers), c] as const))('--answer %s', async (_, c) => {
    const io = fakeIo();
    const args = Object.entries(c.answers ?? {}).flatMap(([k, v]) => ['--answer', `${k}=${v}`]);
    expect(await main(['recommend', '--json', ...args], io)).toBe(0);
    const out = JSON.parse(io.output()) as { verdict: string; confidence: number; reasons: string[]; answers: Answers };
    expect(out.verdict).toBe(c.verdict);
    expect(out.answers).toEqual(c.answers);
    expect(out.reasons.length).toBeGreaterThan(0);
    expect(out.confidence).toBeGreaterThan(0);
    expect(out.confidence).toBeLessThanOrEqual(1);
  });

  it('reads {"answers"} and {"text"} lines from stdin, one JSON answer per line', async () => {
    const input = [...cases, ...descriptions].map((c) => JSON.stringify(c.text ? { text: c.text } : { answers: c.answers })).join('\n');
    const io = fakeIo(`${input}\n`);
    expect(await main(['recommend', '--json'], io)).toBe(0);
    const lines = io
      .output()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { verdict: string; answers: Answers });
    expect(lines.map((l) => l.verdict)).toEqual([...cases, ...descriptions].map((c) => c.verdict));
    // The reader is learned: every verdict must be right, and nearly every description read exactly.
    const inexact = descriptions.filter(
      (d, i) => JSON.stringify(Object.entries(lines[cases.length + i]?.answers ?? {}).sort()) !== JSON.stringify(Object.entries(d.slots ?? {}).sort()),
    );
    expect(inexact.length, inexact.map((d) => d.text).join('\n')).toBeLessThanOrEqual(Math.floor(descriptions.length * 0.2));
  });

  it('an unknown slot or value is a usage error (exit 2)', async () => {
    const io = fakeIo();
    expect(await main(['recommend', '--answer', 'multi_oss=yes'], io)).toBe(2);
    expect(io.errors()).toMatch(/unknown slot "multi_oss"/);
    const io2 = fakeIo();
    expect(await main(['recommend', '--answer', 'isolation=yes'], io2)).toBe(2);
    expect(io2.errors()).toMatch(/"yes" is not a value of isolation \(high, standard, unsure\)/);
  });

  it('a malformed stdin line is reported by number and fails the run (exit 1), the rest still answered', async () => {
    const io = fakeIo('{"answers":{"legacy":"yes"}}\nnot json\n{"text":"microservices, nothing sensitive"}\n');
    expect(await main(['recommend', '--json'], io)).toBe(1);
    expect(io.errors()).toMatch(/line 2/);
    expect(io.output().trim().split('\n')).toHaveLength(3);
  });
});

describe('confidence that means something (every combination of answers)', () => {
  it.skipIf(MUTATION_RUN)(
    'is at least the floor when nothing open can change the verdict, and under 0.6 when no answer supports it',
    async () => {
      const k = (await engine()).knowledge.interview;
      let decided = 0;
      let unsupported = 0;
      const bad: string[] = [];
      for (const a of allAnswers()) {
        const advice = advise(k, a);
        if (advice.reasons.length === 0) {
          unsupported++;
          if (advice.confidence >= 0.6) bad.push(`unsupported ${JSON.stringify(a)} -> ${advice.confidence}`);
        } else if (advice.open.length === 0) {
          decided++;
          if (advice.confidence < 0.8) bad.push(`decided ${JSON.stringify(a)} -> ${advice.confidence}`);
        }
        if (bad.length > 5) break;
      }
      expect(bad).toEqual([]);
      // Both rules are exercised, not vacuous.
      expect(decided).toBeGreaterThan(10_000);
      expect(unsupported).toBeGreaterThan(100);
      // Every answer profile: about 10 s on a quiet 2-core machine, more when it is shared.
    },
    120_000,
  );

  it('nothing known, or only "not sure": the verdict is a default, below 0.6, and the reply says so', async () => {
    const e = await engine();
    const unsure = Object.fromEntries(SLOTS.map((s) => [s, 'unsure']));
    for (const a of [{}, unsure]) {
      const advice = advise(e.knowledge.interview, a);
      expect(advice.reasons).toEqual([]);
      expect(advice.confidence).toBeLessThan(0.6);
    }
  });
});
