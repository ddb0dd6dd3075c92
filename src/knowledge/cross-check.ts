/** Checks between knowledge files: ids, slot values, verdicts and article sections must all line up. */
import { z } from 'zod';
import { isSlot, SLOT_VALUES, SLOTS, TOPIC_INTENTS } from '../ids.js';
import type { Knowledge } from './load.js';

/** knowledge/article.yaml: the source article's title and section headings. */
export const ArticleFile = z.strictObject({
  title: z.string().min(1),
  sections: z.array(z.string().min(1)).min(1),
});
export type ArticleData = z.infer<typeof ArticleFile>;

/** Returns one message per broken reference, each naming file and field. */
export function crossCheck(parts: Partial<Omit<Knowledge, 'dir'>>): string[] {
  const problems: string[] = [];
  // Cross-checks run on whatever parsed, so one broken file does not hide problems in another.
  const k = parts;
  const known = new Set(k.article?.sections ?? []);
  const checkSections = (file: string, path: string, sections: readonly string[]) => {
    if (!k.article) return;
    sections.forEach((s, i) => {
      if (!known.has(s)) problems.push(`knowledge/${file}: ${path}.sections[${i}]: "${s}" is not a section of the article (see knowledge/article.yaml)`);
    });
  };
  // Every intent needs an answer or a handler: conversation intents have engine handlers,
  // so each topic intent needs its entry in topics.yaml.
  if (k.topics) checkTopics(k.topics, k.figures, checkSections, problems);
  for (const [id, fig] of Object.entries(k.figures ?? {})) checkSections('figures.yaml', id, fig.sections);
  if (k.interview) checkInterview(k.interview, checkSections, problems);
  if (k.verdicts) {
    for (const key of ['containers', 'vms', 'hybrid', 'hardening'] as const) checkSections('verdicts.yaml', key, k.verdicts[key].sections);
    for (const key of ['containers', 'vms', 'hybrid'] as const) {
      for (const side of ['pros', 'cons'] as const) {
        for (const [i, a] of k.verdicts[key][side].entries()) checkSections('verdicts.yaml', `${key}.${side}[${i}]`, a.sections);
      }
    }
  }
  if (k.records) checkFacts(k.records.facts, problems);
  return problems;
}

/** records.yaml `facts`: one plain sentence for every value of every slot, and nothing else. */
function checkFacts(facts: NonNullable<Knowledge['records']>['facts'], problems: string[]): void {
  for (const [slot, values] of Object.entries(facts)) {
    if (!isSlot(slot)) {
      problems.push(`knowledge/records.yaml: facts.${slot}: unknown slot "${slot}"`);
      continue;
    }
    for (const v of Object.keys(values)) {
      if (!SLOT_VALUES[slot].includes(v)) problems.push(`knowledge/records.yaml: facts.${slot}.${v}: "${v}" is not a value of ${slot}`);
    }
  }
  for (const slot of SLOTS) {
    for (const v of SLOT_VALUES[slot]) if (!facts[slot]?.[v]) problems.push(`knowledge/records.yaml: facts.${slot}.${v}: missing`);
  }
}

type SectionCheck = (file: string, path: string, sections: readonly string[]) => void;

function checkTopics(topics: Knowledge['topics'], figures: Knowledge['figures'] | undefined, checkSections: SectionCheck, problems: string[]): void {
  for (const intent of TOPIC_INTENTS) {
    const topic = topics[intent];
    if (!topic) {
      problems.push(`knowledge/topics.yaml: ${intent}: missing: topic intent "${intent}" has no answer`);
      continue;
    }
    checkSections('topics.yaml', intent, topic.sections);
    topic.figures.forEach((f, i) => {
      if (figures && !figures[f]) problems.push(`knowledge/topics.yaml: ${intent}.figures[${i}]: unknown figure "${f}"`);
    });
  }
}

function checkInterview(interview: Knowledge['interview'], checkSections: SectionCheck, problems: string[]): void {
  const slots = interview.slots;
  const unknown = Object.keys(slots).filter((name) => !isSlot(name));
  const missing = SLOTS.filter((slot) => !slots[slot]);
  for (const name of unknown) {
    const guess = closest(name, missing);
    problems.push(
      `knowledge/interview.yaml: slots.${name}: unknown slot "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}; slots are ${SLOTS.join(', ')}`,
    );
  }
  for (const slot of SLOTS) {
    const def = slots[slot];
    const at = `slots.${slot}`;
    if (!def) {
      // A misspelt slot is reported once, above, as unknown.
      if (!unknown.some((name) => closest(name, [slot]) === slot)) problems.push(`knowledge/interview.yaml: ${at}: missing: slot "${slot}" has no question`);
      continue;
    }
    const values = SLOT_VALUES[slot];
    const checkValue = (path: string, value: string) => {
      if (!values.includes(value)) problems.push(`knowledge/interview.yaml: ${at}.${path}: "${value}" is not a value of ${slot} (${values.join(', ')})`);
    };
    for (const [i, o] of def.options.entries()) checkValue(`options[${i}].value`, o.value);
    for (const v of values) {
      if (!def.options.some((o) => o.value === v)) problems.push(`knowledge/interview.yaml: ${at}.options: no option for value "${v}"`);
    }
    for (const v of Object.keys(def.weights)) checkValue(`weights.${v}`, v);
    for (const v of Object.keys(def.reasons)) checkValue(`reasons.${v}`, v);
    checkValue('negated', def.negated);
    for (const [v, patterns] of Object.entries(def.extract)) {
      checkValue(`extract.${v}`, v);
      patterns.forEach((p, i) => {
        try {
          new RegExp(p, 'i');
        } catch (err) {
          problems.push(`knowledge/interview.yaml: ${at}.extract.${v}[${i}]: invalid regular expression (${(err as Error).message})`);
        }
      });
    }
    checkSections('interview.yaml', at, def.sections);
    if (def.kind === 'container' && !def.short) {
      problems.push(`knowledge/interview.yaml: ${at}.short: missing: container needs are asked in the grouped question and need a short label`);
    }
  }
  checkSections('interview.yaml', 'grouped', interview.grouped.sections);
  for (const slot of SLOTS) {
    if (interview.order.filter((s) => s === slot).length !== 1) problems.push(`knowledge/interview.yaml: order: slot "${slot}" must appear exactly once`);
  }
}

/** The candidate within edit distance 3 of `name`, if any. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}
