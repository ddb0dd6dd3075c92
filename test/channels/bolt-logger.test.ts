/** Bolt's logger over ours: debug lines are neither built nor written unless LOG_LEVEL is debug. */
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../src/channels/slack/bolt-logger.js';
import { createLogger } from '../../src/log.js';

describe('boltLogger', () => {
  it('at info, a debug call does not even serialise its arguments (Bolt logs every event at debug)', () => {
    const lines: string[] = [];
    const bolt = boltLogger(createLogger({ level: 'info', write: (l) => lines.push(l) }), 'info');
    let serialised = 0;
    const body = { toJSON: () => ++serialised };
    bolt.debug('event body', body);
    bolt.info('starting', body);
    expect(serialised).toBe(1);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'info', msg: 'starting 1', source: 'bolt' });
  });

  it('at debug, debug lines are written', () => {
    const lines: string[] = [];
    const bolt = boltLogger(createLogger({ level: 'debug', write: (l) => lines.push(l) }), 'debug');
    bolt.debug('event', { a: 1 });
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'debug', msg: 'event {"a":1}' });
  });
});
