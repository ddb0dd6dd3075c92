/** House rules that keep the architecture honest. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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

  /** `[file, imported path relative to src]` for every relative import of the sources. */
  const imports = sources.flatMap((f) =>
    [...f.text.matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map(
      (m) => [f.path, join(dirname(f.path), m[1] as string).replace(/\.js$/, '')] as const,
    ),
  );
  const crossing = (from: RegExp, to: RegExp) =>
    imports.filter(([file, target]) => from.test(file) && to.test(target)).map(([file, target]) => `${file} -> ${target}`);

  it('channels import nothing from the CLI', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(crossing(/^src\/channels\//, /^src\/cli(\/|$)/)).toEqual([]);
  });

  it('channels use the engine through its public entry only (src/engine/index.ts)', () => {
    expect(crossing(/^src\/channels\//, /^src\/engine\/(?!index$)/)).toEqual([]);
  });

  it('the CLI does not reach into the NLU (the engine offers what it needs)', () => {
    expect(crossing(/^src\/cli(\/|\.ts$)/, /^src\/nlu\//)).toEqual([]);
  });

  it('nothing outside the engine imports engine/compose', () => {
    expect(crossing(/^src\/(?!engine\/)/, /^src\/engine\/compose$/)).toEqual([]);
  });

  it('the turn sequence (dedupe, engine.handle) is written once, in the channel core', () => {
    const turns = sources.filter((f) => /firstDelivery\(/.test(f.text) && /engine\.handle\(/.test(f.text)).map((f) => f.path);
    expect(turns).toEqual(['src/channels/turn.ts']);
  });

  it('source files stay under 400 lines', () => {
    for (const f of sources) expect(f.text.split('\n').length, f.path).toBeLessThanOrEqual(400);
  });
});
