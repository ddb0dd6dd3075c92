/**
 * The load benchmarks' bookkeeping (bench/load-harness.ts), without starting anything: how many warm-up runs a
 * subject gets, the order of the runs, and how the replayed subject's figures read in the notes.
 */
import { describe, expect, it } from 'vitest';
import { type Comparison, type RunFigures, replayedNote, schedule, WARMUP_EVENTS, warmupRuns } from '../../bench/load-harness.js';
import type { Measurement } from '../../bench/types.js';

function run(n: number, cpuMsPerEvent: number | undefined, once = 2000): RunFigures {
  return {
    subject: 's',
    run: n,
    sent: 2000,
    medianMs: 1,
    p99Ms: 2,
    p99OpenConnMs: 2,
    reqPerSec: 1000,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    once,
    lost: 2000 - once,
    duplicated: 0,
    stray: 0,
    repliesPerSec: 1000,
    drainMs: 0,
    ...(cpuMsPerEvent === undefined ? {} : { cpuMsPerEvent }),
  };
}

const measurement: Measurement = { subject: 's', median: 1, p99: 2, unit: 'ms' };

function comparison(replayed?: Comparison['replayed']): Comparison {
  return {
    runs: { ours: [], bare: [] },
    ours: measurement,
    bare: measurement,
    oursRps: 1,
    bareRps: 1,
    throughputRatio: 1,
    exactlyOnce: true,
    ...(replayed ? { replayed } : {}),
  };
}

describe('warm-up runs', () => {
  it('are enough runs of the given size for WARMUP_EVENTS events, rounded up', () => {
    expect(WARMUP_EVENTS).toBe(6000);
    expect(warmupRuns({}, 2000)).toBe(3);
    expect(warmupRuns({}, 1000)).toBe(6);
    expect(warmupRuns({}, 4000)).toBe(2);
    expect(warmupRuns({}, 7000)).toBe(1);
  });

  it('are as many as asked when asked, none included', () => {
    expect(warmupRuns({ warmups: 1 }, 2000)).toBe(1);
    expect(warmupRuns({ warmups: 0 }, 2000)).toBe(0);
  });
});

describe("the replayed subject's note", () => {
  it('is empty without the replayed subject', () => {
    expect(replayedNote(comparison())).toBe('');
  });

  it('gives its throughput ratio and CPU per event, and whether it answered every event once', () => {
    const note = replayedNote(comparison({ runs: [run(1, 0.9), run(2, 0.8)], throughputRatio: 0.934, cpuMsPerEvent: 0.85 }));
    expect(note).toContain('throughput ratio 0.93, CPU per event 0.85 ms, answered once every event');
    const lost = replayedNote(comparison({ runs: [run(1, 0.9, 1999)], throughputRatio: 0.5, cpuMsPerEvent: 0.9 }));
    expect(lost).toContain('answered once NOT every event');
  });

  it('leaves CPU per event out where it could not be read (no /proc)', () => {
    const note = replayedNote(comparison({ runs: [run(1, undefined)], throughputRatio: 0.9, cpuMsPerEvent: Number.NaN }));
    expect(note).toContain('throughput ratio 0.9, answered once every event');
    expect(note).not.toContain('NaN');
  });
});

describe('the order of the runs', () => {
  const subjects = ['ours', 'bare', 'replayed'] as const;
  const order = schedule(subjects, 3);

  it('warms every subject first, then measures each twice, alternating', () => {
    expect(order.slice(0, 9).every((s) => !s.measured)).toBe(true);
    expect(order.slice(0, 9).map((s) => s.subject)).toEqual(['ours', 'ours', 'ours', 'bare', 'bare', 'bare', 'replayed', 'replayed', 'replayed']);
    expect(order.filter((s) => s.measured).map((s) => `${s.subject}#${s.run}`)).toEqual(['ours#1', 'bare#1', 'replayed#1', 'ours#2', 'bare#2', 'replayed#2']);
  });

  it('runs each measured run right after an unmeasured run of the same subject', () => {
    const measured = order.flatMap((s, i) => (s.measured ? [i] : []));
    expect(measured).toHaveLength(6);
    for (const i of measured) {
      expect(order[i - 1]?.subject).toBe(order[i]?.subject);
      expect(order[i - 1]?.measured).toBe(false);
    }
  });

  it('never repeats a run number within a subject (event ids are built from it), and measures runs 1 and 2', () => {
    for (const subject of subjects) {
      const numbers = order.filter((s) => s.subject === subject).map((s) => s.run);
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(order.filter((s) => s.subject === subject && s.measured).map((s) => s.run)).toEqual([1, 2]);
    }
  });

  it('with no warm-up, still primes each measured run', () => {
    const bare = schedule(['a', 'b'], 0);
    expect(bare.map((s) => `${s.subject}${s.measured ? '' : '~'}`)).toEqual(['a~', 'a', 'b~', 'b', 'a~', 'a', 'b~', 'b']);
  });
});
