/** Builds replies from the knowledge base. Pure: knowledge and facts in, reply model out. */
import type { Intent, Slot, TopicIntent } from '../ids.js';
import { fill } from '../knowledge/fill.js';
import type { Knowledge } from '../knowledge/load.js';
import type { ResponseKey } from '../knowledge/schema.js';
import type { Block, Choice, ComparisonRow, QuestionView, Reply } from '../reply.js';
import { type Advice, needsHardening } from './advice.js';

export { fill };

export function baseReply(intent: Intent | null, blocks: Block[] = [], sources: string[] = []): Reply {
  return { intent, blocks, question: null, recommendation: null, choices: [], sources };
}

const uniq = <T>(items: Iterable<T>): T[] => [...new Set(items)];

/** The comparison table rows for some figure ids. */
export function comparison(k: Knowledge, figureIds: readonly string[]): { rows: ComparisonRow[]; sections: string[] } {
  const rows: ComparisonRow[] = [];
  const sections: string[] = [];
  for (const id of figureIds) {
    const f = k.figures[id];
    if (!f) continue;
    rows.push({ label: f.label, vms: f.vms.text, containers: f.containers.text });
    sections.push(...f.sections);
  }
  return { rows, sections: uniq(sections) };
}

/** The comparison table block, with its column heads from knowledge. */
export function comparisonBlock(k: Knowledge, rows: ComparisonRow[]): Block {
  return { type: 'comparison', rows, heads: { vms: k.responses.compare_vms, containers: k.responses.compare_containers } };
}

/** The sources line under an answer, complete ("Source: ..."), so renderers show it as it is. */
export function sourcesBlock(k: Knowledge, sections: string[]): Block {
  return { type: 'sources', sections, text: fill(k.responses.sources_line, { sections: sections.join('; ') }) };
}

/** The answer to a topic question. */
export function topicReply(k: Knowledge, intent: TopicIntent, confidence?: number): Reply {
  const t = k.topics[intent];
  if (!t) return baseReply(intent, [{ type: 'text', text: k.responses.fallback }]);
  const blocks: Block[] = [
    { type: 'heading', text: t.title },
    { type: 'text', text: t.summary },
    { type: 'bullets', items: t.points },
  ];
  const table = comparison(k, t.figures);
  if (table.rows.length > 0) blocks.push(comparisonBlock(k, table.rows));
  const sources = uniq([...t.sections, ...table.sections]);
  blocks.push(sourcesBlock(k, sources));
  const reply = baseReply(intent, blocks, sources);
  reply.choices = t.related.slice(0, k.responses.related_shown).map((r) => ({ label: k.topics[r]?.title ?? r, action: { kind: 'ask', intent: r } }));
  if (confidence !== undefined && confidence < k.classifier.topic_guess_below) {
    blocks.unshift({ type: 'text', text: fill(k.responses.topic_guess, { topic: t.title.toLowerCase() }) });
  }
  return reply;
}

/** A fixed response from knowledge/responses.yaml. */
export function responseReply(k: Knowledge, intent: Intent | null, key: ResponseKey, values: Record<string, string> = {}): Reply {
  return baseReply(intent, [{ type: 'text', text: fill(k.responses[key], values) }]);
}

/** "a, b or c" with responses.yaml's words. */
export function orList(k: Knowledge, items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return fill(k.responses.list_or, { items: items.slice(0, -1).join(', '), last: items.at(-1) ?? '' });
}

/** The button that starts the interview. */
export function startChoice(k: Knowledge): Choice {
  return { label: k.responses.buttons.help_me_choose, action: { kind: 'ask', intent: 'recommend' } };
}

/** Out of scope: says so and offers responses.yaml's `out_of_scope_topics`. */
export function outOfScopeReply(k: Knowledge): Reply {
  const suggested = k.responses.out_of_scope_topics;
  const titles = suggested.map((t) => k.topics[t]?.title.toLowerCase() ?? t);
  const reply = responseReply(k, 'out_of_scope', 'out_of_scope', { topics: orList(k, titles) });
  reply.choices = [...suggested.map((t): Choice => ({ label: k.topics[t]?.title ?? t, action: { kind: 'ask', intent: t } })), startChoice(k)];
  return reply;
}

/** A short human name for an intent, used in "did you mean": a topic's title, else responses.yaml `intent_names`. */
export function intentLabel(k: Knowledge, intent: Intent): string {
  const topic = Object.hasOwn(k.topics, intent) ? k.topics[intent as TopicIntent] : undefined;
  if (topic) return topic.title.toLowerCase();
  return k.responses.intent_names[intent] ?? intent;
}

export function clarificationReply(k: Knowledge, options: readonly [Intent, Intent]): Reply {
  const [a, b] = options;
  const reply = responseReply(k, a, 'clarification', { choices: orList(k, [intentLabel(k, a), intentLabel(k, b)]) });
  reply.choices = options.map((i) => ({ label: capitalise(intentLabel(k, i)), action: { kind: 'ask', intent: i } }));
  return reply;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** An interview question with its options; with `group`, the grouped question over those slots. */
export function questionView(k: Knowledge, interviewId: string, slot: Slot, number: number, atMost: number, group?: readonly Slot[]): QuestionView {
  if (group && group.length > 1) {
    const g = k.interview.grouped;
    return {
      slot: group[0] ?? slot,
      interview: interviewId,
      text: g.question,
      options: [...group.map((s) => ({ value: s, label: groupLabel(k, s) })), { value: 'none', label: g.none }],
      number,
      atMost,
      progress: fill(k.responses.question_progress, { number: String(number), atMost: String(atMost) }),
      multi: true,
      slots: [...group],
      submit: k.responses.group_continue,
      hint: fill(k.responses.group_hint, { none: String(group.length + 1) }),
    };
  }
  const def = k.interview.slots[slot];
  return {
    slot,
    interview: interviewId,
    text: def?.question ?? slot,
    options: (def?.options ?? []).map((o) => ({ value: o.value, label: o.label })),
    number,
    atMost,
    progress: fill(k.responses.question_progress, { number: String(number), atMost: String(atMost) }),
  };
}

/** The option label of a slot in the grouped question. */
export function groupLabel(k: Knowledge, slot: Slot): string {
  const def = k.interview.slots[slot];
  return def?.short ?? capitalise(def?.name ?? slot);
}

/** "Why do you ask?" or "what does that mean?" about the current question (single or grouped), from the knowledge base. */
export function aboutQuestion(k: Knowledge, slot: Slot, grouped: boolean, what: 'rationale' | 'explanation'): Reply {
  const def = grouped ? k.interview.grouped : k.interview.slots[slot];
  const text = def?.[what] ?? k.responses.fallback;
  const sections = def?.sections ?? [];
  const key = what === 'rationale' ? 'why_ask' : 'explain';
  return baseReply(null, [{ type: 'text', text: fill(k.responses[key], { [what]: text }) }, sourcesBlock(k, sections)], sections);
}

/** Human words for a slot answer, e.g. "legacy app: yes" (responses.yaml `answer_label`). */
export function answerLabel(k: Knowledge, slot: Slot, value: string): string {
  const def = k.interview.slots[slot];
  const label = def?.options.find((o) => o.value === value)?.label ?? value;
  return fill(k.responses.answer_label, { slot: def?.name ?? slot, value: label.toLowerCase() });
}

/** The short name of a slot. */
export function slotName(k: Knowledge, slot: Slot): string {
  return k.interview.slots[slot]?.name ?? slot;
}

function reasonLine(k: Knowledge, r: { text: string; sections: string[] }): string {
  return fill(k.responses.recommendation.reason, { text: r.text, sections: r.sections.join('; ') });
}

/** Figures that matter for a recommendation: those of the topics behind its reasons, else all. */
function figuresFor(k: Knowledge, advice: Advice): string[] {
  const ids = uniq(advice.reasons.flatMap((r) => k.topics[r.topic as TopicIntent]?.figures ?? []));
  return ids.length > 0 ? ids : Object.keys(k.figures);
}

/** The recommendation card; `detailed` adds every caveat and what would change it ("why?"). Words: responses.yaml `recommendation`. */
export function recommendationReply(k: Knowledge, advice: Advice, options: { detailed?: boolean; intro?: string } = {}): Reply {
  const v = k.verdicts[advice.verdict];
  const w = k.responses.recommendation;
  const shown = k.interview.shown;
  const blocks: Block[] = [];
  if (options.intro) blocks.push({ type: 'text', text: options.intro });
  const headline = fill(w.heading, { verdict: v.title, percent: String(Math.round(advice.confidence * 100)) });
  blocks.push({ type: 'heading', text: headline });
  blocks.push({ type: 'text', text: v.summary });
  const reasons = advice.reasons.map((r) => reasonLine(k, r));
  if (reasons.length > 0) blocks.push({ type: 'text', text: w.why }, { type: 'bullets', items: options.detailed ? reasons : reasons.slice(0, shown.reasons) });
  else blocks.push({ type: 'text', text: w.no_reasons });
  if (advice.caveats.length > 0) {
    blocks.push({ type: 'text', text: w.against }, { type: 'bullets', items: advice.caveats.map((r) => reasonLine(k, r)) });
  }
  const table = comparison(k, figuresFor(k, advice));
  if (table.rows.length > 0) blocks.push(comparisonBlock(k, table.rows));
  const hardening = needsHardening(k.interview, advice);
  if (hardening) {
    blocks.push({ type: 'text', text: fill(w.hardening, { title: k.verdicts.hardening.title }) }, { type: 'bullets', items: k.verdicts.hardening.steps });
  }
  if (options.detailed) blocks.push({ type: 'text', text: w.what_to_do }, { type: 'bullets', items: v.advice });
  const changes = advice.flips
    .slice(0, options.detailed ? shown.changes_detailed : shown.changes)
    .map((f) => fill(w.change, { answer: capitalise(answerLabel(k, f.slot, f.value)), verdict: k.verdicts[f.verdict].title.toLowerCase() }));
  if (changes.length > 0) blocks.push({ type: 'text', text: w.changes }, { type: 'bullets', items: changes });
  if (advice.open.length > 0) {
    blocks.push({ type: 'text', text: fill(w.open, { slots: advice.open.map((s) => slotName(k, s)).join(', ') }) });
  }
  const sources = uniq([...v.sections, ...advice.reasons.flatMap((r) => r.sections), ...table.sections, ...(hardening ? k.verdicts.hardening.sections : [])]);
  blocks.push(sourcesBlock(k, sources));
  const reply = baseReply(null, blocks, sources);
  reply.recommendation = {
    verdict: advice.verdict,
    title: v.title,
    headline,
    confidence: advice.confidence,
    reasons: advice.reasons.map((r) => reasonLine(k, r)),
  };
  const b = k.responses.buttons;
  reply.choices = [
    { label: b.why, action: { kind: 'why' } },
    { label: b.change, action: { kind: 'change' } },
    { label: b.start_over, action: { kind: 'restart' } },
    { label: k.records.button, action: { kind: 'record', answers: advice.answers } },
  ];
  return reply;
}
