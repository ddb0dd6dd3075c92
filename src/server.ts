/** The one HTTP server: the channels' endpoints (each mounted by its channel), /healthz and /metrics on one port. */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { BodyBudget, readBody, refuse } from './http-body.js';
import type { Logger } from './log.js';

/** A channel's endpoint, as the channel describes it: the server knows no platform's paths or body rules. */
export interface Mount {
  path: string;
  /** `post`: POST only, the body read first (size limit, shared budget) into `rawBody`; `get`: GET and HEAD. */
  method: 'post' | 'get';
  /** Checked on the request's headers before its body is read; false answers 401 at once. */
  admits?: (req: IncomingMessage) => boolean;
  /** The channel, for logs and `answered` (POST endpoints only). */
  channel: 'slack' | 'teams';
  listener: RequestListener;
}

export interface Routes {
  /** The channels' endpoints. */
  mounts?: Mount[];
  /** Readiness: undefined when ready, else the reason it is not. */
  health: () => Promise<string | undefined>;
  /** GET /metrics (Prometheus); absent when the metrics have a port of their own. */
  metrics?: RequestListener;
  /** Told when a response to a channel's POST endpoint has been sent, with the seconds since the request came in. */
  answered?: (channel: 'slack' | 'teams', seconds: number) => void;
}

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
    const mount = routes.mounts?.find((m) => m.path === path);
    if (mount?.method === 'get') {
      if (!isGet(req)) return json(res, 405, { error: 'method not allowed' });
      return mount.listener(req, res);
    }
    if (mount) {
      if (req.method !== 'POST') return json(res, 405, { error: 'method not allowed' });
      timeAnswer(routes, mount.channel, res);
      if (mount.admits && !mount.admits(req)) {
        logger.warn('unauthenticated request rejected', { channel: mount.channel });
        return refuse(res, 401, 'unauthorized');
      }
      const buffered = await readBody(req, res, { budget });
      if (!buffered) return;
      return mount.listener(buffered, res);
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
