/** manifest.json must say what the serving code does: same command, same events, same path. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { registerListeners } from '../../src/channels/slack/app.js';
import { checkSlackManifest, SLACK_PATH } from '../../src/cli/manifest-check.js';
import { silentLogger } from '../../src/log.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine, ROOT } from '../helpers.js';

const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));

/** How Bolt matches an event type or a callback id: the string itself, or a RegExp. */
type Pattern = string | RegExp;
const matches = (p: Pattern, value: string) => (typeof p === 'string' ? p === value : p.test(value));

/** Records what registerListeners asks Bolt for. */
function recordingApp() {
  const seen = { events: [] as Pattern[], commands: [] as string[], messages: 0, actions: [] as string[], shortcuts: [] as Pattern[] };
  const app = {
    event: (name: Pattern) => seen.events.push(name),
    shortcut: (id: Pattern | { callback_id: Pattern }) => seen.shortcuts.push(typeof id === 'object' && 'callback_id' in id ? id.callback_id : id),
    command: (name: string) => seen.commands.push(name),
    message: () => seen.messages++,
    action: (id: RegExp | string) => seen.actions.push(String(id)),
    error: () => {},
  };
  return { app: app as unknown as App, seen };
}

describe('Slack app manifest', () => {
  it('passes the manifest checks (limits, scopes, events, command, path)', () => {
    expect(checkSlackManifest(join(ROOT, 'manifest.json'))).toEqual([]);
  });

  it('matches the listeners the server registers', async () => {
    const { app, seen } = recordingApp();
    registerListeners(app, { engine: await engine(), store: new MemoryStore(), logger: silentLogger });
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(seen.commands);
    const events: string[] = manifest.settings.event_subscriptions.bot_events;
    // Every event type the listeners take, among those the manifest names and a few it does not.
    const types = [...events.map((e) => e.replace(/^message\..*/, 'message')), 'reaction_added', 'member_joined_channel', 'app_mention_x'];
    const taken = [...new Set(types.filter((t) => seen.events.some((p) => matches(p, t))))].sort();
    expect(taken).toEqual(['app_home_opened', 'app_mention', 'message']);
    // The message listener serves direct messages only, which Slack delivers as message.im.
    expect(seen.messages).toBe(0);
    expect(events).toContain('message.im');
    expect(events.filter((e) => e.startsWith('message.'))).toEqual(['message.im']);
    for (const t of taken.filter((t) => t !== 'message')) expect(events).toContain(t);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(seen.actions).toHaveLength(1);
    // Every shortcut the manifest declares has a listener, and no listener waits for an undeclared one.
    const shortcuts: Array<{ callback_id: string; type: string }> = manifest.features.shortcuts;
    for (const s of shortcuts) expect(seen.shortcuts.filter((p) => matches(p, s.callback_id))).toHaveLength(1);
    for (const other of ['runtime_advice', 'runtime_advice_messages', 'xruntime_advice_start', ''])
      expect(seen.shortcuts.some((p) => matches(p, other))).toBe(false);
    expect(shortcuts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'message', callback_id: 'runtime_advice_message', name: 'Get runtime advice' }),
        expect.objectContaining({ type: 'global', callback_id: 'runtime_advice_start' }),
      ]),
    );
  });

  it('sends every request to the path the server listens on', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c: { url: string }) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const u of urls) expect(new URL(u).pathname).toBe(SLACK_PATH);
  });

  it('asks for the minimal scopes and a writable messages tab', () => {
    // files:write: decision records are uploaded as files; im:write opens the direct message (shortcuts, private records).
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['app_mentions:read', 'chat:write', 'commands', 'files:write', 'im:history', 'im:write']);
    expect(manifest.features.app_home).toMatchObject({ messages_tab_enabled: true, messages_tab_read_only_enabled: false, home_tab_enabled: true });
    expect(manifest.features.slash_commands[0].usage_hint).toBeTruthy();
  });

  it('validate reports a manifest that drifts from the code', async () => {
    const { mkdtempSync, writeFileSync, cpSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ra-manifest-'));
    cpSync(join(ROOT, 'knowledge'), join(dir, 'knowledge'), { recursive: true });
    const broken = structuredClone(manifest);
    broken.features.slash_commands[0].command = '/advice';
    broken.settings.event_subscriptions.bot_events = ['app_mention', 'app_home_opened', 'message.im'];
    broken.oauth_config.redirect_urls = ['https://example.com/slack/oauth'];
    broken.features.shortcuts[0].type = 'global';
    broken.oauth_config.scopes.bot = broken.oauth_config.scopes.bot.filter((s: string) => s !== 'files:write');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(broken));
    expect(checkSlackManifest(join(dir, 'manifest.json'))).toEqual([
      'manifest.json: features.slash_commands: no /runtime-advice command',
      'manifest.json: settings.event_subscriptions.bot_events: missing app_uninstalled',
      'manifest.json: settings.event_subscriptions.bot_events: missing tokens_revoked',
      'manifest.json: features.shortcuts: no message shortcut with callback_id runtime_advice_message',
      'manifest.json: oauth_config.scopes.bot: missing files:write',
      'manifest.json: oauth_config.redirect_urls: none ends in /slack/oauth_redirect',
    ]);
  });

  it('holds shortcuts to the manifest schema limits (name up to 24 characters, a known type)', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ra-manifest-'));
    const broken = structuredClone(manifest);
    broken.features.shortcuts[1].name = 'A shortcut name longer than 24';
    broken.features.shortcuts[1].type = 'workflow';
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(broken));
    const problems = checkSlackManifest(join(dir, 'manifest.json'));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^manifest\.json: features\.shortcuts\[1\]\.name: /);
    expect(problems[1]).toMatch(/^manifest\.json: features\.shortcuts\[1\]\.type: /);
  });
});
