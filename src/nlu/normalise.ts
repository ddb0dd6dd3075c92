/** Text normalisation shared by the classifier and slot extraction. */

/** Longest message the NLU reads, counted before and after NFKC; longer input is cut here (the engine says so). */
export const MAX_NLU_CHARS = 2000;

/** A message as the NLU reads it: made once per turn by `read` and handed to every reader of that turn. */
export interface Reading {
  /** The normalised text (see `normalise`). */
  readonly text: string;
  /** True when the message, or its NFKC expansion, was longer than MAX_NLU_CHARS and was cut. */
  readonly cut: boolean;
}

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
const SHORTHAND: ReadonlyMap<string, string> = new Map(
  Object.entries({
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
  }),
);

/**
 * Cleans a chat message for the NLU: drops mentions, emoji shortcodes, URLs,
 * code and markup, expands contractions and shorthand, lowercases.
 */
export function normalise(input: string): string {
  return read(input).text;
}

/** Normalises a message once for a whole turn; every step is linear in its length. */
export function read(input: string): Reading {
  // The cap applies twice: before NFKC, so that NFKC's work is bounded (one code point expands
  // to at most 18), and after, so that the steps below never see more than MAX_NLU_CHARS.
  const raw = capped(input);
  // NFKC leaves printable ASCII as it is: most chat skips ICU.
  const nfkc = PRINTABLE_ASCII.test(raw) ? raw : raw.normalize('NFKC');
  const expanded = capped(nfkc);
  return { text: clean(expanded), cut: raw.length < input.length || expanded.length < nfkc.length };
}

/** The normalised text of a raw message, or of a reading made earlier in the turn (without normalising again). */
export function normalisedOf(input: string | Reading): string {
  return typeof input === 'string' ? normalise(input) : input.text;
}

/** The first MAX_NLU_CHARS characters, without splitting a surrogate pair. */
function capped(text: string): string {
  if (text.length <= MAX_NLU_CHARS) return text;
  return text.slice(0, isHighSurrogate(text.charCodeAt(MAX_NLU_CHARS - 1)) ? MAX_NLU_CHARS - 1 : MAX_NLU_CHARS);
}

/** Only printable ASCII, space to tilde. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function clean(nfkc: string): string {
  let text = nfkc;
  // Each markup pass runs only when its marker is present: most chat messages have none.
  // Markup classes exclude '<' so that an unclosed tag costs a scan to the next '<', not to the end.
  if (text.includes('`')) text = text.replace(/```[\s\S]*?(```|$)/g, ' ');
  if (text.includes('<')) {
    text = text
      .replace(/<at>[^<]*<\/at>/gi, ' ')
      .replace(/<[@!#][^<>]*>/g, ' ')
      .replace(/<(https?:\/\/|mailto:)[^<>|]*\|([^<>]*)>/gi, ' $2 ')
      // Also a bare link (<https://...>, <mailto:...>): it starts with a letter too.
      .replace(/<\/?[a-z][^<>]*>/gi, ' ');
  }
  if (text.includes('://')) text = text.replace(/\bhttps?:\/\/\S+/gi, ' ');
  if (text.includes('&')) text = text.replace(/&(amp|lt|gt|quot|nbsp|#39);/g, ' ');
  if (text.includes(':')) text = text.replace(/:[a-z0-9_+-]+:/gi, ' ');
  // Printable ASCII without a backtick has nothing the next four passes change (curly quotes, pictographs, control
  // and format characters); most chat is such text, and a cold Unicode-property regex costs a turn microseconds.
  if (!PRINTABLE_ASCII.test(text) || text.includes('`'))
    text = text
      .replace(/[\u2018\u2019\u02bc`´]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f/gu, ' ')
      .replace(/\p{Cc}|\p{Cf}/gu, ' ');
  text = text.toLowerCase();
  if (text.includes("'")) for (const [pattern, replacement] of CONTRACTIONS) text = text.replace(pattern, replacement);
  const words = text.split(/\s+/).map(expandShorthand);
  return words.join(' ').replace(/\s+/g, ' ').trim();
}

/** A word with its shorthand core expanded ("u?" -> "you?"); punctuation around the core stays. */
function expandShorthand(word: string): string {
  const [start, end] = coreOf(word);
  const expanded = SHORTHAND.get(word.slice(start, end));
  return expanded === undefined ? word : word.slice(0, start) + expanded + word.slice(end);
}

const LETTER_DIGIT_SLASH = /^[\p{L}\p{N}/]$/u;

/**
 * True when the code point is a letter, a digit or '/', the characters a shorthand word is made of.
 * The text is lowercased by then, so ASCII letters are a-z.
 */
function isCore(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || cp === 0x2f;
  return LETTER_DIGIT_SLASH.test(String.fromCodePoint(cp));
}

/**
 * Where a word's core starts and ends once the characters that are not letters, digits or '/'
 * are trimmed from both ends. An index loop: the regex it replaces backtracked over long
 * punctuation runs in quadratic time.
 */
function coreOf(word: string): [number, number] {
  let start = 0;
  while (start < word.length) {
    const cp = word.codePointAt(start) ?? 0;
    if (isCore(cp)) break;
    start += cp > 0xffff ? 2 : 1;
  }
  let end = word.length;
  while (end > start) {
    const low = word.charCodeAt(end - 1);
    const pair = low >= 0xdc00 && low <= 0xdfff && end - 2 >= start && isHighSurrogate(word.charCodeAt(end - 2));
    if (isCore(word.codePointAt(pair ? end - 2 : end - 1) ?? 0)) break;
    end -= pair ? 2 : 1;
  }
  return [start, end];
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Splits normalised text into word tokens; keeps stop words (what/when/how carry intent). */
export function tokenise(normalised: string): string[] {
  return normalised.match(/[\p{L}\p{N}]+(?:['.][\p{L}\p{N}]+)*/gu) ?? [];
}
