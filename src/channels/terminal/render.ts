/** Renders replies as terminal text: a table for comparisons, numbered options; colour only on a TTY. */
import type { Block, QuestionView, Reply } from '../../reply.js';
import { stripControls as safe } from '../escape.js';

export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
}

export const PLAIN: TextStyle = { bold: (s) => s, dim: (s) => s };
export const ANSI: TextStyle = { bold: (s) => `\u001b[1m${s}\u001b[22m`, dim: (s) => `\u001b[2m${s}\u001b[22m` };

function table(b: Extract<Block, { type: 'comparison' }>, style: TextStyle): string {
  const rows = b.rows;
  const header = { label: '', vms: b.heads.vms, containers: b.heads.containers };
  const all = [header, ...rows];
  const w1 = Math.max(...all.map((r) => r.label.length));
  const w2 = Math.max(...all.map((r) => r.vms.length));
  const line = (r: typeof header) => `  ${r.label.padEnd(w1)}  ${r.vms.padEnd(w2)}  ${r.containers}`;
  return [style.bold(line(header)), ...rows.map(line)].join('\n');
}

function block(b: Block, style: TextStyle): string {
  switch (b.type) {
    case 'heading':
      return style.bold(safe(b.text));
    case 'text':
      return safe(b.text);
    case 'bullets':
      return b.items.map((i) => `  - ${safe(i)}`).join('\n');
    case 'comparison':
      return table(b, style);
    case 'sources':
      return style.dim(b.text);
  }
}

/** The reply as text; options and choices are numbered so they can be picked by number. */
export function renderText(reply: Reply, style: TextStyle = PLAIN): string {
  const parts = reply.blocks.map((b) => block(b, style));
  if (reply.document) parts.push(safe(reply.document.markdown.trimEnd()));
  if (reply.question) {
    const q = reply.question;
    parts.push(`${style.bold(`${q.progress}:`)} ${q.text}`);
    parts.push(q.options.map((o, i) => `  ${i + 1}. ${o.label}`).join('\n'));
    if (q.hint) parts.push(style.dim(q.hint));
  } else if (reply.choices.length > 0) {
    parts.push(style.dim(reply.choices.map((c, i) => `${i + 1}. ${c.label}`).join('   ')));
  }
  return parts.join('\n\n');
}

function questionJson(q: QuestionView): Record<string, unknown> {
  const base = { slot: q.slot, options: q.options.map((o) => o.label), number: q.number, at_most: q.atMost };
  return q.multi ? { ...base, multi: true, slots: q.slots ?? [] } : base;
}

/** The one-line JSON of a bot turn, in the CONTRACT section 4 `chat --json` shape (plus extra fields). */
export function chatJson(reply: Reply, text: string): Record<string, unknown> {
  return {
    intent: reply.intent,
    text,
    question: reply.question ? questionJson(reply.question) : null,
    recommendation: reply.recommendation
      ? { verdict: reply.recommendation.verdict, confidence: reply.recommendation.confidence, reasons: reply.recommendation.reasons }
      : null,
    choices: reply.choices.map((c) => c.label),
    sources: reply.sources,
    ...(reply.document ? { record: reply.document.markdown } : {}),
  };
}
