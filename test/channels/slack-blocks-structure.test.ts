/**
 * The Block Kit renderer's structure: each block kind as the block and text objects Slack expects, the grouped
 * question as checkboxes with Continue and "None of these", the chunking edges, the notification text, and the
 * blocks JSON-encoded once for `client.*` calls.
 */
import { describe, expect, it } from 'vitest';
import { encodePayload } from '../../src/channels/payload.js';
import { assertMessage } from '../../src/channels/slack/blocks.js';
import { encodedBlocks } from '../../src/channels/slack/encoded.js';
import { chunk, GROUP_CONTINUE, GROUP_NONE, GROUP_PICK, renderSlack } from '../../src/channels/slack/render.js';
import { grouped } from './grouped-question.js';
import { everyBlock, question, reply, SLACK_TEXTS } from './reply-fixtures.js';

const CTX = { owner: 'U1', conversation: 'C1:1', texts: SLACK_TEXTS };
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text });

describe('renderSlack: block kinds', () => {
  it('maps each reply block to its Block Kit block: header, sections, fields, context, then the question and its buttons', () => {
    const message = renderSlack(reply(everyBlock('T'), { question: question('Q?', ['Yes', 'No']) }), CTX);
    const answer = (value: string) => encodePayload({ o: 'U1', k: 'C1:1', a: { kind: 'answer', interview: 'iv1', slot: 'isolation', value } });
    expect(message.blocks).toEqual([
      { type: 'header', text: plain('T') },
      { type: 'section', text: mrkdwn('T') },
      { type: 'section', text: mrkdwn('• T\n• second T') },
      { type: 'section', text: mrkdwn('*T*'), fields: [mrkdwn('*VMs*\nT'), mrkdwn('*Containers*\nT')] },
      { type: 'context', elements: [mrkdwn('Source: T')] },
      { type: 'section', text: mrkdwn('*Question 2 of at most 5*\nQ?') },
      {
        type: 'actions',
        block_id: 'q',
        elements: [
          { type: 'button', text: plain('Yes'), action_id: 'ra_q_0', value: answer('high') },
          { type: 'button', text: plain('No'), action_id: 'ra_q_1', value: answer('standard') },
        ],
      },
    ]);
    expect(assertMessage(message)).toEqual(message);
  });
});

describe('renderSlack: a grouped question', () => {
  it('is a checkbox group of every option but "none", then Continue (reads the ticks) and "None of these"', () => {
    const message = renderSlack(reply([], { question: grouped() }), CTX);
    const value = encodePayload({ o: 'U1', k: 'C1:1', a: { kind: 'multi', interview: 'iv7', group: ['legacy', 'multi_os'], chosen: [] } });
    expect(message.blocks).toEqual([
      { type: 'section', text: mrkdwn('*Question 3 of at most 6*\nWhich of these apply?') },
      {
        type: 'actions',
        block_id: 'g_iv7_3',
        elements: [
          {
            type: 'checkboxes',
            action_id: GROUP_PICK,
            options: [
              { text: plain('Legacy app'), value: 'legacy' },
              { text: plain('Several OSes'), value: 'multi_os' },
            ],
          },
          { type: 'button', text: plain('Continue'), action_id: GROUP_CONTINUE, value, style: 'primary' },
          { type: 'button', text: plain('None of these'), action_id: GROUP_NONE, value },
        ],
      },
    ]);
    expect(assertMessage(message)).toEqual(message);
  });

  it('keeps within Block Kit: at most 10 checkboxes, labels of 75 characters, a block id of 255', () => {
    const labels = Array.from({ length: 12 }, (_, i) => (i === 0 ? 'x'.repeat(100) : `Option ${i}`));
    const q = { ...grouped(labels.slice(0, 4)), interview: 'i'.repeat(300) };
    q.options = [...labels.map((label, i) => ({ value: `v${i}`, label })), { value: 'none', label: 'n'.repeat(80) }];
    const message = renderSlack(reply([], { question: { ...q, submit: 's'.repeat(80) } }), CTX);
    const group = message.blocks?.[1];
    if (group?.type !== 'actions') throw new Error('expected the group block');
    expect(group.block_id).toHaveLength(255);
    const [boxes, go, none] = group.elements;
    expect(boxes?.type === 'checkboxes' && boxes.options.map((o) => o.text.text)).toEqual([`${'x'.repeat(74)}…`, ...labels.slice(1, 10)]);
    expect(go?.type === 'button' && go.text.text).toBe(`${'s'.repeat(74)}…`);
    expect(none?.type === 'button' && none.text.text).toBe(`${'n'.repeat(74)}…`);
    expect(assertMessage(message)).toEqual(message);
  });

  it('keeps both buttons labelled and the payload well formed when the question lacks its labels or slots', () => {
    const message = renderSlack(reply([], { question: grouped(['Legacy app'], { submit: undefined, slots: undefined }) }), CTX);
    const group = message.blocks?.[1];
    if (group?.type !== 'actions') throw new Error('expected the group block');
    const buttons = group.elements.flatMap((e) => (e.type === 'button' ? [e] : []));
    expect(buttons.map((b) => b.text.text)).toEqual(['✓', 'None of these']);
    for (const b of buttons) expect(JSON.parse(b.value ?? '')).toMatchObject({ a: { kind: 'multi', group: [], chosen: [] } });
  });
});

describe('chunk: the edges', () => {
  it('keeps text of exactly the limit whole, even with a space late in it', () => {
    expect(chunk('aaaaa bb', 8)).toEqual(['aaaaa bb']);
    expect(chunk('aaaaa bbb', 8)).toEqual(['aaaaa', 'bbb']);
  });

  it('cuts at a boundary only past the middle of the window, else hard at the limit', () => {
    expect(chunk('aaaa bbbbbbbb', 8)).toEqual(['aaaa bbb', 'bbbbb']);
    expect(chunk('aaaaa bbbbbbb', 8)).toEqual(['aaaaa', 'bbbbbbb']);
  });
});

describe('renderSlack: the notification text', () => {
  it('is the question alone when no paragraph comes before it', () => {
    expect(renderSlack(reply([], { question: question('Sensitive?') }), CTX).text).toBe('Question 2 of at most 5: Sensitive?');
  });
});

describe('encodedBlocks', () => {
  it('JSON-encodes the blocks once and keeps every other argument', () => {
    const blocks = [{ type: 'section', text: mrkdwn('a & b') }];
    const out = encodedBlocks({ channel: 'C1', text: 'hi', blocks });
    expect(out).toEqual({ channel: 'C1', text: 'hi', blocks: JSON.stringify(blocks) });
  });

  it('returns arguments without blocks as they are, adding no blocks field', () => {
    const args: { channel: string; text: string; blocks?: unknown } = { channel: 'C1', text: 'hi' };
    expect(encodedBlocks(args)).toBe(args);
    expect(Object.keys(encodedBlocks(args))).toEqual(['channel', 'text']);
  });
});
