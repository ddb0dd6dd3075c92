/**
 * One local fake of both platforms the bot talks back to, for the load benchmarks (no test-framework imports):
 * the Slack Web API (`/api/auth.test`, `/api/chat.postMessage`, ...), counting posts per `thread_ts`, and the
 * Bot Framework connector (`POST /v3/conversations/{id}/activities[/{replyToId}]`), counting replies per replyToId.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePlatforms {
  /** Base URL, e.g. http://127.0.0.1:PORT (the Bot Framework serviceUrl). */
  url: string;
  /** What SLACK_API_URL / clientOptions.slackApiUrl should be: `${url}/api/`. */
  slackApiUrl: string;
  /** chat.postMessage calls per thread_ts (a post without thread_ts counts under ''). */
  slackPosts: Map<string, number>;
  /** Texts of chat.postMessage calls whose text starts with "Sorry" (the bot's apology), counted. */
  slackApologies(): number;
  /** Bot Framework activities POSTed per replyToId (path id, else the activity's replyToId, else ''). */
  teamsReplies: Map<string, number>;
  /** Slack Web API calls by method, auth.test included. */
  slackCalls: Map<string, number>;
  /** Every recorded reply (Slack posts plus Teams activities) so far. */
  replies(): number;
  /** performance.now() of the last recorded reply (0 = none since the last reset). */
  lastReplyAt(): number;
  /** Forgets every count (a fresh run). */
  reset(): void;
  close(): Promise<void>;
}

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  try {
    if (type?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
    return Object.fromEntries(new URLSearchParams(raw));
  } catch {
    return {};
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

const CONNECTOR_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?(?:\?.*)?$/;

/** Starts the fake on 127.0.0.1 and an ephemeral port. */
export async function startFakePlatforms(): Promise<FakePlatforms> {
  const slackPosts = new Map<string, number>();
  const teamsReplies = new Map<string, number>();
  const slackCalls = new Map<string, number>();
  let apologies = 0;
  let replies = 0;
  let lastAt = 0;
  let ts = 1000;
  let activityId = 0;
  const recordReply = () => {
    replies++;
    lastAt = performance.now();
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const path = req.url ?? '/';
    if (path.startsWith('/api/')) {
      const method = path.slice('/api/'.length).split('?')[0] ?? '';
      bump(slackCalls, method);
      const body = parseBody(raw, req.headers['content-type']);
      if (method === 'auth.test') {
        return sendJson(res, 200, {
          ok: true,
          url: 'https://bench.slack.com/',
          team: 'bench',
          user: 'runtime-advice',
          team_id: 'T1',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        });
      }
      if (method === 'chat.postMessage') {
        bump(slackPosts, typeof body.thread_ts === 'string' ? body.thread_ts : '');
        if (typeof body.text === 'string' && body.text.startsWith('Sorry')) apologies++;
        recordReply();
        const channel = typeof body.channel === 'string' ? body.channel : 'C1';
        return sendJson(res, 200, { ok: true, channel, ts: `${ts++}.000100`, message: { type: 'message', text: body.text ?? '' } });
      }
      return sendJson(res, 200, { ok: true });
    }
    const m = CONNECTOR_PATH.exec(path);
    if (m && req.method === 'POST') {
      const activity = parseBody(raw, 'application/json');
      const replyTo = m[2] ? decodeURIComponent(m[2]) : typeof activity.replyToId === 'string' ? activity.replyToId : '';
      bump(teamsReplies, replyTo);
      recordReply();
      return sendJson(res, 200, { id: `bot-activity-${++activityId}` });
    }
    if (m && req.method === 'PUT') return sendJson(res, 200, { id: m[2] ? decodeURIComponent(m[2]) : '' });
    sendJson(res, 404, { error: 'not found' });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => res.destroy());
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    slackApiUrl: `${url}/api/`,
    slackPosts,
    teamsReplies,
    slackCalls,
    slackApologies: () => apologies,
    replies: () => replies,
    lastReplyAt: () => lastAt,
    reset: () => {
      slackPosts.clear();
      teamsReplies.clear();
      slackCalls.clear();
      apologies = 0;
      replies = 0;
      lastAt = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Waits, bounded, until replies stop arriving: returns once `expected` replies are in and none came for
 * `quietMs`, or none came for `idleMs` (some are lost), or after `maxMs` in all.
 */
export async function settle(fake: FakePlatforms, expected: number, options: { quietMs?: number; idleMs?: number; maxMs?: number } = {}): Promise<void> {
  const quietMs = options.quietMs ?? 500;
  const idleMs = options.idleMs ?? 3_000;
  const maxMs = options.maxMs ?? 30_000;
  const started = performance.now();
  let seen = fake.replies();
  let changedAt = performance.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 25));
    const now = performance.now();
    if (fake.replies() !== seen) {
      seen = fake.replies();
      changedAt = now;
    }
    if (seen >= expected && now - changedAt >= quietMs) return;
    if (now - changedAt >= idleMs || now - started >= maxMs) return;
  }
}

/** Answered exactly once, lost (no reply) and duplicated (more than one) among `sent` ids; `stray` = replies to ids never sent. */
export function account(sent: ReadonlySet<string>, replies: ReadonlyMap<string, number>): { once: number; lost: number; duplicated: number; stray: number } {
  let once = 0;
  let lost = 0;
  let duplicated = 0;
  for (const id of sent) {
    const n = replies.get(id) ?? 0;
    if (n === 0) lost++;
    else if (n === 1) once++;
    else duplicated++;
  }
  let stray = 0;
  for (const [id, n] of replies) if (!sent.has(id)) stray += n;
  return { once, lost, duplicated, stray };
}
