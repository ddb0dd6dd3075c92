/** Two `serve` processes on one Redis share Slack installations: installed through one, answered by both, uninstalled for both. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRedisServer, type RedisServer, startRedis } from '../state/redis-server.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { type ServeProcess, startServe } from './process.js';
import { post, SIGNING_SECRET } from './slack-client.js';
import { install, mentionReply, OAUTH_ENV, uninstalled } from './slack-install.js';

const redisBinary = findRedisServer();
const describeRedis = process.env.REDIS_URL || redisBinary ? describe : describe.skip;

describeRedis('two replicas on one Redis', () => {
  let fake: FakeSlack;
  let redis: RedisServer | undefined;
  let a: ServeProcess;
  let b: ServeProcess;

  beforeAll(async () => {
    fake = await startFakeSlack();
    let url = process.env.REDIS_URL ?? '';
    if (!url) {
      redis = await startRedis(redisBinary);
      url = redis.url;
    }
    const env = { ...OAUTH_ENV, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${fake.url}/api/`, STATE_STORE: url };
    [a, b] = await Promise.all([startServe(env), startServe(env)]);
  });

  afterAll(async () => {
    for (const p of [a, b]) await p?.kill('SIGKILL');
    await redis?.stop();
    await fake?.close();
  });

  it('an install started on one replica and finished on the other is used by both, until it is uninstalled on either', async () => {
    await install(fake, 'code-TREPL', { team: 'TREPL', token: 'xoxb-TREPL-token' }, a.base, b.base);
    expect((await mentionReply(fake, a.base, 'TREPL', 'how fast do containers start?', 8000))?.token).toBe('xoxb-TREPL-token');
    expect((await mentionReply(fake, b.base, 'TREPL', 'what is docker', 8000))?.token).toBe('xoxb-TREPL-token');
    await install(fake, 'code-TREPL2', { team: 'TREPL2', token: 'xoxb-TREPL2-token' }, b.base);
    expect((await mentionReply(fake, a.base, 'TREPL2', 'what is docker', 8000))?.token).toBe('xoxb-TREPL2-token');
    expect((await post(b.base, uninstalled('TREPL'), 'application/json')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await mentionReply(fake, a.base, 'TREPL', 'what is docker', 1000)).toBeUndefined();
    expect(await mentionReply(fake, b.base, 'TREPL', 'what is docker', 1000)).toBeUndefined();
    expect((await mentionReply(fake, a.base, 'TREPL2', 'what is docker', 8000))?.token).toBe('xoxb-TREPL2-token');
    // Nothing a replica logged at info names a token.
    for (const p of [a, b]) expect(p.stderr()).not.toMatch(/xoxb-TREPL/);
    expect(a.stderr() + b.stderr()).toMatch(/slack installed/);
  });
});
