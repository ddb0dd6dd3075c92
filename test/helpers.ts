/** Shared test helpers: one engine per test file, and a fake IO for the command line. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { buildEngine } from '../src/app.js';
import type { Io } from '../src/cli/io.js';
import { loadConfig } from '../src/config.js';
import { Engine } from '../src/engine/engine.js';
import { silentLogger } from '../src/log.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { type Running, type ServeOptions, serve } from '../src/serve.js';
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

/**
 * The real server (`serve`) in this process on a free port, with a fresh in-memory store and an engine
 * over the shared model; `env` is the environment it is configured from.
 */
export async function testServer(env: Record<string, string>, options: Partial<ServeOptions> = {}): Promise<Running & { base: string }> {
  const shared = await engine();
  const store = new MemoryStore();
  const running = await serve({
    config: loadConfig({ PORT: '0', ...env }),
    logger: silentLogger,
    store,
    engine: new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store }),
    ...options,
  });
  return { ...running, base: `http://127.0.0.1:${running.port}` };
}
