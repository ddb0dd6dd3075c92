/** Every test fails on stray console output: output belongs to the IO the code was given. */
/* biome-ignore-all lint/suspicious/noConsole: this file watches the console */
import { afterEach, beforeEach, vi } from 'vitest';

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;

beforeEach(() => {
  for (const m of methods) vi.spyOn(console, m);
});

afterEach(() => {
  const calls = methods.flatMap((m) => vi.mocked(console[m]).mock.calls.map((args) => `console.${m}: ${args.map(String).join(' ')}`));
  vi.restoreAllMocks();
  if (calls.length > 0) throw new Error(`unexpected console output:\n${calls.join('\n')}`);
});
