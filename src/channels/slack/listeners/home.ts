/**
 * The App Home tab: what the bot does, the user's last recommendation (verdict, date, answers) with
 * "Write up as a decision record", and a button that starts an interview in the DM.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { LastRecommendation } from '../../../engine/index.js';
import { fill } from '../../../knowledge/fill.js';
import { escapeMarkup } from '../../escape.js';
import { encodePayload } from '../../payload.js';
import { type Block, HomeView } from '../blocks.js';
import { homeKey, type SlackDeps } from '../context.js';

type HomeArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;
type Last = LastRecommendation;

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** A date Slack shows in the reader's own time zone, with the UTC day as the fallback. */
function slackDate(at: number): string {
  return `<!date^${Math.floor(at / 1000)}^{date_short_pretty}|${new Date(at).toISOString().slice(0, 10)}>`;
}

/** The blocks of the last recommendation: verdict and confidence, when, the answers, and its buttons. */
function lastBlocks(deps: SlackDeps, user: string, last: Last): Block[] {
  const k = deps.engine.knowledge;
  const r = k.responses;
  const title = escapeMarkup(k.verdicts[last.verdict].title);
  const when = last.at ? `, ${slackDate(last.at)}` : '';
  const answers = deps.engine.explain(last.answers).map((answer) => `• ${escapeMarkup(answer)}`);
  return [
    { type: 'divider' },
    section(`*${escapeMarkup(r.home_last)}* ${title}${when}`),
    ...(answers.length > 0 ? [section(`*${escapeMarkup(r.home_answers)}*\n${answers.join('\n')}`)] : []),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          style: 'primary',
          text: { type: 'plain_text', text: k.records.button },
          action_id: 'ra_home_record',
          value: encodePayload({ o: user, k: 'home', a: { kind: 'record', answers: last.answers } }),
        },
        {
          type: 'button',
          text: { type: 'plain_text', text: r.home_start_new },
          action_id: 'ra_home_start',
          value: encodePayload({ o: user, k: `dm:${user}`, a: { kind: 'ask', intent: 'recommend' } }),
        },
      ],
    },
  ];
}

/** The Home tab view for one user; `last` is their last recommendation, if any. */
export function homeView(deps: SlackDeps, user: string, last?: Last) {
  const k = deps.engine.knowledge;
  const r = k.responses;
  const start: Block = {
    type: 'actions',
    elements: [
      {
        type: 'button',
        style: 'primary',
        text: { type: 'plain_text', text: r.home_start },
        action_id: 'ra_home_start',
        value: encodePayload({ o: user, k: `dm:${user}`, a: { kind: 'ask', intent: 'recommend' } }),
      },
    ],
  };
  return HomeView.parse({
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: r.home_title } },
      section(escapeMarkup(r.home_about)),
      section(escapeMarkup(r.home_how)),
      ...(last ? lastBlocks(deps, user, last) : [start]),
      { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMarkup(fill(r.home_source, { title: k.article.title })) }] },
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
