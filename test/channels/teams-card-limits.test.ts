/** The Adaptive Card renderer on reply models built by hand: escaping of every text field, and Teams' limits. */
import { describe, expect, it } from 'vitest';
import { escapeMarkup as escapeTeams } from '../../src/channels/escape.js';
import { type AdaptiveCard, assertCard, MAX_CARD_BYTES } from '../../src/channels/teams/card.js';
import { renderCard } from '../../src/channels/teams/render.js';
import { choices, everyBlock, HEADS, HOSTILE, question, reply } from './reply-fixtures.js';

const CTX = { owner: 'U1', conversation: 'conv-1' };
const ESCAPED = escapeTeams(HOSTILE);
type Item = AdaptiveCard['body'][number];

const bytes = (card: AdaptiveCard) => Buffer.byteLength(JSON.stringify(card));
const textOf = (item: Item | undefined) => (item?.type === 'TextBlock' ? item.text : undefined);
const cells = (item: Item | undefined) => (item?.type === 'ColumnSet' ? item.columns.map((c) => c.items.map((i) => i.text).join('')) : []);

describe('escapeTeams', () => {
  it('escapes &, < and >, the ampersand first', () => {
    expect(escapeTeams('<at>Bob</at> & co')).toBe('&lt;at&gt;Bob&lt;/at&gt; &amp; co');
    expect(escapeTeams('&lt;')).toBe('&amp;lt;');
  });
});

describe('renderCard: user-derived text is never read as markup or a mention', () => {
  // Rendered inside each test: Stryker's per-test coverage counts only what a test itself runs.
  const render = () => renderCard(reply(everyBlock(HOSTILE), { question: question(HOSTILE) }), CTX);

  it('escapes headings, text, bullets, comparison cells, sources and the question', () => {
    const card = render();
    expect(card.body).toEqual([
      { type: 'TextBlock', text: ESCAPED, wrap: true, size: 'Medium', weight: 'Bolder' },
      { type: 'TextBlock', text: ESCAPED, wrap: true },
      { type: 'TextBlock', text: `- ${ESCAPED}\r- second ${ESCAPED}`, wrap: true },
      {
        type: 'ColumnSet',
        columns: [' ', 'VMs', 'Containers'].map((text) => ({
          type: 'Column',
          width: 'stretch',
          items: [{ type: 'TextBlock', text, wrap: true, weight: 'Bolder' }],
        })),
      },
      {
        type: 'ColumnSet',
        spacing: 'Small',
        columns: [
          { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: ESCAPED, wrap: true, weight: 'Bolder' }] },
          { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: ESCAPED, wrap: true }] },
          { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: ESCAPED, wrap: true }] },
        ],
      },
      { type: 'TextBlock', text: `Source: ${ESCAPED}`, wrap: true, size: 'Small', isSubtle: true },
      { type: 'TextBlock', text: 'Question 2 of at most 5', wrap: true, weight: 'Bolder', separator: true },
      { type: 'TextBlock', text: ESCAPED, wrap: true },
    ]);
    expect(JSON.stringify(card.body)).not.toMatch(/[<>]/);
  });

  it('is an Adaptive Card 1.5 whose question options are submit actions carrying owner and conversation', () => {
    const card = render();
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
    expect(card.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
    expect(card.actions).toEqual(
      ['high', 'standard', 'unsure'].map((value, i) => ({
        type: 'Action.Submit',
        title: ['Yes', 'No', 'Not sure'][i],
        data: { a: { kind: 'answer', interview: 'iv1', slot: 'isolation', value }, o: 'U1', k: 'conv-1' },
      })),
    );
  });
});

describe('renderCard: actions', () => {
  it('shows at most six choices, titles cut to 80 characters, and none beside a question', () => {
    const card = renderCard(reply([{ type: 'text', text: 'hi' }], { choices: choices(8, (i) => (i === 0 ? 't'.repeat(100) : `c${i}`)) }), CTX);
    expect(card.actions?.map((a) => a.title)).toEqual(['t'.repeat(80), 'c1', 'c2', 'c3', 'c4', 'c5']);
    expect(card.actions?.[1]?.data).toEqual({ a: { kind: 'ask', intent: 'overview' }, o: 'U1', k: 'conv-1' });
    const asking = renderCard(reply([], { question: question('Sensitive?', ['A', 'B']), choices: choices(2) }), CTX);
    expect(asking.actions?.map((a) => a.title)).toEqual(['A', 'B']);
  });

  it('never sends an empty card', () => {
    const card = renderCard(reply([]), CTX);
    expect(card.body).toEqual([{ type: 'TextBlock', text: ' ', wrap: true }]);
    expect(card.actions).toEqual([]);
    expect(textOf(renderCard(reply([{ type: 'text', text: '' }]), CTX).body[0])).toBe(' ');
    expect(cells(renderCard(reply([{ type: 'comparison', heads: HEADS, rows: [{ label: '', vms: 'v', containers: '' }] }]), CTX).body[1])).toEqual([
      ' ',
      'v',
      ' ',
    ]);
  });
});

describe('renderCard: Teams limits', () => {
  it('cuts a text block at 4,000 characters, after escaping', () => {
    const card = renderCard(
      reply([
        { type: 'text', text: 'x'.repeat(5000) },
        { type: 'text', text: '&'.repeat(1000) },
      ]),
      CTX,
    );
    expect(textOf(card.body[0])).toBe('x'.repeat(4000));
    expect(textOf(card.body[1])).toBe('&amp;'.repeat(800));
  });

  it('trims a card over 28 KB from the middle, keeping the start and the question, and no more than it must', () => {
    const texts = Array.from({ length: 40 }, (_, i) => ({ type: 'text' as const, text: `${i} ${'p'.repeat(1000)}` }));
    const full = reply(texts, { question: question('Sensitive?') });
    const card = renderCard(full, CTX);
    expect(bytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const kept = card.body.slice(0, -2).map(textOf);
    expect(kept.length).toBeGreaterThan(10);
    expect(kept).toEqual(texts.slice(0, kept.length).map((t) => t.text));
    expect(card.body.slice(-2).map(textOf)).toEqual(['Question 2 of at most 5', 'Sensitive?']);
    expect(card.actions).toHaveLength(3);
    // One more paragraph would not have fitted.
    const oneMore = {
      ...card,
      body: [...card.body.slice(0, -2), { type: 'TextBlock' as const, text: texts[kept.length]?.text ?? '', wrap: true }, ...card.body.slice(-2)],
    };
    expect(bytes(oneMore)).toBeGreaterThan(MAX_CARD_BYTES);
  });

  it('leaves a card that fits untouched', () => {
    const texts = Array.from({ length: 20 }, (_, i) => ({ type: 'text' as const, text: `${i} ${'p'.repeat(1000)}` }));
    const card = renderCard(reply(texts), CTX);
    expect(bytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(card.body.map(textOf)).toEqual(texts.map((t) => t.text));
  });

  it('assertCard refuses a card over 28 KB, measured or told', () => {
    const big = renderCard(reply([{ type: 'text', text: 'ok' }]), CTX);
    expect(() => assertCard(big, MAX_CARD_BYTES + 1)).toThrow(`card is ${MAX_CARD_BYTES + 1} bytes, over ${MAX_CARD_BYTES}`);
    expect(assertCard(big, MAX_CARD_BYTES)).toEqual(big);
    const huge = { ...big, body: Array.from({ length: 10 }, () => ({ type: 'TextBlock', text: 'q'.repeat(3000) })) };
    expect(() => assertCard(huge)).toThrow(/over 28672/);
    expect(MAX_CARD_BYTES).toBe(28 * 1024);
  });
});
