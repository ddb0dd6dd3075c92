/** The platform-neutral reply model: the engine builds it, each channel renders it. */
import type { Answers, Intent, Slot, Verdict } from './ids.js';

/** A button or quick reply. `action` comes back to the engine unchanged when chosen. */
export interface Choice {
  label: string;
  action: Action;
}

/** What a click means; carried in button values, so it is validated again on return. */
export type Action =
  | { kind: 'answer'; interview: string; slot: Slot; value: string }
  | { kind: 'ask'; intent: Intent }
  | { kind: 'why' }
  | { kind: 'change' }
  | { kind: 'revise'; slot: Slot }
  | { kind: 'restart' }
  | { kind: 'cancel' }
  | { kind: 'skip'; interview: string }
  /** Write up a recommendation as a decision record: the one with `answers`, else the last one; `by` is set by the channel. */
  | { kind: 'record'; answers?: Answers; by?: string }
  /** A grouped question answered: `group` is the slots it listed, `chosen` those ticked (the rest become `no`). */
  | { kind: 'multi'; interview: string; group: Slot[]; chosen: Slot[] };

/** One row of a side-by-side comparison. */
export interface ComparisonRow {
  label: string;
  vms: string;
  containers: string;
}

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'text'; text: string }
  | { type: 'bullets'; items: string[] }
  /** `heads` are the column heads of the two sides. */
  | { type: 'comparison'; rows: ComparisonRow[]; heads: { vms: string; containers: string } }
  /** `text` is the complete line to show ("Source: ..."). */
  | { type: 'sources'; sections: string[]; text: string };

/** An interview question as shown to the user. */
export interface QuestionView {
  slot: Slot;
  interview: string;
  text: string;
  options: Array<{ value: string; label: string }>;
  /** 1-based number of this question, and the most there can be in this interview. */
  number: number;
  atMost: number;
  /** "Question 2 of at most 5", complete: renderers show it as it is. */
  progress: string;
  /**
   * Set for a grouped question (CONTRACT section 4): `slots` are the yes/no slots asked at once,
   * `options` hold one per slot (its value is the slot) and a last one, value `none`, for "none of these".
   */
  multi?: true;
  slots?: Slot[];
  /** A grouped question's button that sends the ticks ("Continue"), and how to answer it by typing. */
  submit?: string;
  hint?: string;
}

/** A recommendation as shown to the user. */
export interface RecommendationView {
  verdict: Verdict;
  title: string;
  /** The verdict and its confidence in one line, as the reply's heading shows it. */
  headline: string;
  confidence: number;
  reasons: string[];
}

/** A document for the channel to deliver, as a file where it can (a decision record). */
export interface DocumentView {
  filename: string;
  title: string;
  /** Markdown in which nothing can form Slack or HTML markup (no raw <, > or &). */
  markdown: string;
}

/** One bot turn. */
export interface Reply {
  /** The intent the user's message was classified as; null for clicks and interview answers. */
  intent: Intent | null;
  blocks: Block[];
  question: QuestionView | null;
  recommendation: RecommendationView | null;
  choices: Choice[];
  /** Article sections the reply draws on. */
  sources: string[];
  /** Present when the turn produced a document (a decision record). */
  document?: DocumentView;
}

/** Plain text of a reply, for fallbacks, logs of shape (not content) and the terminal. */
export function replyText(reply: Reply): string {
  const parts: string[] = [];
  for (const b of reply.blocks) {
    if (b.type === 'heading' || b.type === 'text') parts.push(b.text);
    else if (b.type === 'bullets') parts.push(b.items.map((i) => `- ${i}`).join('\n'));
    else if (b.type === 'comparison') parts.push(b.rows.map((r) => `${r.label}: ${b.heads.vms} ${r.vms}; ${b.heads.containers} ${r.containers}`).join('\n'));
    else parts.push(b.text);
  }
  if (reply.question) {
    const q = reply.question;
    parts.push(`${q.progress}: ${q.text}`);
    parts.push(q.options.map((o, i) => `${i + 1}. ${o.label}`).join('\n'));
  }
  return parts.join('\n\n');
}
