/** No Docker engine runs here, so the Dockerfile is checked for what matters: stages, user, health, signals. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, testServer } from './helpers.js';
import { freePort } from './state/redis-server.js';

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');

describe('Dockerfile', () => {
  it('is multi-stage, on the Node major the project supports', () => {
    const froms = dockerfile.match(/^FROM .+$/gm) ?? [];
    expect(froms.length).toBe(2);
    for (const f of froms) expect(f).toMatch(/node:20/);
  });

  it('runs as a non-root user, with a health check on /healthz and an exec-form command', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(runtime).toMatch(/^CMD \["node", "dist\/src\/cli\.js", "serve"\]$/m);
    expect(runtime).not.toMatch(/devDependencies|npm install/);
  });

  it('keeps the state volume private to the node user', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^RUN mkdir -p \/data && chown node:node \/data && chmod 700 \/data$/m);
    expect(runtime).toMatch(/^ENV .*STATE_STORE=\/data\/state\.db/m);
  });

  it('the HEALTHCHECK probes the PORT and HOST serve listens on', async () => {
    const script = /^\s+CMD node -e "(.+)"$/m.exec(dockerfile.slice(dockerfile.indexOf('HEALTHCHECK')))?.[1];
    expect(script).toBeDefined();
    // Run asynchronously: the server answering it lives in this process.
    const probe = (env: Record<string, string>) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['-e', script ?? ''], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore', timeout: 10_000 });
        child.once('exit', (code) => resolve(code));
      });
    for (const host of ['127.0.0.1', '::1']) {
      const running = await testServer({ HOST: host });
      try {
        const port = String(running.port);
        expect(await probe({ PORT: port, HOST: host }), host).toBe(0);
        if (host === '127.0.0.1') expect(await probe({ PORT: ` ${port} ` })).toBe(0);
      } finally {
        await running.stop();
      }
    }
    expect(await probe({ PORT: String(await freePort()) })).toBe(1);
  });

  it('keeps local build output, dependencies and secrets out of the context', () => {
    for (const entry of ['node_modules', 'dist', 'data', '.env', '.git']) expect(ignore).toContain(entry);
  });
});
