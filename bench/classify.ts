/** Intent classification per utterance on the dev set, warm: ours beside natural's BayesClassifier and nlp.js, same run. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildEngine } from '../src/app.js';
import { trainBayes } from '../src/nlu/bayes-baseline.js';
import { type IntentMetrics, type Labelled, scoreIntents } from '../src/nlu/metrics.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { type Figure, type Measurement, round, summarise } from './types.js';

const require = createRequire(import.meta.url);

/** The part of nlp.js (node-nlp 4) used here; the package ships no types. */
interface NlpManager {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  process(locale: string, utterance: string): Promise<{ intent?: string }>;
}
type NlpManagerClass = new (settings: Record<string, unknown>) => NlpManager;

/** Timed passes over the dev set per subject (after one untimed warm-up pass), and the time each subject may take. */
const PASSES = 5;
const BUDGET_NS = 6_000_000_000n;

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Runs `fn` with the console muted (nlp.js warns through console.warn while training, e.g. on stop-word-only utterances). */
async function quietly<T>(fn: () => T | Promise<T>): Promise<T> {
  const target = console as unknown as Record<string, unknown>;
  const saved = CONSOLE_METHODS.map((m) => target[m]);
  for (const m of CONSOLE_METHODS) target[m] = () => {};
  try {
    return await fn();
  } finally {
    CONSOLE_METHODS.forEach((m, i) => {
      target[m] = saved[i];
    });
  }
}

function readDevSet(): Labelled[] {
  const raw = readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'dev.jsonl'), 'utf8');
  const rows: Labelled[] = [];
  for (const line of raw.split('\n')) {
    if (line.trim() === '') continue;
    const value = JSON.parse(line) as { text?: unknown; intent?: unknown };
    if (typeof value.text === 'string' && typeof value.intent === 'string') rows.push({ text: value.text, intent: value.intent });
  }
  return rows;
}

interface Subject {
  name: string;
  /** Returns the predicted intent (out_of_scope for "none"). */
  predict: (text: string) => string | Promise<string>;
  samples: number[];
  predictions: Map<string, string>;
  spentNs: bigint;
  passes: number;
}

/** One pass over the dev set, timing each utterance on its own (µs). */
async function timedPass(subject: Subject, rows: readonly Labelled[]): Promise<void> {
  const started = process.hrtime.bigint();
  for (const row of rows) {
    const t0 = process.hrtime.bigint();
    const predicted = await subject.predict(row.text);
    const t1 = process.hrtime.bigint();
    subject.samples.push(Number(t1 - t0) / 1000);
    subject.predictions.set(row.text, predicted);
  }
  subject.spentNs += process.hrtime.bigint() - started;
  subject.passes++;
}

function measurement(subject: Subject, metrics: IntentMetrics): Measurement {
  const { median, p99 } = summarise(subject.samples);
  return {
    subject: subject.name,
    median: round(median, 1),
    p99: round(p99, 1),
    unit: 'us',
    extra: {
      accuracy: metrics.accuracy,
      inScopeAccuracy: metrics.inScopeAccuracy,
      outOfScopeRecall: metrics.outOfScopeRecall,
      falseRejection: metrics.falseRejection,
      samples: subject.samples.length,
      passes: subject.passes,
    },
  };
}

/** Per-utterance classification time and accuracy: runtime-advice vs natural BayesClassifier vs nlp.js. */
export async function benchClassify(): Promise<Figure> {
  const rows = readDevSet();
  if (rows.length === 0) throw new Error('test/fixtures/dev.jsonl has no labelled lines');
  const engine = await buildEngine();
  const utterances = engine.knowledge.intents;

  const bayes = trainBayes(utterances);

  const manager = await quietly(async () => {
    const { NlpManager } = require('node-nlp') as { NlpManager: NlpManagerClass };
    const m = new NlpManager({ languages: ['en'], forceNER: true, autoSave: false, autoLoad: false, nlu: { log: false } });
    for (const [intent, texts] of Object.entries(utterances)) for (const text of texts) m.addDocument('en', text, intent);
    await m.train();
    return m;
  });

  const subject = (name: string, predict: Subject['predict']): Subject => ({ name, predict, samples: [], predictions: new Map(), spentNs: 0n, passes: 0 });
  const subjects = [
    subject('runtime-advice (softmax classifier)', (text) => engine.classifier.classify(text).intent),
    subject('natural BayesClassifier', (text) => bayes(text)),
    subject('nlp.js (node-nlp 4, NlpManager)', async (text) => {
      const intent = (await manager.process('en', text)).intent;
      return intent === undefined || intent === 'None' ? 'out_of_scope' : intent;
    }),
  ] as const;

  // Warm-up: the whole set once per subject, untimed.
  for (const s of subjects) for (const row of rows) await s.predict(row.text);

  // Timed passes, subjects taking turns, each stopping at PASSES or its time budget. Each pass starts
  // from a collected heap (run with --expose-gc), so no subject pays for another's garbage.
  const collect = (globalThis as { gc?: () => void }).gc;
  for (let pass = 0; pass < PASSES; pass++) {
    for (const s of subjects) {
      if (s.spentNs >= BUDGET_NS) continue;
      collect?.();
      await timedPass(s, rows);
    }
  }

  const [ours, ...baselines] = subjects.map((s) => {
    const metrics = scoreIntents(rows, (text) => s.predictions.get(text) ?? 'out_of_scope');
    return { m: measurement(s, metrics), metrics };
  });
  if (!ours) throw new Error('no subjects');
  const [natural, nlpjs] = baselines;
  if (!natural || !nlpjs) throw new Error('missing baselines');

  const fastEnough = ours.m.median <= 50;
  const fasterThanNlp = ours.m.median < nlpjs.m.median;
  const moreAccurate = baselines.every((b) => ours.metrics.accuracy > b.metrics.accuracy);
  const problems = [
    fastEnough ? '' : `median ${ours.m.median} us > 50 us`,
    fasterThanNlp ? '' : `not faster than nlp.js (${ours.m.median} vs ${nlpjs.m.median} us)`,
    moreAccurate ? '' : `accuracy ${ours.metrics.accuracy} not above both (natural ${natural.metrics.accuracy}, nlp.js ${nlpjs.metrics.accuracy})`,
  ].filter((p) => p !== '');
  return {
    name: `intent classification, per utterance (dev set, ${rows.length} lines, warm)`,
    target: 'median <= 50 us, faster than nlp.js, more accurate than both',
    ours: ours.m,
    baselines: baselines.map((b) => b.m),
    ratios: baselines.map((b) => round(ours.m.median / b.m.median, 3)),
    met: problems.length === 0,
    notes:
      problems.length === 0
        ? `median of ${ours.m.extra?.samples} timed calls; "more accurate" judged on overall dev-set accuracy (${ours.metrics.accuracy} vs ${natural.metrics.accuracy} natural, ${nlpjs.metrics.accuracy} nlp.js); nlp.js "None" counted as out_of_scope`
        : problems.join('; '),
  };
}
