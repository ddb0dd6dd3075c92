/**
 * The situation reader's cost: classification plus reading, per message, on the dev sets, beside
 * classification alone (the turn's NLU before the reader); and the bundle's load time with the reader
 * beside the same bundle without it. Both pairs run in the same process, alternating.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../src/app.js';
import type { Bundle } from '../src/knowledge/bundle.js';
import type { ClassifierData } from '../src/knowledge/schema.js';
import { IntentClassifier } from '../src/nlu/classifier.js';
import { read } from '../src/nlu/normalise.js';
import { SituationReader } from '../src/nlu/situation.js';
import { DEFAULT_KNOWLEDGE_DIR, DEFAULT_MODEL_PATH, PACKAGE_ROOT } from '../src/paths.js';
import { type Figure, round, summarise } from './types.js';

const PASSES = 5;
const LOADS = 30;

function texts(file: string): string[] {
  return readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

/** Per message, microseconds, after one warm-up pass. */
function timed(lines: readonly string[], fn: (text: string) => void): number[] {
  for (const t of lines) fn(t);
  const out: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    for (const t of lines) {
      const start = process.hrtime.bigint();
      fn(t);
      out.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  return out;
}

/** Classification plus reading per message, beside classification alone. */
export async function benchRead(): Promise<Figure[]> {
  const model = await loadModel(DEFAULT_KNOWLEDGE_DIR, DEFAULT_MODEL_PATH);
  const lines = [...texts('dev.jsonl'), ...texts('situations-dev.jsonl')];
  globalThis.gc?.();
  const both = timed(lines, (t) => {
    const said = read(t);
    model.classifier.classify(said);
    model.reader.extract(said);
  });
  globalThis.gc?.();
  const alone = timed(lines, (t) => {
    model.classifier.classify(read(t));
  });
  const b = summarise(both);
  const a = summarise(alone);
  const nlu: Figure = {
    name: `classification plus situation reading, per message (dev sets, ${lines.length} lines, warm)`,
    target: 'median <= 100 us, p99 <= 1 ms',
    ours: { subject: 'classify + read', median: round(b.median), p99: round(b.p99), unit: 'us' },
    baselines: [{ subject: 'classify alone', median: round(a.median), p99: round(a.p99), unit: 'us' }],
    ratios: [b.median / a.median],
    met: b.median <= 100 && b.p99 <= 1000,
  };

  // The bundle as it loads at start, and the same bundle without the reader, alternating.
  const raw = readFileSync(DEFAULT_MODEL_PATH, 'utf8');
  const parsed = JSON.parse(raw) as Bundle;
  const { reader: _reader, ...rest } = parsed;
  // Read from files like a start does: a bigger file costs its read and decode too.
  const dir = mkdtempSync(join(tmpdir(), 'ra-bundle-'));
  const withoutPath = join(dir, 'model.json');
  writeFileSync(withoutPath, JSON.stringify(rest));
  const thresholds = parsed.knowledge.classifier as ClassifierData;
  const negated = Object.fromEntries(Object.entries(parsed.knowledge.interview.slots).map(([s, d]) => [s, d.negated]));
  const withReader: number[] = [];
  const withoutReader: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    let start = process.hrtime.bigint();
    const full = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as Bundle;
    IntentClassifier.fromJson(full.classifier, full.knowledge.intents, thresholds);
    SituationReader.fromJson(full.reader, undefined, { unit: 0.8, piece: 0.98, negative: 0.8, change: 0.5, negated });
    withReader.push(Number(process.hrtime.bigint() - start) / 1e6);
    start = process.hrtime.bigint();
    const bare = JSON.parse(readFileSync(withoutPath, 'utf8')) as Bundle;
    IntentClassifier.fromJson(bare.classifier, bare.knowledge.intents, thresholds);
    withoutReader.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  rmSync(dir, { recursive: true, force: true });
  const w = summarise(withReader);
  const wo = summarise(withoutReader);
  const load: Figure = {
    name: `bundle load at start: parse and restore (${Math.round(raw.length / 1024)} KB with the reader)`,
    target: 'grows by at most 50 ms',
    ours: { subject: 'bundle with the situation reader', median: round(w.median), p99: round(w.p99), unit: 'ms' },
    baselines: [{ subject: 'same bundle without the reader', median: round(wo.median), p99: round(wo.p99), unit: 'ms' }],
    ratios: [w.median / wo.median],
    met: w.median - wo.median <= 50,
    notes: `growth ${round(w.median - wo.median)} ms (median)`,
  };
  return [nlu, load];
}
