/** `runtime-advice serve`: config -> engine -> channels -> one HTTP server. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildEngine } from './app.js';
import type { Config } from './config.js';
import type { Engine } from './engine/engine.js';
import { createLogger, type Logger } from './log.js';
import { createHttpServer } from './server.js';
import { MemoryStore, type StateStore } from './state/store.js';

export interface Running {
  server: Server;
  port: number;
  engine: Engine;
  stop(): Promise<void>;
}

export interface ServeOptions {
  config: Config;
  logger?: Logger;
  store?: StateStore;
  engine?: Engine;
}

/** Starts everything the configuration asks for; resolves once /healthz answers 200. */
export async function serve(options: ServeOptions): Promise<Running> {
  const { config } = options;
  const logger =
    options.logger ??
    createLogger({
      level: config.LOG_LEVEL,
      secrets: [config.SLACK_BOT_TOKEN, config.SLACK_SIGNING_SECRET, config.SLACK_APP_TOKEN, config.MICROSOFT_APP_PASSWORD],
    });
  const store = options.store ?? new MemoryStore();
  const engine = options.engine ?? (await buildEngine({ store }));
  let ready = false;
  const routes: Parameters<typeof createHttpServer>[0] = { health: async () => (ready ? undefined : 'starting') };
  const stops: Array<() => Promise<void>> = [];
  if (config.slackEnabled) {
    // Imported only when serving Slack, so the CLI never loads the SDK.
    const { createSlackChannel } = await import('./channels/slack/app.js');
    const slack = createSlackChannel(config, { engine, store, logger });
    await slack.start();
    routes.slack = slack.requestListener;
    stops.push(() => slack.stop());
    logger.info('slack ready', { channel: 'slack', mode: config.SLACK_APP_TOKEN ? 'socket' : 'http' });
  }
  // Teams is always served: unauthenticated without MICROSOFT_APP_ID, for local emulators.
  const { createTeamsChannel } = await import('./channels/teams/adapter.js');
  const teams = createTeamsChannel(config, { engine, store, logger });
  routes.teams = teams.requestListener;
  if (teams.authenticated) logger.info('teams ready', { channel: 'teams', auth: true });
  else logger.warn('teams runs WITHOUT authentication: MICROSOFT_APP_ID is not set (fine for a local emulator, never in production)', { channel: 'teams' });
  const server = createHttpServer(routes, logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, () => resolve());
  });
  ready = true;
  const port = (server.address() as AddressInfo).port;
  logger.info('listening', { port });
  return {
    server,
    port,
    engine,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of stops) await s();
      await store.close();
    },
  };
}
