/** The App Home tab: what the bot does, and a button that starts the interview in the DM. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { HomeView } from '../blocks.js';
import type { SlackDeps } from '../context.js';
import { escapeMrkdwn } from '../render.js';
import { encodeValue } from '../value.js';

type HomeArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** The Home tab view for one user. */
export function homeView(deps: SlackDeps, user: string) {
  const k = deps.engine.knowledge;
  return HomeView.parse({
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'runtime-advice' } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: escapeMrkdwn(
            'I help you decide between Docker containers and virtual machines. Ask me about start-up time, density, disk size, isolation, hardening or portability, or let me ask you a few questions and recommend containers, VMs or both.',
          ),
        },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: escapeMrkdwn(
            'Mention me in a channel, send me a direct message, or use /runtime-advice (alone to start the interview, with a question to ask it).',
          ),
        },
      },
      {
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
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(`Answers come from "${k.article.title}".`) }] },
    ],
  });
}

export function onHomeOpened(deps: SlackDeps) {
  return async ({ event, client }: HomeArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    try {
      await client.views.publish({ user_id: event.user, view: homeView(deps, event.user) as never });
    } catch (err) {
      deps.logger.error('home publish failed', { channel: 'slack', err });
    }
  };
}
