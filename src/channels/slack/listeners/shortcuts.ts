/**
 * Shortcuts: "Get runtime advice" on any message reads it with the situation reader and answers the
 * person who ran it privately; the global shortcut starts the interview in their direct message.
 */
import type { AllMiddlewareArgs, GlobalShortcut, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { runTurn, type Transport } from '../../turn.js';
import type { Message } from '../blocks.js';
import { afterPendingAcks, type SlackDeps, slackKey, turnOptions } from '../context.js';
import { encodedBlocks } from '../encoded.js';
import { openDm, slackErrorCode } from '../record.js';
import { renderSlack } from '../render.js';

type MessageShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;
type GlobalShortcutArgs = SlackShortcutMiddlewareArgs<GlobalShortcut> & AllMiddlewareArgs;

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
    const user = shortcut.user.id;
    const team = shortcut.team?.id ?? shortcut.user.team_id ?? 'T';
    const channel = shortcut.channel.id;
    const texts = deps.engine.knowledge.responses;
    const input = { kind: 'describe', text: typeof shortcut.message.text === 'string' ? shortcut.message.text : '' } as const;
    const conversation = `cmd:${channel}`;
    const thread = typeof shortcut.message.thread_ts === 'string' ? { thread_ts: shortcut.message.thread_ts } : {};
    const dm = `dm:${user}`;
    const inDm: Transport<Message> = {
      render: (reply) => renderSlack(reply, { owner: user, conversation: dm, texts }),
      send: async (message) => void (await client.chat.postMessage({ channel: await openDm(client, user), ...encodedBlocks(message) })),
    };
    await runTurn(
      deps,
      log,
      // A replayed request carries the same trigger.
      {
        repeat: 'shortcut',
        failure: 'message shortcut failed',
        ids: `slack-shortcut:${shortcut.trigger_id}`,
        ask: { key: slackKey(team, conversation, user), input, options: turnOptions(team, user) },
      },
      {
        render: (reply) => renderSlack(reply, { owner: user, conversation, shareable: true, texts }),
        send: async (message) => {
          await client.chat.postEphemeral({ channel, user, ...thread, ...encodedBlocks(message) });
          return { where: 'ephemeral' };
        },
        elsewhere: async (err) => {
          log.info('ephemeral reply refused, answering in the direct message', { code: slackErrorCode(err) });
          return { key: slackKey(team, dm, user), transport: inDm, fields: { where: 'dm' } };
        },
        notice: (text) => respond({ response_type: 'ephemeral', text }),
      },
    );
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
    const dm = `dm:${user}`;
    // A global shortcut has no response_url, and the DM is what failed: the log is all there is (no `notice`).
    await runTurn(
      deps,
      log,
      {
        repeat: 'shortcut',
        failure: 'global shortcut failed',
        ids: `slack-shortcut:${shortcut.trigger_id}`,
        ask: { key: slackKey(team, dm, user), input: { kind: 'action', action: { kind: 'ask', intent: 'recommend' } } },
        fields: { where: 'dm' },
      },
      {
        render: (reply) => renderSlack(reply, { owner: user, conversation: dm, texts: deps.engine.knowledge.responses }),
        send: async (message) => void (await client.chat.postMessage({ channel: await openDm(client, user), ...encodedBlocks(message) })),
      },
    );
  };
}
