/** Fills interview slots from free text, using the phrases in knowledge/interview.yaml. */
import type { Answers, Slot } from '../ids.js';
import { slotsOf } from '../knowledge/ids.js';
import type { InterviewData } from '../knowledge/schema.js';
import { normalisedOf, type Reading } from './normalise.js';

/** Words that negate the phrase right after them ("no windows", "nothing sensitive", "do not need to autoscale"). */
const NEGATION = /\b(no|not|nothing|never|without|none|neither|nor|zero|hardly)\b/g;
/** Negation does not reach across these. */
const CLAUSE_BREAK = /[,.;:!?()]|\b(but|however|although|though|while|whereas|yet)\b/g;
const NEGATION_WINDOW = 4;

interface Compiled {
  slot: Slot;
  value: string;
  negated: string;
  positive: boolean;
  pattern: RegExp;
}

/** Anything that reads interview answers from free text. */
export interface SlotReader {
  /** `change`: the text is known to change answers (a what-if), so weaker statements count. */
  extract(text: string | Reading, mode?: 'statement' | 'change'): Answers;
}

/** The name the engine uses for its reader. */
export type SlotExtractor = SlotReader;

/** The former hand-written reader (regular expressions from interview.yaml), kept as the evaluation baseline. */
export class RegexSlotExtractor implements SlotReader {
  private readonly compiled: Compiled[] = [];
  private readonly slots: readonly Slot[];

  constructor(interview: InterviewData) {
    this.slots = slotsOf(interview);
    for (const slot of this.slots) {
      const def = interview.slots[slot];
      if (!def) continue;
      for (const [value, patterns] of Object.entries(def.extract)) {
        if (patterns.length === 0) continue;
        // One alternation per slot value: a single pass over the text instead of one per phrase.
        const pattern = new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'gi');
        this.compiled.push({ slot, value, negated: def.negated, positive: value !== def.negated, pattern });
      }
    }
  }

  /** The slots a message (raw, or read once for the turn) fills. When a slot is mentioned twice, the later mention wins. */
  extract(text: string | Reading): Answers {
    const t = normalisedOf(text);
    const scope = new NegationScope(t);
    const found = new Map<Slot, { at: number; value: string }>();
    for (const c of this.compiled) {
      c.pattern.lastIndex = 0;
      for (let m = c.pattern.exec(t); m !== null; m = c.pattern.exec(t)) {
        const value = c.positive && scope.negatedBefore(m.index) ? c.negated : c.value;
        const prev = found.get(c.slot);
        // At one position an explicit phrase beats a negated positive one.
        if (!prev || m.index > prev.at || (m.index === prev.at && !c.positive)) found.set(c.slot, { at: m.index, value });
        if (m[0].length === 0) c.pattern.lastIndex++;
      }
    }
    const answers: Answers = {};
    for (const slot of this.slots) {
      const hit = found.get(slot);
      if (hit) answers[slot] = hit.value;
    }
    return answers;
  }
}

/**
 * Whether a negation word stands within NEGATION_WINDOW words before an index, in the same clause,
 * for any number of matches in one normalised text (single spaces): the clause breaks, spaces and
 * negation words are found in one pass each, and every question is answered by binary search.
 * Slicing and rescanning the text before each match made a message with many matches quadratic.
 */
class NegationScope {
  private marks: { breakEnds: number[]; spaces: number[]; negationStarts: number[]; negationEnds: number[] } | undefined;

  constructor(private readonly text: string) {}

  /** True when a negation word lies in the last NEGATION_WINDOW words of the clause before `index`. */
  negatedBefore(index: number): boolean {
    // Found on the first question only: most messages match no positive phrase.
    this.marks ??= marksOf(this.text);
    const { breakEnds, spaces, negationStarts, negationEnds } = this.marks;
    const lastBreak = firstAtLeast(breakEnds, index + 1) - 1;
    let start = lastBreak >= 0 ? (breakEnds[lastBreak] ?? 0) : 0;
    let end = index;
    while (start < end && this.text.charCodeAt(start) === 0x20) start++;
    while (end > start && this.text.charCodeAt(end - 1) === 0x20) end--;
    const firstSpace = firstAtLeast(spaces, start);
    const lastSpace = firstAtLeast(spaces, end) - 1;
    if (lastSpace - firstSpace + 1 >= NEGATION_WINDOW) start = (spaces[lastSpace - NEGATION_WINDOW + 1] ?? start) + 1;
    const next = firstAtLeast(negationStarts, start);
    return next < negationStarts.length && (negationEnds[next] ?? Number.POSITIVE_INFINITY) <= end;
  }
}

/** Where the clause breaks end, the spaces are and the negation words start and end, each ascending. */
function marksOf(text: string): { breakEnds: number[]; spaces: number[]; negationStarts: number[]; negationEnds: number[] } {
  const breakEnds = [...text.matchAll(CLAUSE_BREAK)].map((m) => m.index + m[0].length);
  const spaces: number[] = [];
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) spaces.push(i);
  const negations = [...text.matchAll(NEGATION)];
  return { breakEnds, spaces, negationStarts: negations.map((m) => m.index), negationEnds: negations.map((m) => m.index + m[0].length) };
}

/** Index of the first element of an ascending array that is at least `x` (the length when none is). */
function firstAtLeast(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
