/** Button clicks: interview answers update the question in place; other buttons answer below. */
import type { AllMiddlewareArgs, BlockAction, BlockElementAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { responseReply } from '../../../engine/compose.js';
import { APOLOGY, afterPendingAcks, DEFAULT_DELIVERY_TTL_MS, type SlackDeps, slackKey, turnOptions } from '../context.js';
import { encodedBlocks } from '../encoded.js';
import { deliverRecord, recordPlace } from '../record.js';
import { GROUP_CONTINUE, GROUP_PICK, renderSlack } from '../render.js';
import { decodeValue } from '../value.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction<BlockElementAction>> & AllMiddlewareArgs;

const IN_PLACE = new Set(['answer', 'skip', 'multi']);

/** The values ticked in the grouped question's checkboxes of the clicked message (Slack sends them in `state.values`). */
export function tickedValues(body: { state?: { values?: Record<string, Record<string, unknown>> } }): string[] {
  for (const block of Object.values(body.state?.values ?? {})) {
    const pick = block[GROUP_PICK] as { selected_options?: Array<{ value?: unknown }> } | undefined;
    if (pick) return (pick.selected_options ?? []).map((o) => o.value).filter((v): v is string => typeof v === 'string');
  }
  return [];
}
const NOT_YOURS = 'This interview belongs to someone else. Start your own with /runtime-advice or by mentioning me.';

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
    const value = decodeValue(action.value);
    const container = body.container as { type?: string; is_ephemeral?: boolean; channel_id?: string; message_ts?: string; thread_ts?: string };
    const ephemeral = Boolean(container.is_ephemeral);
    const say = async (message: { text: string; blocks?: unknown[] }, inPlace: boolean) => {
      if (container.type === 'view') return void (await client.chat.postMessage({ channel: user, ...encodedBlocks(message) } as never));
      if (ephemeral || !container.channel_id || !container.message_ts) {
        return void (await respond({ response_type: 'ephemeral', replace_original: inPlace, ...message } as never));
      }
      if (inPlace) return void (await client.chat.update({ channel: container.channel_id, ts: container.message_ts, ...encodedBlocks(message) } as never));
      const thread = body.message?.thread_ts ?? container.message_ts;
      await client.chat.postMessage({ channel: container.channel_id, thread_ts: thread, ...encodedBlocks(message) } as never);
    };
    try {
      // A replayed request (same click) is acted on once: each click has its own trigger_id and action_ts.
      const click = `slack-action:${team}:${user}:${body.trigger_id}:${action.action_ts}`;
      if (!(await deps.store.firstDelivery(click, deps.deliveryTtlMs ?? DEFAULT_DELIVERY_TTL_MS))) return void log.info('duplicate click dropped');
      if (!value) {
        // Not a value we made: treat it like a click on an interview that has ended.
        log.info('unreadable button value');
        const reply = responseReply(deps.engine.knowledge, null, 'interview_expired');
        return void (await respond({
          response_type: 'ephemeral',
          replace_original: false,
          ...renderSlack(reply, { owner: user, conversation: `dm:${user}` }),
        }));
      }
      if (value.o !== user) {
        log.info("click on another user's interview");
        return void (await respond({ response_type: 'ephemeral', replace_original: false, text: NOT_YOURS }));
      }
      const key = slackKey(team, value.k, user);
      const ctx = { owner: user, conversation: value.k, shareable: ephemeral };
      if (value.a.kind === 'share') {
        const card = await deps.engine.lastRecommendation(key);
        if (!card) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: 'There is no recommendation to share yet.' }));
        card.choices = [];
        return void (await respond({ response_type: 'in_channel', replace_original: false, ...renderSlack(card, { owner: user, conversation: value.k }) }));
      }
      // The record names who asked for it: the name comes from Slack's payload, never from the button.
      // "Continue" on a grouped question: the choice is what is ticked now; the engine validates it.
      const clicked =
        value.a.kind === 'record'
          ? { ...value.a, by: body.user.name ?? body.user.username ?? '' }
          : action.action_id === GROUP_CONTINUE && value.a.kind === 'multi'
            ? { ...value.a, chosen: tickedValues(body) }
            : value.a;
      const reply = await deps.engine.handle(key, { kind: 'action', action: clicked }, turnOptions(team, user));
      if (reply.document) return void (await deliverRecord(client, deps.engine.knowledge, log, recordPlace(container, body, respond), reply.document));
      await say(renderSlack(reply, ctx), IN_PLACE.has(value.a.kind));
      log.info('replied', { intent: reply.intent, action: value.a.kind });
    } catch (err) {
      log.error('action failed', { err });
      await respond({ response_type: 'ephemeral', replace_original: false, text: APOLOGY }).catch(() => {});
    }
  };
}
