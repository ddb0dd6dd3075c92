/** Button clicks: interview answers update the question in place; other buttons answer below. */
import type { AllMiddlewareArgs, BlockAction, BlockElementAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodePayload } from '../../payload.js';
import { repliesInPlace, runTurn, type Transport } from '../../turn.js';
import type { Message } from '../blocks.js';
import { afterPendingAcks, type SlackDeps, slackKey, turnOptions } from '../context.js';
import { encodedBlocks } from '../encoded.js';
import { deliverRecord, recordPlace } from '../record.js';
import { GROUP_CONTINUE, GROUP_PICK, renderSlack } from '../render.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction<BlockElementAction>> & AllMiddlewareArgs;

/** The values ticked in the grouped question's checkboxes of the clicked message (Slack sends them in `state.values`). */
export function tickedValues(body: { state?: { values?: Record<string, Record<string, unknown>> } }): string[] {
  for (const block of Object.values(body.state?.values ?? {})) {
    const pick = block[GROUP_PICK] as { selected_options?: Array<{ value?: unknown }> } | undefined;
    if (pick) return (pick.selected_options ?? []).map((o) => o.value).filter((v): v is string => typeof v === 'string');
  }
  return [];
}
/** Every runtime-advice button (action ids ra_*). */
export function onButton(deps: SlackDeps) {
  return async ({ ack, action, body, client, respond }: ActionArgs): Promise<void> => {
    await ack();
    // Ticking a box is only kept by Slack until "Continue" is clicked: nothing to answer yet.
    if (action.type !== 'button') return;
    await afterPendingAcks();
    const log = deps.logger.child({ channel: 'slack', kind: 'action' });
    const user = body.user.id;
    const team = body.team?.id ?? body.user.team_id ?? 'T';
    const value = decodePayload(action.value);
    const container = body.container as { type?: string; is_ephemeral?: boolean; channel_id?: string; message_ts?: string; thread_ts?: string };
    const ephemeral = Boolean(container.is_ephemeral);
    const texts = deps.engine.knowledge.responses;
    const privately = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const say = async (message: { text: string; blocks?: unknown[] }, inPlace: boolean) => {
      if (container.type === 'view') return void (await client.chat.postMessage({ channel: user, ...encodedBlocks(message) } as never));
      if (ephemeral || !container.channel_id || !container.message_ts) {
        return void (await respond({ response_type: 'ephemeral', replace_original: inPlace, ...message } as never));
      }
      if (inPlace) return void (await client.chat.update({ channel: container.channel_id, ts: container.message_ts, ...encodedBlocks(message) } as never));
      const thread = body.message?.thread_ts ?? container.message_ts;
      await client.chat.postMessage({ channel: container.channel_id, thread_ts: thread, ...encodedBlocks(message) } as never);
    };
    const transport: Transport<Message> = {
      render: (reply) => renderSlack(reply, { owner: user, conversation: value?.k ?? `dm:${user}`, shareable: ephemeral, texts }),
      send: async (message, inPlace) => void (await say(message, inPlace)),
      document: async (doc) => void (await deliverRecord(client, deps.engine.knowledge, log, recordPlace(container, body, respond), doc)),
      notice: privately,
    };
    // A replayed request (same click) is acted on once: each click has its own trigger_id and action_ts.
    const base = { repeat: 'click', failure: 'action failed', ids: `slack-action:${team}:${user}:${body.trigger_id}:${action.action_ts}` };
    if (!value) {
      // Not a value we made: answered like a click on an interview that has ended.
      const expired = () => {
        log.info('unreadable button value');
        return deps.engine.say('interview_expired');
      };
      return runTurn(
        deps,
        log,
        { ...base, ask: { reply: expired } },
        { ...transport, send: async (message) => void (await respond({ response_type: 'ephemeral', replace_original: false, ...message })) },
      );
    }
    const owner = { of: value.o, by: user, notYours: 'not_yours_slack' } as const;
    const key = slackKey(team, value.k, user);
    if (value.a.kind === 'share') {
      const card = async () => {
        const last = await deps.engine.lastRecommendation(key);
        if (last) last.choices = [];
        return last;
      };
      return runTurn(
        deps,
        log,
        { ...base, owner, ask: { reply: card, none: 'nothing_to_share' }, fields: { action: 'share' } },
        {
          ...transport,
          render: (reply) => renderSlack(reply, { owner: user, conversation: value.k, texts }),
          send: async (message) => void (await respond({ response_type: 'in_channel', replace_original: false, ...message })),
        },
      );
    }
    // The record names who asked for it: the name comes from Slack's payload, never from the button.
    // "Continue" on a grouped question: the choice is what is ticked now; the engine validates it.
    const clicked =
      value.a.kind === 'record'
        ? { ...value.a, by: body.user.name ?? body.user.username ?? '' }
        : action.action_id === GROUP_CONTINUE && value.a.kind === 'multi'
          ? { ...value.a, chosen: tickedValues(body) }
          : value.a;
    const ask = { key, input: { kind: 'action', action: clicked } as const, options: turnOptions(team, user) };
    await runTurn(deps, log, { ...base, owner, ask, inPlace: repliesInPlace(value.a.kind), fields: { action: value.a.kind } }, transport);
  };
}
