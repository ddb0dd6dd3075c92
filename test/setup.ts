/** Every test fails on stray console output or writes to stdout: output belongs to the IO the code was given. */
/* biome-ignore-all lint/suspicious/noConsole: this file watches the console */
import { afterEach, beforeEach, vi } from 'vitest';

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;

beforeEach(() => {
  for (const m of methods) vi.spyOn(console, m);
  // Measurements go to the reporters (`annotate`), never to stdout, where they would mix with vitest's own output.
  vi.spyOn(process.stdout, 'write');
});

afterEach(() => {
  const calls = methods.flatMap((m) => vi.mocked(console[m]).mock.calls.map((args) => `console.${m}: ${args.map(String).join(' ')}`));
  const writes = vi.mocked(process.stdout.write).mock.calls.map((args) => `process.stdout.write: ${String(args[0])}`);
  vi.restoreAllMocks();
  if (calls.length + writes.length > 0) throw new Error(`unexpected console output:\n${[...calls, ...writes].join('\n')}`);
});
