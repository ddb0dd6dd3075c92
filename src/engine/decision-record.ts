/**
 * The decision record of a recommendation, in the MADR layout: one pure renderer for every channel.
 * Markdown out, every word from knowledge/ (records.yaml, verdicts.yaml, interview.yaml) or passed
 * in; deterministic (no date unless given); always under MAX_RECORD_CHARS.
 */
import { VERDICTS, type Verdict } from '../ids.js';
import { slotsOf } from '../knowledge/ids.js';
import type { Knowledge } from '../knowledge/load.js';
import { type Advice, needsHardening } from './advice.js';
import { answerLabel, capitalise, fill, slotName } from './compose.js';

/** Records stay short enough for one Slack message or a Teams text message. */
export const MAX_RECORD_CHARS = 4000;
const MAX_NAME_CHARS = 80;

export interface RecordOptions {
  /** The day the record is written, e.g. "2025-06-01". Without it the record has no date. */
  date?: string;
  /** Who asked for it: a display name from the platform, treated as untrusted text. */
  by?: string;
}

/** Entities for the three characters that form Slack and HTML markup; Markdown renders them as the characters. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text from a user or a platform profile: one line (no control characters, so no new heading),
 * clipped, Markdown punctuation backslash-escaped (no links or code spans), then escapeMarkup.
 */
export function escapeUserText(text: string): string {
  const line = text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const clipped = line.length > MAX_NAME_CHARS ? `${line.slice(0, MAX_NAME_CHARS - 1)}…` : line;
  return escapeMarkup(clipped.replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`));
}

/** The record's lists, shortened in this order when the whole would be too long. */
interface Parts {
  context: string[];
  drivers: string[];
  options: Array<{ verdict: Verdict; good: string[]; bad: string[] }>;
  consequences: { good: string[]; bad: string[] };
  next: string[];
  changes: string[];
}

/** The confidence word of a record: the first level the confidence reaches. */
export function confidenceLevel(k: Knowledge, confidence: number): string {
  return k.records.levels.find((l) => confidence >= l.at_least)?.label ?? '';
}

/** Section headings of the article, in the article's order. */
function articleOrder(k: Knowledge, sections: Iterable<string>): string[] {
  const used = new Set(sections);
  return k.article.sections.filter((s) => used.has(s));
}

function partsOf(k: Knowledge, advice: Advice): Parts {
  const r = k.records;
  // Answers that drive the decision are said once, as drivers; the context holds the rest.
  const driving = new Set([...advice.reasons, ...advice.caveats].map((x) => x.slot));
  const context = slotsOf(k.interview).flatMap((slot) => {
    const value = advice.answers[slot];
    const fact = value === undefined || driving.has(slot) ? undefined : r.facts[slot]?.[value];
    return fact ? [fact] : [];
  });
  const drivers = [...advice.reasons.map((x) => x.text), ...advice.caveats.map((x) => fill(r.against, { text: x.text }))];
  const options = VERDICTS.map((verdict) => ({
    verdict,
    good: k.verdicts[verdict].pros.map((p) => fill(r.good, { text: p.text })),
    bad: k.verdicts[verdict].cons.map((c) => fill(r.bad, { text: c.text })),
  }));
  const chosen = k.verdicts[advice.verdict];
  const consequences = { good: chosen.pros.map((p) => fill(r.good, { text: p.text })), bad: chosen.cons.map((c) => fill(r.bad, { text: c.text })) };
  const next = [...chosen.advice, ...(needsHardening(k.interview, advice) ? k.verdicts.hardening.steps : [])];
  const changes = advice.flips.map((f) =>
    fill(r.flip, { answer: capitalise(answerLabel(k, f.slot, f.value)), option: k.verdicts[f.verdict].title.toLowerCase() }),
  );
  return { context, drivers, options, consequences, next, changes };
}

function sourcesOf(k: Knowledge, advice: Advice): string[] {
  const chosen = k.verdicts[advice.verdict];
  return articleOrder(k, [
    ...chosen.sections,
    ...[...advice.reasons, ...advice.caveats].flatMap((x) => x.sections),
    ...VERDICTS.flatMap((v) => [...k.verdicts[v].pros, ...k.verdicts[v].cons].flatMap((a) => a.sections)),
    ...(needsHardening(k.interview, advice) ? k.verdicts.hardening.sections : []),
  ]);
}

const bullets = (items: readonly string[]) => items.map((i) => `- ${escapeMarkup(i)}`);

function assemble(k: Knowledge, advice: Advice, p: Parts, options: RecordOptions): string {
  const r = k.records;
  const h = r.headings;
  const lines: string[] = [`# ${escapeMarkup(r.titles[advice.verdict])}`, '', `## ${escapeMarkup(h.status)}`, '', escapeMarkup(r.status)];
  const meta = [
    ...(options.date ? [fill(escapeMarkup(r.date), { date: escapeUserText(options.date) })] : []),
    ...(options.by ? [fill(escapeMarkup(r.by), { name: escapeUserText(options.by) })] : []),
  ];
  if (meta.length > 0) lines.push('', ...meta.map((m) => `- ${m}`));
  lines.push('', `## ${escapeMarkup(h.context)}`, '', escapeMarkup(r.problem), '');
  if (p.context.length > 0) lines.push(escapeMarkup(r.known), '', ...bullets(p.context));
  else if (Object.keys(advice.answers).length === 0) lines.push(escapeMarkup(r.nothing_known));
  else lines.push(escapeMarkup(r.all_driving));
  lines.push('', `## ${escapeMarkup(h.drivers)}`, '', ...bullets(p.drivers.length > 0 ? p.drivers : [r.no_drivers]));
  lines.push('', `## ${escapeMarkup(h.options)}`);
  for (const o of p.options) {
    // The chosen option's pros and cons are its consequences; they are said once, there.
    const items = o.verdict === advice.verdict ? [r.chosen_option] : [...o.good, ...o.bad];
    lines.push('', `### ${escapeMarkup(k.verdicts[o.verdict].title)}`, '', ...bullets(items));
  }
  const percent = String(Math.round(advice.confidence * 100));
  lines.push('', `## ${escapeMarkup(h.outcome)}`, '', escapeMarkup(fill(r.chosen, { option: k.verdicts[advice.verdict].title })), '');
  lines.push(escapeMarkup(fill(r.confidence, { percent, level: confidenceLevel(k, advice.confidence) })));
  const open = advice.open.length > 0 ? fill(r.open, { slots: advice.open.map((s) => slotName(k, s)).join(', ') }) : undefined;
  if (open) lines.push('', escapeMarkup(open));
  const consequences = [...p.consequences.good, ...p.consequences.bad];
  lines.push('', `## ${escapeMarkup(h.consequences)}`, '', ...bullets(consequences), '', escapeMarkup(r.next), '', ...bullets(p.next));
  lines.push('', `## ${escapeMarkup(h.changes)}`, '', ...bullets(p.changes.length > 0 ? p.changes : [r.settled]));
  lines.push('', `## ${escapeMarkup(h.sources)}`, '', escapeMarkup(fill(r.sources, { article: k.article.title })), '', ...bullets(sourcesOf(k, advice)));
  return `${lines.join('\n')}\n`;
}

/** Drops the last item of `list` if it has more than `keep`. */
function pop(list: string[], keep: number): boolean {
  if (list.length <= keep) return false;
  list.pop();
  return true;
}

/** Drops one line from the longer side of a pair of lists, keeping at least `keep` on each side. */
function popPair(pair: { good: string[]; bad: string[] }, keep: number): boolean {
  return pair.good.length >= pair.bad.length ? pop(pair.good, keep) || pop(pair.bad, keep) : pop(pair.bad, keep) || pop(pair.good, keep);
}

/**
 * Drops the least important line while the record is too long: first the other options' extra
 * arguments, then the tail of long lists; the answers (context) go last. False when nothing is left.
 */
function shorten(p: Parts, chosen: Verdict): boolean {
  const others = p.options.filter((o) => o.verdict !== chosen).sort((a, b) => b.good.length + b.bad.length - (a.good.length + a.bad.length));
  const rules: Array<() => boolean> = [
    // Pros and cons have at least one line each (schema), so keeping one per side keeps two per option.
    () => others.some((o) => popPair(o, 1)),
    () => pop(p.changes, 3),
    () => pop(p.next, 3),
    () => pop(p.drivers, 4),
    () => popPair(p.consequences, 1),
    () => pop(p.changes, 1),
    () => pop(p.drivers, 2),
    () => pop(p.next, 1),
    () => others.some((o) => popPair(o, 0)),
    () => pop(p.drivers, 1),
    () => pop(p.context, 1),
  ];
  return rules.some((rule) => rule());
}

/** The decision record of `advice` as Markdown. */
export function renderDecisionRecord(k: Knowledge, advice: Advice, options: RecordOptions = {}): string {
  const parts = partsOf(k, advice);
  let text = assemble(k, advice, parts, options);
  while (text.length > MAX_RECORD_CHARS && shorten(parts, advice.verdict)) text = assemble(k, advice, parts, options);
  return text.length > MAX_RECORD_CHARS ? `${text.slice(0, MAX_RECORD_CHARS - 2).replace(/&[a-z]*$/, '')}…\n` : text;
}
