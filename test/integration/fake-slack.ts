/** A local fake of the Slack Web API and of response_url endpoints, recording every call. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  method: string;
  body: Record<string, unknown>;
  /** The token the call was made with (its `Authorization: Bearer` header), if any. */
  token?: string;
}

/** What `oauth.v2.access` answers for one code: a workspace install, or an org-wide one with `enterprise`. */
export interface Grant {
  team?: string;
  enterprise?: string;
  /** An org-wide (Enterprise Grid) install: no team. */
  org?: boolean;
  token: string;
  botUserId?: string;
}

/** A fault to inject into the next calls of one method. */
export interface Fault {
  method: string;
  /** Answer with this HTTP status instead (e.g. 429 or 500). */
  status?: number;
  retryAfter?: number;
  /** Answer only after this many milliseconds (a timeout, for a client with a shorter one). */
  delayMs?: number;
  /** Answer 200 with `{"ok": false, "error": error}`, as Slack does for a bad token (`invalid_auth`) or a platform error (`missing_scope`). */
  error?: string;
  /** How many calls it hits (default 1). */
  count?: number;
}

export interface FakeSlack {
  url: string;
  calls: Call[];
  /** Every attempt, faulted ones included, in order. */
  attempts: Array<Call & { status: number }>;
  inject(fault: Fault): void;
  /** Makes `oauth.v2.access` with `code` succeed with this install (and `auth.test` with its token answer for it). */
  grant(code: string, grant: Grant): void;
  /** Calls other than auth.test. */
  replies(): Call[];
  waitFor(predicate: (calls: Call[]) => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

/** Form fields WebClient sends JSON-encoded. */
const JSON_FIELDS = new Set(['blocks', 'view', 'files']);

/** The fields of a multipart/form-data body (the file upload POST), each part as text. */
function parseMultipart(raw: string, type: string): Record<string, unknown> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  const out: Record<string, unknown> = {};
  const marker = `--${boundary?.[1] ?? boundary?.[2] ?? ''}`;
  for (const part of raw.split(marker).slice(1, -1)) {
    const split = part.indexOf('\r\n\r\n');
    const headers = part.slice(0, split);
    const name = /name="([^"]*)"/.exec(headers)?.[1] ?? 'field';
    out[name] = part.slice(split + 4, part.endsWith('\r\n') ? -2 : undefined);
  }
  return out;
}

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (type?.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  if (type?.startsWith('multipart/form-data')) return parseMultipart(raw, type);
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  }
  return out;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: Call[] = [];
  const attempts: Array<Call & { status: number }> = [];
  const faults: Fault[] = [];
  const grants = new Map<string, Grant>();
  const byToken = (token: string | undefined) => [...grants.values()].find((g) => g.token === token);
  let ts = 1000;
  let files = 0;
  let url = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => {
      chunks.push(d);
    });
    req.on('end', () => {
      const path = req.url ?? '';
      const body = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (path.startsWith('/respond/')) {
        calls.push({ method: `respond:${path.slice('/respond/'.length)}`, body });
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('ok');
      }
      if (path.startsWith('/upload/')) {
        // The upload_url that files.getUploadURLExternal handed out: the file's bytes arrive here.
        const fault = faults.find((f) => f.method === 'upload' && (f.count ?? 1) > 0);
        if (fault) {
          fault.count = (fault.count ?? 1) - 1;
          attempts.push({ method: 'upload', body, status: fault.status ?? 500 });
          res.writeHead(fault.status ?? 500);
          return res.end();
        }
        calls.push({ method: `upload:${path.slice('/upload/'.length)}`, body });
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('OK');
      }
      const method = path.replace(/^\/api\//, '');
      const fault = faults.find((f) => f.method === method && (f.count ?? 1) > 0);
      if (fault) {
        fault.count = (fault.count ?? 1) - 1;
        if (fault.status) {
          attempts.push({ method, body, status: fault.status });
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
          res.writeHead(fault.status, headers);
          return res.end(JSON.stringify({ ok: false, error: fault.status === 429 ? 'ratelimited' : 'internal_error' }));
        }
        if (fault.error) {
          attempts.push({ method, body, status: 200 });
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ ok: false, error: fault.error }));
        }
        if (fault.delayMs) {
          attempts.push({ method, body, status: 0 });
          const timer = setTimeout(() => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ ok: true, channel: body.channel, ts: `${ts++}.000100` }));
          }, fault.delayMs);
          res.on('close', () => clearTimeout(timer));
          return;
        }
      }
      attempts.push({ method, body, status: 200 });
      calls.push({ method, body, ...(bearer ? { token: bearer } : {}) });
      let result: Record<string, unknown> = { ok: true };
      if (method === 'auth.test') result = { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'runtime-advice' };
      const granted = byToken(bearer);
      if (method === 'auth.test' && granted) {
        result = {
          ok: true,
          user_id: granted.botUserId ?? 'UBOT',
          bot_id: `B${granted.team ?? granted.enterprise}`,
          team_id: granted.team,
          url: 'https://acme.enterprise.slack.com/',
        };
      }
      if (method === 'oauth.v2.access') {
        const g = grants.get(String(body.code));
        result = g
          ? {
              ok: true,
              app_id: 'A1',
              authed_user: { id: 'UINSTALLER' },
              scope: 'app_mentions:read,chat:write,commands,im:history',
              token_type: 'bot',
              access_token: g.token,
              bot_user_id: g.botUserId ?? 'UBOT',
              team: g.org ? null : { id: g.team, name: `Team ${g.team}` },
              enterprise: g.enterprise ? { id: g.enterprise, name: `Org ${g.enterprise}` } : null,
              is_enterprise_install: Boolean(g.org),
            }
          : { ok: false, error: 'invalid_code' };
      }
      if (method === 'chat.postMessage') result = { ok: true, channel: body.channel, ts: `${ts++}.000100`, message: {} };
      if (method === 'chat.update') result = { ok: true, channel: body.channel, ts: body.ts };
      if (method === 'chat.postEphemeral') result = { ok: true, message_ts: `${ts++}.000100` };
      if (method === 'conversations.open') result = { ok: true, channel: { id: `D${String(body.users)}` } };
      if (method === 'files.getUploadURLExternal') {
        const id = `F${++files}`;
        result = { ok: true, upload_url: `${url}/upload/${id}`, file_id: id };
      }
      if (method === 'files.completeUploadExternal') result = { ok: true, files: body.files };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    attempts,
    inject: (fault) => {
      faults.push({ ...fault });
    },
    grant: (code, grant) => {
      grants.set(code, grant);
    },
    replies: () => calls.filter((c) => c.method !== 'auth.test' && !c.method.startsWith('oauth.')),
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
