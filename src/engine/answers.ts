/**
 * Reads a typed answer to an interview question. Exact answers (an option number, a label, a synonym,
 * yes / no / not sure) come first and are never taken for anything else; free-text answers are read
 * from the situation reader's slots or from a leading yes/no.
 */
import type { Answers, Slot } from '../ids.js';
import type { SlotDef } from '../knowledge/schema.js';
import { normalisedOf, type Reading } from '../nlu/normalise.js';

const YES =
  /^(y|ya|yes|yeah|yea|yep|yup|sure|correct|right|true|definitely|absolutely|of course|affirmative|indeed|i do|we do|it is|it does|that is right|yes please|ok|okay|certainly|totally|100%?|one part does|part of it does|some of it does|some parts do|some do|one does)$/;
const NO =
  /^(n|no|nope|nah|no way|not really|negative|false|never|none|we do not|i do not|it is not|it does not|not at all|no need|definitely not|none of it does|no part does)$/;
const UNSURE =
  /^(unsure|not sure|dunno|do not know|i do not know|no idea|maybe|perhaps|possibly|hard to say|not certain|unknown|\?+|depends|it depends|i am not sure|no clue)$/;
/** Only numbers and separators: an attempt to pick options by number. */
const NUMBERS = /^\d+([\s,;/&+]+(and\s+)?\d+)*$/;

const TRAILING = new Set(['.', '!', ',', ';']);
const POLITE_HEAD = ['please ', 'pls '];
const POLITE_TAIL = [' please', ' thanks', ' thank you'];

/**
 * Normalised text (raw, or read once for the turn) without trailing punctuation and politeness,
 * for exact matching. String operations rather than regexes: /[.!,;]+$/ backtracked
 * quadratically over a long run of punctuation that does not end the text.
 */
export function bare(text: string | Reading): string {
  let b = normalisedOf(text);
  let end = b.length;
  while (end > 0 && TRAILING.has(b.charAt(end - 1))) end--;
  b = b.slice(0, end);
  // Normalised text has single spaces only, so these fixed strings are what /\s+/ matched.
  const head = POLITE_HEAD.find((h) => b.startsWith(h));
  if (head) b = b.slice(head.length);
  const tail = POLITE_TAIL.find((t) => b.endsWith(t));
  if (tail) b = b.slice(0, b.length - tail.length);
  return b.trim();
}

/** A question's names in bare form: each option's value, label and synonyms, and the names of its subject. */
interface Names {
  /** The option values, in order. */
  values: readonly string[];
  options: ReadonlyArray<{ value: string; names: ReadonlySet<string> }>;
  subject: readonly string[];
}

/**
 * Names made bare once per question (knowledge text, never a message): matching an answer used to normalise every
 * option name again on every turn, about forty NFKC-and-regex passes per typed answer.
 */
const NAMES = new WeakMap<SlotDef, Names>();

function namesOf(def: SlotDef): Names {
  let names = NAMES.get(def);
  if (!names) {
    names = {
      values: def.options.map((o) => o.value),
      options: def.options.map((o) => ({ value: o.value, names: new Set([o.value, o.label, ...o.synonyms].map((n) => bare(n))) })),
      subject: [def.name, ...def.options.flatMap((o) => o.synonyms)].map((n) => bare(n)).filter((n) => n.length > 1),
    };
    NAMES.set(def, names);
  }
  return names;
}

/** Bare labels per slot, made once per labels map (knowledge text, never a message). */
const BARE_LABELS = new WeakMap<ReadonlyMap<Slot, readonly string[]>, ReadonlyMap<Slot, readonly string[]>>();

function bareLabels(labels: ReadonlyMap<Slot, readonly string[]>): ReadonlyMap<Slot, readonly string[]> {
  let out = BARE_LABELS.get(labels);
  if (!out) {
    out = new Map([...labels].map(([slot, names]) => [slot, names.map((n) => bare(n))]));
    BARE_LABELS.set(labels, out);
  }
  return out;
}

/** Set when a message is only option numbers but none of them fits: unreadable, not free text. */
export const BAD_NUMBER = 'bad-number' as const;

/** The value an exact answer picks (number, option name, yes / no / not sure); BAD_NUMBER for a number out of range. */
export function exactAnswer(text: string | Reading, def: SlotDef): string | typeof BAD_NUMBER | undefined {
  const b = bare(text);
  const { values, options } = namesOf(def);
  if (NUMBERS.test(b)) {
    const n = Number(b);
    return Number.isInteger(n) && n >= 1 && n <= def.options.length ? def.options[n - 1]?.value : BAD_NUMBER;
  }
  for (const o of options) if (o.names.has(b)) return o.value;
  const positive = values.find((v) => v !== 'unsure' && v !== def.negated);
  if (YES.test(b) && positive) return positive;
  if (NO.test(b)) return def.negated;
  if (UNSURE.test(b) && values.includes('unsure')) return 'unsure';
  return undefined;
}

/** Words people put before an answer ("well, no", "hmm yes", "actually we do"). */
const FILLER = /^((well|um+|uh+|hmm+|so|ok so|honestly|actually|i mean|oh|wait|hold on|sorry|scratch that|correction)[\s,]+)+/;

/** True when the text names a question's subject: one of its option synonyms or its name. */
export function mentions(rest: string, def: SlotDef): boolean {
  const padded = ` ${rest} `;
  return namesOf(def).subject.some((n) => padded.includes(` ${n} `));
}

/** A leading yes / no / not sure ("no, ...", "we do ...", "i do not know ..."), how many words it took, and the rest. */
export function leading(text: string | Reading): { said: 'yes' | 'no' | 'unsure'; words: number; rest: string } | undefined {
  const words = bare(text)
    .replace(FILLER, '')
    .split(/[\s,.;:!]+/)
    .filter(Boolean);
  // The longest leading phrase decides: "i do not know ..." is unsure, "we do not ..." no, "we do ..." yes.
  for (let n = Math.min(4, words.length); n >= 1; n--) {
    const head = words.slice(0, n).join(' ');
    const said = UNSURE.test(head) && head !== 'maybe' ? 'unsure' : NO.test(head) ? 'no' : YES.test(head) ? 'yes' : undefined;
    if (said) return { said, words: n, rest: words.slice(n).join(' ') };
  }
  return undefined;
}

/** The slot value a yes / no / not sure means for a slot. */
export function valueFor(def: SlotDef, said: 'yes' | 'no' | 'unsure'): string | undefined {
  const { values } = namesOf(def);
  if (said === 'no') return def.negated;
  if (said === 'unsure') return values.includes('unsure') ? 'unsure' : undefined;
  return values.find((v) => v !== 'unsure' && v !== def.negated);
}

/**
 * A free-text answer: what the situation reader filled for the slot, else a leading yes / no. A one-word
 * lead ("yes, ...", "no, ...") answers the question; a longer one ("we do ...", "it is not ...") only when
 * the rest names the question's subject ("we do run windows" answers the OS question, not the isolation one).
 */
export function freeAnswer(text: string | Reading, slot: Slot, def: SlotDef, filled: Answers): string | undefined {
  const value = filled[slot];
  if (value !== undefined) return value;
  const lead = leading(text);
  if (!lead || (lead.words > 1 && !mentions(lead.rest, def))) return undefined;
  return valueFor(def, lead.said);
}

const NONE = /^(none|none of these|none of them|none of the above|neither|nothing|no|nope|nah|n|not really|no to all|zero)$/;
const ALL = /^(all|all of them|all of these|all of the above|every one|everything|yes to all|all apply)$/;
/** What may stand between option labels: commas, "and", "plus". */
const JOINERS = /^(?:[\s,;/&+]|\band\b|\balso\b|\bplus\b|\bboth\b)*$/;

/** Answers to a grouped question: every listed slot gets a value (the ones not chosen `no`). */
function tick(group: readonly Slot[], chosen: ReadonlySet<Slot>): Answers {
  const out: Answers = {};
  for (const slot of group) out[slot] = chosen.has(slot) ? 'yes' : 'no';
  return out;
}

/** The slots a text lists by their labels, when it is nothing but labels and joiners ("ci cd and microservices"). */
function byLabels(b: string, group: readonly Slot[], labels: ReadonlyMap<Slot, readonly string[]>): Set<Slot> | undefined {
  // Longest names first, so "same artifact on every host and cloud" is not read as two parts.
  const bared = bareLabels(labels);
  const names = group.flatMap((slot) => (bared.get(slot) ?? []).map((name) => ({ slot, name }))).sort((x, y) => y.name.length - x.name.length);
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

/**
 * An exact answer to a grouped question (CONTRACT section 4): option numbers ("1 3", "1, 3"), option
 * labels, "none" (or the number of "None of these"), "all", or "not sure" (every listed need unsure).
 */
export function exactGroup(
  text: string | Reading,
  group: readonly Slot[],
  labels: ReadonlyMap<Slot, readonly string[]>,
): Answers | typeof BAD_NUMBER | undefined {
  const b = bare(text).replace(/^(i think|we need|we want|only|just)\s+/, '');
  if (NONE.test(b)) return tick(group, new Set());
  if (ALL.test(b)) return tick(group, new Set(group));
  if (UNSURE.test(b)) return Object.fromEntries(group.map((s) => [s, 'unsure']));
  if (NUMBERS.test(b)) {
    const numbers = b
      .split(/[^\d]+/)
      .filter(Boolean)
      .map(Number);
    if (numbers.every((n) => n >= 1 && n <= group.length)) return tick(group, new Set(numbers.map((n) => group[n - 1] as Slot)));
    if (numbers.length === 1 && numbers[0] === group.length + 1) return tick(group, new Set());
    return BAD_NUMBER;
  }
  const named = byLabels(b, group, labels);
  return named ? tick(group, named) : undefined;
}

/**
 * A free-text answer to a grouped question: the needs the text names are taken as said, the other listed
 * ones become `no`; a plain leading "no" ("no, none of that") ticks none.
 */
export function freeGroup(text: string | Reading, group: readonly Slot[], filled: Answers): Answers | undefined {
  const said = group.filter((s) => filled[s] !== undefined);
  if (said.length === 0) return leading(text)?.said === 'no' ? tick(group, new Set()) : undefined;
  const answers = tick(group, new Set());
  for (const s of said) answers[s] = filled[s];
  return answers;
}

/** Questions ("is docker safe for regulated data?") are answered as questions, not read as answers. */
export function looksLikeQuestion(text: string | Reading): boolean {
  return /\?\s*$/.test(normalisedOf(text).trim()) || /^(what|why|how|which|when|where|who|is|are|can|could|does|do|should|would|will)\b/.test(bare(text));
}
