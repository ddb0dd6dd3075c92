/** The metrics module: label values only from fixed sets, whatever comes in; a Registry passed in, no global one. */
import fc from 'fast-check';
import { Registry, register } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { VERDICTS } from '../src/ids.js';
import { CHANNELS, channelOf, intentLabel, Metrics, OTHER, verdictLabel } from '../src/metrics.js';
import type { Reply } from '../src/reply.js';
import { parseMetrics, value } from './integration/prom-text.js';
import { INTENTS } from './knowledge-ids.js';

const INTENT_SET: ReadonlySet<string> = new Set(INTENTS);

const reply = (intent: unknown, verdict?: unknown): Reply =>
  ({
    intent,
    blocks: [],
    question: null,
    recommendation: verdict === undefined ? null : { verdict, title: 't', confidence: 0.5, reasons: [] },
    choices: [],
  }) as unknown as Reply;

describe('label values', () => {
  it('are the value itself for contract ids, and `other` for any other string or value', () => {
    for (const i of INTENTS) expect(intentLabel(i, INTENT_SET)).toBe(i);
    for (const v of VERDICTS) expect(verdictLabel(v)).toBe(v);
    for (const bad of [null, undefined, 42, {}, 'Overview', 'overview ', 'recommend"}', '', 'other']) {
      expect(intentLabel(bad, INTENT_SET)).toBe(OTHER);
      expect(verdictLabel(bad)).toBe(OTHER);
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect([...INTENTS, OTHER]).toContain(intentLabel(s, INTENT_SET));
        expect([...VERDICTS, OTHER]).toContain(verdictLabel(s));
        expect(CHANNELS).toContain(channelOf(s));
      }),
    );
  });

  it('channel comes from the fixed prefix of a key or delivery id only', () => {
    expect(channelOf('slack:T1:C1:U1')).toBe('slack');
    expect(channelOf('slack-event:Ev1')).toBe('slack');
    expect(channelOf('teams:tenant:conv:user')).toBe('teams');
    expect(channelOf('teams-local-activity:conv:1')).toBe('teams');
    expect(channelOf('terminal:local:me')).toBe('terminal');
    expect(channelOf('x:slack:teams')).toBe('terminal');
  });
});

describe('Metrics', () => {
  it("counts every intent as other until it is told the knowledge base's intents", async () => {
    const m = new Metrics(new Registry(), { defaultMetrics: false });
    m.turn({ key: 'slack:T:C:U', reply: reply('help'), startedInterview: false, seconds: 0.001 });
    expect(value(parseMetrics(await m.registry.metrics()), 'runtime_advice_messages_total', { channel: 'slack', intent: 'other' })).toBe(1);
  });

  it('registers on the registry it is given, never on the global default one', async () => {
    const a = new Metrics(new Registry(), { defaultMetrics: false });
    const b = new Metrics(new Registry(), { defaultMetrics: false });
    a.useIntents(INTENTS);
    b.useIntents(INTENTS);
    a.turn({ key: 'slack:T:C:U', reply: reply('help'), startedInterview: false, seconds: 0.001 });
    expect(value(parseMetrics(await a.registry.metrics()), 'runtime_advice_messages_total', { channel: 'slack', intent: 'help' })).toBe(1);
    expect(value(parseMetrics(await b.registry.metrics()), 'runtime_advice_messages_total', { channel: 'slack', intent: 'help' })).toBe(0);
    expect(await register.getSingleMetric('runtime_advice_messages_total')).toBeUndefined();
  });

  it('a reply whose intent or verdict is not a contract id is counted under other', async () => {
    const m = new Metrics(new Registry(), { defaultMetrics: false });
    m.useIntents(INTENTS);
    m.turn({ key: 'teams:t:c:u', reply: reply('} 1\nevil_total 1', 'evil"verdict'), startedInterview: true, seconds: 0.002 });
    m.turn({ key: 'terminal:local:me', reply: reply(null, 'hybrid'), startedInterview: false, seconds: 0.002 });
    const text = await m.registry.metrics();
    expect(text).not.toContain('evil');
    const samples = parseMetrics(text);
    expect(value(samples, 'runtime_advice_messages_total', { channel: 'teams', intent: 'other' })).toBe(1);
    expect(value(samples, 'runtime_advice_recommendations_total', { channel: 'teams', verdict: 'other' })).toBe(1);
    expect(value(samples, 'runtime_advice_recommendations_total', { channel: 'terminal', verdict: 'hybrid' })).toBe(1);
    expect(value(samples, 'runtime_advice_interviews_started_total', { channel: 'teams' })).toBe(1);
    expect(value(samples, 'runtime_advice_turn_seconds_count')).toBe(2);
  });

  it('every observation reaches its histogram by the next scrape, however many are kept between scrapes', async () => {
    const m = new Metrics(new Registry(), { defaultMetrics: false });
    const count = async (name: string, labels: Record<string, string> = {}) => value(parseMetrics(await m.registry.metrics()), name, labels);
    // 700: more than one batch, and a part batch left over; 3 in another series; one bucket edge (0.005 <= 0.005).
    for (let i = 0; i < 700; i++) m.ack('slack', 0.005);
    for (let i = 0; i < 3; i++) m.reply('teams', 0.2);
    m.turn({ key: 'slack:T:C:U', reply: reply('help'), startedInterview: false, seconds: 0.0003 });
    expect(await count('runtime_advice_ack_seconds_count', { channel: 'slack' })).toBe(700);
    expect(await count('runtime_advice_ack_seconds_bucket', { channel: 'slack', le: '0.005' })).toBe(700);
    expect(await count('runtime_advice_ack_seconds_sum', { channel: 'slack' })).toBeCloseTo(3.5, 9);
    expect(await count('runtime_advice_ack_seconds_count', { channel: 'teams' })).toBe(0);
    expect(await count('runtime_advice_reply_seconds_count', { channel: 'teams' })).toBe(3);
    expect(await count('runtime_advice_reply_seconds_bucket', { channel: 'teams', le: '0.1' })).toBe(0);
    expect(await count('runtime_advice_reply_seconds_bucket', { channel: 'teams', le: '0.25' })).toBe(3);
    expect(await count('runtime_advice_turn_seconds_bucket', { le: '0.0005' })).toBe(1);
    // A second scrape counts nothing twice; a non-finite value is dropped, the next one counted.
    expect(await count('runtime_advice_ack_seconds_count', { channel: 'slack' })).toBe(700);
    m.ack('slack', Number.NaN);
    m.ack('slack', 0.01);
    expect(await count('runtime_advice_ack_seconds_count', { channel: 'slack' })).toBe(701);
  });

  it('counts every turn by the next scrape, once', async () => {
    const m = new Metrics(new Registry(), { defaultMetrics: false });
    m.useIntents(INTENTS);
    const count = async (name: string, labels: Record<string, string> = {}) => value(parseMetrics(await m.registry.metrics()), name, labels);
    for (let i = 0; i < 300; i++)
      m.turn({ key: 'slack:T:C:U', reply: reply('help', i % 3 === 0 ? 'hybrid' : undefined), startedInterview: i % 2 === 0, seconds: 0.001 });
    m.turn({ key: 'teams:t:c:u', reply: reply('help'), startedInterview: true, seconds: 0.001 });
    for (let scrape = 0; scrape < 2; scrape++) {
      expect(await count('runtime_advice_messages_total', { channel: 'slack', intent: 'help' })).toBe(300);
      expect(await count('runtime_advice_messages_total', { channel: 'teams', intent: 'help' })).toBe(1);
      expect(await count('runtime_advice_interviews_started_total', { channel: 'slack' })).toBe(150);
      expect(await count('runtime_advice_interviews_started_total', { channel: 'teams' })).toBe(1);
      expect(await count('runtime_advice_recommendations_total', { channel: 'slack', verdict: 'hybrid' })).toBe(100);
      expect(await count('runtime_advice_turn_seconds_count')).toBe(301);
    }
    m.turn({ key: 'slack:T:C:U', reply: reply('help'), startedInterview: false, seconds: 0.001 });
    expect(await count('runtime_advice_messages_total', { channel: 'slack', intent: 'help' })).toBe(301);
  });

  it('every series of the fixed label sets is there from the start, at 0', async () => {
    const metrics = new Metrics(new Registry(), { defaultMetrics: false });
    metrics.useIntents(INTENTS);
    const samples = parseMetrics(await metrics.registry.metrics());
    const messages = samples.filter((s) => s.name === 'runtime_advice_messages_total');
    expect(messages).toHaveLength(CHANNELS.length * (INTENTS.length + 1));
    expect(messages.every((s) => s.value === 0)).toBe(true);
    expect(samples.filter((s) => s.name === 'runtime_advice_recommendations_total')).toHaveLength(CHANNELS.length * (VERDICTS.length + 1));
  });
});
