/** Hostile HTTP: malformed, oversized, slow, forged and replayed requests never crash the server or leak a stack. */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/serve.js';
import { testServer } from '../helpers.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { envelope, FORM, JSON_TYPE, mention, post, SIGNING_SECRET, sign, slash } from './slack-client.js';

let fake: FakeSlack;
let running: Running;
let base: string;
const tried: Record<string, number> = {};
const count = (category: string) => {
  tried[category] = (tried[category] ?? 0) + 1;
};

beforeAll(async () => {
  fake = await startFakeSlack();
  running = await testServer(
    { SLACK_BOT_TOKEN: 'xoxb-hostile', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${fake.url}/api/` },
    { httpTimeouts: { headersMs: 1000, requestMs: 1500 } },
  );
  base = `http://127.0.0.1:${running.port}`;
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
});

/** Every answer is short and free of stack traces, and the server stays healthy. */
async function expectSafe(res: Response, statuses: number[]): Promise<void> {
  expect(statuses).toContain(res.status);
  const body = await res.text();
  expect(body).not.toMatch(/\bat \S+ \(|node:internal|\.ts:\d+|\.js:\d+/);
  expect(body.length).toBeLessThan(2000);
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
}

/** A raw request: what fetch cannot send (partial bodies, lying lengths). */
function raw(request: string, waitMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(running.port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (d) => {
      data += d.toString();
    });
    const done = () => resolve(data);
    socket.on('close', done);
    socket.on('error', done);
    setTimeout(() => {
      socket.destroy();
      done();
    }, waitMs);
  });
}

describe('hostile HTTP', () => {
  it.each([
    ['truncated JSON', '{"type":"event_callback","event":{'],
    ['not JSON at all', 'hello there'],
    ['JSON null', 'null'],
    ['a JSON string', '"event_callback"'],
    ['an event with no event', JSON.stringify({ type: 'event_callback', event_id: 'Ev1', team_id: 'T1' })],
    ['an unknown envelope type', JSON.stringify({ type: 'something_else' })],
  ])('Slack, signed but malformed (%s): 4xx or an empty 200, no crash', async (_, body) => {
    count('malformed Slack body');
    await expectSafe(await post(base, body, JSON_TYPE), [200, 400, 401, 404]);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form with charset', 'application/x-www-form-urlencoded; charset=utf-8'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['xml', 'application/xml'],
  ])('Slack, wrong content type (%s): no crash', async (_, type) => {
    count('wrong content type');
    await expectSafe(await post(base, slash('hello', `${fake.url}/respond/ct`), type), [200, 400, 401, 404]);
  });

  it('Teams, wrong content type: 400', async () => {
    count('wrong content type');
    const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    await expectSafe(res, [400]);
  });

  it.each([
    ['/slack/events', JSON_TYPE],
    ['/api/messages', JSON_TYPE],
  ])('a body over 1 MB to %s is refused with 413 before parsing', async (path, type) => {
    count('body over 1 MB');
    const body = JSON.stringify({ type: 'event_callback', padding: 'x'.repeat(1024 * 1024 + 100) });
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) },
      body,
    });
    await expectSafe(res, [413]);
  });

  it('a declared length over 1 MB is refused at once without reading the body', async () => {
    count('body over 1 MB');
    const started = Date.now();
    const answer = await raw('POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{', 3000);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['/slack/events', 'POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":'],
    ['/api/messages', 'POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":'],
    ['headers never finished', 'POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slow: '],
  ])('a slow-loris partial request to %s is cut off by the server timeout', async (_, request) => {
    count('slow loris');
    const started = Date.now();
    await raw(request, 6000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it.each(['/', '/admin', '/slack', '/api', '/api/messages/x', '/.env', '/../etc/passwd', '/healthz/extra'])('unknown path %s: JSON 404', async (path) => {
    count('unknown path');
    await expectSafe(await fetch(`${base}${path}`), [404]);
  });

  it.each([
    ['a forged signature', { signature: sign('other body', Math.floor(Date.now() / 1000)) }],
    ['a signature with another secret', { signature: 'SECRET' }],
    ['v1 signature', { signature: 'v1=abc' }],
    ['a stale timestamp (6 minutes)', { timestamp: Math.floor(Date.now() / 1000) - 360 }],
    ['a timestamp that is not a number', { timestamp: Number.NaN }],
    ['no signature', { signature: null }],
  ])('%s: 401 and no reply', async (_, options) => {
    count('forged or stale signature');
    const n = fake.replies().length;
    const body = envelope(mention('what is docker'));
    const opts = 'signature' in options && options.signature === 'SECRET' ? { signature: sign(body, Math.floor(Date.now() / 1000), 'wrong-secret') } : options;
    await expectSafe(await post(base, body, JSON_TYPE, opts), [401]);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.replies().length).toBe(n);
  });

  it('a replayed signed event (same body, same signature) gets one reply', async () => {
    count('replayed request');
    const body = envelope(mention('how fast do containers start'));
    const ts = Math.floor(Date.now() / 1000);
    const n = fake.replies().length;
    for (let i = 0; i < 3; i++) expect((await post(base, body, JSON_TYPE, { timestamp: ts, signature: sign(body, ts) })).status).toBe(200);
    await fake.waitFor(() => fake.replies().length > n);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.replies().length - n).toBe(1);
  });

  it('a replayed signed slash command gets one answer', async () => {
    count('replayed request');
    const body = slash('what is a hypervisor', `${fake.url}/respond/replay`);
    const ts = Math.floor(Date.now() / 1000);
    const n = fake.replies().length;
    for (let i = 0; i < 3; i++) expect((await post(base, body, FORM, { timestamp: ts, signature: sign(body, ts) })).status).toBe(200);
    await fake.waitFor(() => fake.replies().length > n);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.replies().length - n).toBe(1);
  });

  it.each([
    ['no type', { serviceUrl: fake?.url, conversation: { id: 'c' } }],
    ['no serviceUrl', { type: 'message', conversation: { id: 'c' }, text: 'hi' }],
    ['no conversation', { type: 'message', serviceUrl: 'http://127.0.0.1:1', text: 'hi' }],
    ['conversation id not a string', { type: 'message', serviceUrl: 'http://127.0.0.1:1', conversation: { id: 5 } }],
    ['an empty object', {}],
  ])('Teams activity with %s: 400', async (_, activity) => {
    count('Teams activity missing fields');
    const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    await expectSafe(res, [400]);
  });

  it('methods other than POST: 405', async () => {
    count('wrong method');
    for (const method of ['GET', 'PUT', 'DELETE']) {
      await expectSafe(await fetch(`${base}/api/messages`, { method }), [405]);
      await expectSafe(await fetch(`${base}/slack/events`, { method }), [405]);
    }
  });

  // Last in the file, so every test above has counted what it sent. The closing note's table comes
  // from this annotation (`--reporter=verbose` shows it); nothing is written to stdout.
  it('tried every kind of hostile input', async ({ annotate }) => {
    expect(Object.keys(tried).length).toBeGreaterThan(5);
    await annotate(`hostile inputs tried: ${JSON.stringify(tried)}`);
  });
});
