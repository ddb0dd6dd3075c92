/** Builds replies from the knowledge base. Pure: knowledge and facts in, reply model out. */
import type { Intent, Slot, TopicIntent } from '../ids.js';
import { fill } from '../knowledge/fill.js';
import type { Knowledge } from '../knowledge/load.js';
import type { Block, Choice, ComparisonRow, QuestionView, Reply } from '../reply.js';
import type { Advice } from './advice.js';

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
  reply.choices = t.related.slice(0, 3).map((r) => ({ label: k.topics[r]?.title ?? r, action: { kind: 'ask', intent: r } }));
  if (confidence !== undefined && confidence < 0.5) {
    blocks.unshift({ type: 'text', text: `I think you are asking about ${t.title.toLowerCase()}.` });
  }
  return reply;
}

/** A fixed response from knowledge/responses.yaml. */
export function responseReply(k: Knowledge, intent: Intent | null, key: keyof Knowledge['responses'], values: Record<string, string> = {}): Reply {
  return baseReply(intent, [{ type: 'text', text: fill(k.responses[key], values) }]);
}

/** Topics offered when a message is out of scope. */
const SUGGESTED: readonly TopicIntent[] = ['overview', 'isolation_security', 'startup_time'];

export function outOfScopeReply(k: Knowledge): Reply {
  const titles = SUGGESTED.map((t) => k.topics[t]?.title.toLowerCase() ?? t);
  const reply = responseReply(k, 'out_of_scope', 'out_of_scope', { topics: `${titles.slice(0, -1).join(', ')} or ${titles.at(-1)}` });
  reply.choices = [
    ...SUGGESTED.map((t): Choice => ({ label: k.topics[t]?.title ?? t, action: { kind: 'ask', intent: t } })),
    { label: 'Help me choose', action: { kind: 'ask', intent: 'recommend' } },
  ];
  return reply;
}

/** A short human name for an intent, used in "did you mean". */
export function intentLabel(k: Knowledge, intent: Intent): string {
  const topic = k.topics[intent as TopicIntent];
  if (topic) return topic.title.toLowerCase();
  const names: Partial<Record<Intent, string>> = {
    recommend: 'a recommendation for your workload',
    help: 'what I can do',
    greeting: 'saying hello',
    thanks: 'saying thanks',
    cancel: 'stopping the interview',
    restart: 'starting the interview over',
  };
  return names[intent] ?? intent;
}

export function clarificationReply(k: Knowledge, options: readonly [Intent, Intent]): Reply {
  const [a, b] = options;
  const reply = responseReply(k, a, 'clarification', { choices: `${intentLabel(k, a)} or ${intentLabel(k, b)}` });
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

/** Human words for a slot answer, e.g. "legacy app: yes". */
export function answerLabel(k: Knowledge, slot: Slot, value: string): string {
  const def = k.interview.slots[slot];
  const label = def?.options.find((o) => o.value === value)?.label ?? value;
  return `${def?.name ?? slot}: ${label.toLowerCase()}`;
}

/** The short name of a slot. */
export function slotName(k: Knowledge, slot: Slot): string {
  return k.interview.slots[slot]?.name ?? slot;
}

function reasonLine(r: { text: string; sections: string[] }): string {
  return `${r.text} (${r.sections.join('; ')})`;
}

/** Figures that matter for a recommendation: those of the topics behind its reasons, else all. */
function figuresFor(k: Knowledge, advice: Advice): string[] {
  const ids = uniq(advice.reasons.flatMap((r) => k.topics[r.topic as TopicIntent]?.figures ?? []));
  return ids.length > 0 ? ids : Object.keys(k.figures);
}

/** The recommendation card; `detailed` adds every caveat and what would change it ("why?"). */
export function recommendationReply(k: Knowledge, advice: Advice, options: { detailed?: boolean; intro?: string } = {}): Reply {
  const v = k.verdicts[advice.verdict];
  const blocks: Block[] = [];
  if (options.intro) blocks.push({ type: 'text', text: options.intro });
  const headline = `Recommendation: ${v.title} (confidence ${Math.round(advice.confidence * 100)}%)`;
  blocks.push({ type: 'heading', text: headline });
  blocks.push({ type: 'text', text: v.summary });
  const reasons = advice.reasons.map(reasonLine);
  if (reasons.length > 0) blocks.push({ type: 'text', text: 'Why:' }, { type: 'bullets', items: options.detailed ? reasons : reasons.slice(0, 4) });
  else blocks.push({ type: 'text', text: 'Nothing you told me points strongly either way, so this leans on the lighter default.' });
  if (advice.caveats.length > 0) {
    blocks.push({ type: 'text', text: 'Pointing the other way:' }, { type: 'bullets', items: advice.caveats.map(reasonLine) });
  }
  const table = comparison(k, figuresFor(k, advice));
  if (table.rows.length > 0) blocks.push(comparisonBlock(k, table.rows));
  const hardening = advice.verdict === 'hybrid' || (advice.verdict === 'containers' && advice.answers.isolation !== 'standard');
  if (hardening) {
    blocks.push({ type: 'text', text: `${k.verdicts.hardening.title}:` }, { type: 'bullets', items: k.verdicts.hardening.steps });
  }
  if (options.detailed) blocks.push({ type: 'text', text: 'What to do:' }, { type: 'bullets', items: v.advice });
  const changes = advice.flips
    .slice(0, options.detailed ? 6 : 3)
    .map((f) => `${capitalise(answerLabel(k, f.slot, f.value))} would make it ${k.verdicts[f.verdict].title.toLowerCase()}`);
  if (changes.length > 0) blocks.push({ type: 'text', text: 'What would change it:' }, { type: 'bullets', items: changes });
  if (advice.open.length > 0) {
    blocks.push({ type: 'text', text: `Still open, which lowers the confidence: ${advice.open.map((s) => slotName(k, s)).join(', ')}.` });
  }
  const sources = uniq([...v.sections, ...advice.reasons.flatMap((r) => r.sections), ...table.sections, ...(hardening ? k.verdicts.hardening.sections : [])]);
  blocks.push(sourcesBlock(k, sources));
  const reply = baseReply(null, blocks, sources);
  reply.recommendation = { verdict: advice.verdict, title: v.title, headline, confidence: advice.confidence, reasons: advice.reasons.map(reasonLine) };
  reply.choices = [
    { label: 'Why?', action: { kind: 'why' } },
    { label: 'Change an answer', action: { kind: 'change' } },
    { label: 'Start over', action: { kind: 'restart' } },
    { label: k.records.button, action: { kind: 'record', answers: advice.answers } },
  ];
  return reply;
}
