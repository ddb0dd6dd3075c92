/** The App Home tab after a recommendation, end to end: signed events and clicks, the fake Web API. */
import { describe, expect, it } from 'vitest';
import { HomeView } from '../../src/channels/slack/blocks.js';
import type { Answers } from '../../src/ids.js';
import { firstQuestion } from '../helpers.js';
import type { Call } from './fake-slack.js';
import { click, envelope, FORM, JSON_TYPE, mention, slash } from './slack-client.js';
import { button, buttons, has, textOf } from './slack-session.js';
import { slackSuite } from './slack-suite.js';

const { s } = slackSuite();

/** Strongest isolation, and only microservices ticked in the grouped container question: hybrid. */
const HYBRID: Answers = { isolation: 'high', microservices: 'yes' };
/** Standard isolation and no VM signals: containers. */
const CONTAINERS: Answers = { isolation: 'standard', multi_os: 'no', legacy: 'no', infra_sim: 'no' };

/** Opens the Home tab of `user`; returns the published view. */
async function openHome(user: string): Promise<Call> {
  const calls = await s.send(envelope({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: '1.1' }), JSON_TYPE, has('views.publish'));
  const publish = calls.find((c) => c.method === 'views.publish') as Call;
  expect(publish.body.user_id).toBe(user);
  expect(() => HomeView.parse(publish.body.view)).not.toThrow();
  return publish;
}

/** A click on a Home tab button (the container is the view, there is no message). */
function homeClick(value: string, user: string): string {
  const payload = JSON.parse(new URLSearchParams(click(value, { user, responseUrl: s.respondUrl() })).get('payload') ?? '{}');
  payload.container = { type: 'view', view_id: 'V1' };
  delete payload.message;
  delete payload.channel;
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

describe('Slack App Home', () => {
  it('after a private recommendation, shows its verdict, date and answers with "Write up as a decision record" and "Start a new interview"', async () => {
    const start = (await s.send(slash('', s.respondUrl(), 'U3'), FORM))[0] as Call;
    const card = await s.answerUntilDone(start, HYBRID, { user: 'U3', ephemeral: true });
    expect(textOf(card)).toMatch(/Recommendation: Both together/);
    const home = await openHome('U3');
    const text = textOf(home);
    expect(text).toContain('*Your last recommendation:* Both together');
    const today = new Date().toISOString().slice(0, 10);
    expect(text).toMatch(new RegExp(`<!date\\^\\d+\\^\\{date_short_pretty\\}\\|${today}>`));
    expect(text).toContain('strongest isolation: yes, strongest isolation');
    expect(text).toContain('microservices: yes');
    expect(buttons(home).map((b) => b.text.text)).toEqual(['Write up as a decision record', 'Start a new interview']);
  });

  it('the Home record button sends the record as a file to the direct message', async () => {
    const home = await openHome('U3');
    const calls = await s.send(homeClick(button(home, 'Write up as a decision record'), 'U3'), FORM, has('files.completeUploadExternal'));
    expect(calls.find((c) => c.method === 'conversations.open')?.body.users).toBe('U3');
    expect(calls.find((c) => c.method === 'files.completeUploadExternal')?.body.channel_id).toBe('DU3');
    const upload = calls.find((c) => c.method.startsWith('upload:')) as Call;
    expect(String(upload.body.body)).toMatch(/^# Run the workload in containers on VM-backed infrastructure\n/);
  });

  it('"Start a new interview" starts it in the direct message', async () => {
    const home = await openHome('U3');
    const calls = await s.send(homeClick(button(home, 'Start a new interview'), 'U3'), FORM, has('chat.postMessage'));
    const posted = calls.find((c) => c.method === 'chat.postMessage') as Call;
    expect(posted.body.channel).toBe('U3');
    expect(textOf(posted)).toContain(`Question 1 of at most ${(await firstQuestion()).atMost}`);
  });

  it('shows the latest recommendation whichever conversation it was made in', async () => {
    // "start over" starts an empty interview whatever the situation reader reads into the text.
    const card = await s.answerUntilDone(await s.event(mention('start over', { user: 'U3' })), CONTAINERS, { user: 'U3', messageTs: '1700002222.000100' });
    expect(textOf(card)).toMatch(/Recommendation: Containers/);
    expect(textOf(await openHome('U3'))).toContain('*Your last recommendation:* Containers');
    // Someone else's Home tab is their own.
    expect(buttons(await openHome('U4')).map((b) => b.text.text)).toEqual(['Start the interview']);
  });
});
