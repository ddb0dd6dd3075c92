/** The CI check that suites CI must run (Redis, the full-disk test) were not skipped. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SCRIPT = join(ROOT, 'scripts', 'ci-check-skips.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ra-ci-check-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

type Status = 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';

/** A report shaped like vitest's JSON reporter output. */
function report(files: Record<string, Array<[string[], string, Status]>>): string {
  const all = Object.values(files).flat();
  const count = (s: Status[]) => all.filter(([, , st]) => s.includes(st)).length;
  const body = {
    numPassedTests: count(['passed']),
    numFailedTests: count(['failed']),
    numPendingTests: count(['skipped', 'pending']),
    numTodoTests: count(['todo']),
    testResults: Object.entries(files).map(([file, tests]) => ({
      name: join(ROOT, file),
      assertionResults: tests.map(([ancestors, title, status]) => ({ ancestorTitles: ancestors, title, fullName: [...ancestors, title].join(' '), status })),
    })),
  };
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(body));
  return path;
}

function check(path: string, ...patterns: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, path, ...patterns], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scripts/ci-check-skips.mjs', () => {
  it('passes when every required suite ran, and prints the plain summary line', () => {
    const path = report({
      'test/state/stores.test.ts': [
        [['RedisStore'], 'ping resolves', 'passed'],
        [['SqliteStore'], 'ping resolves', 'passed'],
      ],
      'test/engine/engine.test.ts': [[['engine'], 'something optional', 'skipped']],
    });
    const r = check(path, 'redis');
    expect(r.stdout).toBe('2 passed, 0 failed, 1 skipped\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('fails naming each skipped test of a required suite', () => {
    const path = report({
      'test/state/stores.test.ts': [
        [['RedisStore (skipped: no REDIS_URL and no redis-server installed)'], 'ping resolves', 'skipped'],
        [['SqliteStore'], 'ping resolves', 'passed'],
      ],
      'test/integration/durable.test.ts': [[['two replicas sharing Redis'], 'one reply', 'pending']],
    });
    const r = check(path, 'redis');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('1 passed, 0 failed, 2 skipped\n');
    expect(r.stderr).toContain('test/state/stores.test.ts > RedisStore (skipped');
    expect(r.stderr).toContain('test/integration/durable.test.ts > two replicas sharing Redis one reply');
  });

  it('fails when no test matches a required pattern (a suite renamed or gone)', () => {
    const path = report({ 'test/a.test.ts': [[['a'], 'b', 'passed']] });
    const r = check(path, 'a', 'the disk refuses every write');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no test matches "the disk refuses every write"/);
  });

  it('exits 2 when the report is missing', () => {
    expect(check(join(dir, 'missing.json'), 'redis').code).toBe(2);
  });

  it('.ci/run requires the Redis suites and the full-disk test', () => {
    const run = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    expect(run).toMatch(/node scripts\/ci-check-skips\.mjs \.ci-out\/vitest\.json/);
    expect(run).toMatch(/^\s+redis$/m);
    expect(run).toMatch(/^\s+"the disk refuses every write"$/m);
  });
});
