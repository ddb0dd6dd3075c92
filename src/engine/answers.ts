/** Reads a typed answer to an interview question: a number, a label, a synonym or free text. */
import type { Answers, Slot } from '../ids.js';
import type { SlotDef } from '../knowledge/schema.js';
import { normalise } from '../nlu/normalise.js';
import type { SlotExtractor } from '../nlu/slots.js';

const YES =
  /^(y|ya|yes|yeah|yea|yep|yup|sure|correct|right|true|definitely|absolutely|of course|affirmative|indeed|i do|we do|it is|it does|that is right|yes please|ok|okay|certainly|totally|100%?)$/;
const NO = /^(n|no|nope|nah|no way|not really|negative|false|never|none|we do not|i do not|it is not|it does not|not at all|no need|definitely not)$/;
const UNSURE =
  /^(unsure|not sure|dunno|do not know|i do not know|no idea|maybe|perhaps|possibly|hard to say|not certain|unknown|\?+|depends|it depends|i am not sure|no clue|skip it)$/;

/** Control words during an interview. */
export type Control = 'back' | 'skip' | 'cancel' | 'restart' | 'why';

const CONTROLS: ReadonlyArray<[Control, RegExp]> = [
  ['back', /^(back|go back|previous|previous question|undo|last question|prev)$/],
  ['skip', /^(skip|skip it|skip this|skip this one|skip question|next|pass)$/],
  ['cancel', /^(cancel|stop|quit|exit|abort|never ?mind|forget it|end|cancel interview|stop interview)$/],
  ['restart', /^(restart|start over|start again|reset|from scratch|begin again|start from scratch)$/],
  ['why', /^(why|why\?|how come|explain|explain why|why is that|why that|why so)$/],
];

/** Normalised text without trailing punctuation and politeness, for exact matching. */
export function bare(text: string): string {
  return normalise(text)
    .replace(/[.!,;]+$/g, '')
    .replace(/^(please|pls)\s+|\s+(please|thanks|thank you)$/g, '')
    .trim();
}

/** The control word a message is, if any. */
export function controlOf(text: string): Control | undefined {
  const b = bare(text);
  return CONTROLS.find(([, re]) => re.test(b))?.[0];
}

/** The slot value a typed answer picks, plus any other slots the text fills. */
export function readAnswer(text: string, slot: Slot, def: SlotDef, extractor: SlotExtractor): { value?: string; also: Answers } {
  const b = bare(text);
  const values = def.options.map((o) => o.value);
  const n = Number.parseInt(b, 10);
  if (/^\d+$/.test(b) && n >= 1 && n <= def.options.length) return { value: def.options[n - 1]?.value, also: {} };
  for (const o of def.options) {
    const names = [o.value, o.label, ...o.synonyms].map((s) => bare(s));
    if (names.includes(b)) return { value: o.value, also: {} };
  }
  const positive = values.find((v) => v !== 'unsure' && v !== def.negated);
  if (YES.test(b) && positive) return { value: positive, also: {} };
  if (NO.test(b)) return { value: def.negated, also: {} };
  if (UNSURE.test(b) && values.includes('unsure')) return { value: 'unsure', also: {} };
  const filled = extractor.extract(text);
  const value = filled[slot];
  const also: Answers = { ...filled };
  delete also[slot];
  // Free text that starts with yes/no answers the question and may fill others.
  if (value === undefined) {
    const head = b.split(/[\s,.;:!]+/)[0] ?? '';
    if (YES.test(head) && positive) return { value: positive, also };
    if (NO.test(head)) return { value: def.negated, also };
  }
  return value === undefined ? { also } : { value, also };
}

const NONE = /^(none|none of these|none of them|none of the above|neither|nothing|no|nope|nah|n|not really|no to all|zero)$/;
const ALL = /^(all|all of them|all of these|all of the above|every one|everything|yes to all|all apply)$/;
const SEPARATOR = /\s*(?:,|;|\/|&|\+|\band\b|\bplus\b|\s)\s*/;
/** What may stand between option labels: commas, "and", "plus". */
const JOINERS = /^(?:[\s,;/&+]|\band\b|\balso\b|\bplus\b|\bboth\b)*$/;

/** The slots a text lists by their labels, when it is nothing but labels and joiners ("ci cd and microservices"). */
function byLabels(b: string, group: readonly Slot[], labels: ReadonlyMap<Slot, readonly string[]>): Set<Slot> | undefined {
  // Longest names first, so "same artifact on every host and cloud" is not read as two parts.
  const names = group.flatMap((slot) => (labels.get(slot) ?? []).map((l) => ({ slot, name: bare(l) }))).sort((x, y) => y.name.length - x.name.length);
  let rest = ` ${b.replace(/[,;&+]/g, ' , ')} `;
  const chosen = new Set<Slot>();
  for (const { slot, name } of names) {
    if (name === '') continue;
    const at = rest.indexOf(` ${name} `);
    if (at < 0) continue;
    chosen.add(slot);
    rest = `${rest.slice(0, at)}  ${rest.slice(at + name.length + 2)}`;
  }
  return chosen.size > 0 && JOINERS.test(rest) ? chosen : undefined;
}

/** Answers to a grouped question: every listed slot gets a value (the ones not chosen `no`). */
function tick(group: readonly Slot[], chosen: ReadonlySet<Slot>): Answers {
  const out: Answers = {};
  for (const slot of group) out[slot] = chosen.has(slot) ? 'yes' : 'no';
  return out;
}

/**
 * Reads a typed answer to a grouped question (CONTRACT section 4): option numbers ("1 3", "1, 3"),
 * option labels, "none" (or the number of "None of these"), "all", or free text that names some of
 * the needs. Returns undefined when nothing in the text answers it.
 */
export function readGroup(
  text: string,
  group: readonly Slot[],
  labels: ReadonlyMap<Slot, readonly string[]>,
  extractor: SlotExtractor,
): { answers?: Answers; also: Answers } {
  const b = bare(text).replace(/^(i think|we need|we want|only|just|maybe)\s+/, '');
  if (NONE.test(b)) return { answers: tick(group, new Set()), also: {} };
  if (ALL.test(b)) return { answers: tick(group, new Set(group)), also: {} };
  if (UNSURE.test(b)) return { answers: Object.fromEntries(group.map((s) => [s, 'unsure'])), also: {} };
  if (/^\d+([\s,;/&+]+(and\s+)?\d+)*$/.test(b)) {
    const numbers = b.split(SEPARATOR).filter(Boolean).map(Number);
    const none = group.length + 1;
    if (numbers.every((n) => n >= 1 && n <= group.length)) return { answers: tick(group, new Set(numbers.map((n) => group[n - 1] as Slot))), also: {} };
    if (numbers.length === 1 && numbers[0] === none) return { answers: tick(group, new Set()), also: {} };
    return { also: {} };
  }
  const named = byLabels(b, group, labels);
  if (named) return { answers: tick(group, named), also: {} };
  // Free text: the needs it names are taken as said; the other listed ones become `no`.
  const filled = extractor.extract(text);
  const also: Answers = { ...filled };
  const said = group.filter((s) => filled[s] !== undefined);
  if (said.length === 0) return { also };
  const answers = tick(group, new Set(said.filter((s) => filled[s] === 'yes')));
  for (const s of said) {
    answers[s] = filled[s];
    delete also[s];
  }
  return { answers, also };
}
