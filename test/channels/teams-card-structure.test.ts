/**
 * The Adaptive Card renderer's structure: a grouped question as a multi-select with Continue and "None of these",
 * the one-line summary that notifications show, the six-action cap, and the 28 KB trim at its exact edge.
 */
import { describe, expect, it } from 'vitest';
import { type AdaptiveCard, assertCard, MAX_CARD_BYTES } from '../../src/channels/teams/card.js';
import { GROUP_INPUT, renderCard, summaryOf } from '../../src/channels/teams/render.js';
import type { Block } from '../../src/reply.js';
import { grouped } from './grouped-question.js';
import { choices, HEADS, question, reply, sources } from './reply-fixtures.js';

const CTX = { owner: 'U1', conversation: 'conv-1' };
type Item = AdaptiveCard['body'][number];

const bytes = (card: AdaptiveCard) => Buffer.byteLength(JSON.stringify(card));
const textOf = (item: Item | undefined) => (item?.type === 'TextBlock' ? item.text : undefined);

describe('renderCard: a grouped question', () => {
  it('is a multi-select of every option but "none", then Continue (sends the ticks) and "None of these" (sends none)', () => {
    const card = renderCard(reply([{ type: 'text', text: 'Noted.' }], { question: grouped(), choices: choices(2) }), CTX);
    expect(card.body).toEqual([
      { type: 'TextBlock', text: 'Noted.', wrap: true },
      { type: 'TextBlock', text: 'Question 3 of at most 6', wrap: true, weight: 'Bolder', separator: true },
      { type: 'TextBlock', text: 'Which of these apply?', wrap: true },
      {
        type: 'Input.ChoiceSet',
        id: GROUP_INPUT,
        isMultiSelect: true,
        style: 'expanded',
        choices: [
          { title: 'Legacy app', value: 'legacy' },
          { title: 'Several OSes', value: 'multi_os' },
        ],
      },
    ]);
    // Both buttons name the listed slots; the bot fills `chosen` from the ticks that come back under GROUP_INPUT.
    const data = { o: 'U1', k: 'conv-1', a: { kind: 'multi', interview: 'iv7', group: ['legacy', 'multi_os'], chosen: [] } };
    expect(card.actions).toEqual([
      { type: 'Action.Submit', title: 'Continue', data, style: 'positive' },
      { type: 'Action.Submit', title: 'None of these', data, associatedInputs: 'none' },
    ]);
    expect(assertCard(card)).toEqual(card);
  });

  it('escapes the choice titles and cuts them to the 200 characters a choice title may have', () => {
    const card = renderCard(reply([], { question: grouped(['R&D <@U9> <!channel>', 'x'.repeat(250)]) }), CTX);
    const set = card.body.find((b) => b.type === 'Input.ChoiceSet');
    expect(set?.type === 'Input.ChoiceSet' && set.choices.map((c) => c.title)).toEqual(['R&amp;D &lt;@U9&gt; &lt;!channel&gt;', 'x'.repeat(200)]);
    expect(assertCard(card)).toEqual(card);
  });

  it('keeps both buttons titled and the payload well formed when the question lacks its labels or slots', () => {
    const q = grouped(['Legacy app'], { submit: undefined, slots: undefined });
    const card = renderCard(reply([], { question: q }), CTX);
    expect(card.actions?.map((a) => a.title)).toEqual(['✓', 'None of these']);
    expect(card.actions?.map((a) => a.data.a)).toEqual([
      { kind: 'multi', interview: 'iv7', group: [], chosen: [] },
      { kind: 'multi', interview: 'iv7', group: [], chosen: [] },
    ]);
  });
});

describe('renderCard: actions and limits', () => {
  it('never has more than the six actions a card may carry, also for a question with more options', () => {
    const labels = Array.from({ length: 8 }, (_, i) => `Option ${i}`);
    const card = renderCard(reply([], { question: question('Pick one', labels) }), CTX);
    expect(card.actions?.map((a) => a.title)).toEqual(labels.slice(0, 6));
  });

  it('renders text blocks plain, headings medium and bold, sources small and subtle, comparison labels and heads bold', () => {
    const blocks: Block[] = [
      { type: 'text', text: 'Plain' },
      { type: 'heading', text: 'Head' },
      sources(['Intro']),
      { type: 'comparison', heads: HEADS, rows: [{ label: 'Start-up', vms: 'minutes', containers: 'seconds' }] },
    ];
    const card = renderCard(reply(blocks), CTX);
    const column = (text: string, bold: boolean) => ({
      type: 'Column',
      width: 'stretch',
      items: [{ type: 'TextBlock', text, wrap: true, ...(bold ? { weight: 'Bolder' } : {}) }],
    });
    expect(card.body).toEqual([
      { type: 'TextBlock', text: 'Plain', wrap: true },
      { type: 'TextBlock', text: 'Head', wrap: true, size: 'Medium', weight: 'Bolder' },
      { type: 'TextBlock', text: 'Source: Intro', wrap: true, size: 'Small', isSubtle: true },
      { type: 'ColumnSet', columns: [column(' ', true), column('VMs', true), column('Containers', true)] },
      { type: 'ColumnSet', spacing: 'Small', columns: [column('Start-up', true), column('minutes', false), column('seconds', false)] },
    ]);
  });

  it('shows bullets as one text block, a "- " line per item', () => {
    const card = renderCard(reply([{ type: 'bullets', items: ['one', 'two & three'] }]), CTX);
    expect(card.body).toEqual([{ type: 'TextBlock', text: '- one\r- two &amp; three', wrap: true }]);
  });

  it('cuts comparison cells at 4,000 characters like any text block, so one row cannot burst the card', () => {
    const big = 'c'.repeat(30_000);
    const card = renderCard(reply([{ type: 'comparison', heads: HEADS, rows: [{ label: 'Row', vms: big, containers: big }] }]), CTX);
    const row = card.body[1];
    expect(row?.type === 'ColumnSet' && row.columns.map((c) => c.items[0]?.text.length)).toEqual([3, 4000, 4000]);
    expect(bytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });

  it('keeps a card of exactly 28 KB whole and trims one a byte over', () => {
    // Seven full text blocks and an eighth whose length brings the card to exactly MAX_CARD_BYTES.
    const blocksOf = (n: number): Block[] => [
      ...Array.from({ length: 7 }, (_, i) => ({ type: 'text' as const, text: `${i}${'p'.repeat(3999)}` })),
      { type: 'text', text: 'q'.repeat(n) },
    ];
    const n = 100 + MAX_CARD_BYTES - bytes(renderCard(reply(blocksOf(100)), CTX));
    const exact = renderCard(reply(blocksOf(n)), CTX);
    expect(bytes(exact)).toBe(MAX_CARD_BYTES);
    expect(exact.body).toHaveLength(8);
    const over = renderCard(reply(blocksOf(n + 1)), CTX);
    expect(over.body.map(textOf)).toEqual([...blocksOf(n + 1).slice(0, 5), ...blocksOf(n + 1).slice(6)].map((b) => (b.type === 'text' ? b.text : '')));
    expect(bytes(over)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });

  it('ends the trim at the last two items even when they alone are over the limit', () => {
    // Each `"` takes two bytes in JSON: two rows of 4,000 quotes per cell are over 28 KB on their own.
    const quotes = '"'.repeat(4000);
    const card = renderCard(
      reply([{ type: 'comparison', heads: { vms: quotes, containers: quotes }, rows: [{ label: quotes, vms: quotes, containers: quotes }] }]),
      CTX,
    );
    expect(card.body.map((b) => b.type)).toEqual(['ColumnSet', 'ColumnSet']);
    expect(bytes(card)).toBeGreaterThan(MAX_CARD_BYTES);
  });
});

describe('summaryOf: the line notifications and chat lists show for a card', () => {
  it('is the question with its progress, else the verdict line, else the first heading or paragraph', () => {
    expect(summaryOf(reply([{ type: 'text', text: 'Noted.' }], { question: question('Sensitive data?') }))).toBe('Question 2 of at most 5: Sensitive data?');
    const recommendation = { verdict: 'vms' as const, title: 'VMs', headline: 'Recommendation: VMs (confidence 80%)', confidence: 0.8, reasons: [] };
    expect(summaryOf(reply([{ type: 'heading', text: 'Result' }], { recommendation }))).toBe('Recommendation: VMs (confidence 80%)');
    expect(
      summaryOf(
        reply([
          { type: 'heading', text: 'Title' },
          { type: 'text', text: 'Body' },
        ]),
      ),
    ).toBe('Title');
    expect(summaryOf(reply([{ type: 'bullets', items: ['a bullet'] }, sources(['Intro']), { type: 'text', text: 'Body' }]))).toBe('Body');
  });

  it('is the bot name when there is no question, verdict, heading or paragraph, or only blank text', () => {
    expect(summaryOf(reply([]))).toBe('runtime-advice');
    expect(summaryOf(reply([{ type: 'bullets', items: ['a bullet'] }, sources(['Intro'])]))).toBe('runtime-advice');
    expect(summaryOf(reply([{ type: 'text', text: ' \n\t ' }]))).toBe('runtime-advice');
  });

  it('is one line: runs of white space become one space, none at the ends', () => {
    expect(summaryOf(reply([{ type: 'text', text: '  First line\n\nsecond\t  line  ' }]))).toBe('First line second line');
  });

  it('is at most 200 characters, marked with an ellipsis when cut', () => {
    expect(summaryOf(reply([{ type: 'text', text: 's'.repeat(200) }]))).toBe('s'.repeat(200));
    expect(summaryOf(reply([{ type: 'text', text: 's'.repeat(201) }]))).toBe(`${'s'.repeat(199)}…`);
  });

  it('escapes user-derived text, so a notification never shows a tag or a mention', () => {
    expect(summaryOf(reply([{ type: 'text', text: 'R&D <@U9> <!channel> <at>Bob</at>' }]))).toBe(
      'R&amp;D &lt;@U9&gt; &lt;!channel&gt; &lt;at&gt;Bob&lt;/at&gt;',
    );
  });
});
