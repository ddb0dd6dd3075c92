/**
 * The Teams load benchmark's baseline, run as its own process (`node dist/bench/bare-teams.js`): a bare botbuilder
 * echo bot (CloudAdapter, unauthenticated) served by node:http on 127.0.0.1.
 * Environment: PORT. Prints "bare-teams listening on port N".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Request, type Response } from 'botbuilder';

// botbuilder prints errors and warnings to the console; the benchmark only reads the ready line on stdout.
const quiet = () => {};
const output = globalThis.console;
output.log = quiet;
output.info = quiet;
output.warn = quiet;
output.error = quiet;
output.debug = quiet;

const port = Number(process.env.PORT ?? 0);

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async () => {};
const bot = new EchoBot();

/** The Express-like response CloudAdapter.process expects, over a plain ServerResponse. */
function wrap(res: ServerResponse): Response {
  return {
    socket: res.socket,
    status: (code: number) => {
      res.statusCode = code;
    },
    header: (name: string, value: unknown) => {
      res.setHeader(name, String(value));
    },
    send: (body: unknown) => {
      if (body === undefined) return;
      if (typeof body === 'string' || Buffer.isBuffer(body)) return void res.write(body);
      if (!res.headersSent) res.setHeader('content-type', 'application/json');
      res.write(JSON.stringify(body));
    },
    end: () => {
      res.end();
    },
  } as Response;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('error', () => resolve(undefined));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        resolve(typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}

const server = createServer((req, res) => {
  if (req.url !== '/api/messages' || req.method !== 'POST') {
    res.writeHead(404);
    return void res.end();
  }
  void readJson(req).then(async (body) => {
    if (!body) {
      res.writeHead(400);
      return void res.end();
    }
    const request: Request = { body, headers: req.headers as Request['headers'], method: req.method };
    try {
      await adapter.process(request, wrap(res), (context) => bot.run(context));
    } catch {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`bare-teams listening on port ${(server.address() as AddressInfo).port}\n`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
