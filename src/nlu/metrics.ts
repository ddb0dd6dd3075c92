/** Scores an intent classifier on labelled lines: accuracy, per-intent P/R/F1, confusions, out-of-scope figures. */

export interface Labelled {
  text: string;
  intent: string;
}

export interface IntentMetrics {
  total: number;
  accuracy: number;
  /** Accuracy over lines whose label is not out_of_scope. */
  inScopeAccuracy: number;
  /** Share of out_of_scope lines predicted out_of_scope. */
  outOfScopeRecall: number;
  /** Share of in-scope lines wrongly predicted out_of_scope. */
  falseRejection: number;
  perIntent: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  confusions: Array<{ expected: string; predicted: string; count: number; examples: string[] }>;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const round = (x: number) => Math.round(x * 10000) / 10000;

/** Compares predictions with labels. */
export function scoreIntents(rows: readonly Labelled[], predict: (text: string) => string): IntentMetrics {
  let correct = 0;
  let inN = 0;
  let inOk = 0;
  let oosN = 0;
  let oosOk = 0;
  let rejected = 0;
  const tp = new Map<string, number>();
  const predicted = new Map<string, number>();
  const support = new Map<string, number>();
  const confusions = new Map<string, { expected: string; predicted: string; count: number; examples: string[] }>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const row of rows) {
    const p = predict(row.text);
    inc(support, row.intent);
    inc(predicted, p);
    const ok = p === row.intent;
    if (ok) {
      correct++;
      inc(tp, p);
    } else {
      const key = `${row.intent}>${p}`;
      const c = confusions.get(key) ?? { expected: row.intent, predicted: p, count: 0, examples: [] };
      c.count++;
      if (c.examples.length < 3) c.examples.push(row.text);
      confusions.set(key, c);
    }
    if (row.intent === 'out_of_scope') {
      oosN++;
      if (ok) oosOk++;
    } else {
      inN++;
      if (ok) inOk++;
      if (p === 'out_of_scope') rejected++;
    }
  }
  const perIntent: IntentMetrics['perIntent'] = {};
  for (const intent of [...support.keys()].sort()) {
    const precision = ratio(tp.get(intent) ?? 0, predicted.get(intent) ?? 0);
    const recall = ratio(tp.get(intent) ?? 0, support.get(intent) ?? 0);
    perIntent[intent] = {
      precision: round(precision),
      recall: round(recall),
      f1: round(ratio(2 * precision * recall, precision + recall)),
      support: support.get(intent) ?? 0,
    };
  }
  return {
    total: rows.length,
    accuracy: round(ratio(correct, rows.length)),
    inScopeAccuracy: round(ratio(inOk, inN)),
    outOfScopeRecall: round(ratio(oosOk, oosN)),
    falseRejection: round(ratio(rejected, inN)),
    perIntent,
    confusions: [...confusions.values()].sort((a, b) => b.count - a.count),
  };
}
