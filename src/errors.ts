/** Stable error codes: callers branch on `code`, never on message text. */
export type ErrorCode =
  | 'KNOWLEDGE_INVALID'
  | 'CONFIG_INVALID'
  | 'USAGE'
  | 'STORE_UNAVAILABLE'
  /** The HTTP server could not listen (port in use, no permission, HOST not on this machine). */
  | 'LISTEN_FAILED'
  /** A channel could not start (Slack refused the token at auth.test, or could not be reached). */
  | 'CHANNEL_FAILED'
  /** Anything else that stopped `serve` from starting. */
  | 'START_FAILED';

/** The one error type of runtime-advice: a stable code, a message for people, an optional cause. */
export class AppError extends Error {
  readonly code: ErrorCode;
  /** Individual problems (e.g. one per broken knowledge field), already formatted for people. */
  readonly problems: readonly string[];

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; problems?: readonly string[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.problems = options.problems ?? [];
  }
}

/** True when `err` is an AppError with the given code. */
export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}
