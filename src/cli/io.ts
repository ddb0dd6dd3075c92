/** Small helpers shared by the commands. */
import { createInterface } from 'node:readline';
import { AppError } from '../errors.js';

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Readonly<Record<string, string | undefined>>;
  stdinIsTTY: boolean;
}

/** Exit codes: 0 ok, 1 a check failed, 2 wrong usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function usage(message: string): AppError {
  return new AppError('USAGE', message);
}

/** Reads stdin line by line, skipping blank lines. */
export async function* lines(stdin: NodeJS.ReadableStream): AsyncGenerator<string> {
  const rl = createInterface({ input: stdin, terminal: false });
  for await (const line of rl) if (line.trim() !== '') yield line;
}

export function out(io: Io, s: string): void {
  io.stdout.write(`${s}\n`);
}
