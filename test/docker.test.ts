/** No Docker engine runs here, so the Dockerfile is checked for what matters: stages, user, health, signals. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

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

  it('keeps local build output, dependencies and secrets out of the context', () => {
    for (const entry of ['node_modules', 'dist', 'data', '.env', '.git']) expect(ignore).toContain(entry);
  });
});
