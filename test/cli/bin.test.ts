/** The installed command: through a symlinked bin (npm i -g, npm link) and through npx, as users start it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const BIN = join(ROOT, 'dist', 'src', 'cli.js');
const QUESTION = 'how fast do containers start?';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ra-bin-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ PATH: process.env.PATH ?? '', HOME: dir, npm_config_cache: join(dir, 'npm-cache'), npm_config_update_notifier: 'false' });

function expectStartupAnswer(r: ReturnType<typeof spawnSync>): void {
  expect(r.status, String(r.stderr)).toBe(0);
  const out = JSON.parse(String(r.stdout)) as { intent: string; reply: { text: string } };
  expect(out.intent).toBe('startup_time');
  expect(out.reply.text).toMatch(/under 1 s/);
}

describe('runtime-advice as an installed command', () => {
  it('runs through a symlinked bin in another folder (npm i -g, npm link)', () => {
    const link = join(dir, 'bin', 'runtime-advice');
    spawnSync('mkdir', ['-p', join(dir, 'bin')]);
    symlinkSync(BIN, link);
    // What the shebang line does: node is given the link's path, not the file's.
    const r = spawnSync(process.execPath, [link, 'ask', '--json', QUESTION], { cwd: dir, encoding: 'utf8', env: env(), timeout: 20_000 });
    expectStartupAnswer(r);
    // And a link to the link, as a global bin folder pointing into a linked package.
    const twice = join(dir, 'runtime-advice-again');
    symlinkSync(link, twice);
    expectStartupAnswer(spawnSync(process.execPath, [twice, 'ask', '--json', QUESTION], { cwd: dir, encoding: 'utf8', env: env(), timeout: 20_000 }));
  });

  it('runs through npx in the repository (npm exec, offline)', () => {
    const r = spawnSync('npm', ['exec', '--offline', '--yes', '--', 'runtime-advice', 'ask', '--json', QUESTION], {
      cwd: ROOT,
      encoding: 'utf8',
      env: env(),
      timeout: 60_000,
    });
    expectStartupAnswer(r);
  });
});
