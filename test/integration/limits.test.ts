/**
 * Memory and connection limits of the HTTP server: stalled clients that each sent most of a body cannot
 * together pin more than the body budget, and connections past the cap are closed at once.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/serve.js';
import { testServer } from '../helpers.js';
import { type FakeConnector, startFakeConnector } from './fake-connector.js';
import { postHead, rawRequest, stalled } from './raw-http.js';
import { message } from './teams-activities.js';

const KB = 1024;
let connector: FakeConnector;

beforeAll(async () => {
  connector = await startFakeConnector();
});
afterAll(async () => {
  await connector?.close();
});

async function until(predicate: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const base = (r: Running) => `http://127.0.0.1:${r.port}`;

/** A valid activity padded to about `bytes`, for the loopback fake connector. */
const padded = (bytes: number) => JSON.stringify({ ...message(connector.url, 'personal', 'thanks!'), padding: 'x'.repeat(bytes) });

describe('body budget', () => {
  let running: Running;
  beforeAll(async () => {
    running = await testServer({}, { httpTimeouts: { bodyBudgetBytes: 1000 * KB } });
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('stalled bodies fill the budget; requests past it get 503 with Retry-After, and it all comes back', async () => {
    const part = Buffer.alloc(190 * KB, 'x');
    const clients: Array<Awaited<ReturnType<typeof stalled>>> = [];
    for (let i = 0; i < 8; i++) clients.push(await stalled(running.port, postHead('/api/messages', 200 * KB), part));
    // Five such bodies fit in 1000 KB, a sixth does not: whichever requests go over are refused, the rest wait.
    const refusedNow = () => clients.filter((c) => c.answer() !== '');
    await until(() => refusedNow().length >= 3);
    await new Promise((r) => setTimeout(r, 200));
    const refused = refusedNow();
    expect(refused).toHaveLength(3);
    for (const c of refused) {
      expect(c.answer()).toMatch(/^HTTP\/1\.1 503/);
      expect(c.answer()).toMatch(/retry-after: 1/i);
      await c.closed;
    }
    const held = clients.filter((c) => !refused.includes(c));

    // A new request that does not fit is refused cleanly; one that does is served.
    const tooBig = await fetch(`${base(running)}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: padded(100 * KB) });
    expect(tooBig.status).toBe(503);
    expect(tooBig.headers.get('retry-after')).toBe('1');
    expect(await tooBig.json()).toEqual({ error: 'server busy' });
    const small = await fetch(`${base(running)}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: padded(2 * KB) });
    expect(small.status).toBe(200);

    // The stalled clients give up: their bytes come back to the budget.
    for (const c of held) c.socket.destroy();
    await until(
      async () =>
        (await fetch(`${base(running)}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: padded(100 * KB) })).status ===
        200,
    );
    expect((await fetch(`${base(running)}/healthz`)).status).toBe(200);
  });
});

describe('memory under stalled bodies', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  /** Buffers alive after two full collections (the second frees what the first only finalised). */
  const arrayBuffers = async () => {
    gc();
    await new Promise((r) => setTimeout(r, 20));
    gc();
    return process.memoryUsage().arrayBuffers;
  };

  it('24 clients each stalled after 900 KB pin at most the 4 MB budget, not 21 MB', async () => {
    const running = await testServer({}, { httpTimeouts: { bodyBudgetBytes: 4 * 1024 * KB } });
    const part = Buffer.alloc(900 * KB, 'x');
    const open: Array<Awaited<ReturnType<typeof stalled>>> = [];
    try {
      const before = await arrayBuffers();
      for (let i = 0; i < 24; i++) open.push(await stalled(running.port, postHead('/api/messages', 1024 * KB), part));
      // Let the server read all it will take.
      await new Promise((r) => setTimeout(r, 300));
      const growth = (await arrayBuffers()) - before;
      expect(growth, `grew by ${(growth / 1024 / 1024).toFixed(1)} MB`).toBeLessThan(8 * 1024 * KB);
      expect(open.filter((c) => /^HTTP\/1\.1 503/.test(c.answer())).length).toBeGreaterThanOrEqual(19);
    } finally {
      for (const c of open) c.socket.destroy();
      await running.stop();
    }
  });
});

describe('connection cap', () => {
  it('connections past maxConnections are closed at once, and the server serves again when they go', async () => {
    const running = await testServer({}, { httpTimeouts: { maxConnections: 4 } });
    const idle: Array<Awaited<ReturnType<typeof stalled>>> = [];
    try {
      for (let i = 0; i < 4; i++) idle.push(await stalled(running.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', Buffer.alloc(0)));
      const started = Date.now();
      expect(await rawRequest(running.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', undefined, 3000)).toBe('');
      expect(Date.now() - started).toBeLessThan(1000);
      for (const c of idle) c.socket.destroy();
      await Promise.all(idle.map((c) => c.closed));
      // The server sees the closes a moment after the client does.
      for (let n = 1; n > 0; ) n = await new Promise<number>((r) => running.server.getConnections((_, count) => setTimeout(() => r(count), 5)));
      expect(await rawRequest(running.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', undefined, 3000)).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      for (const c of idle) c.socket.destroy();
      await running.stop();
    }
  });
});
