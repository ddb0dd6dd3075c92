/** `runtime-advice ask [--json] [TEXT]`: one question, one answer. */
import { renderText } from '../channels/terminal/render.js';
import type { EngineApi } from '../engine/index.js';
import { type Io, lines, out } from './io.js';

/** The CONTRACT section 4 `ask --json` object for one message (plus extra fields). */
export function askJson(engine: EngineApi, text: string): Record<string, unknown> {
  const { reply, classification, slots } = engine.answer(text);
  return {
    text,
    intent: classification.intent,
    confidence: Math.round(classification.confidence * 1000) / 1000,
    slots,
    reply: { text: renderText(reply), sources: reply.sources },
    ...(classification.clarify ? { clarify: classification.clarify } : {}),
    alternatives: classification.ranked.slice(1, 3).map((r) => ({ intent: r.intent, confidence: Math.round(r.p * 1000) / 1000 })),
  };
}

export async function ask(engine: EngineApi, io: Io, args: { json: boolean; text: string | undefined }): Promise<number> {
  const one = (text: string) => {
    if (args.json) out(io, JSON.stringify(askJson(engine, text)));
    else out(io, renderText(engine.answer(text).reply));
  };
  if (args.text !== undefined) {
    one(args.text);
    return 0;
  }
  for await (const line of lines(io.stdin)) {
    if (args.json) one(line);
    else out(io, renderText(engine.answer(line).reply).replace(/\s*\n+\s*/g, ' '));
  }
  return 0;
}
