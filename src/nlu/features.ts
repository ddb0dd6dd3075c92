/** Turns a message into sparse features: stemmed words, word bigrams and character trigrams. */
import { createRequire } from 'node:module';
import { type IndexedFeatures, indexFeatures, type NameIds, type WordIds } from './indexed.js';
import { normalise, normalisedOf, type Reading, tokenise } from './normalise.js';

// natural is CommonJS; its root import loads databases and dotenv, so we require single files.
const require = createRequire(import.meta.url);
const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(token: string): string };

/** Relative weight of each feature group before L2 normalisation. */
const GROUP_WEIGHT = { word: 1, bigram: 0.8, trigram: 0.35 } as const;
const CORRECTION_CACHE_LIMIT = 5000;
const MAX_SPELL_LENGTH = 18;
/** Enough for any real question; the rest of a flood adds nothing but time. */
const MAX_TOKENS = 200;
const MAX_TOKEN_LENGTH = 40;
/** Distinct unknown words corrected per message: a real message has a few typos, a flood gets no more work. */
export const MAX_CORRECTIONS = 10;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
/** Stands for any one letter in the speller's patterns; never part of a word it corrects. */
const ANY = '*';

/**
 * Spelling correction against the training vocabulary, memoised. It gives the answers of
 * natural's Spellcheck (Norvig's corrector: the most frequent known word at edit distance 1,
 * ties in the order the edits are generated) without its quadratic deduplication of edits.
 */
export class Speller {
  private readonly known: Set<string>;
  private index: { frequency: Map<string, number>; patterns: Set<string> } | undefined;
  private readonly cache = new Map<string, string>();

  constructor(private readonly vocabulary: readonly string[]) {
    this.known = new Set(vocabulary);
  }

  /** True when the word is in the training vocabulary. */
  knows(word: string): boolean {
    return this.known.has(word);
  }

  /** True when `correct` would look the word up: a plain lowercase word of chat length that is not in the vocabulary. */
  judges(word: string): boolean {
    // Only plain lowercase words of chat length can be typos of the vocabulary.
    return word.length >= 4 && word.length <= MAX_SPELL_LENGTH && !this.known.has(word) && /^[a-z]+$/.test(word);
  }

  /** The word itself when known or too short to judge, else its most frequent correction at edit distance 1. */
  correct(word: string): string {
    if (!this.judges(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const fixed = this.bestEdit(word) ?? word;
    if (this.cache.size >= CORRECTION_CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, fixed);
    return fixed;
  }

  /** The words of one message, the first MAX_CORRECTIONS distinct unknown ones corrected, the rest as they are. */
  correctAll(words: readonly string[]): string[] {
    const done = new Map<string, string>();
    return words.map((w) => {
      const seen = done.get(w);
      if (seen !== undefined) return seen;
      if (!this.judges(w) || done.size >= MAX_CORRECTIONS) return w;
      const fixed = this.correct(w);
      done.set(w, fixed);
      return fixed;
    });
  }

  /**
   * The first known word of highest frequency among the edits of `word`, in natural's order:
   * for each position, the deletion, the transposition, then per letter the replacement and
   * the insertion. Letters are tried only where a vocabulary word has a letter there (the
   * pattern index), so a word costs about 3n lookups instead of 54n.
   */
  private bestEdit(word: string): string | undefined {
    this.index ??= indexOf(this.vocabulary);
    const { frequency, patterns } = this.index;
    let best: string | undefined;
    let bestCount = 0;
    const consider = (candidate: string) => {
      const count = frequency.get(candidate) ?? 0;
      if (count > bestCount) {
        best = candidate;
        bestCount = count;
      }
    };
    for (let i = 0; i <= word.length; i++) {
      const head = word.slice(0, i);
      const rest = word.slice(i);
      if (i > 0) {
        const before = word.slice(0, i - 1);
        consider(before + rest);
        if (i < word.length) consider(before + word.charAt(i) + word.charAt(i - 1) + word.slice(i + 1));
      }
      const replaces = i > 0 && patterns.has(`${word.slice(0, i - 1)}${ANY}${rest}`);
      const inserts = patterns.has(`${head}${ANY}${rest}`);
      if (!replaces && !inserts) continue;
      for (const letter of ALPHABET) {
        if (replaces) consider(word.slice(0, i - 1) + letter + rest);
        if (inserts) consider(head + letter + rest);
      }
    }
    return best;
  }
}

/** Word frequencies, and every word with one letter replaced by ANY, for the candidates a speller can return. */
function indexOf(vocabulary: readonly string[]): { frequency: Map<string, number>; patterns: Set<string> } {
  const frequency = new Map<string, number>();
  for (const w of vocabulary) if (/^[a-z]+$/.test(w)) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const patterns = new Set<string>();
  for (const w of frequency.keys()) for (let i = 0; i < w.length; i++) patterns.add(w.slice(0, i) + ANY + w.slice(i + 1));
  return { frequency, patterns };
}

const STEMS = new Map<string, string>();
const STEM_CACHE_LIMIT = 20_000;

/** Porter stem of a word, memoised (chat vocabulary is small and repeats). */
function stem(word: string): string {
  let s = STEMS.get(word);
  if (s === undefined) {
    s = PorterStemmer.stem(word);
    if (STEMS.size >= STEM_CACHE_LIMIT) STEMS.clear();
    STEMS.set(word, s);
  }
  return s;
}

/** Word tokens of a message (raw, or read once for the turn), spelling-corrected when a speller is given. */
function wordsOf(text: string | Reading, speller?: Speller): string[] {
  const raw = tokenise(normalisedOf(text))
    .slice(0, MAX_TOKENS)
    .map((w) => w.slice(0, MAX_TOKEN_LENGTH));
  return speller ? speller.correctAll(raw) : raw;
}

/** Stemmed word tokens of a message (raw, or read once for the turn), spelling-corrected when a speller is given. */
export function stems(text: string | Reading, speller?: Speller): { words: string[]; stems: string[] } {
  const words = wordsOf(text, speller);
  return { words, stems: words.map(stem) };
}

/** Feature name -> value, L2-normalised. */
export type FeatureVector = Map<string, number>;

/** Builds the feature vector of a message. */
export function featurise(text: string | Reading, speller?: Speller): FeatureVector {
  return featuresOf(stems(text, speller));
}

/** The feature vector and whether any word of the message was seen in training. */
export function analyse(text: string | Reading, speller: Speller): { vector: FeatureVector; knowsAWord: boolean } {
  const tokens = stems(text, speller);
  return { vector: featuresOf(tokens), knowsAWord: tokens.words.length === 0 || tokens.words.some((w) => speller.knows(w)) };
}

/** The analysis of a message for one model (see indexed.ts): the same numbers as `analyse`, without its Map. */
export function analyseFor(
  text: string | Reading,
  speller: Speller,
  features: ReadonlyMap<string, number>,
  ids?: NameIds,
): { features: IndexedFeatures; norm: number; knowsAWord: boolean } {
  const words = wordsOf(text, speller);
  const indexed = indexFeatures(features, (add, addId, table) => emitWordFeatures(words, add, addId, table), ids);
  return { features: indexed, norm: Math.sqrt(indexed.sumSquares), knowsAWord: words.length === 0 || words.some((w) => speller.knows(w)) };
}

/**
 * The ids of a word's own features (features of the word, and of its trigrams) in `family`: '' for the intent and
 * control models, or a scope mark of the situation reader, whose stems carry it. Undefined when the table filled
 * while they were given (some of the word's names may have ids by then; the caller names its features).
 */
export function wordIdsOf(ids: NameIds, family: Scope, word: string): WordIds | undefined {
  const kept = ids.wordIds(family, word);
  if (kept) return kept;
  const stemmed = family + stem(word);
  const id = ids.idOf(featureName('w:', stemmed, ''));
  const keys = trigramKeys(TRIGRAM_PREFIX[family], word);
  const trigrams = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const t = ids.idOf(keys[i] ?? '');
    if (t < 0) return undefined;
    trigrams[i] = t;
  }
  if (id < 0) return undefined;
  const made = { stem: stemmed, word: id, trigrams, next: new Map<string, number>() };
  ids.keepWordIds(family, word, made);
  return made;
}

/** The scope marks of the situation reader ('' outside any), and the trigram prefix of each. */
export type Scope = '' | '!' | '?';
export const TRIGRAM_PREFIX: Readonly<Record<Scope, string>> = { '': 'c:', '!': 'c:!', '?': 'c:?' };

/** The start of every bigram chain ('^'), whose `next` holds the ids of the bigrams that start a text. */
function startIds(ids: NameIds): WordIds {
  const kept = ids.wordIds('^', '^');
  if (kept) return kept;
  const made = { stem: '^', word: -1, trigrams: new Int32Array(0), next: new Map<string, number>() };
  ids.keepWordIds('^', '^', made);
  return made;
}

/**
 * Names the bigrams of ['^', ...stems, '$']. A bigram whose first word has ids (`own[i]`, or the start's) goes by
 * id, kept in that word's `next` under the second stem; after a word without ids (the table filled) it goes by name.
 */
export function emitBigrams(
  ids: NameIds,
  add: (key: string, weight: number) => void,
  addId: (id: number, weight: number) => void,
  own: ReadonlyArray<WordIds | undefined>,
  stems: readonly string[],
  weight: number,
): void {
  let first: WordIds | string = startIds(ids);
  for (let i = 0; i <= stems.length; i++) {
    const second = stems[i] ?? '$';
    if (typeof first === 'string') add(featureName('b:', first, second), weight);
    else {
      let id = first.next.get(second);
      if (id === undefined) {
        id = ids.idOf(featureName('b:', first.stem, second));
        if (id >= 0) first.next.set(second, id);
      }
      if (id >= 0) addId(id, weight);
      else add(featureName('b:', first.stem, second), weight);
    }
    first = own[i] ?? second;
  }
}

/**
 * emitFeatures by ids: each word's ids come from one lookup of the word (not one per feature name), and a word
 * without ids (the table filled) is named as emitFeatures names it. The same features in the same order.
 */
function emitWordFeatures(
  words: readonly string[],
  add: (key: string, weight: number) => void,
  addId: (id: number, weight: number) => void,
  ids: NameIds,
): void {
  const own = words.map((w) => wordIdsOf(ids, '', w));
  const stemmed = own.map((r, i) => r?.stem ?? stem(words[i] ?? ''));
  for (let i = 0; i < words.length; i++) {
    const r = own[i];
    if (r) addId(r.word, GROUP_WEIGHT.word);
    else add(featureName('w:', stemmed[i] ?? '', ''), GROUP_WEIGHT.word);
  }
  emitBigrams(ids, add, addId, own, stemmed, GROUP_WEIGHT.bigram);
  for (let i = 0; i < words.length; i++) {
    const r = own[i];
    if (r) for (const t of r.trigrams) addId(t, GROUP_WEIGHT.trigram);
    else for (const key of trigramKeys('c:', words[i] ?? '')) add(key, GROUP_WEIGHT.trigram);
  }
  if (words.length === 0) add('empty', 1);
}

/** Names every feature of the tokens, repeats included, in the order the feature vector keeps them. */
function emitFeatures({ words, stems: s }: { words: string[]; stems: string[] }, add: (key: string, value: number) => void): void {
  for (const w of s) add(featureName('w:', w, ''), GROUP_WEIGHT.word);
  // The bigrams of ['^', ...stems, '$'].
  let previous = '^';
  for (const w of s) {
    add(featureName('b:', previous, w), GROUP_WEIGHT.bigram);
    previous = w;
  }
  add(featureName('b:', previous, '$'), GROUP_WEIGHT.bigram);
  for (const w of words) for (const key of trigramKeys('c:', w)) add(key, GROUP_WEIGHT.trigram);
  if (s.length === 0) add('empty', 1);
}

/** Memoised word and bigram feature names: prefix -> first word -> second word -> name. */
const NAMES = new Map<string, Map<string, Map<string, string>>>();
/** Names remembered in all; past it every memo starts afresh (a flood of new words gets no more memory). */
const NAME_CACHE_LIMIT = 20_000;
let namesKept = 0;

/**
 * `${prefix}${first}` (a word feature, `second` empty) or `${prefix}${first}_${second}` (a bigram), memoised: a
 * name seen before costs three lookups of words already hashed, and no new string.
 */
export function featureName(prefix: string, first: string, second: string): string {
  let byFirst = NAMES.get(prefix);
  if (!byFirst) {
    byFirst = new Map();
    NAMES.set(prefix, byFirst);
  }
  let bySecond = byFirst.get(first);
  if (!bySecond) {
    bySecond = new Map();
    byFirst.set(first, bySecond);
  }
  let name = bySecond.get(second);
  if (name === undefined) {
    name = second === '' ? `${prefix}${first}` : `${prefix}${first}_${second}`;
    if (namesKept >= NAME_CACHE_LIMIT) {
      for (const m of NAMES.values()) m.clear();
      namesKept = 0;
      byFirst.set(first, bySecond);
      bySecond.clear();
    }
    bySecond.set(second, name);
    namesKept++;
  }
  return name;
}

/** Memoised trigram feature names, per prefix (few: 'c:' and the situation reader's scopes) and then per word. */
const TRIGRAMS = new Map<string, Map<string, readonly string[]>>();
/** Words remembered per prefix; at most ~40 names each (MAX_TOKEN_LENGTH), so a few MB at the very worst. */
const TRIGRAM_CACHE_LIMIT = 2000;

/**
 * `prefix` + each three characters of `#word#`, in order: the character-trigram feature names of a word. Chat
 * repeats its words, so they are memoised (bounded, like the stems): no new strings for a word seen before.
 */
export function trigramKeys(prefix: string, word: string): readonly string[] {
  let byWord = TRIGRAMS.get(prefix);
  if (!byWord) {
    byWord = new Map();
    TRIGRAMS.set(prefix, byWord);
  }
  let keys = byWord.get(word);
  if (keys === undefined) {
    const p = `#${word}#`;
    const made: string[] = [];
    for (let i = 0; i + 3 <= p.length; i++) made.push(`${prefix}${p.slice(i, i + 3)}`);
    if (byWord.size >= TRIGRAM_CACHE_LIMIT) byWord.clear();
    byWord.set(word, made);
    keys = made;
  }
  return keys;
}

function featuresOf(tokens: { words: string[]; stems: string[] }): FeatureVector {
  const out: FeatureVector = new Map();
  emitFeatures(tokens, (key, value) => out.set(key, Math.max(out.get(key) ?? 0, value)));
  let norm = 0;
  for (const v of out.values()) norm += v * v;
  norm = Math.sqrt(norm);
  for (const [k, v] of out) out.set(k, v / norm);
  return out;
}

/** Every word of the training texts, for the speller. */
export function vocabularyOf(texts: Iterable<string>): string[] {
  const vocab: string[] = [];
  for (const t of texts) vocab.push(...tokenise(normalise(t)));
  return vocab;
}

/** Porter stem of one word (memoised), for readers that build their own features. */
export function stemOf(word: string): string {
  return stem(word);
}
