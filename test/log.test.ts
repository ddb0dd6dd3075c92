import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';

describe('structured logs', () => {
  it('writes one JSON object per line with level, time, message and fields', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l), now: () => new Date(0) }).child({ channel: 'slack' });
    log.info('replied', { intent: 'overview', latency_ms: 3 });
    log.debug('dropped');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'replied', channel: 'slack', intent: 'overview', latency_ms: 3 },
    ]);
  });

  it('redacts secrets wherever they appear, errors included', () => {
    const lines: string[] = [];
    const secret = 'xoxb-123456-very-secret';
    const log = createLogger({ level: 'debug', write: (l) => lines.push(l), secrets: [secret, undefined, 'short'] });
    log.error('call failed', { err: new Error(`token ${secret} rejected`), url: `https://x?token=${secret}` });
    log.warn(`message with ${secret}`);
    expect(lines.join('\n')).not.toContain(secret);
    expect(lines.join('\n')).toContain('[redacted]');
  });

  it('redacts Slack tokens it was never given (per-workspace installs), of every type', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', write: (l) => lines.push(l) });
    const tokens = ['xoxb-1111-2222-abcDEF', 'xoxp-9-8-7-x', 'xoxe-1-refresh', 'xoxa-2-app'];
    log.error('install stored', { err: new Error(`bad ${tokens[0]}`), token: tokens[1], more: `${tokens[2]} ${tokens[3]}` });
    const out = lines.join('\n');
    for (const t of tokens) expect(out).not.toContain(t);
    expect(out).toContain('install stored');
  });

  it('silent drops everything', () => {
    const lines: string[] = [];
    createLogger({ level: 'silent', write: (l) => lines.push(l) }).error('x');
    expect(lines).toEqual([]);
  });
});
