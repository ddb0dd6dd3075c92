/** The /runtime-advice slash command: private to the user who ran it until they share the result. */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { APOLOGY, afterPendingAcks, DEFAULT_DELIVERY_TTL_MS, type SlackDeps, slackKey, turnOptions } from '../context.js';
import { deliverRecord } from '../record.js';
import { renderSlack } from '../render.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/runtime-advice` alone starts the interview; with text it answers the text ("help" included). */
export function onCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    // Ack first and empty: the answer follows through response_url, so Slack's 3 s never binds.
    await ack();
    await afterPendingAcks();
    const log = deps.logger.child({ channel: 'slack', kind: 'command' });
    const started = performance.now();
    const conversation = `cmd:${command.channel_id}`;
    try {
      // A replayed request (same trigger) is answered once.
      if (!(await deps.store.firstDelivery(`slack-command:${command.trigger_id}`, deps.deliveryTtlMs ?? DEFAULT_DELIVERY_TTL_MS))) {
        return void log.info('duplicate command dropped');
      }
      const key = slackKey(command.team_id, conversation, command.user_id);
      const text = command.text.trim();
      const options = turnOptions(command.team_id, command.user_id);
      const reply =
        text === ''
          ? await deps.engine.handle(key, { kind: 'action', action: { kind: 'ask', intent: 'recommend' } }, options)
          : await deps.engine.handle(key, { kind: 'text', text }, options);
      if (reply.document) {
        // A private conversation: the record goes to the user's direct message.
        const notePrivately = (text: string) => respond({ response_type: 'ephemeral', text });
        await deliverRecord(client, deps.engine.knowledge, log, { user: command.user_id, notePrivately }, reply.document);
      } else await respond({ response_type: 'ephemeral', ...renderSlack(reply, { owner: command.user_id, conversation, shareable: true }) });
      log.info('replied', { intent: reply.intent, latency_ms: Math.round(performance.now() - started) });
    } catch (err) {
      log.error('command failed', { err });
      await respond({ response_type: 'ephemeral', text: APOLOGY }).catch(() => {});
    }
  };
}
