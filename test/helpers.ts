/** Shared test helpers: one engine per test file, and a fake IO for the command line. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { buildEngine } from '../src/app.js';
import type { Io } from '../src/cli/io.js';
import type { Engine } from '../src/engine/engine.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { MemoryStore } from '../src/state/store.js';

export const ROOT = PACKAGE_ROOT;
export const FIXTURES = join(ROOT, 'test', 'fixtures');

let shared: Promise<Engine> | undefined;

/** The real engine over the real knowledge base, built once per test file. */
export function engine(): Promise<Engine> {
  shared ??= buildEngine({ store: new MemoryStore() });
  return shared;
}

/** Reads a JSON-lines fixture. */
export function jsonl<T>(name: string): T[] {
  return readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** An IO whose stdin is `input` and whose output is collected. */
export function fakeIo(input = '', env: Record<string, string> = {}): Io & { output(): string; errors(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return { stdin: Readable.from([input]), stdout, stderr, env, stdinIsTTY: false, output: () => out, errors: () => err };
}
