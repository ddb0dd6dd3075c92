/** Checks the Slack app manifest (manifest.json) against the limits of Slack's manifest schema. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SLACK_COMMAND, SLACK_EVENTS, SLACK_PATH, SLACK_REDIRECT_PATH, SLACK_SCOPES, SLACK_SHORTCUTS } from '../channels/slack/manifest-ids.js';
import { formatPath } from '../knowledge/load.js';

export { SLACK_COMMAND, SLACK_EVENTS, SLACK_PATH, SLACK_SCOPES, SLACK_SHORTCUTS };

const url = z.url().max(3000);
const Manifest = z.looseObject({
  _metadata: z.looseObject({ major_version: z.literal(1) }).optional(),
  display_information: z.looseObject({
    name: z.string().min(1).max(35),
    description: z.string().max(140).optional(),
    long_description: z.string().min(175).max(4000).optional(),
  }),
  features: z.looseObject({
    bot_user: z.looseObject({ display_name: z.string().min(1).max(80) }),
    app_home: z.looseObject({ messages_tab_enabled: z.literal(true), messages_tab_read_only_enabled: z.literal(false) }),
    slash_commands: z
      .array(
        z.looseObject({
          command: z.string().min(2).max(32).startsWith('/'),
          description: z.string().min(1).max(2000),
          url: url.optional(),
          usage_hint: z.string().max(1000).optional(),
        }),
      )
      .max(50),
    shortcuts: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(24),
          type: z.enum(['message', 'global']),
          callback_id: z.string().min(1).max(255),
          description: z.string().min(1).max(150),
        }),
      )
      .min(1)
      .max(10)
      .optional(),
  }),
  oauth_config: z.looseObject({ redirect_urls: z.array(url).max(1000).optional(), scopes: z.looseObject({ bot: z.array(z.string()).max(255) }) }),
  settings: z.looseObject({
    event_subscriptions: z.looseObject({ request_url: url.optional(), bot_events: z.array(z.string()) }),
    interactivity: z.looseObject({ is_enabled: z.literal(true), request_url: url.optional() }),
  }),
});

/** Problems with manifest.json, each naming the field. */
export function checkSlackManifest(path: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return [`manifest.json: cannot read or parse (${(err as Error).message})`];
  }
  const parsed = Manifest.safeParse(doc);
  if (!parsed.success) return parsed.error.issues.map((i) => `manifest.json: ${formatPath(i.path)}: ${i.message}`);
  const m = parsed.data;
  const problems: string[] = [];
  if (!m.features.slash_commands.some((c) => c.command === SLACK_COMMAND)) problems.push(`manifest.json: features.slash_commands: no ${SLACK_COMMAND} command`);
  for (const e of SLACK_EVENTS) {
    if (!m.settings.event_subscriptions.bot_events.includes(e)) problems.push(`manifest.json: settings.event_subscriptions.bot_events: missing ${e}`);
  }
  for (const [type, id] of Object.entries(SLACK_SHORTCUTS)) {
    if (!m.features.shortcuts?.some((s) => s.callback_id === id && s.type === type)) {
      problems.push(`manifest.json: features.shortcuts: no ${type} shortcut with callback_id ${id}`);
    }
  }
  const scopes = m.oauth_config.scopes.bot;
  for (const s of SLACK_SCOPES) {
    if (!scopes.includes(s)) problems.push(`manifest.json: oauth_config.scopes.bot: missing ${s}`);
  }
  // Installs across workspaces (OAuth) come back to the redirect path; Slack refuses a redirect the manifest does not list.
  if (!m.oauth_config.redirect_urls?.some((u) => new URL(u).pathname === SLACK_REDIRECT_PATH))
    problems.push(`manifest.json: oauth_config.redirect_urls: none ends in ${SLACK_REDIRECT_PATH}`);
  const urls = [...m.features.slash_commands.map((c) => c.url), m.settings.event_subscriptions.request_url, m.settings.interactivity.request_url].filter(
    (u): u is string => u !== undefined,
  );
  for (const u of urls) if (new URL(u).pathname !== SLACK_PATH) problems.push(`manifest.json: request URL ${u} does not end in ${SLACK_PATH}`);
  return problems;
}
