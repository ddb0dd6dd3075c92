/**
 * Property tests: for any text and any sequence of turns and clicks, the engine never throws,
 * classifies into a known intent with confidence in [0, 1], and every reply renders to Block Kit
 * and to an Adaptive Card within the platforms' limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Message } from '../../src/channels/slack/blocks.js';
import { renderSlack } from '../../src/channels/slack/render.js';
import { assertCard } from '../../src/channels/teams/card.js';
import { renderCard } from '../../src/channels/teams/render.js';
import { Engine } from '../../src/engine/engine.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine } from '../helpers.js';
import { INTENTS, SLOT_VALUES, SLOTS } from '../knowledge-ids.js';

/** Cases per property: at least 10,000, as CI requires. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 10_000);

/** Text people (and attackers) send: chat syntax, markup, control characters, RTL, emoji, huge strings. */
const piece = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '<!channel>',
    '<!here>',
    '<!everyone>',
    '<@U0123ABC>',
    '<@U0123ABC|bob>',
    '<#C123|general>',
    '<https://evil.example|click>',
    '<at>runtime-advice</at>',
    '<at>Everyone</at>',
    '<script>alert(1)</script>',
    '<b>bold</b> &amp; &lt;',
    '*bold* _it_ ~strike~ `code` ```block```',
    '> quote',
    ':whale: :thumbsup::skin-tone-2:',
    '🐳🚀👍🏽👨‍👩‍👧',
    '\u202eevil\u202c',
    'مرحبا كيف حالك',
    'שלום',
    '\u0000\u0001\u0007\u001b[31m',
    '\r\n\t',
    '   ',
    'help me choose',
    'how fast do containers start?',
    '2',
    'no',
    'back',
    'restart',
    'cancel',
    'skip',
    'why?',
    '1 3',
    '1, 3',
    'none',
    'why do you ask?',
    'what does that mean?',
    'scratch that, it is regulated data',
    'what if we needed windows',
    'nothing sensitive, microservices',
  ),
  fc.nat({ max: 60_000 }).map((n) => 'x'.repeat(n)),
);
const message = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(' '));

/** Clicks: real-looking actions, forged ones and garbage. */
const click = fc.oneof(
  fc.record({
    kind: fc.constant('answer'),
    interview: fc.oneof(fc.string({ maxLength: 10 }), fc.constant('CURRENT')),
    slot: fc.oneof(fc.constantFrom(...SLOTS), fc.string()),
    value: fc.oneof(fc.constantFrom(...new Set(Object.values(SLOT_VALUES).flat())), fc.string()),
  }),
  fc.constantFrom(
    { kind: 'why' },
    { kind: 'change' },
    { kind: 'restart' },
    { kind: 'cancel' },
    { kind: 'ask', intent: 'recommend' },
    { kind: 'ask', intent: 'nope' },
  ),
  fc.record({ kind: fc.constant('revise'), slot: fc.oneof(fc.constantFrom(...SLOTS), fc.string()) }),
  fc.record({ kind: fc.constant('skip'), interview: fc.oneof(fc.string({ maxLength: 10 }), fc.constant('CURRENT')) }),
  fc.record({
    kind: fc.constant('multi'),
    interview: fc.oneof(fc.string({ maxLength: 10 }), fc.constant('CURRENT')),
    group: fc.oneof(fc.constant(['microservices', 'fast_scaling', 'ci_cd', 'density', 'portability']), fc.subarray([...SLOTS]), fc.anything()),
    chosen: fc.oneof(fc.subarray([...SLOTS]), fc.array(fc.string(), { maxLength: 3 }), fc.anything()),
  }),
  fc.anything(),
);
const turn = fc.oneof(
  { weight: 3, arbitrary: message.map((text) => ({ kind: 'text' as const, text })) },
  { weight: 2, arbitrary: click.map((action) => ({ kind: 'action' as const, action })) },
);

describe('engine properties', { timeout: 180_000 }, () => {
  it(`classifies any text into a known intent with confidence in [0, 1] (${RUNS} cases)`, async () => {
    const e = await engine();
    fc.assert(
      fc.property(message, (text) => {
        const c = e.classifier.classify(text);
        expect(INTENTS).toContain(c.intent);
        expect(c.confidence).toBeGreaterThanOrEqual(0);
        expect(c.confidence).toBeLessThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it(`never throws on any sequence of turns and clicks, and every reply renders within Slack and Teams limits (${RUNS} cases)`, async () => {
    const shared = await engine();
    let turns = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(turn, { minLength: 1, maxLength: 8 }), async (sequence) => {
        const bot = new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store: new MemoryStore() });
        let current = 'none';
        for (const t of sequence) {
          const input =
            t.kind === 'action' && t.action && typeof t.action === 'object' && (t.action as { interview?: unknown }).interview === 'CURRENT'
              ? { kind: 'action' as const, action: { ...(t.action as object), interview: current } }
              : t;
          const reply = await bot.handle('k', input);
          turns++;
          if (reply.question) current = reply.question.interview;
          if (reply.intent !== null) expect(INTENTS).toContain(reply.intent);
          if (reply.recommendation) {
            expect(reply.recommendation.confidence).toBeGreaterThanOrEqual(0);
            expect(reply.recommendation.confidence).toBeLessThanOrEqual(1);
          }
          expect(reply.blocks.length + (reply.question ? 1 : 0)).toBeGreaterThan(0);
          Message.parse(renderSlack(reply, { owner: 'U1', conversation: 'C1:1', shareable: true, texts: shared.knowledge.responses }));
          assertCard(renderCard(reply, { owner: 'U1', conversation: 'c' }));
        }
      }),
      { numRuns: RUNS },
    );
    expect(turns).toBeGreaterThanOrEqual(RUNS);
  });

  it(`renders any user-controlled text without pings or markup (${RUNS} cases)`, async () => {
    const shared = await engine();
    const bot = new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store: new MemoryStore() });
    await fc.assert(
      fc.asyncProperty(message, async (text) => {
        const reply = await bot.handle(`k${text.length % 7}`, { kind: 'text', text });
        const slack = JSON.stringify(renderSlack(reply, { owner: 'U1', conversation: 'C', texts: shared.knowledge.responses }));
        expect(slack).not.toMatch(/<!(channel|here|everyone)>|<@U|<#C|<https?:/);
        const card = JSON.stringify(renderCard(reply, { owner: 'U1', conversation: 'c' }));
        expect(card).not.toMatch(/<at>|<script|<b>/);
      }),
      { numRuns: RUNS },
    );
  });
});
