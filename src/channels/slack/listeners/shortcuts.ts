/**
 * Shortcuts: "Get runtime advice" on any message reads it with the situation reader and answers the
 * person who ran it privately; the global shortcut starts the interview in their direct message.
 */
import type { AllMiddlewareArgs, GlobalShortcut, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { APOLOGY, afterPendingAcks, DEFAULT_DELIVERY_TTL_MS, type SlackDeps, slackKey, turnOptions } from '../context.js';
import { openDm, slackErrorCode } from '../record.js';
import { renderSlack } from '../render.js';

type MessageShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;
type GlobalShortcutArgs = SlackShortcutMiddlewareArgs<GlobalShortcut> & AllMiddlewareArgs;

/** True the first time Slack delivers this shortcut (a replayed request carries the same trigger). */
function firstTime(deps: SlackDeps, trigger: string): Promise<boolean> {
  return deps.store.firstDelivery(`slack-shortcut:${trigger}`, deps.deliveryTtlMs ?? DEFAULT_DELIVERY_TTL_MS);
}

/**
 * The message shortcut. The answer is ephemeral in the channel, in the conversation of the slash
 * command there (`cmd:<channel>`), so its buttons and a later `/runtime-advice ...` continue it. When
 * Slack refuses the ephemeral (the bot is not in the channel: not_in_channel, channel_not_found, or
 * any other error) the interview runs in the user's direct message instead (`dm:<user>`), where
 * typed answers continue it too.
 */
export function onMessageShortcut(deps: SlackDeps) {
  return async ({ shortcut, ack, client, respond }: MessageShortcutArgs): Promise<void> => {
    await ack();
    await afterPendingAcks();
    const log = deps.logger.child({ channel: 'slack', kind: 'shortcut' });
    const started = performance.now();
    const user = shortcut.user.id;
    const team = shortcut.team?.id ?? shortcut.user.team_id ?? 'T';
    const channel = shortcut.channel.id;
    const input = { kind: 'describe', text: typeof shortcut.message.text === 'string' ? shortcut.message.text : '' } as const;
    try {
      if (!(await firstTime(deps, shortcut.trigger_id))) return void log.info('duplicate shortcut dropped');
      const conversation = `cmd:${channel}`;
      const reply = await deps.engine.handle(slackKey(team, conversation, user), input, turnOptions(team, user));
      const thread = typeof shortcut.message.thread_ts === 'string' ? { thread_ts: shortcut.message.thread_ts } : {};
      try {
        await client.chat.postEphemeral({ channel, user, ...thread, ...renderSlack(reply, { owner: user, conversation, shareable: true }) });
        return void log.info('replied', { intent: reply.intent, where: 'ephemeral', latency_ms: Math.round(performance.now() - started) });
      } catch (err) {
        log.info('ephemeral reply refused, answering in the direct message', { code: slackErrorCode(err) });
      }
      const dm = `dm:${user}`;
      const inDm = await deps.engine.handle(slackKey(team, dm, user), input, turnOptions(team, user));
      await client.chat.postMessage({ channel: await openDm(client, user), ...renderSlack(inDm, { owner: user, conversation: dm }) });
      log.info('replied', { intent: inDm.intent, where: 'dm', latency_ms: Math.round(performance.now() - started) });
    } catch (err) {
      log.error('message shortcut failed', { err });
      await respond({ response_type: 'ephemeral', text: APOLOGY }).catch(() => {});
    }
  };
}

/** The global shortcut: the interview in the user's direct message, where typed answers work too. */
export function onGlobalShortcut(deps: SlackDeps) {
  return async ({ shortcut, ack, client }: GlobalShortcutArgs): Promise<void> => {
    await ack();
    await afterPendingAcks();
    const log = deps.logger.child({ channel: 'slack', kind: 'shortcut' });
    const user = shortcut.user.id;
    const team = shortcut.team?.id ?? shortcut.user.team_id ?? 'T';
    try {
      if (!(await firstTime(deps, shortcut.trigger_id))) return void log.info('duplicate shortcut dropped');
      const dm = `dm:${user}`;
      const reply = await deps.engine.handle(slackKey(team, dm, user), { kind: 'action', action: { kind: 'ask', intent: 'recommend' } });
      await client.chat.postMessage({ channel: await openDm(client, user), ...renderSlack(reply, { owner: user, conversation: dm }) });
      log.info('replied', { intent: reply.intent, where: 'dm' });
    } catch (err) {
      // A global shortcut has no response_url, and the DM is what failed: the log is all there is.
      log.error('global shortcut failed', { err });
    }
  };
}
