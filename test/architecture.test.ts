/** House rules that keep the architecture honest. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const SRC = join(ROOT, 'src');
const sources = files(SRC).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

describe('architecture', () => {
  it('only the Slack and Teams channel folders import platform SDKs', () => {
    const sdk = /from ['"](@slack\/|botbuilder|botframework-)/;
    const offenders = sources.filter((f) => sdk.test(f.text) && !/^src\/channels\/(slack|teams)\//.test(f.path));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('the engine, NLU and knowledge import nothing from channels', () => {
    const core = sources.filter((f) => /^src\/(engine|nlu|knowledge|state)\//.test(f.path));
    expect(core.length).toBeGreaterThan(5);
    expect(core.filter((f) => /from ['"][./]*\/channels\//.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('nothing but the entry point reads process.env (config gets it passed in)', () => {
    const readers = sources.filter((f) => /process\.env/.test(f.text)).map((f) => f.path);
    expect(readers).toEqual(['src/cli.ts']);
  });

  it('natural is imported by file, never from its root (which loads databases and prints)', () => {
    expect(sources.filter((f) => /['"]natural['"]/.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('source files stay under 400 lines', () => {
    for (const f of sources) expect(f.text.split('\n').length, f.path).toBeLessThanOrEqual(400);
  });
});
