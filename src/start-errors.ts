/** Why `serve` could not start, in one line a person can act on; the original error stays as the cause. */
import { AppError } from './errors.js';
import { parseStoreSpec } from './state/spec.js';

const LISTEN_REASONS: Record<string, string> = {
  EADDRINUSE: 'the address is already in use (EADDRINUSE): another process listens there; stop it or set PORT',
  EACCES: 'permission denied (EACCES): ports below 1024 need privileges; set PORT',
  EADDRNOTAVAIL: 'HOST is not an address of this machine (EADDRNOTAVAIL)',
  ENOTFOUND: 'HOST does not resolve to an address (ENOTFOUND)',
  EAI_AGAIN: 'HOST could not be resolved right now (EAI_AGAIN)',
};

/** The HTTP server could not listen on PORT (and HOST). */
export function listenFailure(err: unknown, port: number, host: string | undefined): AppError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const reason = LISTEN_REASONS[code] ?? (err as Error).message ?? String(err);
  return new AppError('LISTEN_FAILED', `cannot listen on port ${port}${host ? ` of ${host}` : ''}: ${reason}`, { cause: err });
}

/** Slack's start (auth.test through SLACK_API_URL) failed: a refused token, or Slack not reachable. */
export function slackFailure(err: unknown): AppError {
  // The Web API client's errors carry Slack's own error code (invalid_auth, account_inactive, ...) in data.error.
  const slackError = (err as { data?: { error?: unknown } }).data?.error;
  const message =
    typeof slackError === 'string'
      ? `Slack refused the bot token at auth.test (${slackError}): check SLACK_BOT_TOKEN`
      : `cannot reach Slack for auth.test: ${((err as Error).message ?? String(err)).split('\n')[0]}`;
  return new AppError('CHANNEL_FAILED', message, { cause: err });
}

/** The password of a Redis STATE_STORE URL (as written and decoded), to redact from every log line. */
export function passwordOf(stateStore: string): string[] {
  const spec = parseStoreSpec(stateStore);
  if (spec.kind !== 'redis') return [];
  try {
    const { password } = new URL(spec.url);
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}
