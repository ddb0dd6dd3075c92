/** The Block Kit renderer on reply models built by hand: escaping of every text field, and Slack's limits. */
import { describe, expect, it } from 'vitest';
import { escapeMarkup as escapeMrkdwn } from '../../src/channels/escape.js';
import { decodePayload as decodeValue } from '../../src/channels/payload.js';
import type { Block, Message } from '../../src/channels/slack/blocks.js';
import { chunk, renderSlack } from '../../src/channels/slack/render.js';
import type { RecommendationView } from '../../src/reply.js';
import { choices, everyBlock, HEADS, HOSTILE, question, reply, SLACK_TEXTS, sources as sourcesBlock } from './reply-fixtures.js';

const CTX = { owner: 'U1', conversation: 'C1:1', texts: SLACK_TEXTS };
const ESCAPED = escapeMrkdwn(HOSTILE);
const RECOMMENDATION: RecommendationView = {
  verdict: 'containers',
  title: 'Containers',
  headline: 'Recommendation: Containers (confidence 80%)',
  confidence: 0.8,
  reasons: [],
};

/** Every mrkdwn string of a message: what Slack parses for mentions, links and broadcasts. */
function mrkdwnTexts(message: Message): string[] {
  const out: string[] = [];
  for (const b of message.blocks ?? []) {
    if (b.type === 'section') {
      if (b.text) out.push(b.text.text);
      for (const f of b.fields ?? []) out.push(f.text);
    } else if (b.type === 'context') for (const e of b.elements) out.push(e.text);
  }
  return out;
}

type Actions = Extract<Block, { type: 'actions' }>;
type Button = Extract<Actions['elements'][number], { type: 'button' }>;

function buttonsOf(block: Block | undefined): Button[] {
  if (block?.type !== 'actions') throw new Error(`expected an actions block, got ${block?.type}`);
  return block.elements.filter((e): e is Button => e.type === 'button');
}

function sectionText(block: Block | undefined): string | undefined {
  return block?.type === 'section' ? block.text?.text : undefined;
}

describe('escapeMrkdwn', () => {
  it('escapes &, < and >, the ampersand first so that typed entities show as typed', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(escapeMrkdwn('&lt;!channel&gt;')).toBe('&amp;lt;!channel&amp;gt;');
    expect(escapeMrkdwn('<<>>&&')).toBe('&lt;&lt;&gt;&gt;&amp;&amp;');
  });
});

describe('renderSlack: user-derived text never pings, links or breaks out', () => {
  // Rendered inside each test: Stryker's per-test coverage counts only what a test itself runs.
  const render = () => {
    const message = renderSlack(
      reply(everyBlock(HOSTILE), { question: question(HOSTILE, ['Yes <!here>', 'No & never']), choices: choices(1, () => 'R&D <@U9>') }),
      CTX,
    );
    return { message, blocks: message.blocks ?? [] };
  };

  it('escapes every mrkdwn field: text, bullets, comparison label and cells, sources and the question', () => {
    const { message, blocks } = render();
    expect(sectionText(blocks[1])).toBe(ESCAPED);
    expect(sectionText(blocks[2])).toBe(`• ${ESCAPED}\n• second ${ESCAPED}`);
    const row = blocks[3];
    expect(row?.type === 'section' && row.text?.text).toBe(`*${ESCAPED}*`);
    expect(row?.type === 'section' && row.fields?.map((f) => f.text)).toEqual([`*VMs*\n${ESCAPED}`, `*Containers*\n${ESCAPED}`]);
    expect(blocks[4]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: `Source: ${ESCAPED}` }] });
    expect(sectionText(blocks[5])).toBe(`*Question 2 of at most 5*\n${ESCAPED}`);
    for (const text of mrkdwnTexts(message)) {
      expect(text).not.toMatch(/[<>]/);
      expect(text.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
    }
  });

  it('keeps plain_text (headers and buttons, which Slack never parses) as written', () => {
    const { blocks } = render();
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: HOSTILE } });
    expect(buttonsOf(blocks[6]).map((b) => b.text)).toEqual([
      { type: 'plain_text', text: 'Yes <!here>' },
      { type: 'plain_text', text: 'No & never' },
    ]);
    expect(buttonsOf(blocks[7]).map((b) => b.text.text)).toEqual(['R&D <@U9>']);
  });

  it('escapes the notification text too: the first two paragraphs and the question', () => {
    const { message } = render();
    expect(message.text).toBe(escapeMrkdwn(`${HOSTILE}\n\n${HOSTILE}\n\nQuestion 2 of at most 5: ${HOSTILE}`));
  });
});

describe('renderSlack: buttons', () => {
  it('carries owner, conversation and the action in each value, with a distinct action id per button', () => {
    const message = renderSlack(reply([{ type: 'text', text: 'hi' }], { question: question('Sensitive?'), choices: choices(2) }), CTX);
    const [, , q, c] = message.blocks ?? [];
    expect(q?.block_id).toBe('q');
    expect(buttonsOf(q).map((b) => b.action_id)).toEqual(['ra_q_0', 'ra_q_1', 'ra_q_2']);
    expect(buttonsOf(q).map((b) => decodeValue(b.value))).toEqual(
      ['high', 'standard', 'unsure'].map((value) => ({ o: 'U1', k: 'C1:1', a: { kind: 'answer', interview: 'iv1', slot: 'isolation', value } })),
    );
    expect(c?.block_id).toBe('c');
    expect(buttonsOf(c).map((b) => [b.action_id, b.text.text, decodeValue(b.value)?.a])).toEqual([
      ['ra_c_0', 'Choice 0', { kind: 'ask', intent: 'overview' }],
      ['ra_c_1', 'Choice 1', { kind: 'ask', intent: 'overview' }],
    ]);
  });

  it('offers "Share to channel" under a recommendation only when the interview ran privately', () => {
    const labels = (r: ReturnType<typeof reply>, shareable: boolean) =>
      (renderSlack(r, { ...CTX, shareable }).blocks ?? []).flatMap((b) => (b.type === 'actions' ? buttonsOf(b).map((e) => e.text.text) : []));
    const withVerdict = reply([{ type: 'text', text: 'verdict' }], { recommendation: RECOMMENDATION, choices: choices(1) });
    expect(labels(withVerdict, true)).toEqual(['Choice 0', 'Share to channel']);
    expect(labels(withVerdict, false)).toEqual(['Choice 0']);
    expect(labels(reply([{ type: 'text', text: 'no verdict' }], { choices: choices(1) }), true)).toEqual(['Choice 0']);
    const share = renderSlack(reply([{ type: 'text', text: 'v' }], { recommendation: RECOMMENDATION }), { ...CTX, shareable: true }).blocks?.[1];
    expect(buttonsOf(share).map((b) => decodeValue(b.value))).toEqual([{ o: 'U1', k: 'C1:1', a: { kind: 'share' } }]);
  });

  it('shows no actions block when there is nothing to click', () => {
    expect(renderSlack(reply([{ type: 'text', text: 'hi' }]), CTX).blocks?.map((b) => b.type)).toEqual(['section']);
  });

  it('cuts labels to 75 characters and buttons to 25 per block', () => {
    const long = renderSlack(reply([], { choices: choices(30, (i) => (i === 0 ? 'x'.repeat(100) : i === 1 ? 'y'.repeat(75) : `c${i}`)) }), CTX);
    const buttons = buttonsOf(long.blocks?.[0]);
    expect(buttons).toHaveLength(25);
    expect(buttons[0]?.text.text).toBe(`${'x'.repeat(74)}…`);
    expect(buttons[1]?.text.text).toBe('y'.repeat(75));
    expect(buttons[24]?.action_id).toBe('ra_c_24');
  });
});

describe('renderSlack: long text stays within Slack limits', () => {
  it('splits a long text into sections of at most 2,900 characters at word boundaries, losing no word', () => {
    const words = Array.from({ length: 1500 }, (_, i) => `word${i}`);
    const message = renderSlack(reply([{ type: 'text', text: words.join(' ') }]), CTX);
    const texts = (message.blocks ?? []).map(sectionText);
    expect(texts.length).toBeGreaterThanOrEqual(4);
    for (const t of texts) expect(t?.length).toBeLessThanOrEqual(2900);
    for (const t of texts.slice(0, -1)) expect(t?.length).toBeGreaterThan(1450);
    expect(texts.join(' ').split(' ')).toEqual(words);
  });

  it('cuts a header at 150 characters and comparison cells at 2,000, marking the cut', () => {
    const message = renderSlack(
      reply([
        { type: 'heading', text: 'h'.repeat(200) },
        { type: 'heading', text: 'k'.repeat(150) },
        { type: 'comparison', heads: HEADS, rows: [{ label: 'row', vms: 'v'.repeat(2500), containers: 'c'.repeat(1987) }] },
      ]),
      CTX,
    );
    const [h1, h2, row] = message.blocks ?? [];
    expect(h1?.type === 'header' && h1.text.text).toBe(`${'h'.repeat(149)}…`);
    expect(h2?.type === 'header' && h2.text.text).toBe('k'.repeat(150));
    const fields = row?.type === 'section' ? (row.fields ?? []).map((f) => f.text) : [];
    expect(fields[0]).toBe(`*VMs*\n${'v'.repeat(1993)}…`);
    expect(fields[0]).toHaveLength(2000);
    // "*Containers*\n" is 13 characters: 1,987 more make exactly 2,000, which is kept whole.
    expect(fields[1]).toBe(`*Containers*\n${'c'.repeat(1987)}`);
  });

  it('shows at most 10 comparison rows', () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ label: `r${i}`, vms: 'v', containers: 'c' }));
    const message = renderSlack(reply([{ type: 'comparison', heads: HEADS, rows }]), CTX);
    expect((message.blocks ?? []).map(sectionText)).toEqual(rows.slice(0, 10).map((r) => `*${r.label}*`));
  });

  it('cuts the sources line and the question section at 3,000 characters', () => {
    const message = renderSlack(reply([sourcesBlock(['s'.repeat(3500)])], { question: question('q'.repeat(3500)) }), CTX);
    const [sources, q] = message.blocks ?? [];
    const sourceText = sources?.type === 'context' ? sources.elements[0]?.text : undefined;
    expect(sourceText).toBe(`Source: ${'s'.repeat(2991)}…`);
    expect(sectionText(q)).toHaveLength(3000);
    expect(sectionText(q)?.endsWith('q…')).toBe(true);
  });

  it('cuts more than 50 blocks to 50: the start, a note that it was shortened, and the question with its buttons', () => {
    const texts = Array.from({ length: 60 }, (_, i) => ({ type: 'text' as const, text: `paragraph ${i}` }));
    const message = renderSlack(reply(texts, { question: question('Sensitive?') }), CTX);
    const blocks = message.blocks ?? [];
    expect(blocks).toHaveLength(50);
    expect(blocks.slice(0, 47).map(sectionText)).toEqual(texts.slice(0, 47).map((t) => t.text));
    expect(blocks[47]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'The answer was too long for one message, so it was shortened.' }] });
    expect(sectionText(blocks[48])).toBe('*Question 2 of at most 5*\nSensitive?');
    expect(blocks[49]?.type).toBe('actions');
  });

  it('keeps exactly 50 blocks as they are', () => {
    const texts = Array.from({ length: 48 }, (_, i) => ({ type: 'text' as const, text: `paragraph ${i}` }));
    const blocks = renderSlack(reply(texts, { question: question('Sensitive?') }), CTX).blocks ?? [];
    expect(blocks).toHaveLength(50);
    expect(blocks.map(sectionText).slice(0, 48)).toEqual(texts.map((t) => t.text));
    expect(blocks.some((b) => b.type === 'context')).toBe(false);
  });
});

describe('renderSlack: the notification text', () => {
  it('is the first two paragraphs only', () => {
    const message = renderSlack(reply(['one', 'two', 'three'].map((text) => ({ type: 'text' as const, text }))), CTX);
    expect(message.text).toBe('one\n\ntwo');
  });

  it('names the question once, also when fewer than two paragraphs come before it', () => {
    for (const blocks of [[], [{ type: 'text' as const, text: 'Noted.' }]]) {
      const text = renderSlack(reply(blocks, { question: question('Sensitive?') }), CTX).text ?? '';
      expect(text.split('Question 2 of at most 5: Sensitive?')).toHaveLength(2);
      expect(text).not.toMatch(/1\. Yes/);
    }
  });

  it('is at most 600 characters, and never empty', () => {
    expect(renderSlack(reply([{ type: 'text', text: 'z'.repeat(1000) }]), CTX).text).toBe(`${'z'.repeat(599)}…`);
    expect(renderSlack(reply([]), CTX).text).toBe('runtime-advice');
  });
});

describe('chunk', () => {
  it('returns short text whole and nothing for blank text', () => {
    expect(chunk('short')).toEqual(['short']);
    expect(chunk('x'.repeat(2900))).toEqual(['x'.repeat(2900)]);
    expect(chunk('')).toEqual([]);
    expect(chunk('   \n  ')).toEqual([]);
  });

  it('cuts at the last space or line break inside the window, trimming around the cut', () => {
    expect(chunk(`${'a'.repeat(2000)}   ${'b'.repeat(2000)}`)).toEqual(['a'.repeat(2000), 'b'.repeat(2000)]);
    expect(chunk(`${'a'.repeat(2000)}\n${'b'.repeat(2000)}`)).toEqual(['a'.repeat(2000), 'b'.repeat(2000)]);
    expect(chunk(`${'a'.repeat(1000)}\n\n${'b'.repeat(1000)} ${'c'.repeat(2000)}`)).toEqual([`${'a'.repeat(1000)}\n\n${'b'.repeat(1000)}`, 'c'.repeat(2000)]);
    expect(chunk('aaa bbb ccc', 5)).toEqual(['aaa', 'bbb', 'ccc']);
  });

  it('cuts hard at the limit when the only boundary is in the first half of the window', () => {
    const text = `${'a'.repeat(100)} ${'b'.repeat(5000)}`;
    const pieces = chunk(text);
    expect(pieces[0]).toBe(text.slice(0, 2900));
    expect(pieces.join('')).toBe(text);
    expect(chunk('a'.repeat(7000)).map((p) => p.length)).toEqual([2900, 2900, 1200]);
  });
});
