/** The one-line reasons `serve` gives when it cannot start, and the Redis password kept out of the logs. */
import { describe, expect, it } from 'vitest';
import { listenFailure, passwordOf, slackFailure } from '../src/start-errors.js';

const errno = (code: string) => Object.assign(new Error(`listen ${code}`), { code });

describe('start errors', () => {
  it('name the port, the host and the reason, and keep the original as the cause', () => {
    const inUse = errno('EADDRINUSE');
    const err = listenFailure(inUse, 3000, undefined);
    expect(err).toMatchObject({ code: 'LISTEN_FAILED', cause: inUse });
    expect(err.message).toMatch(/^cannot listen on port 3000: the address is already in use \(EADDRINUSE\)/);
    expect(listenFailure(errno('EADDRNOTAVAIL'), 80, '10.9.9.9').message).toMatch(/^cannot listen on port 80 of 10\.9\.9\.9: HOST is not an address/);
    expect(listenFailure(errno('EWHATEVER'), 1, undefined).message).toBe('cannot listen on port 1: listen EWHATEVER');
  });

  it('say what Slack answered at auth.test, or why it could not be reached', () => {
    const refused = Object.assign(new Error('An API error occurred: invalid_auth'), { data: { ok: false, error: 'invalid_auth' } });
    expect(slackFailure(refused)).toMatchObject({
      code: 'CHANNEL_FAILED',
      message: 'Slack refused the bot token at auth.test (invalid_auth): check SLACK_BOT_TOKEN',
    });
    expect(slackFailure(new Error('connect ECONNREFUSED 127.0.0.1:9\n  at x')).message).toBe(
      'cannot reach Slack for auth.test: connect ECONNREFUSED 127.0.0.1:9',
    );
  });

  it('find the password of a Redis STATE_STORE, as written and decoded, to redact it', () => {
    expect(passwordOf('rediss://user:p%40ss@redis.internal:6380/1')).toEqual(['p%40ss', 'p@ss']);
    expect(passwordOf('redis://127.0.0.1:6379')).toEqual([]);
    expect(passwordOf('./data/state.db')).toEqual([]);
    expect(passwordOf('memory')).toEqual([]);
  });
});
