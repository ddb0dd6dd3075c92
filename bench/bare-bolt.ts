/**
 * The Slack load benchmark's baseline, run as its own process (`node dist/bench/bare-bolt.js`): a bare Bolt app
 * on an HTTPReceiver that answers every app_mention with one fixed reply in its thread.
 * Environment: PORT, SLACK_SIGNING_SECRET, SLACK_API_URL (the fake Web API). Prints "bare-bolt listening on port N".
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { exitOnSignal } from './signals.js';

const signingSecret = process.env.SLACK_SIGNING_SECRET ?? '';
const slackApiUrl = process.env.SLACK_API_URL;
const port = Number(process.env.PORT ?? 0);
if (!signingSecret || !slackApiUrl) {
  process.stderr.write('bare-bolt needs SLACK_SIGNING_SECRET and SLACK_API_URL\n');
  process.exit(2);
}

const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
const app = new App({
  token: 'xoxb-bare-bolt-bench',
  receiver,
  // Both ids given, so Bolt never calls auth.test.
  botId: 'BBOT',
  botUserId: 'UBOT',
  tokenVerificationEnabled: false,
  clientOptions: { slackApiUrl },
  logLevel: LogLevel.ERROR,
});

app.event('app_mention', async ({ event, client }) => {
  await client.chat.postMessage({
    channel: event.channel,
    thread_ts: event.thread_ts ?? event.ts,
    text: 'Containers start in about a second; VMs take tens of seconds.',
  });
});

const server = (await app.start({ port, host: '127.0.0.1' })) as Server;
process.stdout.write(`bare-bolt listening on port ${(server.address() as AddressInfo).port}\n`);

exitOnSignal(() => app.stop());
