/** `runtime-advice serve`: config -> store -> engine -> channels -> one HTTP server. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { buildEngine } from './app.js';
import { hasBearer, TEAMS_PATH } from './channels/teams/gate.js';
import type { Config } from './config.js';
import type { Engine } from './engine/index.js';
import { AppError, isAppError } from './errors.js';
import { installFastEscape } from './fast-escape.js';
import { InFlight } from './inflight.js';
import { intentsOf } from './knowledge/ids.js';
import { createLogger, type Logger } from './log.js';
import { Metrics } from './metrics.js';
import { createHttpServer, type HttpOptions, type Mount, type Routes } from './server.js';
import { listenFailure, passwordOf, slackFailure } from './start-errors.js';
import { createStore } from './state/create.js';
import { observeStore } from './state/observed.js';
import { type StateStore, startSweeper } from './state/store.js';

export interface Running {
  server: Server;
  port: number;
  engine: Engine;
  store: StateStore;
  inflight: InFlight;
  metrics: Metrics;
  /** The port of GET /metrics: METRICS_PORT's server, or `port` when METRICS_PORT is unset. */
  metricsPort: number;
  /** Stops accepting, finishes in-flight turns (up to `graceMs`), closes the store. */
  stop(graceMs?: number): Promise<{ drained: boolean; pending: number }>;
}

export interface ServeOptions {
  config: Config;
  logger?: Logger;
  store?: StateStore;
  engine?: Engine;
  /** Slack Web API client behaviour (tests shorten the timeout). */
  slackClient?: { retries?: number; timeoutMs?: number };
  /** HTTP server timeouts in ms (slow or partial requests are cut off) and limits (connections, buffered bytes). */
  httpTimeouts?: HttpOptions;
  /** Where the metrics are registered (default a new Registry, with Node's process metrics). */
  registry?: Registry;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * Starts everything the configuration asks for; resolves once /healthz answers 200. When something cannot start
 * (the port is taken, the store cannot be opened, Slack refuses the token) it undoes what it started, logs the
 * cause and rejects with an AppError whose one-line message says what and why.
 */
export async function serve(options: ServeOptions): Promise<Running> {
  const { config } = options;
  const logger =
    options.logger ??
    createLogger({
      level: config.LOG_LEVEL,
      secrets: [
        config.SLACK_BOT_TOKEN,
        config.SLACK_SIGNING_SECRET,
        config.SLACK_APP_TOKEN,
        config.SLACK_CLIENT_SECRET,
        config.SLACK_STATE_SECRET,
        config.MICROSOFT_APP_PASSWORD,
        ...passwordOf(config.STATE_STORE),
      ],
    });
  const undo: Array<() => Promise<void> | void> = [];
  try {
    return await start(options, logger, undo);
  } catch (err) {
    for (const step of undo.reverse()) await Promise.resolve(step()).catch(() => {});
    const failure = isAppError(err) ? err : new AppError('START_FAILED', `cannot start: ${(err as Error).message ?? String(err)}`, { cause: err });
    logger.error('start failed', { err: failure });
    throw failure;
  }
}

async function start(options: ServeOptions, logger: Logger, undo: Array<() => Promise<void> | void>): Promise<Running> {
  const { config } = options;
  // Every Slack Web API call form-encodes its reply with querystring: same bytes, far less garbage (fast-escape.ts).
  installFastEscape();
  // The SDKs take most of a start (botbuilder ~0.5 s, Bolt ~0.4 s to import): load them while the store opens
  // and the model loads. Each is imported only when its channel is served, so the CLI never loads them.
  const slackModule = config.slackEnabled ? import('./channels/slack/app.js') : undefined;
  // Teams' SDK loads after Bolt's: botbuilder's axios touches FormData, which installs Node's bundled undici as the
  // global fetch dispatcher unless Bolt's undici 7 (faster per call) has installed itself first.
  const teamsModule = (slackModule ?? Promise.resolve()).then(
    () => import('./channels/teams/adapter.js'),
    () => import('./channels/teams/adapter.js'),
  );
  teamsModule.catch(() => {}); // reported below, once used
  const interviewTtlMs = config.INTERVIEW_TTL_HOURS * 60 * 60 * 1000;
  const deliveryTtlMs = config.DELIVERY_TTL_MINUTES * 60 * 1000;
  const metrics = new Metrics(options.registry ?? new Registry());
  const opened =
    options.store ??
    (await createStore(config.STATE_STORE, {
      stateTtlMs: interviewTtlMs,
      logger,
      onError: (err) => logger.warn('state store error', { err }),
    }));
  if (!options.store) undo.push(() => opened.close());
  // Dropped repeats and store failures are counted where every channel and the engine meet: the store.
  const store = observeStore(opened, { duplicate: (id) => metrics.duplicate(id), error: () => metrics.storeError() });
  const engine = options.engine ?? (await buildEngine({ store, interviewTtlMs }));
  metrics.useIntents(intentsOf(engine.knowledge.intents));
  const unobserve = engine.observe((turn) => metrics.turn(turn));
  undo.push(unobserve);
  const inflight = new InFlight();
  const deps = { engine, store, logger, deliveryTtlMs, inflight };
  let ready = false;
  let storeDown = false;
  const routes: Routes = {
    health: async () => {
      if (!ready) return 'starting';
      try {
        await store.ping();
        if (storeDown) logger.info('state store is back');
        storeDown = false;
        return undefined;
      } catch (err) {
        if (!storeDown) logger.error('state store unavailable', { err });
        storeDown = true;
        return 'state store unavailable';
      }
    },
    mounts: [],
    answered: (channel, seconds) => metrics.ack(channel, seconds),
    ...(config.METRICS_PORT === undefined ? { metrics: metrics.requestListener } : {}),
  };
  const stops: Array<() => Promise<void>> = [];
  if (slackModule) {
    const { createSlackChannel } = await slackModule;
    const slack = createSlackChannel(config, deps, { ...options.slackClient, onReply: (seconds) => metrics.reply('slack', seconds) });
    try {
      await slack.start();
    } catch (err) {
      throw slackFailure(err);
    }
    routes.mounts?.push(...slack.mounts);
    stops.push(() => slack.stop());
    undo.push(() => slack.stop());
    logger.info('slack ready', { channel: 'slack', mode: config.SLACK_APP_TOKEN ? 'socket' : config.slackOAuth ? 'http, installs across workspaces' : 'http' });
  }
  // Teams is always served: unauthenticated without MICROSOFT_APP_ID, for local emulators. Its SDK finishes
  // loading in the background; a Teams request that arrives first waits for it.
  const teamsReady = teamsModule.then(({ createTeamsChannel }) => {
    const teams = createTeamsChannel(config, deps, { onReply: (seconds) => metrics.reply('teams', seconds) });
    if (teams.authenticated) logger.info('teams ready', { channel: 'teams', auth: true });
    else
      logger.warn('teams runs WITHOUT authentication: MICROSOFT_APP_ID is not set, so only activities with a loopback serviceUrl are served (401 otherwise)', {
        channel: 'teams',
      });
    return teams.requestListener;
  });
  teamsReady.catch((err: unknown) => logger.error('teams failed to start', { channel: 'teams', err }));
  const teams: Mount = {
    path: TEAMS_PATH,
    method: 'post',
    channel: 'teams',
    listener: (req, res) => {
      teamsReady.then(
        (listener) => listener(req, res),
        () => {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'teams unavailable' }));
        },
      );
    },
    // With an app id, a request without a Bearer token is refused before its body is read.
    ...(config.MICROSOFT_APP_ID ? { admits: hasBearer } : {}),
  };
  routes.mounts?.push(teams);
  const stopSweeper = startSweeper(store, SWEEP_EVERY_MS, (err) => logger.warn('sweep failed', { err }));
  undo.push(stopSweeper);
  const server = createHttpServer(routes, logger, options.httpTimeouts);
  await listen(server, config.PORT, config.HOST);
  // With METRICS_PORT, /metrics (and /healthz) are on a second server, so the public port need not expose them.
  const metricsServer =
    config.METRICS_PORT === undefined ? undefined : createHttpServer({ health: routes.health, metrics: metrics.requestListener }, logger, options.httpTimeouts);
  if (metricsServer) {
    undo.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    await listen(metricsServer, config.METRICS_PORT ?? 0, config.HOST);
  }
  ready = true;
  const port = (server.address() as AddressInfo).port;
  const metricsPort = metricsServer ? (metricsServer.address() as AddressInfo).port : port;
  logger.info('listening', { port, store: store.kind, ...(metricsServer ? { metrics_port: metricsPort } : {}) });
  return {
    server,
    port,
    engine,
    store,
    inflight,
    metrics,
    metricsPort,
    stop: async (graceMs = 8000) => {
      ready = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      metricsServer?.close();
      metricsServer?.closeAllConnections();
      server.closeIdleConnections();
      const drained = await inflight.drain(graceMs);
      const pending = inflight.size;
      server.closeAllConnections();
      await closed;
      stopSweeper();
      await teamsReady.catch(() => {});
      for (const s of stops) await s();
      await store.close();
      unobserve();
      logger.info('stopped', { drained, pending });
      return { drained, pending };
    },
  };
}

/** Listens on `port` (and `host`; none: every interface, IPv6 and IPv4, as Node does by default). */
function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(listenFailure(err, port, host)));
    server.listen({ port, ...(host ? { host } : {}) }, () => resolve());
  });
}
