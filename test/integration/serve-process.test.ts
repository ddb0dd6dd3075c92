/** `runtime-advice serve` as a real process: start, answer a signed mention, stop cleanly on SIGTERM. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { envelope, JSON_TYPE, mention, post, SIGNING_SECRET } from './slack-client.js';

let fake: FakeSlack;
let child: ChildProcess;
let base = '';
let stdout = '';
let stderr = '';

beforeAll(async () => {
  fake = await startFakeSlack();
  const port = 20000 + Math.floor(Math.random() * 20000);
  child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      SLACK_BOT_TOKEN: 'xoxb-process-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${fake.url}/api/`,
      STATE_STORE: 'memory',
    },
  });
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 10_000;
  while (!stdout.includes('serving on port')) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`serve did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
});

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await fake.close();
});

describe('runtime-advice serve (process)', () => {
  it('is healthy and answers a signed mention through the fake Slack API', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const res = await post(base, envelope(mention('how big is a vm disk')), JSON_TYPE);
    expect(res.status).toBe(200);
    await fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    expect(JSON.stringify(fake.calls.find((c) => c.method === 'chat.postMessage')?.body)).toMatch(/10 GB or more/);
  });

  it('logs JSON lines without the token, the secret or the message text', () => {
    const lines = stderr.trim().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    expect(stderr).not.toContain('xoxb-process-test-token');
    expect(stderr).not.toContain(SIGNING_SECRET);
    expect(stderr).not.toContain('how big is a vm disk');
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
