/** A local fake of the Bot Framework connector (serviceUrl), recording what the bot sends. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Sent {
  verb: string;
  conversation: string;
  /** The activity id in the path: replyToId for a reply, the updated id for a PUT. */
  activityId: string | undefined;
  activity: Record<string, unknown>;
}

export interface FakeConnector {
  url: string;
  sent: Sent[];
  /** Fail the next `count` calls with HTTP `status`. */
  fail(status: number, count: number): void;
  failures: number;
  waitFor(predicate: (sent: Sent[]) => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const sent: Sent[] = [];
  let n = 0;
  let failNext = 0;
  let failStatus = 500;
  let failures = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => {
      raw += d.toString();
    });
    req.on('end', () => {
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
      if (!m) {
        res.writeHead(404);
        return res.end();
      }
      if (failNext > 0) {
        failNext--;
        failures++;
        res.writeHead(failStatus, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { code: 'ServiceError', message: 'injected' } }));
      }
      sent.push({
        verb: req.method ?? '',
        conversation: decodeURIComponent(m[1] ?? ''),
        activityId: m[2] ? decodeURIComponent(m[2]) : undefined,
        activity: JSON.parse(raw || '{}'),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `bot-activity-${++n}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    fail: (status, count) => {
      failStatus = status;
      failNext = count;
    },
    get failures() {
      return failures;
    },
    waitFor: async (predicate, ms = 5000) => {
      const until = Date.now() + ms;
      while (!predicate(sent)) {
        if (Date.now() > until) throw new Error(`timed out; sent: ${sent.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
