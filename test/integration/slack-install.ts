/** A browser's part of a Slack OAuth install, and events from a given workspace, for the install tests. */
import { expect } from 'vitest';
import type { FakeSlack, Grant } from './fake-slack.js';
import { nextTs, post } from './slack-client.js';

export const OAUTH_ENV = {
  SLACK_CLIENT_ID: '1111.2222',
  SLACK_CLIENT_SECRET: 'oauth-client-secret-abcdef',
  SLACK_STATE_SECRET: 'oauth-state-secret-abcdef',
};

/** What GET /slack/install gave the browser: the state in the "Add to Slack" link and in the cookie. */
export interface InstallStart {
  status: number;
  html: string;
  link: URL;
  state: string;
  cookie: string;
}

/** GET /slack/install, as a browser does. */
export async function startInstall(base: string): Promise<InstallStart> {
  const res = await fetch(`${base}/slack/install`);
  const html = await res.text();
  const href = /<a href="([^"]+)">/.exec(html)?.[1] ?? '';
  const link = new URL(href.replaceAll('&amp;', '&'));
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { status: res.status, html, link, state: link.searchParams.get('state') ?? '', cookie };
}

/** GET /slack/oauth_redirect?code=...&state=..., sending the state cookie (or `cookie` instead). */
export async function finishInstall(base: string, code: string, state: string, cookie: string): Promise<{ status: number; html: string }> {
  const params = new URLSearchParams({ code, state });
  const res = await fetch(`${base}/slack/oauth_redirect?${params}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, html: await res.text() };
}

/** The whole install of one workspace (or org) through `startBase` and `finishBase`; the fake grants `code`. */
export async function install(fake: FakeSlack, code: string, grant: Grant, startBase: string, finishBase = startBase): Promise<void> {
  fake.grant(code, grant);
  const start = await startInstall(startBase);
  expect(start.status).toBe(200);
  const done = await finishInstall(finishBase, code, start.state, start.cookie);
  expect(done.html).toMatch(/Thank you!/);
  expect(done.status).toBe(200);
}

let events = 0;

/** A signed app_mention from `team` (inside `enterprise`, org-wide installed when `org`), as Slack sends it. */
export function teamMention(team: string, text: string, options: { enterprise?: string; org?: boolean; user?: string; channel?: string } = {}) {
  const ts = nextTs();
  const event = { type: 'app_mention', user: options.user ?? `U${team}`, text: `<@UBOT> ${text}`, ts, channel: options.channel ?? `C${team}`, event_ts: ts };
  return { ts, body: envelopeFor(team, event, options) };
}

/** An Events API envelope from `team`, with Slack's `authorizations` (org-wide installs say so there). */
export function envelopeFor(team: string, event: Record<string, unknown>, options: { enterprise?: string; org?: boolean } = {}): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: team,
    ...(options.enterprise ? { enterprise_id: options.enterprise } : {}),
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `EvOAUTH${++events}${Date.now()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: options.enterprise ?? null, team_id: team, user_id: 'UBOT', is_bot: true, is_enterprise_install: Boolean(options.org) }],
    ...(options.org ? { is_enterprise_install: true } : {}),
    event,
  });
}

/** `app_uninstalled` from `team`. */
export function uninstalled(team: string, options: { enterprise?: string; org?: boolean } = {}): string {
  return envelopeFor(team, { type: 'app_uninstalled', event_ts: nextTs() }, options);
}

/** Posts a mention from `team` and resolves with the reply in its thread (or undefined after `waitMs`). */
export async function mentionReply(
  fake: FakeSlack,
  base: string,
  team: string,
  text: string,
  waitMs = 5000,
  options: { enterprise?: string; org?: boolean } = {},
) {
  const m = teamMention(team, text, options);
  expect((await post(base, m.body, 'application/json')).status).toBe(200);
  const inThread = () => fake.calls.find((c) => c.method === 'chat.postMessage' && c.body.thread_ts === m.ts);
  try {
    await fake.waitFor(() => inThread() !== undefined, waitMs);
  } catch {
    return undefined;
  }
  return inThread();
}
