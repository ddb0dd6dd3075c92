/**
 * The Block Kit schema check of outgoing messages, as a debug option (LOG_LEVEL=debug): the renderer keeps within
 * Slack's limits by construction and the tests check every payload, so production replies skip the zod parse.
 */
import type { Logger } from '../../log.js';
import { Message } from './blocks.js';

/** Web API methods whose arguments are a message. */
const MESSAGE_METHODS = /\/chat\.(postMessage|update|postEphemeral)$/;

/** The message fields of a Web API form body (blocks arrive JSON-encoded) or a response_url JSON body. */
function messageOf(url: string, body: unknown): unknown {
  if (typeof body !== 'string') return undefined;
  if (MESSAGE_METHODS.test(url)) {
    const form = new URLSearchParams(body);
    const blocks = form.get('blocks');
    return { text: form.get('text') ?? undefined, ...(blocks ? { blocks: JSON.parse(blocks) as unknown } : {}) };
  }
  // Anything else posted as JSON through this fetch is a response_url reply (Bolt's respond()).
  if (url.includes('/api/')) return undefined;
  const parsed = JSON.parse(body) as { text?: unknown; blocks?: unknown; delete_original?: unknown };
  return parsed.delete_original ? undefined : parsed;
}

/** Logs, at error, a message payload that breaks Block Kit's limits: where, never the text. Never throws. */
export function checkPayload(url: string, body: unknown, logger: Logger): void {
  try {
    const message = messageOf(url, body);
    if (message === undefined) return;
    const result = Message.safeParse(message);
    if (!result.success) {
      logger.error('payload breaks Block Kit limits', { channel: 'slack', issues: result.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`) });
    }
  } catch (err) {
    logger.error('payload not readable for the Block Kit check', { channel: 'slack', err });
  }
}
