/** Bolt's logger interface over our structured logger, so Bolt never writes to the console. */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Level, Logger } from '../../log.js';

/**
 * Bolt's logger interface over `logger`. Bolt calls debug several times per event; below LOG_LEVEL=debug those
 * calls do nothing, so their arguments (event bodies among them) are never serialised.
 */
export function boltLogger(logger: Logger, ours: Level = 'info'): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: ours === 'debug' ? (...msg: unknown[]) => logger.debug(text(msg), { source: 'bolt' }) : () => {},
    info: (...msg: unknown[]) => logger.info(text(msg), { source: 'bolt' }),
    warn: (...msg: unknown[]) => logger.warn(text(msg), { source: 'bolt' }),
    error: (...msg: unknown[]) => logger.error(text(msg), { source: 'bolt' }),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
