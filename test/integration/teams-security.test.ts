/**
 * /api/messages as an attacker sees it: without MICROSOFT_APP_ID only loopback serviceUrls are served,
 * forged identities never reach another host, delivery ids never outlive DELIVERY_TTL_MINUTES, and with an
 * app id a request without a Bearer token is refused before its body is read.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { teamsKey } from '../../src/channels/teams/bot.js';
import { Engine } from '../../src/engine/engine.js';
import type { Running } from '../../src/serve.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine, testServer } from '../helpers.js';
import { type FakeConnector, type Sent, startFakeConnector } from './fake-connector.js';
import { type EgressGuard, guardEgress } from './no-egress.js';
import { postHead, rawRequest } from './raw-http.js';
import { BOT, membersAdded, message, USER } from './teams-activities.js';

let connector: FakeConnector;
let running: Running;
let egress: EgressGuard;
let conversations = 0;

beforeAll(async () => {
  connector = await startFakeConnector();
  running = await testServer({});
});

afterAll(async () => {
  await running?.stop();
  await connector?.close();
});

beforeEach(() => {
  egress = guardEgress();
});

/** A personal conversation of its own, so tests never share state or delivery ids. */
function personal(): Record<string, unknown> {
  return { conversationType: 'personal', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', id: `a:sec-${++conversations}` };
}

function deliver(base: string, activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
}

async function turn(activity: Record<string, unknown>): Promise<Sent[]> {
  const n = connector.sent.length;
  const res = await deliver(`http://127.0.0.1:${running.port}`, activity);
  expect(res.status).toBe(200);
  return connector.sent.slice(n);
}

const textOf = (s: Sent | undefined) => JSON.stringify(s?.activity ?? {});
const FOREIGN = [
  'http://10.0.0.1:9/',
  'http://169.254.169.254/latest/meta-data/',
  'http://example.internal/',
  'https://10.0.0.1/',
  'http://127.0.0.1@10.0.0.1:9/',
];

describe('Teams without MICROSOFT_APP_ID: loopback serviceUrl only', () => {
  it.each(FOREIGN)('a message whose serviceUrl is %s gets 401, the server connects nowhere and stores nothing', async (serviceUrl) => {
    const conversation = personal();
    const forged = message(serviceUrl, 'personal', 'how fast do containers start?', { conversation });
    const n = connector.sent.length;
    const res = await deliver(`http://127.0.0.1:${running.port}`, forged);
    expect(res.status).toBe(401);
    expect(egress.blocked).toEqual([]);
    expect(connector.sent.length).toBe(n);
    // Nothing was recorded: the same activity id from a local emulator is a first delivery and is answered.
    const sent = await turn({ ...forged, serviceUrl: connector.url });
    expect(sent).toHaveLength(1);
  });

  it('a forged welcome (conversationUpdate) to a foreign serviceUrl gets 401 and does not use up the welcome', async () => {
    const conversation = personal();
    const res = await deliver(`http://127.0.0.1:${running.port}`, { ...membersAdded('http://10.0.0.1:9/', 'personal', [BOT]), conversation });
    expect(res.status).toBe(401);
    expect(egress.blocked).toEqual([]);
    const sent = await turn({ ...membersAdded(connector.url, 'personal', [BOT]), conversation });
    expect(sent).toHaveLength(1);
    expect(textOf(sent[0])).toMatch(/Hi!/);
  });

  it("a forged from.aadObjectId never sends another user's recommendation to a foreign serviceUrl", async () => {
    const conversation = personal();
    const [verdict] = await turn(
      message(connector.url, 'personal', 'our payment platform handles card data for PCI and is split into microservices', { conversation }),
    );
    expect(textOf(verdict)).toMatch(/Recommendation: Both together/);
    const attacker = { id: '29:attacker', name: 'Mallory', aadObjectId: USER.aadObjectId };
    for (const serviceUrl of FOREIGN) {
      const n = connector.sent.length;
      const res = await deliver(`http://127.0.0.1:${running.port}`, message(serviceUrl, 'personal', 'why?', { conversation, from: attacker }));
      expect(res.status).toBe(401);
      expect(connector.sent.length).toBe(n);
    }
    expect(egress.blocked).toEqual([]);
  });

  it('state written by an authenticated deployment sharing the store is out of reach of unauthenticated activities', async () => {
    const conversation = personal();
    const real = message(connector.url, 'personal', 'our payment platform handles card data for PCI and is split into microservices', { conversation });
    // What a deployment with an app id stores for this user (same store, e.g. one Redis for several instances).
    await running.engine.handle(teamsKey(real, USER.aadObjectId), { kind: 'text', text: String(real.text) });
    const [why] = await turn(message(connector.url, 'personal', 'why?', { conversation }));
    expect(textOf(why)).toMatch(/not made a recommendation yet/);
    expect(textOf(why)).not.toMatch(/strongest isolation/);
  });
});

describe('Teams delivery ids', () => {
  it('a welcome id lives no longer than DELIVERY_TTL_MINUTES', async () => {
    let clock = Date.now();
    const store = new MemoryStore({ now: () => clock });
    const shared = await engine();
    const server = await testServer(
      { DELIVERY_TTL_MINUTES: '5' },
      { store, engine: new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store }) },
    );
    try {
      const conversation = personal();
      const welcome = async () => {
        const n = connector.sent.length;
        expect((await deliver(server.base, { ...membersAdded(connector.url, 'personal', [BOT]), conversation })).status).toBe(200);
        return connector.sent.length - n;
      };
      expect(await welcome()).toBe(1);
      clock += 4 * 60_000;
      expect(await welcome()).toBe(0);
      clock += 2 * 60_000;
      // Six minutes on, past the 5-minute TTL: the id has expired and is swept like every other delivery id.
      expect(await store.sweep()).toBeGreaterThanOrEqual(1);
      expect(await welcome()).toBe(1);
    } finally {
      await server.stop();
    }
  });
});

describe('Teams with an app id: no Bearer token, no body read', () => {
  let secured: Running;
  // Many small objects: what an attacker would send to make parsing as costly as a 1 MB body allows.
  const big = Buffer.from(
    JSON.stringify({ ...message('http://127.0.0.1:9', 'personal', 'hello'), padding: Array.from({ length: 115_000 }, () => ({ a: 0 })) }),
  );
  const head = (length: number) => postHead('/api/messages', length);

  beforeAll(async () => {
    secured = await testServer({ MICROSOFT_APP_ID: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', MICROSOFT_APP_PASSWORD: 'secret-value-123' });
  });
  afterAll(async () => {
    await secured?.stop();
  });

  it('answers 401 as soon as the headers arrive, without waiting for the body', async () => {
    const started = performance.now();
    const answer = await rawRequest(secured.port, head(big.length), undefined, 3000);
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(egress.blocked).toEqual([]);
  });

  it('a 1 MB body without authorization costs the server under 5 ms of CPU (median of 9)', async () => {
    expect(big.length).toBeLessThanOrEqual(1024 * 1024);
    // Warm up first: the first requests of a process cost several times more while the code is compiled.
    for (let i = 0; i < 3; i++) await rawRequest(secured.port, head(big.length), big, 3000);
    const costs: number[] = [];
    for (let i = 0; i < 9; i++) {
      // Client and server share this process; the client's part (one write of a ready buffer) is small.
      const before = process.cpuUsage();
      const answer = await rawRequest(secured.port, head(big.length), big, 3000);
      const used = process.cpuUsage(before);
      expect(answer).toMatch(/^HTTP\/1\.1 401/);
      costs.push((used.user + used.system) / 1000);
    }
    costs.sort((a, b) => a - b);
    const median = costs[4] ?? Number.POSITIVE_INFINITY;
    expect(median, `CPU ms per request: ${costs.map((c) => c.toFixed(2)).join(', ')}`).toBeLessThan(5);
  });
});
