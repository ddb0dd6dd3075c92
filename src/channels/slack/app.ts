/** The Slack channel on Bolt: HTTP (signed requests at /slack/events) or Socket Mode. */
import type { RequestListener } from 'node:http';
import { type AllMiddlewareArgs, App, HTTPReceiver, LogLevel, type SlackEventMiddlewareArgs, type SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { Config } from '../../config.js';
import { type BufferedRequest, refuse } from '../../http-body.js';
import type { Mount } from '../../server.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackDeps } from './context.js';
import { BOT_SCOPES, createInstallationStore, INSTALL_PATH, REDIRECT_PATH } from './installations.js';
import { onButton } from './listeners/actions.js';
import { onCommand } from './listeners/command.js';
import { onHomeOpened } from './listeners/home.js';
import { onDirectMessage, onMention } from './listeners/messages.js';
import { onGlobalShortcut, onMessageShortcut } from './listeners/shortcuts.js';
import { onAppUninstalled, onTokensRevoked } from './listeners/uninstall.js';
import { SLACK_COMMAND, SLACK_PATH, SLACK_SHORTCUTS } from './manifest-ids.js';
import { checkPayload } from './payload-check.js';
import { isSslCheck, slackBodyIsWellFormed, slackSignatureIsValid } from './verify.js';

export interface SlackChannel {
  /**
   * The endpoints to serve: in HTTP mode POST /slack/events, whose body the server reads first (Bolt takes
   * `rawBody` when present, and the signature is checked on those bytes); with OAuth installs also GET
   * /slack/install and GET /slack/oauth_redirect. None in Socket Mode.
   */
  mounts: Mount[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** How the Web API client behaves when Slack fails (tests shorten the timeout). */
export interface SlackClientOptions {
  retries?: number;
  timeoutMs?: number;
  /** Told the seconds each reply call took (Web API posts and response_url), for metrics. */
  onReply?: (seconds: number) => void;
}

/**
 * Options every Bolt app here takes: initialised in start(), and without Bolt's conversation store, which keeps an
 * object per conversation in memory for every event while nothing reads it (state lives in our state store).
 */
const BOLT_APP = { deferInitialization: true, convoStore: false } as const;

/**
 * Bolt's receiver does not check the signature again: every request reaches it through `verifiedListener`, which has
 * checked it on the raw bytes (with a replay window both ways, which Bolt's lacks), and a second HMAC plus a copy of
 * the body as a string per event bought nothing. The install pages (GET) are not signed requests either way.
 */
const VERIFIED_BEFORE = { signatureVerification: false } as const;

/** What both HTTP receivers (one bot token, or installs by OAuth) share: path, body rules, no second signature check. */
function receiverOptions(signingSecret: string, logger: ReturnType<typeof boltLogger>) {
  return { signingSecret, endpoints: SLACK_PATH, logger, bodyLimit: '1mb', unhandledRequestTimeoutMillis: 2500, ...VERIFIED_BEFORE } as const;
}

type ClientOptions = NonNullable<NonNullable<ConstructorParameters<typeof App>[0]>['clientOptions']>;

/** Calls that set the bot up rather than answer someone: not timed as replies. */
const NOT_A_REPLY = /\/(auth\.test|oauth\.)/;

/**
 * The `fetch` every Web API call and Bolt's `respond` (response_url) go through: it reports how long each reply
 * call took and, when `check` is given (LOG_LEVEL=debug), checks each message payload against Block Kit's limits.
 */
export function slackFetch(onReply: (seconds: number) => void, check?: (url: string, body: unknown) => void): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (NOT_A_REPLY.test(url)) return fetch(input, init);
    check?.(url, init?.body);
    const started = performance.now();
    try {
      return await fetch(input, init);
    } finally {
      onReply((performance.now() - started) / 1000);
    }
  };
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

/** The events answered, by type: a mention, a direct message, the Home tab. */
const EVENT_TYPES = /^(?:app_mention|message|app_home_opened)$/;
/** Both shortcuts' callback ids. */
const SHORTCUT_IDS = new RegExp(`^(?:${SLACK_SHORTCUTS.message}|${SLACK_SHORTCUTS.global})$`);

type Arg<F extends (args: never) => unknown> = Parameters<F>[0];

/**
 * Registers every listener in one place. Bolt runs every event through every listener's middleware chain (a copy,
 * async steps, a promise each) before one of them matches, so the three events share one Bolt listener and so do
 * the two shortcuts, dispatched here by the same field Bolt matched on (event type, callback id): the same
 * listener runs for the same request as with one Bolt listener each.
 */
export function registerListeners(app: App, deps: SlackDeps): void {
  // Bolt acks before listeners finish; counting them lets shutdown finish every acknowledged turn.
  const tracked =
    <A>(listener: (args: A) => Promise<void>) =>
    (args: A) =>
      deps.inflight ? deps.inflight.track(() => listener(args)) : listener(args);
  const mention = onMention(deps);
  const direct = onDirectMessage(deps);
  const home = onHomeOpened(deps);
  app.event(
    EVENT_TYPES,
    tracked(async (args: SlackEventMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
      const type: string = args.event.type;
      if (type === 'app_mention') return mention(args as unknown as Arg<typeof mention>);
      if (type === 'message') return direct(args as unknown as Arg<typeof direct>);
      return home(args as unknown as Arg<typeof home>);
    }),
  );
  app.command(SLACK_COMMAND, tracked(onCommand(deps)));
  app.action(/^ra_/, tracked(onButton(deps)));
  const onMessage = onMessageShortcut(deps);
  const onGlobal = onGlobalShortcut(deps);
  app.shortcut(
    { callback_id: SHORTCUT_IDS },
    tracked(async (args: SlackShortcutMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
      if (args.shortcut.callback_id === SLACK_SHORTCUTS.message) return onMessage(args as unknown as Arg<typeof onMessage>);
      return onGlobal(args as unknown as Arg<typeof onGlobal>);
    }),
  );
  app.error(async (err) => {
    // With installs across workspaces, an event from a workspace that has none (uninstalled, never finished) is expected.
    if ((err as { code?: string }).code === 'slack_bolt_authorization_error')
      return void deps.logger.warn('event from a workspace without an installation', { channel: 'slack' });
    deps.logger.error('bolt error', { channel: 'slack', err });
  });
}

/**
 * Builds the Bolt app. With one bot token, `auth.test` runs once at start (through SLACK_API_URL when set); with
 * the OAuth variables, each workspace's token comes from its installation in the state store.
 */
export function createSlackChannel(config: Config, deps: SlackDeps, options: SlackClientOptions = {}): SlackChannel {
  const token = config.SLACK_BOT_TOKEN;
  if (!token && !config.slackOAuth) throw new Error('createSlackChannel needs SLACK_BOT_TOKEN or the OAuth variables');
  const logger = boltLogger(deps.logger.child({ channel: 'slack' }), config.LOG_LEVEL);
  const clientOptions: ClientOptions = {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    retryConfig: retryPolicy(options.retries ?? 2),
    timeout: options.timeoutMs ?? 10_000,
  };
  const log = deps.logger.child({ channel: 'slack' });
  const check = config.LOG_LEVEL === 'debug' ? (url: string, body: unknown) => checkPayload(url, body, log) : undefined;
  if (options.onReply || check) clientOptions.fetch = slackFetch(options.onReply ?? (() => {}), check);
  if (config.slackOAuth) return createOAuthChannel(config, deps, logger, clientOptions);
  if (!token) throw new Error('createSlackChannel needs SLACK_BOT_TOKEN');
  if (config.SLACK_APP_TOKEN) {
    const app = new App({
      token,
      appToken: config.SLACK_APP_TOKEN,
      socketMode: true,
      logger,
      logLevel: LogLevel.INFO,
      clientOptions,
      ...BOLT_APP,
    });
    registerListeners(app, deps);
    return {
      mounts: [],
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
  const receiver = new HTTPReceiver({
    ...receiverOptions(signingSecret, logger),
  });
  const app = new App({ token, receiver, logger, clientOptions, ...BOLT_APP });
  registerListeners(app, deps);
  return {
    mounts: [events(verifiedListener(receiver, signingSecret, deps))],
    start: async () => {
      await app.init();
    },
    stop: async () => {},
  };
}

/** Installs across workspaces: Bolt's own installer (InstallProvider) behind our routes, installations in our store. */
function createOAuthChannel(config: Config, deps: SlackDeps, logger: ReturnType<typeof boltLogger>, clientOptions: ClientOptions): SlackChannel {
  const { SLACK_CLIENT_ID: clientId, SLACK_CLIENT_SECRET: clientSecret, SLACK_STATE_SECRET: stateSecret, SLACK_SIGNING_SECRET: signingSecret } = config;
  if (!clientId || !clientSecret || !stateSecret || !signingSecret)
    throw new Error('OAuth installs need the client id, client secret, state and signing secrets');
  const log = deps.logger.child({ channel: 'slack' });
  const installationStore = createInstallationStore(deps.store, log);
  const receiver = new HTTPReceiver({
    ...receiverOptions(signingSecret, logger),
    clientId,
    clientSecret,
    stateSecret,
    scopes: [...BOT_SCOPES],
    installationStore,
    // oauth.v2.access (and the installer's auth.test) go through SLACK_API_URL, like every other call.
    installerOptions: { clientOptions, installPath: INSTALL_PATH, redirectUriPath: REDIRECT_PATH },
  });
  const app = new App({ receiver, logger, clientOptions, ...BOLT_APP });
  registerListeners(app, deps);
  app.event('app_uninstalled', onAppUninstalled(installationStore, log));
  app.event('tokens_revoked', onTokensRevoked(installationStore, log));
  return {
    // Bolt's receiver serves the two install paths on GET; our server routes only those to it.
    mounts: [
      events(verifiedListener(receiver, signingSecret, deps)),
      ...[INSTALL_PATH, REDIRECT_PATH].map((path): Mount => ({ path, method: 'get', channel: 'slack', listener: receiver.requestListener })),
    ],
    start: async () => {
      await app.init();
    },
    stop: async () => {},
  };
}

/** POST /slack/events: events, the slash command and clicks. */
function events(listener: RequestListener): Mount {
  return { path: SLACK_PATH, method: 'post', channel: 'slack', listener };
}

/** The signature is checked on the raw bytes before anything parses them, here only (VERIFIED_BEFORE). */
function verifiedListener(receiver: HTTPReceiver, signingSecret: string, deps: SlackDeps): RequestListener {
  const log = deps.logger.child({ channel: 'slack' });
  return (req, res) => {
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
}
