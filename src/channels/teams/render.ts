/** Renders the reply model as an Adaptive Card 1.5: pure, and always within Teams' limits. */
import type { Reply } from '../../reply.js';
import { escapeMarkup } from '../escape.js';
import { type ButtonPayload, payloadData } from '../payload.js';
import { type AdaptiveCard, MAX_CARD_BYTES } from './card.js';

type BodyItem = AdaptiveCard['body'][number];

const MAX_TEXT = 4000;

/** The id of the grouped question's choice set: its value comes back in `activity.value`. */
export const GROUP_INPUT = 'ra_pick';

export interface CardContext {
  owner: string;
  conversation: string;
}

const block = (text: string, extra: Partial<Extract<BodyItem, { type: 'TextBlock' }>> = {}): BodyItem => ({
  type: 'TextBlock',
  text: escapeMarkup(text).slice(0, MAX_TEXT) || ' ',
  wrap: true,
  ...extra,
});

// Cut like a text block: one long comparison cell must not burst the card (the trim keeps the last two items).
const cell = (text: string, bold = false) => ({
  type: 'Column' as const,
  width: 'stretch',
  items: [{ type: 'TextBlock' as const, text: escapeMarkup(text).slice(0, MAX_TEXT) || ' ', wrap: true, ...(bold ? { weight: 'Bolder' as const } : {}) }],
});

const MAX_SUMMARY = 200;

/**
 * A one-line description of a reply, for the activity's `summary` and `text`: what chat lists and
 * notifications show instead of "Send a card" (the question, the verdict, or the first line).
 */
export function summaryOf(reply: Reply): string {
  const q = reply.question;
  const r = reply.recommendation;
  const first = reply.blocks.find((b) => b.type === 'heading' || b.type === 'text');
  const line = q ? `${q.progress}: ${q.text}` : r ? r.headline : first && 'text' in first ? first.text : '';
  const one = line.replace(/\s+/g, ' ').trim();
  // Nothing to show (no line, or a blank one): the bot's name.
  return escapeMarkup(one.length <= MAX_SUMMARY ? one : `${one.slice(0, MAX_SUMMARY - 1)}…`) || 'runtime-advice';
}

/** The card for a reply. */
export function renderCard(reply: Reply, ctx: CardContext): AdaptiveCard {
  const body: BodyItem[] = [];
  for (const b of reply.blocks) {
    if (b.type === 'heading') body.push(block(b.text, { size: 'Medium', weight: 'Bolder' }));
    else if (b.type === 'text') body.push(block(b.text));
    else if (b.type === 'bullets') body.push(block(b.items.map((i) => `- ${i}`).join('\r')));
    else if (b.type === 'comparison') {
      body.push({ type: 'ColumnSet', columns: [cell('', true), cell(b.heads.vms, true), cell(b.heads.containers, true)] });
      for (const r of b.rows) body.push({ type: 'ColumnSet', spacing: 'Small', columns: [cell(r.label, true), cell(r.vms), cell(r.containers)] });
    } else body.push(block(b.text, { size: 'Small', isSubtle: true }));
  }
  const actions: NonNullable<AdaptiveCard['actions']> = [];
  const submit = (title: string, action: ButtonPayload['a'], extra: Partial<NonNullable<AdaptiveCard['actions']>[number]> = {}) =>
    actions.push({ type: 'Action.Submit', title: title.slice(0, 80), data: payloadData({ o: ctx.owner, k: ctx.conversation, a: action }), ...extra });
  const q = reply.question;
  if (q) {
    body.push(block(q.progress, { weight: 'Bolder', separator: true }));
    body.push(block(q.text));
    if (q.multi) {
      // A grouped question: tick any, then Continue (the ticks arrive as comma-separated values under GROUP_INPUT).
      const group = q.slots ?? [];
      body.push({
        type: 'Input.ChoiceSet',
        id: GROUP_INPUT,
        isMultiSelect: true,
        style: 'expanded',
        choices: q.options.slice(0, -1).map((o) => ({ title: escapeMarkup(o.label).slice(0, 200), value: o.value })),
      });
      const multi = { kind: 'multi' as const, interview: q.interview, group, chosen: [] };
      // questionView always sets both labels of a grouped question; the marks only keep a title non-empty.
      submit(q.submit ?? '✓', multi, { style: 'positive' });
      submit(q.options.at(-1)?.label ?? '✗', multi, { associatedInputs: 'none' });
    } else for (const o of q.options) submit(o.label, { kind: 'answer', interview: q.interview, slot: q.slot, value: o.value });
  } else for (const c of reply.choices) submit(c.label, c.action);
  if (body.length === 0) body.push(block(' '));
  let card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    // At most six actions (the schema), question options and choices alike.
    actions: actions.slice(0, 6),
  };
  // Trim from the middle of the body until the card fits, keeping the question or the buttons.
  let bytes = Buffer.byteLength(JSON.stringify(card));
  while (bytes > MAX_CARD_BYTES && card.body.length > 2) {
    card = { ...card, body: [...card.body.slice(0, -3), ...card.body.slice(-2)] };
    bytes = Buffer.byteLength(JSON.stringify(card));
  }
  // Within the schema and Teams' size by construction; the schema check runs in tests and with LOG_LEVEL=debug.
  return card;
}
