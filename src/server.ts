/** The one HTTP server: /slack/events, /api/messages and /healthz on one port. */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { readBody, refuse, slackBodyIsWellFormed } from './http-body.js';
import type { Logger } from './log.js';

export interface Routes {
  slack?: RequestListener;
  teams?: RequestListener;
  /** Readiness: undefined when ready, else the reason it is not. */
  health: () => Promise<string | undefined>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Routes requests by path; anything unknown gets a JSON 404, never a stack trace. */
export function createHttpServer(routes: Routes, logger: Logger, timeouts: { headersMs?: number; requestMs?: number } = {}): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      const problem = await routes.health();
      return json(res, problem ? 503 : 200, problem ? { status: 'unavailable', reason: problem } : { status: 'ok' });
    }
    if (path === '/slack/events' && routes.slack) {
      if (req.method !== 'POST') return json(res, 405, { error: 'method not allowed' });
      const buffered = await readBody(req, res);
      if (!buffered) return;
      // Bolt would throw on a body it cannot parse (JSON null, say); refuse those here.
      if (!slackBodyIsWellFormed(buffered)) return refuse(res, 400, 'malformed body');
      return routes.slack(buffered, res);
    }
    if (path === '/api/messages' && routes.teams) {
      if (req.method !== 'POST') return json(res, 405, { error: 'method not allowed' });
      const buffered = await readBody(req, res);
      if (!buffered) return;
      return routes.teams(buffered, res);
    }
    json(res, 404, { error: 'not found' });
  };
  const headersMs = timeouts.headersMs ?? 5_000;
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
  server.requestTimeout = timeouts.requestMs ?? 10_000;
  return server;
}
