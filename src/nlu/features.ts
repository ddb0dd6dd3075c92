/** Turns a message into sparse features: stemmed words, word bigrams and character trigrams. */
import { createRequire } from 'node:module';
import { normalise, tokenise } from './normalise.js';

// natural is CommonJS; its root import loads databases and dotenv, so we require single files.
const require = createRequire(import.meta.url);
const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(token: string): string };
const Spellcheck = require('natural/lib/natural/spellcheck/spellcheck.js') as new (
  words: string[],
) => { isCorrect(word: string): boolean; getCorrections(word: string, maxDistance?: number): string[] };

/** Relative weight of each feature group before L2 normalisation. */
const GROUP_WEIGHT = { word: 1, bigram: 0.8, trigram: 0.35 } as const;
const CORRECTION_CACHE_LIMIT = 5000;
const MAX_SPELL_LENGTH = 18;
/** Enough for any real question; the rest of a flood adds nothing but time. */
const MAX_TOKENS = 200;
const MAX_TOKEN_LENGTH = 40;

/** Spelling correction against the training vocabulary, memoised. */
export class Speller {
  private readonly known: Set<string>;
  private checker: InstanceType<typeof Spellcheck> | undefined;
  private readonly cache = new Map<string, string>();

  constructor(private readonly vocabulary: readonly string[]) {
    this.known = new Set(vocabulary);
  }

  /** True when the word is in the training vocabulary. */
  knows(word: string): boolean {
    return this.known.has(word);
  }

  /** The word itself when known or too short to judge, else its most frequent correction at edit distance 1. */
  correct(word: string): string {
    // Only plain lowercase words of chat length can be typos of the vocabulary; edit sets grow with length.
    if (word.length < 4 || word.length > MAX_SPELL_LENGTH || this.known.has(word) || !/^[a-z]+$/.test(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    // natural's trie is built on the first unknown word only: most messages never need it.
    this.checker ??= new Spellcheck([...this.vocabulary]);
    const fixed = this.checker.getCorrections(word, 1)[0] ?? word;
    if (this.cache.size >= CORRECTION_CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, fixed);
    return fixed;
  }
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

/** Stemmed word tokens of a message, spelling-corrected when a speller is given. */
export function stems(text: string, speller?: Speller): { words: string[]; stems: string[] } {
  const raw = tokenise(normalise(text))
    .slice(0, MAX_TOKENS)
    .map((w) => w.slice(0, MAX_TOKEN_LENGTH));
  const words = speller ? raw.map((w) => speller.correct(w)) : raw;
  return { words, stems: words.map(stem) };
}

/** Feature name -> value, L2-normalised. */
export type FeatureVector = Map<string, number>;

/** Builds the feature vector of a message. */
export function featurise(text: string, speller?: Speller): FeatureVector {
  return featuresOf(stems(text, speller));
}

/** The feature vector and whether any word of the message was seen in training. */
export function analyse(text: string, speller: Speller): { vector: FeatureVector; knowsAWord: boolean } {
  const tokens = stems(text, speller);
  return { vector: featuresOf(tokens), knowsAWord: tokens.words.length === 0 || tokens.words.some((w) => speller.knows(w)) };
}

function featuresOf({ words, stems: s }: { words: string[]; stems: string[] }): FeatureVector {
  const out: FeatureVector = new Map();
  const add = (key: string, value: number) => out.set(key, Math.max(out.get(key) ?? 0, value));
  for (const w of s) add(`w:${w}`, GROUP_WEIGHT.word);
  const padded = ['^', ...s, '$'];
  for (let i = 0; i + 1 < padded.length; i++) add(`b:${padded[i]}_${padded[i + 1]}`, GROUP_WEIGHT.bigram);
  for (const w of words) {
    const p = `#${w}#`;
    for (let i = 0; i + 3 <= p.length; i++) add(`c:${p.slice(i, i + 3)}`, GROUP_WEIGHT.trigram);
  }
  if (s.length === 0) add('empty', 1);
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
