/** The one HTTP server: /slack/events, /api/messages, /healthz (and /metrics, the Slack install pages) on one port. */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { BodyBudget, readBody, refuse } from './http-body.js';
import type { Logger } from './log.js';

export interface Routes {
  /** Gets requests whose body is read (`rawBody`); it checks the signature itself. */
  slack?: RequestListener;
  /** Gets requests whose body is read (`rawBody`). */
  teams?: RequestListener;
  /** Checked on a Teams request's headers before its body is read; false answers 401 at once. */
  teamsAdmits?: (req: IncomingMessage) => boolean;
  /** Readiness: undefined when ready, else the reason it is not. */
  health: () => Promise<string | undefined>;
  /** GET /metrics (Prometheus); absent when the metrics have a port of their own. */
  metrics?: RequestListener;
  /** GET /slack/install and GET /slack/oauth_redirect: Slack installs across workspaces (OAuth). */
  slackInstall?: RequestListener;
  /** Told when a response to /slack/events or /api/messages has been sent, with the seconds since the request came in. */
  answered?: (channel: 'slack' | 'teams', seconds: number) => void;
}

const SLACK_INSTALL_PATHS = new Set(['/slack/install', '/slack/oauth_redirect']);
const isGet = (req: IncomingMessage) => req.method === 'GET' || req.method === 'HEAD';

/** Timeouts and limits of the server; every one has a default. */
export interface HttpOptions {
  /** Time to receive a request's headers (default 5 s). */
  headersMs?: number;
  /** Time to receive a whole request (default 10 s). */
  requestMs?: number;
  /** Open connections at most; further ones are closed at once (default 1000). */
  maxConnections?: number;
  /** Body bytes buffered at once by all requests together (default DEFAULT_BODY_BUDGET_BYTES); over it, 503. */
  bodyBudgetBytes?: number;
}

const DEFAULT_MAX_CONNECTIONS = 1000;

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Reports, once the response is sent, how long it took from now (when the request's headers are in). */
function timeAnswer(routes: Routes, channel: 'slack' | 'teams', res: ServerResponse): void {
  const answered = routes.answered;
  if (!answered) return;
  const started = performance.now();
  res.once('finish', () => answered(channel, (performance.now() - started) / 1000));
}

/** Routes requests by path; anything unknown gets a JSON 404, never a stack trace. */
export function createHttpServer(routes: Routes, logger: Logger, options: HttpOptions = {}): Server {
  const budget = new BodyBudget(options.bodyBudgetBytes);
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      const problem = await routes.health();
      return json(res, problem ? 503 : 200, problem ? { status: 'unavailable', reason: problem } : { status: 'ok' });
    }
    if (path === '/metrics' && routes.metrics) {
      if (!isGet(req)) return json(res, 405, { error: 'method not allowed' });
      return routes.metrics(req, res);
    }
    if (SLACK_INSTALL_PATHS.has(path ?? '') && routes.slackInstall) {
      if (!isGet(req)) return json(res, 405, { error: 'method not allowed' });
      return routes.slackInstall(req, res);
    }
    if (path === '/slack/events' && routes.slack) {
      if (req.method !== 'POST') return json(res, 405, { error: 'method not allowed' });
      timeAnswer(routes, 'slack', res);
      const buffered = await readBody(req, res, { budget });
      if (!buffered) return;
      return routes.slack(buffered, res);
    }
    if (path === '/api/messages' && routes.teams) {
      if (req.method !== 'POST') return json(res, 405, { error: 'method not allowed' });
      timeAnswer(routes, 'teams', res);
      if (routes.teamsAdmits && !routes.teamsAdmits(req)) {
        logger.warn('unauthenticated request rejected', { channel: 'teams' });
        return refuse(res, 401, 'unauthorized');
      }
      const buffered = await readBody(req, res, { budget });
      if (!buffered) return;
      return routes.teams(buffered, res);
    }
    json(res, 404, { error: 'not found' });
  };
  const headersMs = options.headersMs ?? 5_000;
  // Node checks these timeouts on an interval (30 s by default): check often enough to enforce them.
  const server = createServer({ connectionsCheckingInterval: Math.min(1000, headersMs) }, (req, res) => {
    Promise.resolve(handle(req, res)).catch((err: unknown) => {
      logger.error('request failed', { err, path: req.url });
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  // Slow or partial requests (slow loris) are cut off; Slack and Teams send whole requests at once.
  server.headersTimeout = headersMs;
  server.requestTimeout = options.requestMs ?? 10_000;
  server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  return server;
}
