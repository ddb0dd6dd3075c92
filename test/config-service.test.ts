/** Configuration for running as a service: METRICS_PORT, and Slack installs across workspaces (OAuth). */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { AppError } from '../src/errors.js';

function rejection(env: Record<string, string>): string | undefined {
  try {
    loadConfig(env);
    return undefined;
  } catch (err) {
    expect(err).toMatchObject({ code: 'CONFIG_INVALID' });
    return (err as AppError).message;
  }
}

const OAUTH = { SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'client-secret-x', SLACK_STATE_SECRET: 'state-secret-x', SLACK_SIGNING_SECRET: 'sign-x' };

describe('METRICS_PORT', () => {
  it('is unset by default (metrics on PORT), a port number when set, empty counts as unset', () => {
    expect(loadConfig({}).METRICS_PORT).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '' }).METRICS_PORT).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    expect(loadConfig({ METRICS_PORT: '0', PORT: '0' }).METRICS_PORT).toBe(0);
  });

  it('rejects what is not a port, and the same port as PORT', () => {
    for (const bad of ['x', '-1', '65536', '9464.5', '0x50']) expect(rejection({ METRICS_PORT: bad }), bad).toMatch(/^ {2}- METRICS_PORT: /m);
    expect(rejection({ METRICS_PORT: '3000' })).toMatch(/METRICS_PORT: must differ from PORT/);
    expect(rejection({ METRICS_PORT: '8080', PORT: '8080' })).toMatch(/METRICS_PORT: must differ from PORT/);
  });
});

describe('Slack OAuth variables', () => {
  it('the three OAuth variables with the signing secret serve Slack without a bot token', () => {
    const c = loadConfig(OAUTH);
    expect(c.slackEnabled).toBe(true);
    expect(c.slackOAuth).toBe(true);
    expect(c.SLACK_BOT_TOKEN).toBeUndefined();
  });

  it('any one of them asks for the others, each by name', () => {
    const message = rejection({ SLACK_CLIENT_ID: '123.456' }) ?? '';
    for (const name of ['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET'])
      expect(message).toMatch(new RegExp(`- ${name}: required for Slack installs`));
    expect(message).not.toMatch(/SLACK_BOT_TOKEN/);
    expect(rejection({ SLACK_STATE_SECRET: 's', SLACK_SIGNING_SECRET: 'x' })).toMatch(/SLACK_CLIENT_ID: required/);
  });

  it('is not combined with a bot token or with Socket Mode', () => {
    expect(rejection({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1' })).toMatch(/SLACK_BOT_TOKEN: set either SLACK_BOT_TOKEN .* or the OAuth variables/);
    expect(rejection({ ...OAUTH, SLACK_APP_TOKEN: 'xapp-1' })).toMatch(/SLACK_APP_TOKEN: OAuth installs are served over HTTP/);
  });

  it('one bot token keeps working exactly as before', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    expect([c.slackEnabled, c.slackOAuth]).toEqual([true, false]);
    expect(rejection({ SLACK_SIGNING_SECRET: 's' })).toMatch(/SLACK_BOT_TOKEN: required when other Slack variables are set/);
  });
});
