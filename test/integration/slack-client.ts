/** Sends correctly signed Slack requests, shaped like Slack's own, to the real server. */
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  timestamp?: number;
  signature?: string | null;
  retryNum?: number;
}

export async function post(base: string, body: string, contentType: string, options: SendOptions = {}): Promise<Response> {
  const ts = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType, 'x-slack-request-timestamp': String(ts) };
  const signature = options.signature === undefined ? sign(body, ts) : options.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(`${base}/slack/events`, { method: 'POST', headers, body });
}

let eventCounter = 0;

/** An Events API envelope around `event`. */
export function envelope(event: Record<string, unknown>, eventId = `Ev${++eventCounter}${Date.now()}`): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    event,
  });
}

let tsCounter = 0;
export function nextTs(): string {
  return `${1700000000 + ++tsCounter}.000200`;
}

export function mention(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = nextTs();
  return { type: 'app_mention', user: 'U1', text: `<@UBOT> ${text}`, ts, channel: 'C1', event_ts: ts, ...extra };
}

export function dm(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = nextTs();
  return { type: 'message', channel: 'D1', user: 'U1', text, ts, event_ts: ts, channel_type: 'im', ...extra };
}

export function slash(text: string, responseUrl: string, user = 'U1'): string {
  return new URLSearchParams({
    token: 'legacy',
    command: '/runtime-advice',
    text,
    response_url: responseUrl,
    trigger_id: `trig-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    user_id: user,
    user_name: 'dev',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: 'C1',
    channel_name: 'general',
    api_app_id: 'A1',
    is_enterprise_install: 'false',
  }).toString();
}

export interface ClickOptions {
  user?: string;
  channel?: string;
  messageTs?: string;
  /** The thread the clicked message is in (a reply in a channel thread). */
  threadTs?: string;
  ephemeral?: boolean;
  responseUrl: string;
  /** The clicked element's ids (default a button "ra_q_0" in block "q"). */
  actionId?: string;
  blockId?: string;
  /** `state.values` of the message: what its checkboxes hold at the click. */
  state?: Record<string, Record<string, unknown>>;
  /** The clicked element itself, when it is not a button (e.g. a checkbox toggle). */
  element?: Record<string, unknown>;
}

let clicks = 0;

/** A block_actions payload for one click; like Slack's, each click has its own trigger_id and action_ts. */
export function click(value: string, options: ClickOptions): string {
  const n = ++clicks;
  const payload = {
    type: 'block_actions',
    user: { id: options.user ?? 'U1', username: 'dev', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    container: { type: 'message', message_ts: options.messageTs ?? '1.0', channel_id: options.channel ?? 'C1', is_ephemeral: options.ephemeral ?? false },
    trigger_id: `${Date.now()}.${n}.${Math.random().toString(16).slice(2, 10)}`,
    team: { id: 'T1', domain: 'acme' },
    channel: { id: options.channel ?? 'C1', name: 'general' },
    message: { type: 'message', ts: options.messageTs ?? '1.0', text: '', ...(options.threadTs ? { thread_ts: options.threadTs } : {}) },
    response_url: options.responseUrl,
    ...(options.state ? { state: { values: options.state } } : {}),
    actions: [
      {
        ...(options.element ?? {
          type: 'button',
          block_id: options.blockId ?? 'q',
          action_id: options.actionId ?? 'ra_q_0',
          value,
          text: { type: 'plain_text', text: 'x' },
        }),
        action_ts: `${1700000000 + n}.000${n}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/** A message shortcut ("Get runtime advice") run by `user` on a message with `text`, as Slack sends it. */
export function messageShortcut(text: string, options: { responseUrl: string; user?: string; channel?: string; author?: string; threadTs?: string }): string {
  const ts = nextTs();
  const payload = {
    type: 'message_action',
    token: 'legacy',
    action_ts: `${ts}1`,
    team: { id: 'T1', domain: 'acme' },
    user: { id: options.user ?? 'U1', username: 'dev', name: 'dev', team_id: 'T1' },
    channel: { id: options.channel ?? 'C1', name: 'general' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: 'runtime_advice_message',
    trigger_id: `trig-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    response_url: options.responseUrl,
    message_ts: ts,
    message: { type: 'message', user: options.author ?? 'U2', text, ts, ...(options.threadTs ? { thread_ts: options.threadTs } : {}) },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The global shortcut, as Slack sends it (no channel, no response_url). */
export function globalShortcut(user = 'U1'): string {
  const payload = {
    type: 'shortcut',
    token: 'legacy',
    action_ts: `${Date.now() / 1000}`,
    team: { id: 'T1', domain: 'acme' },
    user: { id: user, username: 'dev', team_id: 'T1' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: 'runtime_advice_start',
    trigger_id: `trig-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
