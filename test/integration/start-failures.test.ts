/** `runtime-advice serve` that cannot start: exit 1 with one clear line that keeps the cause, never a stack trace. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/state/sqlite.js';
import { findRedisServer, freePort, startRedis } from '../state/redis-server.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { runServeToExit } from './process.js';
import { SIGNING_SECRET } from './slack-client.js';

let fake: FakeSlack;
let dir: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  dir = mkdtempSync(join(tmpdir(), 'ra-start-failures-'));
});

afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The lines of stderr that are not JSON log lines: what a person reads. */
function plainLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l.trim() !== '')
    .filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
}

/** Exit 1, exactly one plain line matching `line`, no stack frames anywhere, and the cause in the JSON log too. */
function expectOneClearLine(r: { code: number | null; stderr: string }, line: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  const plain = plainLines(r.stderr);
  expect(plain, r.stderr).toHaveLength(1);
  expect(plain[0]).toMatch(/^runtime-advice: /);
  expect(plain[0]).toMatch(line);
  expect(r.stderr).not.toMatch(/\n\s+at \S/);
  const failed = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: string; msg: string; err?: unknown })
    .find((l) => l.msg === 'start failed');
  expect(failed?.level).toBe('error');
  expect(JSON.stringify(failed?.err)).toMatch(line);
}

describe('serve gives up with one clear line', () => {
  it('the port is in use', async () => {
    const port = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, resolve));
    try {
      const r = await runServeToExit({ PORT: String(port), STATE_STORE: 'memory' });
      expectOneClearLine(r, new RegExp(`cannot listen on port ${port}: .*(in use|EADDRINUSE)`));
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it('the SQLite file was written by a newer version', async () => {
    const path = join(dir, 'newer.db');
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    const r = await runServeToExit({ PORT: String(await freePort()), STATE_STORE: path });
    expectOneClearLine(r, new RegExp(`SQLite state store at ${path}: .*schema version ${MIGRATIONS.length + 1}.*newer`));
  });

  it('Slack refuses the token at auth.test', async () => {
    fake.inject({ method: 'auth.test', error: 'invalid_auth', count: 10 });
    const r = await runServeToExit({
      PORT: String(await freePort()),
      STATE_STORE: 'memory',
      SLACK_BOT_TOKEN: 'xoxb-refused-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${fake.url}/api/`,
    });
    expectOneClearLine(r, /Slack.*invalid_auth/);
    expect(r.stderr).not.toContain('xoxb-refused-token');
  });

  it.skipIf(!findRedisServer())('Redis refuses the password', async () => {
    const redis = await startRedis();
    try {
      const admin = createClient({ url: redis.url });
      admin.on('error', () => {});
      await admin.connect();
      await admin.configSet('requirepass', 'the-right-one');
      await admin.close();
      const r = await runServeToExit({ PORT: String(await freePort()), STATE_STORE: `redis://:not-the-password@127.0.0.1:${redis.port}` });
      expectOneClearLine(r, /Redis state store: WRONGPASS/);
      expect(r.stderr).not.toContain('not-the-password');
    } finally {
      await redis.stop();
    }
  });
});
