/** The payload checks that run with LOG_LEVEL=debug instead of on every reply, and the timed fetch they ride on. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CardFactory, TestAdapter } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { slackFetch } from '../../src/channels/slack/app.js';
import { checkPayload } from '../../src/channels/slack/payload-check.js';
import { checkCards, timeReplies } from '../../src/channels/teams/adapter.js';
import { createLogger } from '../../src/log.js';

function recorder() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, logger: createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) }) };
}

const form = (fields: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();

const API = 'http://127.0.0.1:1/api/chat.postMessage';

describe('checkPayload (Slack, LOG_LEVEL=debug)', () => {
  it('says nothing about messages within Block Kit limits, in Web API forms or response_url JSON', () => {
    const { lines, logger } = recorder();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }];
    checkPayload(API, form({ channel: 'C1', text: 'hello', blocks }), logger);
    checkPayload('http://127.0.0.1:1/respond/1', JSON.stringify({ response_type: 'ephemeral', text: 'hi', blocks }), logger);
    checkPayload('http://127.0.0.1:1/respond/2', JSON.stringify({ delete_original: true }), logger);
    checkPayload('http://127.0.0.1:1/api/views.publish', form({ view: { type: 'home' } }), logger);
    expect(lines).toEqual([]);
  });

  it('logs a message over the limits at error, naming where, never the text', () => {
    const { lines, logger } = recorder();
    const header = { type: 'header', text: { type: 'plain_text', text: `SECRET ${'x'.repeat(200)}` } };
    checkPayload(API, form({ channel: 'C1', text: 'fallback', blocks: [header] }), logger);
    checkPayload('http://127.0.0.1:1/respond/3', JSON.stringify({ text: '' }), logger);
    checkPayload(API, 'blocks=%7Bnot%20json', logger);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['error', 'payload breaks Block Kit limits'],
      ['error', 'payload breaks Block Kit limits'],
      ['error', 'payload not readable for the Block Kit check'],
    ]);
    expect(lines[0]?.issues).toEqual(['blocks.0.text.text: too_big']);
    expect(JSON.stringify(lines)).not.toContain('SECRET');
  });
});

describe('slackFetch', () => {
  it('times reply calls (not auth.test or oauth), and checks them when asked', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('{"ok":true}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const times: number[] = [];
    const checked: string[] = [];
    const fetchFn = slackFetch(
      (s) => times.push(s),
      (url) => checked.push(url),
    );
    try {
      for (const method of ['auth.test', 'oauth.v2.access', 'chat.postMessage', 'chat.update']) {
        expect((await fetchFn(`${base}/api/${method}`, { method: 'POST', body: 'text=x' })).status).toBe(200);
      }
      expect((await fetchFn(`${base}/respond/1`, { method: 'POST', body: '{"text":"x"}' })).status).toBe(200);
    } finally {
      server.close();
    }
    expect(times).toHaveLength(3);
    expect(times.every((t) => t > 0 && t < 5)).toBe(true);
    expect(checked).toEqual([`${base}/api/chat.postMessage`, `${base}/api/chat.update`, `${base}/respond/1`]);
  });
});

describe('Teams middleware', () => {
  const card = (text: string) => ({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text, wrap: true }],
  });

  it('checkCards logs a card that breaks the schema (debug), and leaves good ones alone; timeReplies times each send', async () => {
    const { lines, logger } = recorder();
    const times: number[] = [];
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card('fine'))] });
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard({ ...card('bad'), version: '9.9' })] });
    });
    adapter.use(timeReplies((s) => times.push(s)));
    adapter.use(checkCards(logger));
    await adapter.send('hi');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([['error', 'card breaks the Adaptive Card schema or size']]);
    expect(times).toHaveLength(2);
  });
});
