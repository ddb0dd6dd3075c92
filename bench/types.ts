/** What every benchmark returns; bench/run.ts prints them as one table and writes bench/results/latest.json. */

/** One measured subject: ours, or a baseline run in the same script. */
export interface Measurement {
  /** e.g. "runtime-advice", "natural BayesClassifier", "bare Bolt app". */
  subject: string;
  /** Median and 99th percentile of the per-item figure, in `unit`. */
  median: number;
  p99: number;
  unit: 'us' | 'ms' | 's' | 'MB' | 'ops/s' | 'req/s';
  /** Other figures worth printing beside it: accuracy, throughput, lost, duplicated... */
  extra?: Record<string, number | string>;
}

/** One row of the performance table. */
export interface Figure {
  /** e.g. "intent classification, per utterance (dev set, warm)". */
  name: string;
  /** The target, in words, e.g. "median <= 50 us, faster than nlp.js, more accurate than both". */
  target: string;
  ours: Measurement;
  baselines: Measurement[];
  /** ours.median / baseline.median for each baseline (same order). */
  ratios: number[];
  met: boolean;
  /** How the target was judged, or why it was missed. */
  notes?: string;
}

/** Median and p99 of samples. */
export function summarise(samples: number[]): { median: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  return { median: at(0.5), p99: at(0.99) };
}

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
