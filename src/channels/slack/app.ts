/** The Slack channel on Bolt: HTTP (signed requests at /slack/events) or Socket Mode. */
import type { RequestListener } from 'node:http';
import { App, type GlobalShortcut, HTTPReceiver, LogLevel, type MessageShortcut } from '@slack/bolt';
import { SLACK_COMMAND, SLACK_PATH, SLACK_SHORTCUTS } from '../../cli/manifest-check.js';
import type { Config } from '../../config.js';
import { type BufferedRequest, refuse } from '../../http-body.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackDeps } from './context.js';
import { onButton } from './listeners/actions.js';
import { onCommand } from './listeners/command.js';
import { onHomeOpened } from './listeners/home.js';
import { onDirectMessage, onMention } from './listeners/messages.js';
import { onGlobalShortcut, onMessageShortcut } from './listeners/shortcuts.js';
import { isSslCheck, slackBodyIsWellFormed, slackSignatureIsValid } from './verify.js';

export interface SlackChannel {
  /** Present in HTTP mode: mount at /slack/events, and give it requests whose body is read (`rawBody`). */
  requestListener?: RequestListener;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** How the Web API client behaves when Slack fails (tests shorten the timeout). */
export interface SlackClientOptions {
  retries?: number;
  timeoutMs?: number;
}

/**
 * Bounded retries (WebClient's default is 10 tries over 30 minutes): 429s wait for Retry-After and 5xx
 * and refused connections are retried, but a timeout is not, since Slack may have posted the message
 * already and a retry would post it twice.
 */
export function retryPolicy(retries: number) {
  return {
    retries,
    factor: 2,
    minTimeout: 200,
    maxTimeout: 2000,
    onFailedAttempt: (err: Error & { code?: string; original?: { name?: string } }) => {
      if (err.code === 'slack_webapi_request_error' && ['TimeoutError', 'AbortError'].includes(err.original?.name ?? '')) throw err;
    },
  };
}

/** Registers every listener in one place. */
export function registerListeners(app: App, deps: SlackDeps): void {
  // Bolt acks before listeners finish; counting them lets shutdown finish every acknowledged turn.
  const tracked =
    <A>(listener: (args: A) => Promise<void>) =>
    (args: A) =>
      deps.inflight ? deps.inflight.track(() => listener(args)) : listener(args);
  app.event('app_mention', tracked(onMention(deps)));
  app.message(tracked(onDirectMessage(deps)));
  app.command(SLACK_COMMAND, tracked(onCommand(deps)));
  app.action(/^ra_/, tracked(onButton(deps)));
  app.event('app_home_opened', tracked(onHomeOpened(deps)));
  app.shortcut<MessageShortcut>(SLACK_SHORTCUTS.message, tracked(onMessageShortcut(deps)));
  app.shortcut<GlobalShortcut>(SLACK_SHORTCUTS.global, tracked(onGlobalShortcut(deps)));
  app.error(async (err) => {
    deps.logger.error('bolt error', { channel: 'slack', err });
  });
}

/** Builds the Bolt app. `auth.test` runs once at start (through SLACK_API_URL when set). */
export function createSlackChannel(config: Config, deps: SlackDeps, options: SlackClientOptions = {}): SlackChannel {
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new Error('createSlackChannel needs SLACK_BOT_TOKEN');
  const logger = boltLogger(deps.logger.child({ channel: 'slack' }));
  const clientOptions = {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    retryConfig: retryPolicy(options.retries ?? 2),
    timeout: options.timeoutMs ?? 10_000,
  };
  if (config.SLACK_APP_TOKEN) {
    const app = new App({
      token,
      appToken: config.SLACK_APP_TOKEN,
      socketMode: true,
      logger,
      logLevel: LogLevel.INFO,
      clientOptions,
      deferInitialization: true,
    });
    registerListeners(app, deps);
    return {
      start: async () => {
        await app.init();
        await app.start();
      },
      stop: async () => {
        await app.stop();
      },
    };
  }
  const signingSecret = config.SLACK_SIGNING_SECRET;
  if (!signingSecret) throw new Error('createSlackChannel needs SLACK_SIGNING_SECRET in HTTP mode');
  const receiver = new HTTPReceiver({ signingSecret, endpoints: SLACK_PATH, logger, bodyLimit: '1mb', unhandledRequestTimeoutMillis: 2500 });
  const app = new App({ token, receiver, logger, clientOptions, deferInitialization: true });
  registerListeners(app, deps);
  const log = deps.logger.child({ channel: 'slack' });
  // The signature is checked on the raw bytes before anything parses them; Bolt's own check stays on behind it.
  const requestListener: RequestListener = (req, res) => {
    const buffered = req as BufferedRequest;
    if (!slackSignatureIsValid(buffered, signingSecret)) {
      if (isSslCheck(buffered)) return void res.writeHead(200).end();
      log.warn('request refused: bad signature or timestamp');
      return refuse(res, 401, 'unauthorized');
    }
    // Bolt would throw on a body it cannot parse (JSON null, say); refuse those here.
    if (!slackBodyIsWellFormed(buffered)) return refuse(res, 400, 'malformed body');
    receiver.requestListener(req, res);
  };
  return {
    requestListener,
    start: async () => {
      await app.init();
    },
    stop: async () => {},
  };
}
