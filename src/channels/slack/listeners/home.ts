/**
 * The App Home tab: what the bot does, the user's last recommendation (verdict, date, answers) with
 * "Write up as a decision record", and a button that starts an interview in the DM.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerLabel } from '../../../engine/compose.js';
import type { Slot } from '../../../ids.js';
import type { ConversationState } from '../../../state/store.js';
import { type Block, HomeView } from '../blocks.js';
import { homeKey, type SlackDeps } from '../context.js';
import { escapeMrkdwn } from '../render.js';
import { encodeValue } from '../value.js';

type HomeArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;
type Last = NonNullable<ConversationState['last']>;

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** A date Slack shows in the reader's own time zone, with the UTC day as the fallback. */
function slackDate(at: number): string {
  return `<!date^${Math.floor(at / 1000)}^{date_short_pretty}|${new Date(at).toISOString().slice(0, 10)}>`;
}

/** The blocks of the last recommendation: verdict and confidence, when, the answers, and its buttons. */
function lastBlocks(deps: SlackDeps, user: string, last: Last): Block[] {
  const k = deps.engine.knowledge;
  const title = escapeMrkdwn(k.verdicts[last.verdict].title);
  const when = last.at ? `, ${slackDate(last.at)}` : '';
  const answers = Object.entries(last.answers).map(([slot, value]) => `• ${escapeMrkdwn(answerLabel(k, slot as Slot, value ?? ''))}`);
  return [
    { type: 'divider' },
    section(`*Your last recommendation:* ${title}${when}`),
    ...(answers.length > 0 ? [section(`*Your answers*\n${answers.join('\n')}`)] : []),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          style: 'primary',
          text: { type: 'plain_text', text: k.records.button },
          action_id: 'ra_home_record',
          value: encodeValue({ o: user, k: 'home', a: { kind: 'record', answers: last.answers } }),
        },
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Start a new interview' },
          action_id: 'ra_home_start',
          value: encodeValue({ o: user, k: `dm:${user}`, a: { kind: 'ask', intent: 'recommend' } }),
        },
      ],
    },
  ];
}

/** The Home tab view for one user; `last` is their last recommendation, if any. */
export function homeView(deps: SlackDeps, user: string, last?: Last) {
  const k = deps.engine.knowledge;
  const start: Block = {
    type: 'actions',
    elements: [
      {
        type: 'button',
        style: 'primary',
        text: { type: 'plain_text', text: 'Start the interview' },
        action_id: 'ra_home_start',
        value: encodeValue({ o: user, k: `dm:${user}`, a: { kind: 'ask', intent: 'recommend' } }),
      },
    ],
  };
  return HomeView.parse({
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'runtime-advice' } },
      section(
        escapeMrkdwn(
          'I help you decide between Docker containers and virtual machines. Ask me about start-up time, density, disk size, isolation, hardening or portability, or let me ask you a few questions and recommend containers, VMs or both.',
        ),
      ),
      section(
        escapeMrkdwn(
          'Mention me in a channel, send me a direct message, or use /runtime-advice (alone to start the interview, with a question to ask it). On any message, More actions > Get runtime advice reads it for you.',
        ),
      ),
      ...(last ? lastBlocks(deps, user, last) : [start]),
      { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(`Answers come from "${k.article.title}".`) }] },
    ],
  });
}

export function onHomeOpened(deps: SlackDeps) {
  return async ({ event, body, client }: HomeArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    try {
      // Every Slack turn that ends in a recommendation also keeps it under the user's home key.
      const last = await deps.engine.lastOf(homeKey(body.team_id, event.user));
      await client.views.publish({ user_id: event.user, view: homeView(deps, event.user, last) as never });
    } catch (err) {
      deps.logger.error('home publish failed', { channel: 'slack', err });
    }
  };
}
