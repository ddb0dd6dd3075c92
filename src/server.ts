/** The one HTTP server: /slack/events, /api/messages and /healthz on one port. */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
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
export function createHttpServer(routes: Routes, logger: Logger): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      const problem = await routes.health();
      return json(res, problem ? 503 : 200, problem ? { status: 'unavailable', reason: problem } : { status: 'ok' });
    }
    if (path === '/slack/events' && routes.slack) {
      if (req.method !== 'POST') return json(res, 405, { error: 'method not allowed' });
      return routes.slack(req, res);
    }
    if (path === '/api/messages' && routes.teams) {
      if (req.method !== 'POST') return json(res, 405, { error: 'method not allowed' });
      return routes.teams(req, res);
    }
    json(res, 404, { error: 'not found' });
  };
  const server = createServer((req, res) => {
    Promise.resolve(handle(req, res)).catch((err: unknown) => {
      logger.error('request failed', { err, path: req.url });
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  return server;
}
