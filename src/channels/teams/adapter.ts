/** The Teams channel over HTTP: CloudAdapter, a body-parsing request listener and one turn-error handler. */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { type Activity, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Middleware, type TurnContext } from 'botbuilder';
import type { Config } from '../../config.js';
import { RuntimeAdviceBot, type TeamsDeps } from './bot.js';
import { assertCard } from './card.js';
import { loopbackServiceUrl } from './gate.js';

export interface TeamsChannel {
  requestListener: RequestListener;
  authenticated: boolean;
}

/** The activity in a request body (already read by the server), or undefined after answering 400. */
function parseActivity(req: IncomingMessage, res: ServerResponse): Record<string, unknown> | undefined {
  const raw = (req as IncomingMessage & { rawBody?: Buffer }).rawBody;
  if (!raw) return void reply(res, 400, { error: 'expected a JSON activity' });
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return void reply(res, 400, { error: 'malformed JSON' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return void reply(res, 400, { error: 'expected a JSON activity' });
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || typeof a.serviceUrl !== 'string' || typeof (a.conversation as { id?: unknown } | undefined)?.id !== 'string') {
    return void reply(res, 400, { error: 'activity needs type, serviceUrl and conversation.id' });
  }
  return a;
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return void res.end();
  if (body === undefined) {
    res.writeHead(status);
    return void res.end();
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** botframework-connector's AuthenticationError carries statusCode 401 (or 403). */
function isAuthError(err: unknown): boolean {
  const e = err as { name?: string; statusCode?: number };
  return e?.name === 'AuthenticationError' || e?.statusCode === 401 || e?.statusCode === 403;
}

/** What the channel reports besides its turns. */
export interface TeamsChannelOptions {
  /** Told the seconds each connector call took (a sent or an updated card), for metrics. */
  onReply?: (seconds: number) => void;
}

/** Middleware timing every connector call of a turn: sends and card updates. */
export function timeReplies(onReply: (seconds: number) => void): Middleware {
  const timed = async <T>(next: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await next();
    } finally {
      onReply((performance.now() - started) / 1000);
    }
  };
  return {
    onTurn: async (context, next) => {
      context.onSendActivities((_context, _activities, send) => timed(send));
      context.onUpdateActivity((_context, _activity, update) => timed(update));
      await next();
    },
  };
}

/**
 * LOG_LEVEL=debug: every Adaptive Card sent is checked against the schema and Teams' size limit, and a card that
 * breaks them is logged at error. The renderer keeps within them by construction and the tests check every card.
 */
export function checkCards(log: TeamsDeps['logger']): Middleware {
  const check = (activities: Array<Partial<Activity>>) => {
    for (const a of activities) {
      for (const attachment of a.attachments ?? []) {
        if (attachment.contentType !== CardFactory.contentTypes.adaptiveCard) continue;
        try {
          assertCard(attachment.content);
        } catch (err) {
          log.error('card breaks the Adaptive Card schema or size', { err });
        }
      }
    }
  };
  return {
    onTurn: async (context, next) => {
      context.onSendActivities((_context, activities, send) => {
        check(activities);
        return send();
      });
      context.onUpdateActivity((_context, activity, update) => {
        check([activity]);
        return update();
      });
      await next();
    },
  };
}

/** CloudAdapter with its turn entry point opened, so errors are ours to log and answer. */
class TurnAdapter extends CloudAdapter {
  turn(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authorization, activity, logic);
  }
}

/**
 * Builds the adapter from the configuration. With no app id it runs unauthenticated, for local emulators only:
 * it serves activities whose serviceUrl is loopback and answers 401 to the rest, so it never posts anywhere else.
 */
export function createTeamsChannel(config: Config, deps: TeamsDeps, options: TeamsChannelOptions = {}): TeamsChannel {
  const authenticated = Boolean(config.MICROSOFT_APP_ID);
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MICROSOFT_APP_ID ?? '',
    MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD ?? '',
    MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID ?? '',
    MicrosoftAppType: config.MICROSOFT_APP_TYPE ?? 'MultiTenant',
  });
  const adapter = new TurnAdapter(auth);
  const log = deps.logger.child({ channel: 'teams' });
  adapter.onTurnError = async (context, err) => {
    log.error('turn failed', { err });
    try {
      await context.sendActivity(deps.engine.knowledge.responses.apology);
    } catch (sendErr) {
      log.error('apology failed', { err: sendErr });
    }
  };
  if (options.onReply) adapter.use(timeReplies(options.onReply));
  if (config.LOG_LEVEL === 'debug') adapter.use(checkCards(log));
  const bot = new RuntimeAdviceBot(authenticated ? deps : { ...deps, namespace: 'teams-local' });
  const requestListener: RequestListener = (req, res) => {
    const work = async () => {
      const body = parseActivity(req, res);
      if (!body) return;
      if (!authenticated) {
        // Nobody vouches for an unauthenticated activity: replying to its serviceUrl would make us an open proxy.
        const serviceUrl = loopbackServiceUrl(body.serviceUrl);
        if (!serviceUrl) {
          log.warn('activity refused: serviceUrl is not loopback and MICROSOFT_APP_ID is not set');
          return reply(res, 401, { error: 'unauthorized' });
        }
        body.serviceUrl = serviceUrl;
      }
      // adapter.process would print errors to the console and echo their messages to the caller;
      // processActivity is the same turn with our own logging and answers.
      const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
      try {
        const invoke = await adapter.turn(authorization, body as Partial<Activity> as Activity, (context) => bot.run(context));
        reply(res, invoke?.status ?? 200, invoke?.body);
      } catch (err) {
        if (isAuthError(err)) {
          log.warn('unauthenticated request rejected');
          return reply(res, 401, { error: 'unauthorized' });
        }
        log.error('request failed', { err });
        reply(res, 500, { error: 'internal error' });
      }
    };
    void (deps.inflight ? deps.inflight.track(work) : work());
  };
  return { requestListener, authenticated };
}
