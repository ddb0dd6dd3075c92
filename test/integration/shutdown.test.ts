/** Graceful shutdown: stop accepting, finish the turns already acknowledged, close the store, exit 0 within 10 s. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { startServe } from './process.js';
import { envelope, JSON_TYPE, mention, post, SIGNING_SECRET } from './slack-client.js';

let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack();
});

afterAll(async () => {
  await fake.close();
});

describe.each(['SIGTERM', 'SIGINT'] as const)('on %s', (signal) => {
  it('finishes in-flight turns, closes the store and exits 0 within 10 s', async ({ annotate }) => {
    const db = join(mkdtempSync(join(tmpdir(), 'ra-shutdown-')), 'state.db');
    const proc = await startServe({
      SLACK_BOT_TOKEN: 'xoxb-shutdown',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${fake.url}/api/`,
      STATE_STORE: db,
    });
    // Slack answers slowly, so the turns are still running when the signal arrives.
    fake.inject({ method: 'chat.postMessage', delayMs: 1500, count: 5 });
    const before = fake.attempts.length;
    const sent = 5;
    for (let i = 0; i < sent; i++) expect((await post(proc.base, envelope(mention(`how fast do containers start ${i}`)), JSON_TYPE)).status).toBe(200);
    await fake.waitFor(() => fake.attempts.length - before >= sent, 5000);
    const started = performance.now();
    const code = await proc.kill(signal);
    const seconds = (performance.now() - started) / 1000;
    const replies = fake.attempts.slice(before).filter((a) => a.method === 'chat.postMessage').length;
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(10);
    expect(replies).toBe(sent);
    const stopped = proc
      .stderr()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; drained?: boolean; pending?: number })
      .find((l) => l.msg === 'stopped');
    expect(stopped).toMatchObject({ drained: true, pending: 0 });
    // Not accepting any more.
    await expect(fetch(`${proc.base}/healthz`)).rejects.toThrow();
    // The measurement goes to the reporters (`--reporter=verbose` shows it), never to stdout.
    await annotate(`shutdown on ${signal}: ${sent} in-flight turns, ${replies} completed, exit ${code}, ${seconds.toFixed(2)} s`);
  });
});
