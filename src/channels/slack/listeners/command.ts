/** The /runtime-advice slash command: private to the user who ran it until they share the result. */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Input } from '../../../engine/index.js';
import { runTurn } from '../../turn.js';
import { afterPendingAcks, type SlackDeps, slackKey, turnOptions } from '../context.js';
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
    const conversation = `cmd:${command.channel_id}`;
    const text = command.text.trim();
    const input: Input = text === '' ? { kind: 'action', action: { kind: 'ask', intent: 'recommend' } } : { kind: 'text', text };
    const notePrivately = (note: string) => respond({ response_type: 'ephemeral', text: note });
    await runTurn(
      deps,
      log,
      {
        repeat: 'command',
        failure: 'command failed',
        // A replayed request (same trigger) is answered once.
        ids: `slack-command:${command.trigger_id}`,
        ask: { key: slackKey(command.team_id, conversation, command.user_id), input, options: turnOptions(command.team_id, command.user_id) },
      },
      {
        render: (reply) => renderSlack(reply, { owner: command.user_id, conversation, shareable: true, texts: deps.engine.knowledge.responses }),
        send: async (message) => void (await respond({ response_type: 'ephemeral', ...message })),
        // A private conversation: the record goes to the user's direct message.
        document: async (doc) => void (await deliverRecord(client, deps.engine.knowledge, log, { user: command.user_id, notePrivately }, doc)),
        notice: notePrivately,
      },
    );
  };
}
