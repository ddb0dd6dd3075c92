/** Mentions in channels and direct messages. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { APOLOGY, afterPendingAcks, DEFAULT_DELIVERY_TTL_MS, type SlackDeps, slackKey, turnOptions } from '../context.js';
import { encodedBlocks } from '../encoded.js';
import { postRecord } from '../record.js';
import { renderSlack } from '../render.js';

type MentionArgs = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs;
type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

interface Incoming {
  team: string;
  channel: string;
  user: string;
  text: string;
  ts: string;
  threadTs: string | undefined;
  eventId: string | undefined;
}

/** Answers one human message once, in `threadTs` when given. */
async function answer(deps: SlackDeps, m: Incoming, conversation: string, threadTs: string | undefined, client: AllMiddlewareArgs['client']): Promise<void> {
  const log = deps.logger.child({ channel: 'slack' });
  const started = performance.now();
  // Bolt has acked already; let other requests waiting on the loop be acked before this turn's work.
  await afterPendingAcks();
  try {
    // One answer per message: Slack retries reuse event_id; the message ts covers a second subscription. Both ids
    // are recorded in one store round trip.
    const messageId = `slack-msg:${m.channel}:${m.ts}`;
    const ids = m.eventId ? [`slack-event:${m.eventId}`, messageId] : [messageId];
    if (!(await deps.store.firstDelivery(ids, deps.deliveryTtlMs ?? DEFAULT_DELIVERY_TTL_MS))) return void log.info('duplicate delivery dropped', { ids });
    const reply = await deps.engine.handle(slackKey(m.team, conversation, m.user), { kind: 'text', text: m.text }, turnOptions(m.team, m.user));
    if (reply.document) {
      await postRecord(client, deps.engine.knowledge, log, { channel: m.channel, ...(threadTs ? { threadTs } : {}) }, reply.document);
      return void log.info('replied', { intent: reply.intent, record: true, latency_ms: Math.round(performance.now() - started) });
    }
    const message = renderSlack(reply, { owner: m.user, conversation });
    await client.chat.postMessage({ channel: m.channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...encodedBlocks(message) });
    log.info('replied', { intent: reply.intent, latency_ms: Math.round(performance.now() - started) });
  } catch (err) {
    log.error('reply failed', { err });
    await client.chat.postMessage({ channel: m.channel, ...(threadTs ? { thread_ts: threadTs } : {}), text: APOLOGY }).catch(() => {});
  }
}

/** `@runtime-advice ...` in a channel: answered in the thread of the mention. */
export function onMention(deps: SlackDeps) {
  return async ({ event, body, client, context }: MentionArgs): Promise<void> => {
    if (event.bot_id || event.subtype || !event.user || event.user === context.botUserId) return;
    const thread = event.thread_ts ?? event.ts;
    const m: Incoming = {
      team: body.team_id,
      channel: event.channel,
      user: event.user,
      text: event.text,
      ts: event.ts,
      threadTs: thread,
      eventId: body.event_id,
    };
    await answer(deps, m, `${event.channel}:${thread}`, thread, client);
  };
}

/** Direct messages: a normal conversation in the DM, keyed by the user. */
export function onDirectMessage(deps: SlackDeps) {
  return async ({ event, body, client, context }: MessageArgs): Promise<void> => {
    // Only plain human messages: no subtype (edits, deletes, joins, bot_message...) and no bot.
    if (event.channel_type !== 'im' || event.subtype !== undefined) return;
    if (event.bot_id || !event.user || event.user === context.botUserId) return;
    const m: Incoming = {
      team: body.team_id,
      channel: event.channel,
      user: event.user,
      text: event.text ?? '',
      ts: event.ts,
      threadTs: event.thread_ts,
      eventId: body.event_id,
    };
    await answer(deps, m, `dm:${event.user}`, event.thread_ts, client);
  };
}
