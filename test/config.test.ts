/** The one configuration schema: defaults, and every unusable value rejected by the variable's name. */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, VARIABLES } from '../src/config.js';
import { AppError } from '../src/errors.js';
import { ROOT, testServer } from './helpers.js';

/** The message loadConfig throws for `env`, or undefined when it accepts it. */
function rejection(env: Record<string, string>): string | undefined {
  try {
    loadConfig(env);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'CONFIG_INVALID' });
    return (err as AppError).message;
  }
}

describe('configuration', () => {
  it('an empty or blank PORT is unset (default 3000), never a random port', () => {
    expect(loadConfig({}).PORT).toBe(3000);
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
    expect(loadConfig({ PORT: '  ' }).PORT).toBe(3000);
    expect(loadConfig({ PORT: '8080' }).PORT).toBe(8080);
    expect(loadConfig({ PORT: '0' }).PORT).toBe(0); // an explicit 0 still asks for a free port (tests)
  });

  it('PORT must be a decimal number from 0 to 65535', () => {
    for (const port of ['eighty', '0x50', '1e3', '80.5', '-1', '65536', '80 80']) {
      expect(rejection({ PORT: port }), port).toMatch(/^ {2}- PORT: /m);
    }
  });

  it('STATE_STORE accepts memory, Redis URLs and SQLite paths', () => {
    const ok = [
      'memory',
      './data/state.db',
      'state.db',
      'state.sqlite',
      'STATE.SQLITE3',
      '/var/lib/runtime-advice/state',
      'data/state',
      'C:\\runtime-advice\\state.db',
      'redis://127.0.0.1:6379',
      'rediss://user:pass@redis.internal:6380/2',
      'Redis://127.0.0.1',
    ];
    for (const spec of ok) expect(rejection({ STATE_STORE: spec }), spec).toBeUndefined();
    expect(loadConfig({}).STATE_STORE).toBe('./data/state.db');
    expect(loadConfig({ STATE_STORE: '' }).STATE_STORE).toBe('./data/state.db');
  });

  it('STATE_STORE rejects misspelt keywords, malformed URLs and unknown schemes, naming the variable', () => {
    const bad = [
      'Memory',
      'MEMORY',
      'memory;',
      'memory x',
      'memroy',
      'redis',
      'redis:/host',
      'redis:host',
      'redis//host',
      'redis://',
      'postgres://db/state',
      'http://example.com/state',
      'file:state.db',
      'sqlite:state.db',
      'state',
      ':memory:',
      'data/',
      'a\0b.db',
    ];
    for (const spec of bad) {
      expect(rejection({ STATE_STORE: spec }), JSON.stringify(spec)).toMatch(/^ {2}- STATE_STORE: /m);
    }
    expect(rejection({ STATE_STORE: 'Memory' })).toMatch(/did you mean "memory"/);
    expect(rejection({ STATE_STORE: 'redis:/host' })).toMatch(/redis:\/\//);
  });

  it('HOST is optional (all interfaces) and must be an address or a host name', () => {
    expect(loadConfig({}).HOST).toBeUndefined();
    expect(loadConfig({ HOST: '' }).HOST).toBeUndefined();
    for (const host of ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost', 'bot.internal']) expect(loadConfig({ HOST: host }).HOST, host).toBe(host);
    for (const host of ['not a host', 'http://127.0.0.1', '127.0.0.1:3000', '-x']) expect(rejection({ HOST: host }), host).toMatch(/^ {2}- HOST: /m);
  });

  it('every variable is in VARIABLES (for --help) and in the README configuration table', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Connect to Slack'));
    const names = VARIABLES.map(([name]) => name);
    expect(names).toContain('HOST');
    for (const name of names) expect(table, name).toContain(`\`${name}\``);
  });

  it('serve listens on HOST', async () => {
    const running = await testServer({ HOST: '127.0.0.1' });
    try {
      expect((running.server.address() as AddressInfo).address).toBe('127.0.0.1');
      expect((await fetch(`${running.base}/healthz`)).status).toBe(200);
    } finally {
      await running.stop();
    }
  });
});
