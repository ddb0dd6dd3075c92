/**
 * Which dispatcher Slack's Web API calls go through. Bolt's undici 7 Agent and Node's bundled undici both install
 * themselves as fetch's global dispatcher when first loaded, whichever comes first; botbuilder's axios loads the
 * bundled one. Under load the bundled one cost about 50 us more per reply, so `serve` loads Bolt first.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const SCRIPT = `
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
const fake = createServer((req, res) => { req.resume(); req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end('{"ok":true,"user_id":"U","bot_id":"B"}'); }); });
await new Promise((r) => fake.listen(0, '127.0.0.1', r));
const { serve } = await import('./dist/src/serve.js');
const { loadConfig } = await import('./dist/src/config.js');
const running = await serve({ config: loadConfig({ PORT: '0', HOST: '127.0.0.1', STATE_STORE: 'memory', LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: 'xoxb-dispatcher', SLACK_SIGNING_SECRET: 'dispatcher-secret', SLACK_API_URL: 'http://127.0.0.1:' + fake.address().port + '/api/' }) });
// Wait until Teams' SDK has loaded too: that is when the bundled dispatcher would have been installed.
await fetch('http://127.0.0.1:' + running.port + '/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
const undici = createRequire(import.meta.resolve('@slack/socket-mode/package.json'))('undici');
process.stdout.write(String(globalThis[Symbol.for('undici.globalDispatcher.1')] instanceof undici.Agent));
await running.stop();
fake.close();
`;

describe('fetch dispatcher of the Slack Web API client', () => {
  it("is Bolt's undici Agent, not Node's bundled one, once Slack and Teams have both loaded", () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('true');
  });
});
