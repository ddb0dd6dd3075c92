/**
 * Checks on a Teams request that need no SDK: the Bearer header (before the body is read) and, without
 * an app id, the loopback-only rule for `serviceUrl` (the host the bot would send its reply to).
 */
import type { IncomingMessage } from 'node:http';

/** Where Bot Framework posts activities. */
export const TEAMS_PATH = '/api/messages';

/** True when the request carries `Authorization: Bearer <token>`; with an app id anything else is refused unread. */
export function hasBearer(req: IncomingMessage): boolean {
  const header = req.headers.authorization;
  return typeof header === 'string' && /^Bearer [^\s]+$/.test(header.trim());
}

/** 127.0.0.0/8 as the URL parser writes it (it turns `2130706433`, `0x7f.1` and the like into dotted form). */
const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * The serviceUrl rebuilt from its parsed parts when its host is loopback (localhost, 127.0.0.0/8, [::1]) and
 * its scheme http(s); else undefined. The rebuilt form has no user info, query or fragment, so the HTTP client
 * that later sends the reply cannot read another host out of it than the one checked here.
 */
export function loopbackServiceUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  const host = url.hostname.toLowerCase();
  if (host !== 'localhost' && host !== '[::1]' && !IPV4_LOOPBACK.test(host)) return undefined;
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  // A path character some other URL parser might read as a separator (`@`, `;`, `\`...) is refused outright.
  if (!/^[A-Za-z0-9\-._~/%]*$/.test(path)) return undefined;
  return `${url.protocol}//${url.host}${path}`;
}
