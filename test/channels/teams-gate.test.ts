/** The checks on Teams requests that run before any SDK: the loopback rule for serviceUrl and the Bearer header. */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hasBearer, loopbackServiceUrl } from '../../src/channels/teams/gate.js';

describe('loopbackServiceUrl', () => {
  it.each([
    ['http://127.0.0.1:3978', 'http://127.0.0.1:3978'],
    ['http://localhost:3978/', 'http://localhost:3978'],
    ['HTTPS://LocalHost:3978/base/', 'https://localhost:3978/base'],
    ['http://127.8.9.10:1', 'http://127.8.9.10:1'],
    ['http://[::1]:3978', 'http://[::1]:3978'],
    ['http://[0:0:0:0:0:0:0:1]:3978', 'http://[::1]:3978'],
    // Other spellings of 127.0.0.1, as the URL parser reads them.
    ['http://2130706433:3978', 'http://127.0.0.1:3978'],
    ['http://0x7f.1:3978', 'http://127.0.0.1:3978'],
    // A query or fragment never reaches the client that sends the reply.
    ['http://127.0.0.1:3978/x?y=http://10.0.0.1#z', 'http://127.0.0.1:3978/x'],
  ])('%s is loopback: %s', (raw, expected) => {
    expect(loopbackServiceUrl(raw)).toBe(expected);
  });

  it.each([
    'http://10.0.0.1:9/',
    'http://169.254.169.254/latest/meta-data/',
    'https://smba.trafficmanager.net/amer/',
    'http://example.internal/',
    'http://localhost.evil.example/',
    'http://127.0.0.1.nip.io/',
    'http://localhost./',
    'http://0.0.0.0:3978/',
    'http://[::ffff:10.0.0.1]/',
    'http://127.0.0.1@10.0.0.1/',
    'http://user:pass@127.0.0.1/',
    'http://10.0.0.1#@127.0.0.1',
    'http://127.0.0.1:3978\\@10.0.0.1/',
    'http://127.0.0.1/a;b',
    'ftp://127.0.0.1/',
    'file:///etc/passwd',
    'not a url',
    '',
    `http://127.0.0.1/${'a'.repeat(3000)}`,
  ])('%s is refused', (raw) => {
    expect(loopbackServiceUrl(raw)).toBeUndefined();
  });

  it('refuses anything but a string', () => {
    for (const v of [undefined, null, 5, {}, ['http://127.0.0.1']]) expect(loopbackServiceUrl(v)).toBeUndefined();
  });
});

describe('hasBearer', () => {
  const req = (authorization?: string | string[]) => ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as IncomingMessage;
  it.each([
    [undefined, false],
    ['', false],
    ['Bearer', false],
    ['Bearer ', false],
    ['Basic dXNlcjpwYXNz', false],
    ['Bearer eyJhbGciOi.eyJzdWIi.sig', true],
  ])('%s -> %s', (header, expected) => {
    expect(hasBearer(req(header))).toBe(expected);
  });
});
