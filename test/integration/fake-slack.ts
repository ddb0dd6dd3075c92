/** A local fake of the Slack Web API and of response_url endpoints, recording every call. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  method: string;
  body: Record<string, unknown>;
}

export interface FakeSlack {
  url: string;
  calls: Call[];
  /** Calls other than auth.test. */
  replies(): Call[];
  waitFor(predicate: (calls: Call[]) => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (type?.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = k === 'blocks' || k === 'view' ? JSON.parse(v) : v;
  }
  return out;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: Call[] = [];
  let ts = 1000;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => {
      raw += d.toString();
    });
    req.on('end', () => {
      const path = req.url ?? '';
      const body = parseBody(raw, req.headers['content-type']);
      if (path.startsWith('/respond/')) {
        calls.push({ method: `respond:${path.slice('/respond/'.length)}`, body });
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('ok');
      }
      const method = path.replace(/^\/api\//, '');
      calls.push({ method, body });
      let result: Record<string, unknown> = { ok: true };
      if (method === 'auth.test') result = { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'runtime-advice' };
      if (method === 'chat.postMessage') result = { ok: true, channel: body.channel, ts: `${ts++}.000100`, message: {} };
      if (method === 'chat.update') result = { ok: true, channel: body.channel, ts: body.ts };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    replies: () => calls.filter((c) => c.method !== 'auth.test'),
    waitFor: async (predicate, ms = 5000) => {
      const until = Date.now() + ms;
      while (!predicate(calls)) {
        if (Date.now() > until) throw new Error(`timed out; calls: ${JSON.stringify(calls.map((c) => c.method))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
