/** Structured JSON logs: one line per event, secrets redacted, never message text at info. */

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level: Level;
  /** Where lines go (default stderr, so stdout stays for program output). */
  write?: (line: string) => void;
  /** Values never to print (tokens, secrets): replaced by [redacted] wherever they appear. */
  secrets?: ReadonlyArray<string | undefined>;
  now?: () => Date;
}

/** Errors as name, message, code and their causes (a few deep): the reason a store failed is in its cause. */
function serialise(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) return value;
  const out: Record<string, unknown> = { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  if (value.cause !== undefined && depth < 3) out.cause = serialise(value.cause, depth + 1);
  return out;
}

/** Slack tokens (bot, user, app, refresh, config): `xox` and a type letter, then a dash and the rest. Linear: no nested quantifiers. */
const SLACK_TOKEN = /xox[abeprs]-[A-Za-z0-9-]+/g;

/** Creates a logger; `child` adds fixed fields such as the channel. */
export function createLogger(options: LoggerOptions, base: Record<string, unknown> = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  return withFields(options, secrets, base);
}

/** The logger of `createLogger`, its secrets already filtered: children (one per turn) redo none of that work. */
function withFields(options: LoggerOptions, secrets: readonly string[], base: Record<string, unknown>): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const minimum = RANK[options.level];
  const emit = (level: Exclude<Level, 'silent'>, msg: string, fields: Record<string, unknown> = {}) => {
    if (RANK[level] < minimum) return;
    const entry: Record<string, unknown> = { time: now().toISOString(), level, msg, ...base };
    for (const [k, v] of Object.entries(fields)) entry[k] = serialise(v);
    let line = JSON.stringify(entry);
    // A line rarely holds a secret: look before splitting it (one line per event, several secrets).
    for (const s of secrets) if (line.includes(s)) line = line.split(s).join('[redacted]');
    // Tokens learned after start (per-workspace OAuth installs) are not in `secrets`: any Slack token shape is hidden.
    if (line.includes('xox')) line = line.replace(SLACK_TOKEN, '[redacted]');
    write(line);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => withFields(options, secrets, { ...base, ...fields }),
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ level: 'silent', write: () => {} });
