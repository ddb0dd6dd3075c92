/**
 * Checks on a Slack request's raw bytes before anything parses them: the signature (with a replay window
 * both ways), then the shape Bolt can take. Bolt checks the signature too, but only after it has parsed
 * form bodies, and it accepts timestamps in the future.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BufferedRequest } from '../../http-body.js';

/** How far a request's timestamp may be from our clock, either way (Slack's own SDKs use 5 minutes). */
export const REPLAY_WINDOW_S = 300;

/** Form bodies at most this long may be Slack's unsigned `ssl_check` probe. */
const SSL_CHECK_MAX_BYTES = 512;

const header = (req: BufferedRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * True when `X-Slack-Signature` is `v0=` HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`) and the timestamp,
 * whole seconds, is within REPLAY_WINDOW_S of `nowMs`. Costs one HMAC over the body and nothing else.
 */
export function slackSignatureIsValid(req: BufferedRequest, signingSecret: string, nowMs: number = Date.now()): boolean {
  const timestamp = header(req, 'x-slack-request-timestamp');
  const signature = header(req, 'x-slack-signature');
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > REPLAY_WINDOW_S) return false;
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return false;
  const expected = createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(req.rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(signature.slice(3), 'hex'));
}

/** True for Slack's `ssl_check=1` probe, which is not signed (Bolt answers it 200); only tiny bodies are looked at. */
export function isSslCheck(req: BufferedRequest): boolean {
  if (req.headers['content-type'] !== 'application/x-www-form-urlencoded' || req.rawBody.length > SSL_CHECK_MAX_BYTES) return false;
  return new URLSearchParams(req.rawBody.toString('utf8')).get('ssl_check') === '1';
}

/**
 * True when Bolt can take the body: JSON whose top level is an object, or a form whose `payload` (if any)
 * is one. Bolt handles invalid JSON itself but throws on valid non-objects (`null`, `"x"`, `[]`), so only
 * the first character needs checking: no second parse on the hot path. Call it on signed bodies only.
 */
export function slackBodyIsWellFormed(req: BufferedRequest): boolean {
  const type = req.headers['content-type'] ?? '';
  const text = req.rawBody.toString('utf8');
  const objectLike = (s: string) => s.trimStart().startsWith('{');
  // Bolt parses exactly this type as a form and anything else as JSON (platform-facts section 1).
  if (type === 'application/x-www-form-urlencoded') {
    if (!text.includes('payload=')) return true;
    const payload = new URLSearchParams(text).get('payload');
    return payload === null || objectLike(payload);
  }
  return objectLike(text);
}
