/** Reads a typed answer to an interview question: a number, a label, a synonym or free text. */
import type { Answers, Slot } from '../ids.js';
import type { SlotDef } from '../knowledge/schema.js';
import { normalisedOf, type Reading } from '../nlu/normalise.js';
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

/** The control word a message (raw, or read once for the turn) is, if any. */
export function controlOf(text: string | Reading): Control | undefined {
  const b = bare(text);
  return CONTROLS.find(([, re]) => re.test(b))?.[0];
}

/** The bare names of each option of a question (value, label, synonyms): knowledge, so computed once. */
const NAMES = new WeakMap<SlotDef, ReadonlyArray<{ value: string; names: readonly string[] }>>();

function namesOf(def: SlotDef): ReadonlyArray<{ value: string; names: readonly string[] }> {
  let names = NAMES.get(def);
  if (!names) {
    names = def.options.map((o) => ({ value: o.value, names: [o.value, o.label, ...o.synonyms].map((s) => bare(s)) }));
    NAMES.set(def, names);
  }
  return names;
}

/** The slot value a typed answer (raw, or read once for the turn) picks, plus any other slots the text fills. */
export function readAnswer(text: string | Reading, slot: Slot, def: SlotDef, extractor: SlotExtractor): { value?: string; also: Answers } {
  const b = bare(text);
  const values = def.options.map((o) => o.value);
  const n = Number.parseInt(b, 10);
  if (/^\d+$/.test(b) && n >= 1 && n <= def.options.length) return { value: def.options[n - 1]?.value, also: {} };
  for (const o of namesOf(def)) if (o.names.includes(b)) return { value: o.value, also: {} };
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
