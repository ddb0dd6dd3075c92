/** `runtime-advice recommend [--json] [--answer SLOT=VALUE]...`: the verdict for given answers. */
import { z } from 'zod';
import { renderText } from '../channels/terminal/render.js';
import type { EngineApi } from '../engine/index.js';
import type { Answers } from '../ids.js';
import { isSlotOf, slotsOf, valuesOf } from '../knowledge/ids.js';
import type { InterviewData } from '../knowledge/schema.js';
import { type Io, lines, out, usage } from './io.js';

/** Parses `SLOT=VALUE` pairs against the interview's slots; unknown slots or values are usage errors. */
export function parseAnswers(interview: InterviewData, pairs: readonly string[]): Answers {
  const answers: Answers = {};
  for (const pair of pairs) {
    const [slot, value, ...extra] = pair.split('=');
    if (!slot || value === undefined || extra.length > 0) throw usage(`--answer takes SLOT=VALUE, got "${pair}"`);
    if (!isSlotOf(interview, slot)) throw usage(`unknown slot "${slot}" (slots: ${slotsOf(interview).join(', ')})`);
    const values = valuesOf(interview, slot);
    if (!values.includes(value)) throw usage(`"${value}" is not a value of ${slot} (${values.join(', ')})`);
    answers[slot] = value;
  }
  return answers;
}

const Line = z.union([z.strictObject({ answers: z.record(z.string(), z.string()) }), z.strictObject({ text: z.string() })]);

/** The CONTRACT section 4 `recommend --json` object (plus extra fields). */
export function recommendJson(engine: EngineApi, answers: Answers): Record<string, unknown> {
  const a = engine.recommend(answers).advice;
  return {
    verdict: a.verdict,
    confidence: a.confidence,
    reasons: a.reasons.map((r) => `${r.text} (${r.sections.join('; ')})`),
    answers: a.answers,
    caveats: a.caveats.map((r) => r.text),
    open: a.open,
    would_change: a.flips.map((f) => ({ slot: f.slot, value: f.value, verdict: f.verdict })),
  };
}

/** `--adr` prints the decision record (Markdown) instead; with `--json` it is the `record` field. */
export async function recommend(engine: EngineApi, io: Io, args: { json: boolean; answers: string[]; adr?: boolean }): Promise<number> {
  const show = (answers: Answers) => {
    const made = engine.recommend(answers);
    if (args.json) out(io, JSON.stringify({ ...recommendJson(engine, answers), ...(args.adr ? { record: made.record() } : {}) }));
    else if (args.adr) io.stdout.write(made.record());
    else out(io, renderText(made.reply));
  };
  if (args.answers.length > 0) {
    show(parseAnswers(engine.knowledge.interview, args.answers));
    return 0;
  }
  let status = 0;
  let n = 0;
  for await (const line of lines(io.stdin)) {
    n++;
    let parsed: z.infer<typeof Line>;
    try {
      parsed = Line.parse(JSON.parse(line));
    } catch {
      io.stderr.write(`line ${n}: expected {"answers": {...}} or {"text": "..."}\n`);
      out(io, JSON.stringify({ error: 'invalid line', line: n }));
      status = 1;
      continue;
    }
    if ('text' in parsed) {
      show(engine.read(parsed.text));
      continue;
    }
    try {
      show(
        parseAnswers(
          engine.knowledge.interview,
          Object.entries(parsed.answers).map(([k, v]) => `${k}=${v}`),
        ),
      );
    } catch (err) {
      io.stderr.write(`line ${n}: ${(err as Error).message}\n`);
      out(io, JSON.stringify({ error: (err as Error).message, line: n }));
      status = 1;
    }
  }
  return status;
}
