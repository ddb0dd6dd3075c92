/** Renders the reply model as Block Kit: pure, and always within Slack's limits. */
import type { Knowledge } from '../../knowledge/load.js';
import type { Choice, QuestionView, Reply } from '../../reply.js';
import { replyText } from '../../reply.js';
import { escapeMarkup } from '../escape.js';
import { type ButtonPayload, encodePayload } from '../payload.js';
import type { Block, Message } from './blocks.js';

const SECTION_MAX = 2900;
const MAX_BLOCKS = 50;

/** Splits long text at paragraph, line or word boundaries into pieces of at most `max` characters. */
export function chunk(text: string, max = SECTION_MAX): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const at = cut > max / 2 ? cut : max;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest.trim() !== '') out.push(rest);
  return out;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function sections(text: string): Block[] {
  return chunk(escapeMarkup(text)).map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: t } }));
}

/** The texts Slack shows around a reply (knowledge/responses.yaml). */
export type SlackTexts = Pick<Knowledge['responses'], 'share' | 'shortened'>;

/** Where the buttons of a message lead back to, and the texts around the reply. */
export interface RenderContext {
  owner: string;
  conversation: string;
  texts: SlackTexts;
  /** Offer "Share to channel" under a recommendation (the interview ran privately). */
  shareable?: boolean;
}

function buttons(choices: ReadonlyArray<{ label: string; value: ButtonPayload['a'] }>, ctx: RenderContext, prefix: string): Block {
  return {
    type: 'actions',
    block_id: prefix,
    elements: choices.slice(0, 25).map((c, i) => ({
      type: 'button',
      text: { type: 'plain_text', text: clip(c.label, 75) },
      action_id: `ra_${prefix}_${i}`,
      value: encodePayload({ o: ctx.owner, k: ctx.conversation, a: c.value }),
    })),
  };
}

/**
 * The top-level `text`: Slack shows it in notifications and reads it to screen readers when blocks
 * are present, so the heading and the first lines are enough (and keep every post small).
 */
function fallbackText(reply: Reply): string {
  // The paragraphs of the blocks only: the question is added once, below, without its options.
  const first = replyText({ ...reply, question: null })
    .split('\n\n')
    .slice(0, 2)
    .join('\n\n');
  const q = reply.question ? `\n\n${reply.question.progress}: ${reply.question.text}` : '';
  return clip(escapeMarkup(`${first}${q}`.trim()), 600) || 'runtime-advice';
}

/** Action ids of the grouped question: the checkboxes, "Continue" (reads the ticks) and "None of these". */
export const GROUP_PICK = 'ra_g_pick';
export const GROUP_CONTINUE = 'ra_g_go';
export const GROUP_NONE = 'ra_g_none';

/**
 * A grouped question: checkboxes plus "Continue", and "None of these" as one click. Both buttons carry
 * the listed slots; on "Continue" the listener fills `chosen` from the ticked boxes (`state.values`).
 */
function groupBlock(q: QuestionView, ctx: RenderContext): Block {
  const group = q.slots ?? [];
  const value = (label: string, actionId: string) => ({
    type: 'button' as const,
    text: { type: 'plain_text' as const, text: label },
    action_id: actionId,
    value: encodePayload({ o: ctx.owner, k: ctx.conversation, a: { kind: 'multi', interview: q.interview, group, chosen: [] } }),
  });
  // questionView always sets both labels of a grouped question; the marks only keep a button's text non-empty.
  const none = q.options.at(-1)?.label ?? '✗';
  return {
    type: 'actions',
    // Unique per question, so Slack never carries ticks over from an earlier grouped question.
    block_id: clip(`g_${q.interview}_${q.number}`, 255),
    elements: [
      {
        type: 'checkboxes',
        action_id: GROUP_PICK,
        options: q.options
          .slice(0, -1)
          .slice(0, 10)
          .map((o) => ({ text: { type: 'plain_text', text: clip(o.label, 75) }, value: o.value })),
      },
      { ...value(clip(q.submit ?? '✓', 75), GROUP_CONTINUE), style: 'primary' },
      value(clip(none, 75), GROUP_NONE),
    ],
  };
}

/** The Block Kit message for a reply. */
export function renderSlack(reply: Reply, ctx: RenderContext): Message {
  const blocks: Block[] = [];
  for (const b of reply.blocks) {
    if (b.type === 'heading') blocks.push({ type: 'header', text: { type: 'plain_text', text: clip(b.text, 150) } });
    else if (b.type === 'text') blocks.push(...sections(b.text));
    else if (b.type === 'bullets') blocks.push(...sections(b.items.map((i) => `• ${i}`).join('\n')));
    else if (b.type === 'comparison') {
      for (const row of b.rows.slice(0, 10)) {
        blocks.push({
          type: 'section',
          text: { type: 'mrkdwn', text: `*${escapeMarkup(row.label)}*` },
          fields: [
            { type: 'mrkdwn', text: clip(`*${escapeMarkup(b.heads.vms)}*\n${escapeMarkup(row.vms)}`, 2000) },
            { type: 'mrkdwn', text: clip(`*${escapeMarkup(b.heads.containers)}*\n${escapeMarkup(row.containers)}`, 2000) },
          ],
        });
      }
    } else blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeMarkup(b.text), 3000) }] });
  }
  const q = reply.question;
  if (q) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`*${escapeMarkup(q.progress)}*\n${escapeMarkup(q.text)}`, 3000) } });
    if (q.multi) blocks.push(groupBlock(q, ctx));
    else
      blocks.push(
        buttons(
          q.options.map((o) => ({ label: o.label, value: { kind: 'answer', interview: q.interview, slot: q.slot, value: o.value } })),
          ctx,
          'q',
        ),
      );
  }
  const choices: Array<{ label: string; value: ButtonPayload['a'] }> = reply.choices.map((c: Choice) => ({ label: c.label, value: c.action }));
  if (reply.recommendation && ctx.shareable) choices.push({ label: ctx.texts.share, value: { kind: 'share' } });
  if (choices.length > 0) blocks.push(buttons(choices, ctx, 'c'));
  if (blocks.length > MAX_BLOCKS) {
    // Keep the start and the buttons; say that the middle was cut.
    const tail = blocks.slice(-2);
    blocks.splice(MAX_BLOCKS - 3);
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMarkup(ctx.texts.shortened) }] }, ...tail);
  }
  const text = fallbackText(reply);
  // Within Block Kit's limits by construction; the schema check runs in tests and with LOG_LEVEL=debug (payload-check.ts).
  return { text, blocks };
}
