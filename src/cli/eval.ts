/** `runtime-advice eval FILE.jsonl [--json] [--baseline] [--tune]`: scores intents, controls and verdicts. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { EngineApi, IntentMetrics, Labelled, SituationLine, SituationMetrics, VerdictLine } from '../engine/index.js';
import { isVerdict } from '../ids.js';
import { isIntentOf } from '../knowledge/ids.js';
import type { IntentsData } from '../knowledge/schema.js';
import { CONTROL_LABELS } from '../knowledge/schema.js';
import { type Io, out, usage } from './io.js';
import { parseAnswers } from './recommend.js';

/** A `{"text","intent"}` line; its intent must be one the knowledge base trains. */
const intentLine = (intents: IntentsData) => z.strictObject({ text: z.string(), intent: z.string().refine((i) => isIntentOf(intents, i), 'unknown intent') });
const SituationLineSchema = z.strictObject({
  text: z.string(),
  slots: z.record(z.string(), z.string()),
  verdict: z.string().refine(isVerdict, 'unknown verdict'),
});
/** `none` labels a line that is no control at all (an answer, a question, a remark): `answer` and `other` together. */
const ControlLine = z.strictObject({ text: z.string(), control: z.enum([...CONTROL_LABELS, 'none']) });
const VerdictLineSchema = z.union([
  z.strictObject({ text: z.string(), verdict: z.string().refine(isVerdict, 'unknown verdict') }),
  z.strictObject({ answers: z.record(z.string(), z.string()), verdict: z.string().refine(isVerdict, 'unknown verdict') }),
]);

interface Parsed {
  intents: Labelled[];
  /** Control lines, as labelled rows (the control label in `intent`). */
  controls: Labelled[];
  verdicts: z.infer<typeof VerdictLineSchema>[];
  situations: SituationLine[];
  errors: string[];
}

function parseFile(path: string, intents: IntentsData): Parsed {
  const IntentLine = intentLine(intents);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw usage(`cannot read ${path}`);
  }
  const parsed: Parsed = { intents: [], controls: [], verdicts: [], situations: [], errors: [] };
  for (const [i, line] of raw.split('\n').entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      parsed.errors.push(`${path}:${i + 1}: not JSON`);
      continue;
    }
    const asIntent = IntentLine.safeParse(value);
    const asControl = ControlLine.safeParse(value);
    const asVerdict = VerdictLineSchema.safeParse(value);
    const asSituation = SituationLineSchema.safeParse(value);
    if (asIntent.success) parsed.intents.push(asIntent.data);
    else if (asSituation.success) parsed.situations.push(asSituation.data);
    else if (asControl.success) parsed.controls.push({ text: asControl.data.text, intent: asControl.data.control });
    else if (asVerdict.success) parsed.verdicts.push(asVerdict.data);
    else parsed.errors.push(`${path}:${i + 1}: expected {"text","intent"}, {"text","control"}, {"text","slots","verdict"} or {"text"|"answers","verdict"}`);
  }
  return parsed;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function intentSummary(name: string, m: IntentMetrics): string {
  return `${name.padEnd(28)} in-scope accuracy ${pct(m.inScopeAccuracy).padStart(6)}   out-of-scope recall ${pct(m.outOfScopeRecall).padStart(6)}   false rejection ${pct(m.falseRejection).padStart(5)}   overall ${pct(m.accuracy)}`;
}

/** A verdict line for the engine: its answers checked like `--answer` (a usage error when wrong), or its text. */
function verdictLine(engine: EngineApi, line: z.infer<typeof VerdictLineSchema>): VerdictLine {
  if ('answers' in line)
    return {
      line,
      answers: parseAnswers(
        engine.knowledge.interview,
        Object.entries(line.answers).map(([k, v]) => `${k}=${v}`),
      ),
      verdict: line.verdict,
    };
  return { line, text: line.text, verdict: line.verdict };
}

export async function evaluate(engine: EngineApi, io: Io, args: { file: string; json: boolean; baseline: boolean; tune: boolean }): Promise<number> {
  const parsed = parseFile(args.file, engine.knowledge.intents);
  for (const e of parsed.errors) io.stderr.write(`${e}\n`);
  const set = {
    intents: parsed.intents,
    controls: parsed.controls,
    verdicts: parsed.verdicts.map((line) => verdictLine(engine, line)),
    situations: parsed.situations,
  };
  const result: Record<string, unknown> = { file: args.file, ...(await engine.evaluate(set, { baseline: args.baseline, tune: args.tune })) };
  if (args.json) out(io, JSON.stringify(result));
  else printHuman(io, result);
  return parsed.errors.length > 0 ? 1 : 0;
}

function printHuman(io: Io, r: Record<string, unknown>): void {
  const intents = r.intents as IntentMetrics | undefined;
  if (intents) {
    out(io, `${intents.total} labelled messages in ${String(r.file)}`);
    out(io, intentSummary('runtime-advice classifier', intents));
    const bayes = r.baseline_bayes as IntentMetrics | undefined;
    if (bayes) out(io, intentSummary('natural BayesClassifier', bayes));
    out(io, '\nper intent            precision  recall     F1  support');
    for (const [intent, m] of Object.entries(intents.perIntent)) {
      out(io, `  ${intent.padEnd(20)} ${pct(m.precision).padStart(8)} ${pct(m.recall).padStart(7)} ${pct(m.f1).padStart(6)} ${String(m.support).padStart(8)}`);
    }
    if (intents.confusions.length > 0) {
      out(io, '\nconfusions (expected -> predicted)');
      for (const c of intents.confusions.slice(0, 15)) out(io, `  ${c.count} x ${c.expected} -> ${c.predicted}   e.g. ${JSON.stringify(c.examples[0])}`);
    }
    const tuned = r.tuned as { threshold: number; metrics: IntentMetrics } | undefined;
    if (tuned) out(io, `\ntuned out_of_scope_below: ${tuned.threshold}  ->  ${intentSummary('', tuned.metrics).trim()}`);
  }
  const controls = r.controls as
    | { total: number; accuracy: number; threshold: number; perLabel: IntentMetrics['perIntent']; confusions: IntentMetrics['confusions'] }
    | undefined;
  if (controls) {
    out(io, `\ncontrols: ${pct(controls.accuracy)} accuracy over ${controls.total} lines (control threshold ${controls.threshold})`);
    out(io, 'per label             precision  recall  support');
    for (const [label, m] of Object.entries(controls.perLabel)) {
      out(io, `  ${label.padEnd(20)} ${pct(m.precision).padStart(8)} ${pct(m.recall).padStart(7)} ${String(m.support).padStart(8)}`);
    }
    for (const c of controls.confusions.slice(0, 10)) out(io, `  ${c.count} x ${c.expected} -> ${c.predicted}   e.g. ${JSON.stringify(c.examples[0])}`);
  }
  const situations = r.situations as SituationMetrics | undefined;
  if (situations) {
    const line = (name: string, m: SituationMetrics) =>
      `${name.padEnd(28)} verdict agreement ${pct(m.verdictAgreement).padStart(6)}   slot precision ${pct(m.slots.precision).padStart(6)}   slot recall ${pct(m.slots.recall).padStart(6)}`;
    out(io, `${situations.total} labelled descriptions in ${String(r.file)}`);
    out(io, line('situation reader', situations));
    const regex = r.baseline_regex as SituationMetrics | undefined;
    if (regex) out(io, line('regex extractor (baseline)', regex));
    out(io, '\nper slot              precision  recall  support');
    for (const [slot, m] of Object.entries(situations.perSlot))
      out(io, `  ${slot.padEnd(20)} ${pct(m.precision).padStart(8)} ${pct(m.recall).padStart(7)} ${String(m.support).padStart(8)}`);
    for (const m of situations.misses) out(io, `  miss: ${JSON.stringify(m)}`);
  }
  const verdicts = r.verdicts as { total: number; agreement: number; misses: unknown[] } | undefined;
  if (verdicts) {
    out(io, `\nverdicts: ${pct(verdicts.agreement)} agreement over ${verdicts.total} lines`);
    for (const m of verdicts.misses) out(io, `  miss: ${JSON.stringify(m)}`);
  }
}
