/** Renders replies as terminal text: a table for comparisons, numbered options; colour only on a TTY. */
import type { Block, QuestionView, Reply } from '../../reply.js';

export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
}

export const PLAIN: TextStyle = { bold: (s) => s, dim: (s) => s };
export const ANSI: TextStyle = { bold: (s) => `\u001b[1m${s}\u001b[22m`, dim: (s) => `\u001b[2m${s}\u001b[22m` };

/** Removes control characters (escape sequences included) from text we did not write. */
export function safe(s: string): string {
  return s.replace(/\p{Cc}/gu, (c) => (c === '\n' || c === '\t' ? c : ''));
}

function table(rows: Array<{ label: string; vms: string; containers: string }>, style: TextStyle): string {
  const header = { label: '', vms: 'VMs', containers: 'Containers' };
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
      return table(b.rows, style);
    case 'sources':
      return style.dim(`Source: ${b.sections.join('; ')}`);
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
    if (q.multi) parts.push(style.dim(`Type the numbers that apply, e.g. "1 3", or ${q.options.length} for none.`));
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
