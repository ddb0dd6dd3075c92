/** All configuration, read from the environment once and checked by one zod schema. */
import { z } from 'zod';
import { AppError } from './errors.js';
import { parseStoreSpec } from './state/spec.js';

/** An empty or blank value counts as unset, for every variable (`-e PORT=` in Docker, `PORT= npm start`). */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** A decimal whole number only: "0x50", "1e3" and "80.5" are mistakes, not ports. */
const port = optionalText
  .refine((v) => v === undefined || /^\d{1,5}$/.test(v), 'must be a whole number from 0 to 65535')
  .transform((v) => (v === undefined ? 3000 : Number(v)))
  .refine((v) => v <= 65535, 'must be a whole number from 0 to 65535');

/** Like `port`, but unset stays unset (no default). */
const optionalPort = optionalText
  .refine((v) => v === undefined || /^\d{1,5}$/.test(v), 'must be a whole number from 0 to 65535')
  .transform((v) => (v === undefined ? undefined : Number(v)))
  .refine((v) => v === undefined || v <= 65535, 'must be a whole number from 0 to 65535');

/** An interface address or a host name, nothing more (no scheme, no port). */
const host = optionalText.refine(
  (v) => v === undefined || z.ipv4().safeParse(v).success || z.ipv6().safeParse(v).success || z.hostname().safeParse(v).success,
  'must be an IP address or a host name (such as 127.0.0.1, :: or localhost), without a scheme or port',
);

const stateStore = optionalText.transform((v, ctx) => {
  const value = v ?? './data/state.db';
  const spec = parseStoreSpec(value);
  if (spec.kind === 'invalid') ctx.addIssue({ code: 'custom', message: spec.problem });
  return value;
});

/** A number with a default; empty means unset. */
const numberOr = (fallback: number, max: number) =>
  optionalText.transform((v) => (v === undefined ? fallback : Number(v))).pipe(z.number({ error: 'must be a number' }).positive().max(max));

const Schema = z
  .object({
    PORT: port,
    HOST: host,
    SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || /^xoxb-/.test(v), 'must start with xoxb-'),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || /^xapp-/.test(v), 'must start with xapp-'),
    SLACK_API_URL: optionalText.pipe(z.url().optional()),
    SLACK_CLIENT_ID: optionalText,
    SLACK_CLIENT_SECRET: optionalText,
    SLACK_STATE_SECRET: optionalText,
    METRICS_PORT: optionalPort,
    MICROSOFT_APP_ID: optionalText,
    MICROSOFT_APP_PASSWORD: optionalText,
    MICROSOFT_APP_TENANT_ID: optionalText,
    MICROSOFT_APP_TYPE: optionalText.pipe(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
    STATE_STORE: stateStore,
    INTERVIEW_TTL_HOURS: numberOr(24, 24 * 365),
    DELIVERY_TTL_MINUTES: numberOr(60, 24 * 60),
    LOG_LEVEL: optionalText.pipe(z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional()).transform((v) => v ?? 'info'),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'required with SLACK_BOT_TOKEN for HTTP (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
    const oauth = Boolean(env.SLACK_CLIENT_ID || env.SLACK_CLIENT_SECRET || env.SLACK_STATE_SECRET);
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN && !oauth) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'required when other Slack variables are set' });
    }
    if (oauth) {
      // Installs across workspaces: the three OAuth variables together, over HTTP, instead of one bot token.
      for (const name of ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required for Slack installs across workspaces (OAuth)' });
      }
      if (env.SLACK_BOT_TOKEN) {
        ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'set either SLACK_BOT_TOKEN (one workspace) or the OAuth variables, not both' });
      }
      if (env.SLACK_APP_TOKEN) ctx.addIssue({ code: 'custom', path: ['SLACK_APP_TOKEN'], message: 'OAuth installs are served over HTTP, not Socket Mode' });
    }
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'must differ from PORT (unset it to serve /metrics on PORT)' });
    }
    if (env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_PASSWORD'], message: 'required with MICROSOFT_APP_ID' });
    }
    if (env.MICROSOFT_APP_TYPE === 'SingleTenant' && !env.MICROSOFT_APP_TENANT_ID) {
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_TENANT_ID'], message: 'required when MICROSOFT_APP_TYPE is SingleTenant' });
    }
  });

/** The checked, read-only configuration. */
export type Config = Readonly<z.infer<typeof Schema>> & {
  readonly slackEnabled: boolean;
  /** Slack installs across workspaces (OAuth) instead of one bot token. */
  readonly slackOAuth: boolean;
  readonly teamsEnabled: boolean;
};

/** Every variable with what it does, for `--help` and the README. An empty value counts as unset. */
export const VARIABLES: ReadonlyArray<[string, string]> = [
  ['PORT', 'HTTP port for /slack/events, /api/messages and /healthz (default 3000)'],
  ['HOST', 'interface to listen on, such as 127.0.0.1 (default all interfaces)'],
  ['SLACK_BOT_TOKEN', 'Slack bot token (xoxb-...)'],
  ['SLACK_SIGNING_SECRET', 'Slack signing secret, for HTTP mode'],
  ['SLACK_APP_TOKEN', 'Slack app-level token (xapp-...): Socket Mode instead of HTTP'],
  ['SLACK_API_URL', "base URL of the Slack Web API (default Slack's own)"],
  ['SLACK_CLIENT_ID', 'Slack app client id: installs across workspaces (OAuth) instead of SLACK_BOT_TOKEN'],
  ['SLACK_CLIENT_SECRET', 'Slack app client secret, for OAuth installs'],
  ['SLACK_STATE_SECRET', 'secret that signs the OAuth state parameter, for OAuth installs'],
  ['MICROSOFT_APP_ID', 'Bot Framework app id; unset = unauthenticated local emulator mode'],
  ['MICROSOFT_APP_PASSWORD', 'Bot Framework app password (client secret)'],
  ['MICROSOFT_APP_TENANT_ID', 'tenant id, for SingleTenant bots'],
  ['MICROSOFT_APP_TYPE', 'MultiTenant, SingleTenant or UserAssignedMSI'],
  ['STATE_STORE', 'SQLite file path ending in .db/.sqlite/.sqlite3 or containing a / (default ./data/state.db), memory, or a redis:// URL'],
  ['INTERVIEW_TTL_HOURS', 'an interview idle this long has ended and its state expires (default 24)'],
  ['DELIVERY_TTL_MINUTES', 'how long Slack event ids and Teams activity ids are remembered to drop retries (default 60)'],
  ['LOG_LEVEL', 'debug, info, warn, error or silent (default info)'],
  ['METRICS_PORT', 'serve GET /metrics (Prometheus) on this port instead of PORT'],
];

/** Checks the environment; throws AppError CONFIG_INVALID naming every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = Schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${String(i.path[0] ?? '(environment)')}: ${i.message}`);
    throw new AppError('CONFIG_INVALID', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { problems });
  }
  const c = result.data;
  const slackOAuth = Boolean(c.SLACK_CLIENT_ID);
  return Object.freeze({ ...c, slackEnabled: Boolean(c.SLACK_BOT_TOKEN) || slackOAuth, slackOAuth, teamsEnabled: Boolean(c.MICROSOFT_APP_ID) });
}
