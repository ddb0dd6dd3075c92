/** Mentions in channels and direct messages. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { runTurn, type Turn } from '../../turn.js';
import { afterPendingAcks, type SlackDeps, slackKey, turnOptions } from '../context.js';
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
  // Bolt has acked already; let other requests waiting on the loop be acked before this turn's work.
  await afterPendingAcks();
  const thread = threadTs ? { thread_ts: threadTs } : {};
  // One answer per message: Slack retries reuse event_id; the message ts covers a second subscription. Both ids
  // are recorded in one store round trip.
  const messageId = `slack-msg:${m.channel}:${m.ts}`;
  const turn: Turn = {
    repeat: 'delivery',
    failure: 'reply failed',
    ids: m.eventId ? [`slack-event:${m.eventId}`, messageId] : [messageId],
    ask: { key: slackKey(m.team, conversation, m.user), input: { kind: 'text', text: m.text }, options: turnOptions(m.team, m.user) },
  };
  await runTurn(deps, log, turn, {
    render: (reply) => renderSlack(reply, { owner: m.user, conversation, texts: deps.engine.knowledge.responses }),
    send: async (message) => void (await client.chat.postMessage({ channel: m.channel, ...thread, ...encodedBlocks(message) })),
    document: async (doc) => void (await postRecord(client, deps.engine.knowledge, log, { channel: m.channel, ...(threadTs ? { threadTs } : {}) }, doc)),
    notice: (text) => client.chat.postMessage({ channel: m.channel, ...thread, text }),
  });
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
