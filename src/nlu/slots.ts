/** Fills interview slots from free text, using the phrases in knowledge/interview.yaml. */
import { type Answers, SLOTS, type Slot } from '../ids.js';
import type { InterviewData } from '../knowledge/schema.js';
import { normalise } from './normalise.js';

/** Words that negate the phrase right after them ("no windows", "nothing sensitive", "do not need to autoscale"). */
const NEGATION = /\b(no|not|nothing|never|without|none|neither|nor|zero|hardly)\b/;
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
  extract(text: string): Answers;
}

/** The name the engine uses for its reader. */
export type SlotExtractor = SlotReader;

/** The former hand-written reader (regular expressions from interview.yaml), kept as the evaluation baseline. */
export class RegexSlotExtractor implements SlotReader {
  private readonly compiled: Compiled[] = [];

  constructor(interview: InterviewData) {
    for (const slot of SLOTS) {
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

  /** The slots a message fills. When a slot is mentioned twice, the later mention wins. */
  extract(text: string): Answers {
    const t = normalise(text);
    const found = new Map<Slot, { at: number; value: string }>();
    for (const c of this.compiled) {
      c.pattern.lastIndex = 0;
      for (let m = c.pattern.exec(t); m !== null; m = c.pattern.exec(t)) {
        const value = c.positive && negatedBefore(t, m.index) ? c.negated : c.value;
        const prev = found.get(c.slot);
        // At one position an explicit phrase beats a negated positive one.
        if (!prev || m.index > prev.at || (m.index === prev.at && !c.positive)) found.set(c.slot, { at: m.index, value });
        if (m[0].length === 0) c.pattern.lastIndex++;
      }
    }
    const answers: Answers = {};
    for (const slot of SLOTS) {
      const hit = found.get(slot);
      if (hit) answers[slot] = hit.value;
    }
    return answers;
  }
}

/** True when a negation word stands within a few words before `index`, in the same clause. */
function negatedBefore(text: string, index: number): boolean {
  let clause = text.slice(0, index);
  let lastBreak = -1;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(clause); m !== null; m = CLAUSE_BREAK.exec(clause)) lastBreak = m.index + m[0].length;
  if (lastBreak >= 0) clause = clause.slice(lastBreak);
  const words = clause.trim().split(/\s+/).slice(-NEGATION_WINDOW).join(' ');
  return NEGATION.test(words);
}
