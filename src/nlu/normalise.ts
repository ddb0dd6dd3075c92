/** Text normalisation shared by the classifier and slot extraction. */

/** Longest message the NLU reads; longer input is cut here (the engine says so). */
export const MAX_NLU_CHARS = 2000;

const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bcan'?t\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\b(do|does|did|is|are|was|were|have|has|had|should|would|could|must|need)n'?t\b/g, '$1 not'],
  [/\b(what|where|when|how|who|that|it|there|here)'s\b/g, '$1 is'],
  [/\b(i)'m\b/g, 'i am'],
  [/\b(you|we|they)'re\b/g, '$1 are'],
  [/\b(i|you|we|they)'ve\b/g, '$1 have'],
  [/\b(i|you|we|they|it)'ll\b/g, '$1 will'],
  [/\b(i|you|we|they)'d\b/g, '$1 would'],
];

/** Chat shorthand people type in Slack and Teams. */
const SHORTHAND: Readonly<Record<string, string>> = {
  u: 'you',
  ur: 'your',
  r: 'are',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
  thnx: 'thanks',
  ty: 'thank you',
  tysm: 'thank you so much',
  k8s: 'kubernetes',
  w: 'with',
  'w/': 'with',
  'w/o': 'without',
  wo: 'without',
  vs: 'versus',
  v: 'versus',
  diff: 'difference',
  idk: 'i do not know',
  dunno: 'do not know',
  nvm: 'nevermind',
  'ci/cd': 'ci cd',
  btw: '',
};

/**
 * Cleans a chat message for the NLU: drops mentions, emoji shortcodes, URLs,
 * code and markup, expands contractions and shorthand, lowercases.
 */
export function normalise(input: string): string {
  // One turn normalises the same message several times (controls, classifier, slots): remember the last one.
  if (input === last.input) return last.output;
  const output = normaliseUncached(input);
  last = { input, output };
  return output;
}

let last = { input: '', output: '' };

function normaliseUncached(input: string): string {
  let text = input.length > MAX_NLU_CHARS ? input.slice(0, MAX_NLU_CHARS) : input;
  text = text.normalize('NFKC');
  // Each markup pass runs only when its marker is present: most chat messages have none.
  if (text.includes('`')) text = text.replace(/```[\s\S]*?(```|$)/g, ' ');
  if (text.includes('<')) {
    text = text
      .replace(/<at>[^<]*<\/at>/gi, ' ')
      .replace(/<[@!#][^>]*>/g, ' ')
      .replace(/<(https?:\/\/|mailto:)[^>|]*\|([^>]*)>/gi, ' $2 ')
      .replace(/<(https?:\/\/|mailto:)[^>]*>/gi, ' ')
      .replace(/<\/?[a-z][^>]*>/gi, ' ');
  }
  if (text.includes('://')) text = text.replace(/\bhttps?:\/\/\S+/gi, ' ');
  if (text.includes('&')) text = text.replace(/&(amp|lt|gt|quot|nbsp|#39);/g, ' ');
  if (text.includes(':')) text = text.replace(/:[a-z0-9_+-]+:/gi, ' ');
  text = text
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f/gu, ' ')
    .replace(/\p{Cc}|\p{Cf}/gu, ' ')
    .toLowerCase();
  if (text.includes("'")) for (const [pattern, replacement] of CONTRACTIONS) text = text.replace(pattern, replacement);
  const words = text.split(/\s+/).map((w) => {
    const bare = w.replace(/^[^\p{L}\p{N}/]+|[^\p{L}\p{N}/]+$/gu, '');
    const expanded = SHORTHAND[bare];
    return expanded === undefined ? w : w.replace(bare, expanded);
  });
  return words.join(' ').replace(/\s+/g, ' ').trim();
}

/** Splits normalised text into word tokens; keeps stop words (what/when/how carry intent). */
export function tokenise(normalised: string): string[] {
  return normalised.match(/[\p{L}\p{N}]+(?:['.][\p{L}\p{N}]+)*/gu) ?? [];
}
