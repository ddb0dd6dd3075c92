/**
 * Recognises a hypothetical follow-up ("what if ...", "suppose ...", "would it change if ...") and returns
 * what it supposes; the situation reader then reads the changed answers from that rest in any wording.
 * Openers are matched word by word with one typo allowed ("wat if", "supose"), in linear time.
 */

/** Openers, as word sequences; the rest of the message after one is the supposition. */
const OPENERS: readonly (readonly string[])[] = [
  ['what', 'if'],
  ['what', 'about', 'if'],
  ['what', 'happens', 'if'],
  ['what', 'would', 'happen', 'if'],
  ['what', 'about'],
  ['how', 'about', 'if'],
  ['how', 'about'],
  ['and', 'if'],
  ['if', 'instead'],
  ['in', 'case'],
  ['let', 'us', 'say'],
  ['lets', 'say'],
  ['say'],
  ['suppose'],
  ['supposing'],
  ['assume'],
  ['assuming'],
  ['imagine'],
  ['hypothetically'],
  ['if'],
];
/** Words people put before an opener. */
const FILLERS = new Set(['ok', 'okay', 'so', 'and', 'but', 'hmm', 'hm', 'also', 'well', 'then', 'now', 'right', 'cool', 'thanks', 'wait']);
/** "would it change if", "would the answer be different if", "does that change if": a verb of change, then "if". */
const CHANGE_WORDS = new Set(['change', 'changes', 'different', 'differ', 'flip', 'flips', 'same']);
const ASKING = new Set(['would', 'does', 'will', 'could', 'is', 'do']);
const MAX_OPENER_WORDS = 8;
/** Openers that also start ordinary questions ("if I use docker, is it safe?"): a hypothetical only when answers are read. */
const WEAK = new Set(['if', 'say', 'what about', 'how about', 'in case']);

/** A hypothetical: what it supposes, and whether its opener can only mean a hypothetical. */
export interface Supposition {
  rest: string;
  strong: boolean;
}

/** True when `a` equals `b` or is one edit (insert, delete, substitute, swap) away; short words must match exactly. */
export function nearlyEqual(a: string, b: string): boolean {
  if (a === b) return true;
  if (b.length < 4 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  // Past the end of `b`, b[i] is undefined and so differs from a[i]: one bound is enough.
  while (i < a.length && a[i] === b[i]) i++;
  const restA = a.slice(i);
  const restB = b.slice(i);
  if (restA.slice(1) === restB.slice(1)) return true; // substitution
  if (restA.slice(1) === restB || restA === restB.slice(1)) return true; // insertion or deletion
  return restA.length >= 2 && restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2); // swap
}

/** What a hypothetical message supposes (the text after its opener), or undefined when it is not one. */
export function supposition(bareText: string): Supposition | undefined {
  const words = bareText.split(' ').filter((w) => w !== '');
  let start = 0;
  // An opener may follow fillers ("ok so what if"), and some fillers start openers themselves ("and if").
  for (; ; start++) {
    for (const opener of OPENERS) {
      if (opener.every((w, j) => nearlyEqual(words[start + j] ?? '', w))) {
        const rest = words.slice(start + opener.length).join(' ');
        return rest === '' ? undefined : { rest, strong: !WEAK.has(opener.join(' ')) };
      }
    }
    if (start >= words.length || !FILLERS.has(words[start] as string)) break;
  }
  // "would it change if ...", "would the answer be different if ..."
  if (ASKING.has(words[start] ?? '')) {
    const end = Math.min(words.length, start + MAX_OPENER_WORDS);
    for (let i = start + 1; i < end; i++) {
      if (!CHANGE_WORDS.has(words[i] as string)) continue;
      for (let j = i + 1; j < Math.min(words.length, i + 3); j++)
        if (words[j] === 'if') return j + 1 < words.length ? { rest: words.slice(j + 1).join(' '), strong: true } : undefined;
    }
  }
  return undefined;
}
