/** Checks between knowledge files: ids, slot values, verdicts and article sections must all line up. */
import { z } from 'zod';
import { CONVERSATION_INTENTS } from '../ids.js';
import { slotsOf, valuesOf } from './ids.js';
import type { Knowledge } from './load.js';
import type { InterviewData } from './schema.js';

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
  // Topic ids are the keys of topics.yaml; conversation intents have engine handlers. intents.yaml trains exactly those.
  if (k.topics) checkTopics(k.topics, k.figures, checkSections, problems);
  if (k.topics && k.intents) checkIntents(k.intents, k.topics, problems);
  if (k.topics) checkTopicRefs(k, k.topics, problems);
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
  if (k.records && k.interview) checkFacts(k.records.facts, k.interview, problems);
  if (k.situations && k.interview) checkSituations(k.situations, k.interview, problems);
  if (k.responses) {
    for (const intent of Object.keys(k.responses.intent_names)) {
      if (!(CONVERSATION_INTENTS as readonly string[]).includes(intent))
        problems.push(
          `knowledge/responses.yaml: intent_names.${intent}: not a conversation intent (${CONVERSATION_INTENTS.join(', ')}); topics are named by their title`,
        );
    }
  }
  return problems;
}

/** intents.yaml: training utterances for every topic and every conversation intent, and for nothing else. */
function checkIntents(intents: NonNullable<Knowledge['intents']>, topics: NonNullable<Knowledge['topics']>, problems: string[]): void {
  const expected = [...Object.keys(topics), ...CONVERSATION_INTENTS];
  for (const intent of expected) {
    if (!intents[intent]) problems.push(`knowledge/intents.yaml: ${intent}: missing: every intent needs training utterances`);
  }
  for (const intent of Object.keys(intents)) {
    if (!expected.includes(intent))
      problems.push(`knowledge/intents.yaml: ${intent}: unknown intent "${intent}": not a topic of knowledge/topics.yaml nor a conversation intent`);
  }
}

/** Every topic id used elsewhere names a topic of topics.yaml. */
function checkTopicRefs(k: Partial<Omit<Knowledge, 'dir'>>, topics: NonNullable<Knowledge['topics']>, problems: string[]): void {
  const check = (file: string, path: string, topic: string): void => {
    if (!Object.hasOwn(topics, topic)) problems.push(`knowledge/${file}: ${path}: unknown topic "${topic}" (topics are the keys of knowledge/topics.yaml)`);
  };
  for (const [id, t] of Object.entries(topics)) for (const [i, r] of t.related.entries()) check('topics.yaml', `${id}.related[${i}]`, r);
  for (const [slot, def] of Object.entries(k.interview?.slots ?? {})) check('interview.yaml', `slots.${slot}.topic`, def.topic);
  if (k.verdicts) for (const key of ['containers', 'vms', 'hybrid', 'hardening'] as const) check('verdicts.yaml', `${key}.topic`, k.verdicts[key].topic);
  for (const [i, t] of (k.responses?.out_of_scope_topics ?? []).entries()) check('responses.yaml', `out_of_scope_topics[${i}]`, t);
}

/** records.yaml `facts`: one plain sentence for every value of every slot, and nothing else. */
function checkFacts(facts: NonNullable<Knowledge['records']>['facts'], interview: InterviewData, problems: string[]): void {
  for (const [slot, values] of Object.entries(facts)) {
    if (!Object.hasOwn(interview.slots, slot)) {
      problems.push(`knowledge/records.yaml: facts.${slot}: unknown slot "${slot}" (slots are those of knowledge/interview.yaml)`);
      continue;
    }
    for (const v of Object.keys(values)) {
      if (!valuesOf(interview, slot).includes(v)) problems.push(`knowledge/records.yaml: facts.${slot}.${v}: "${v}" is not a value of ${slot}`);
    }
  }
  for (const slot of slotsOf(interview)) {
    const missing = valuesOf(interview, slot).filter((v) => !facts[slot]?.[v]);
    if (!facts[slot]) problems.push(`knowledge/records.yaml: facts.${slot}: missing: every slot needs a sentence per value (${missing.join(', ')})`);
    else for (const v of missing) problems.push(`knowledge/records.yaml: facts.${slot}.${v}: missing`);
  }
}

/** situations.yaml: snippets and descriptions use only slots and values of interview.yaml. */
function checkSituations(data: NonNullable<Knowledge['situations']>, interview: InterviewData, problems: string[]): void {
  // One line per wrong slot or value, at its first place: a renamed slot must not bury the report in a thousand lines.
  const wrong = new Map<string, { message: string; path: string; more: number }>();
  const check = (slot: string, v: string, path: string) => {
    let key: string | undefined;
    let message = '';
    if (!Object.hasOwn(interview.slots, slot)) {
      key = slot;
      message = `unknown slot "${slot}" (slots are those of knowledge/interview.yaml)`;
    } else if (!valuesOf(interview, slot).includes(v)) {
      key = `${slot}=${v}`;
      message = `"${v}" is not a value of ${slot} (${valuesOf(interview, slot).join(', ')})`;
    }
    if (key === undefined) return;
    const seen = wrong.get(key);
    if (seen) seen.more++;
    else wrong.set(key, { message, path, more: 0 });
  };
  for (const [slot, byValue] of Object.entries(data.snippets)) {
    if (slot === 'none' || Array.isArray(byValue)) continue;
    for (const v of Object.keys(byValue)) check(slot, v, `snippets.${slot}.${v}`);
  }
  data.descriptions.forEach((d, i) => {
    for (const [slot, v] of Object.entries(d.slots)) check(slot, v, `descriptions[${i}].slots.${slot}`);
  });
  for (const w of wrong.values()) problems.push(`knowledge/situations.yaml: ${w.path}: ${w.message}${w.more > 0 ? ` (and ${w.more} more places)` : ''}`);
}

type SectionCheck = (file: string, path: string, sections: readonly string[]) => void;

function checkTopics(topics: Knowledge['topics'], figures: Knowledge['figures'] | undefined, checkSections: SectionCheck, problems: string[]): void {
  for (const [intent, topic] of Object.entries(topics)) {
    if ((CONVERSATION_INTENTS as readonly string[]).includes(intent))
      problems.push(`knowledge/topics.yaml: ${intent}: "${intent}" is a conversation intent, not a topic`);
    checkSections('topics.yaml', intent, topic.sections);
    topic.figures.forEach((f, i) => {
      if (figures && !figures[f]) problems.push(`knowledge/topics.yaml: ${intent}.figures[${i}]: unknown figure "${f}"`);
    });
  }
}

function checkInterview(interview: Knowledge['interview'], checkSections: SectionCheck, problems: string[]): void {
  const slots = interview.slots;
  const ids = Object.keys(slots);
  const undefinedInOrder = interview.order.filter((s) => !Object.hasOwn(slots, s));
  // A slot renamed in `slots` but not in `order` (nor the other files): said once, as a likely misspelling.
  const renamed = new Map<string, string>();
  for (const s of ids) {
    const guess = interview.order.includes(s) ? undefined : closest(s, undefinedInOrder);
    if (guess) renamed.set(s, guess);
  }
  const guessed = new Set(renamed.values());
  for (const [i, slot] of interview.order.entries()) {
    if (!Object.hasOwn(slots, slot) && !guessed.has(slot))
      problems.push(`knowledge/interview.yaml: order[${i}]: unknown slot "${slot}"; slots are ${ids.join(', ')}`);
  }
  for (const slot of ids) {
    const def = slots[slot];
    const at = `slots.${slot}`;
    if (!def) continue;
    const guess = renamed.get(slot);
    if (guess) problems.push(`knowledge/interview.yaml: ${at}: unknown slot "${slot}" (did you mean "${guess}"?): order and the other files name "${guess}"`);
    else if (interview.order.filter((s) => s === slot).length !== 1) problems.push(`knowledge/interview.yaml: order: slot "${slot}" must appear exactly once`);
    const values = def.options.map((o) => o.value);
    const checkValue = (path: string, value: string) => {
      if (!values.includes(value)) problems.push(`knowledge/interview.yaml: ${at}.${path}: "${value}" is not a value of ${slot} (${values.join(', ')})`);
    };
    values.forEach((v, i) => {
      if (values.indexOf(v) !== i) problems.push(`knowledge/interview.yaml: ${at}.options[${i}].value: "${v}" is listed twice`);
    });
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
    // "skip" leaves a question `unsure`, and the planner reads `unsure` as not answered.
    if (!values.includes('unsure')) problems.push(`knowledge/interview.yaml: ${at}.options: needs the value "unsure" (a skipped question becomes unsure)`);
    // A grouped question ticks each need yes or leaves it no.
    if (def.kind === 'container' && !(values.includes('yes') && values.includes('no'))) {
      problems.push(`knowledge/interview.yaml: ${at}.options: a container need is asked in the grouped question and needs the values "yes" and "no"`);
    }
  }
  checkSections('interview.yaml', 'grouped', interview.grouped.sections);
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
