/** One real server and one fake Slack Web API per test file: started before its tests, stopped after them. */
import { afterAll, beforeAll, expect } from 'vitest';
import { Message } from '../../src/channels/slack/blocks.js';
import type { Running } from '../../src/serve.js';
import { testServer } from '../helpers.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { SIGNING_SECRET } from './slack-client.js';
import { slackSession } from './slack-session.js';

/** The running pair, filled in before the file's tests run. */
export interface SlackSuite {
  fake: FakeSlack;
  running: Running;
}

/**
 * Registers the hooks that start the pair and stop it; with `checkMessages`, every message the bot sent
 * must pass the Block Kit check when the file ends.
 */
export function slackSuite(options: { checkMessages?: boolean } = {}) {
  const suite = {} as SlackSuite;
  beforeAll(async () => {
    suite.fake = await startFakeSlack();
    suite.running = await testServer({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${suite.fake.url}/api/` });
  });
  afterAll(async () => {
    if (options.checkMessages) {
      for (const c of suite.fake.replies()) {
        if (['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method) || c.method.startsWith('respond:')) {
          expect(() => Message.parse(c.body), `${c.method}: ${JSON.stringify(c.body).slice(0, 300)}`).not.toThrow();
        }
      }
    }
    await suite.running?.stop();
    await suite.fake?.close();
  });
  const s = slackSession(
    () => `http://127.0.0.1:${suite.running.port}`,
    () => suite.fake,
  );
  return { suite, s };
}
