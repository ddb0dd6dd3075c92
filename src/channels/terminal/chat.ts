/** The local chat: the conversation engine on stdin/stdout. */
import { createInterface } from 'node:readline';
import type { EngineApi } from '../../engine/index.js';
import type { Choice, Reply } from '../../reply.js';
import { ANSI, chatJson, PLAIN, renderText } from './render.js';

export interface ChatOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  json: boolean;
  /** Greet and show the prompt (a person at a terminal); off when piped. */
  interactive: boolean;
  /** Said once at the start, e.g. why the local chat opened. */
  banner?: string;
}

const KEY = 'terminal:local:me';

/** Runs a chat until end of input; resolves when stdin closes. */
export async function runChat(engine: EngineApi, options: ChatOptions): Promise<void> {
  const { output, json, interactive } = options;
  const style = interactive && !json ? ANSI : PLAIN;
  const rl = createInterface({ input: options.input, terminal: false });
  const write = (s: string) => output.write(`${s}\n`);
  if (options.banner && !json) write(style.dim(options.banner));
  if (interactive && !json) write(`${engine.knowledge.responses.greeting}\n${engine.knowledge.responses.quit_hint}`);
  const prompt = () => interactive && !json && output.write('> ');
  let choices: Choice[] = [];
  prompt();
  for await (const line of rl) {
    const text = line.trim();
    const n = /^\d+$/.test(text) ? Number(text) : 0;
    // A number picks a numbered choice when no question is open (questions take numbers themselves).
    const pick = n >= 1 ? choices[n - 1] : undefined;
    const reply: Reply = pick ? await engine.handle(KEY, { kind: 'action', action: pick.action }) : await engine.handle(KEY, { kind: 'text', text: line });
    choices = reply.question ? [] : reply.choices;
    const rendered = renderText(reply, style);
    if (json) write(JSON.stringify(chatJson(reply, renderText(reply, PLAIN))));
    else write(`${rendered}\n`);
    prompt();
  }
}
