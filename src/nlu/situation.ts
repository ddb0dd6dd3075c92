/**
 * The situation reader: which interview slots a free-text description states, and with which value.
 * One softmax head per slot over shared features of each clause-like unit, negation and uncertainty
 * scope marked on the words; trained at build time on knowledge/situations.yaml and cached in the bundle.
 */
import { createHash } from 'node:crypto';
import type { Answers, Slot } from '../ids.js';
import type { SituationsData } from '../knowledge/schema.js';
import { type MarkedWord, unitsOf } from './clauses.js';
import { emitBigrams, type FeatureVector, featureName, Speller, stemOf, TRIGRAM_PREFIX, trigramKeys, vocabularyOf, wordIdsOf } from './features.js';
import { type IndexedFeatures, indexFeatures, type NameIds, type WordIds } from './indexed.js';
import {
  averageModels,
  DEFAULT_MULTIHEAD,
  type Head,
  type MultiHeadJson,
  type MultiHeadModel,
  type MultiHeadOptions,
  multiHeadFromJson,
  multiHeadToJson,
  predictMultiHeadIndexed,
  trainMultiHead,
} from './multihead.js';
import { normalise, normalisedOf, type Reading } from './normalise.js';
import { mulberry32 } from './softmax.js';

/** Bump when features or training change, so cached models are retrained. */
export const READER_VERSION = 13;

const NONE = 'none';
const GROUP_WEIGHT = { word: 1, bigram: 0.8, trigram: 0.3 } as const;
/** Words read per message; a flood adds nothing but time. */
const MAX_WORDS = 300;
const MAX_WORD_LENGTH = 40;
/** Unknown words spelling-corrected per message (each costs a set look-up per edit). */
const CORRECTION_BUDGET = 12;
/** Joined snippets added to training: teaches each head that the other facts in a unit are noise. */
const COMPOSED_EXAMPLES = 2500;
/** Training runs averaged into the one model. */
const ENSEMBLE_RUNS = 3;
const CONNECTORS = [', ', ' and ', '. ', ' also ', ', plus ', '; ', ' - ', ' and also ', ' ', ', and '];

/** One slot as read: its value and the head's probability for it. */
export interface ReadSlot {
  value: string;
  p: number;
}

/** How sure a head must be to state a slot: for a whole unit, and for one comma piece of it. */
export interface ReaderThresholds {
  unit: number;
  piece: number;
  /** A slot's negative value ("no", "standard") is stated only this sure: a missed "no" costs little, a wrong one misleads. */
  negative: number;
  /**
   * For a message known to change answers (a what-if, a correction): both the clause threshold and the
   * negative one are this. "what if the HIPAA piece went away" is about a change; a plain description is not.
   */
  change: number;
  /** Each slot's negative value (interview.yaml `negated`). */
  negated: Partial<Record<Slot, string>>;
}

/** The slots the reader has a head for: slot -> its values, in interview.yaml order (knowledge/ids.ts slotValuesOf). */
export type ReaderSlots = Readonly<Record<Slot, readonly string[]>>;

/** How a text is read: a plain statement, or a message that is known to change answers. */
export type ReadMode = 'statement' | 'change';

/** Serialisable reader. */
export interface ReaderJson {
  version: number;
  hash: string;
  model: MultiHeadJson;
  vocabulary: string[];
}

interface Example {
  text: string;
  slots: Answers;
  /** True for a snippet of one slot: it says nothing about the other slots (it may mention them in passing). */
  partial?: boolean;
}

/** Every training example of the data file: snippets (one fact each, or none) and descriptions. */
export function examplesOf(data: SituationsData, slots: ReaderSlots): Example[] {
  const out: Example[] = [];
  for (const slot of Object.keys(slots)) {
    // No slot is called "none" (the snippets that state nothing, an array): Array.isArray only narrows the type.
    const byValue = data.snippets[slot];
    if (!byValue || Array.isArray(byValue)) continue;
    for (const [value, texts] of Object.entries(byValue)) for (const text of texts) out.push({ text, slots: { [slot]: value }, partial: true });
  }
  for (const text of data.snippets.none) out.push({ text, slots: {} });
  for (const d of data.descriptions) out.push({ text: d.text, slots: d.slots as Answers });
  return out;
}

/**
 * Snippets joined two or three at a time, their facts merged (a slot appears at most once): `count` of them,
 * drawn from the examples of at most one fact and under 160 characters, the same for the same seed.
 */
export function composed(examples: readonly Example[], count: number, seed: number): Example[] {
  const short = examples.filter((e) => Object.keys(e.slots).length <= 1 && e.text.length < 160);
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const out: Example[] = [];
  while (out.length < count && short.length > 1) {
    const parts = [pick(short), pick(short), ...(random() < 0.4 ? [pick(short)] : [])];
    const slots: Answers = {};
    let clash = false;
    const partial = parts.some((p) => p.partial);
    for (const p of parts) {
      for (const [slot, value] of Object.entries(p.slots)) {
        if (slots[slot as Slot] !== undefined) clash = true;
        slots[slot as Slot] = value;
      }
    }
    if (clash) continue;
    let text = parts[0]?.text ?? '';
    for (const p of parts.slice(1)) text += pick(CONNECTORS) + p.text;
    out.push({ text, slots, partial });
  }
  return out;
}

/** Hash of the training data and settings: a cached reader is valid only for the same hash. */
export function readerHash(data: SituationsData, slots: ReaderSlots, options: MultiHeadOptions = DEFAULT_MULTIHEAD, runs = ENSEMBLE_RUNS): string {
  return createHash('sha256')
    .update(JSON.stringify({ v: READER_VERSION, data, slots, options, runs }))
    .digest('hex');
}

/** Heads in slot order; each slot's labels are "none" then its values that the data uses. */
function headsOf(examples: readonly Example[], slots: ReaderSlots): Head[] {
  return Object.entries(slots).map(([slot, values]) => {
    const used = new Set(examples.flatMap((e) => (e.slots[slot] ? [e.slots[slot] as string] : [])));
    return { name: slot, labels: [NONE, ...values.filter((v) => used.has(v))] };
  });
}

/** Reads interview answers from free text. */
export class SituationReader {
  private readonly speller: Speller;

  private constructor(
    private readonly model: MultiHeadModel,
    readonly hash: string,
    private readonly vocabulary: string[],
    private readonly thresholds: ReaderThresholds,
  ) {
    this.speller = new Speller(vocabulary);
  }

  /**
   * Trains on knowledge/situations.yaml, one head per slot of `slots` (`runs` runs averaged, three by
   * default; 10-20 s on two cores, once per knowledge base).
   */
  static train(
    data: SituationsData,
    slots: ReaderSlots,
    thresholds: ReaderThresholds,
    options: MultiHeadOptions = DEFAULT_MULTIHEAD,
    runs = ENSEMBLE_RUNS,
  ): SituationReader {
    const examples = examplesOf(data, slots);
    const vocabulary = vocabularyOf(examples.map((e) => e.text));
    const speller = new Speller(vocabulary);
    const heads = headsOf(examples, slots);
    // A slot a partial example does not label is unknown there (-1), not "none".
    const labelsOf = (e: Example) =>
      heads.map((h) => {
        const value = e.slots[h.name as Slot];
        if (value === undefined) return e.partial ? -1 : 0;
        return Math.max(0, h.labels.indexOf(value));
      });
    const base = examples.map((e) => ({ x: textFeatures(e.text, speller), y: labelsOf(e) }));
    // Several runs, each with its own joined snippets and order, averaged: the reading no longer hangs on one draw.
    const models = Array.from({ length: Math.max(1, runs) }, (_, run) => {
      const seed = options.seed + run;
      const extra = composed(examples, COMPOSED_EXAMPLES, seed).map((e) => ({ x: textFeatures(e.text, speller), y: labelsOf(e) }));
      return trainMultiHead(heads, [...base, ...extra], { ...options, seed });
    });
    const model = averageModels(models);
    return new SituationReader(model, readerHash(data, slots, options, runs), vocabulary, thresholds);
  }

  /** Restores a cached reader; undefined when it was trained on other data or by another version. */
  static fromJson(
    json: ReaderJson | undefined,
    trainedOn: { data: SituationsData; slots: ReaderSlots } | undefined,
    thresholds: ReaderThresholds,
  ): SituationReader | undefined {
    if (!json || json.version !== READER_VERSION) return undefined;
    if (trainedOn && json.hash !== readerHash(trainedOn.data, trainedOn.slots)) return undefined;
    try {
      return new SituationReader(multiHeadFromJson(json.model), json.hash, json.vocabulary, thresholds);
    } catch {
      // A damaged bundle is retrained, not fatal.
      return undefined;
    }
  }

  toJson(): ReaderJson {
    return { version: READER_VERSION, hash: this.hash, model: multiHeadToJson(this.model), vocabulary: this.vocabulary };
  }

  /** The slots a message states, with probabilities. When a slot is stated twice, the later statement wins. */
  read(text: string | Reading, mode: ReadMode = 'statement'): Map<Slot, ReadSlot> {
    const unitAt = mode === 'change' ? Math.min(this.thresholds.unit, this.thresholds.change) : this.thresholds.unit;
    const negativeAt = mode === 'change' ? this.thresholds.change : this.thresholds.negative;
    const found = new Map<Slot, ReadSlot>();
    const budget = { left: CORRECTION_BUDGET };
    let words = 0;
    for (const unit of unitsOf(normalisedOf(text))) {
      if (words >= MAX_WORDS) break;
      const kept = unit.slice(0, MAX_WORDS - words);
      words += kept.length;
      // The whole unit, in context; then each comma piece of it, read without the noise of the rest, may add
      // a slot the unit did not state (never overrule it: "windows app, host is ubuntu" is about two OSes).
      const inUnit = new Map<Slot, ReadSlot>();
      this.readSegment(kept, budget, unitAt, negativeAt, inUnit);
      if (hasPieces(kept)) {
        const inPieces = new Map<Slot, ReadSlot>();
        for (const piece of piecesOf(kept)) this.readSegment(piece, budget, this.thresholds.piece, negativeAt, inPieces);
        for (const [slot, r] of inPieces) if (!inUnit.has(slot)) inUnit.set(slot, r);
      }
      for (const [slot, r] of inUnit) found.set(slot, r);
    }
    return found;
  }

  /** Reads one segment into `into`; a later statement of a slot replaces an earlier one. */
  private readSegment(segment: readonly MarkedWord[], budget: { left: number }, threshold: number, negativeAt: number, into: Map<Slot, ReadSlot>): void {
    const { features, norm } = unitIndexed(segment, this.speller, budget, this.model.features);
    const probs = predictMultiHeadIndexed(this.model, features, norm);
    this.model.heads.forEach((head, hi) => {
      const p = probs[hi];
      if (!p) return;
      let best = 0;
      for (let l = 1; l < head.labels.length; l++) if ((p[l] ?? 0) > (p[best] ?? 0)) best = l;
      const value = head.labels[best];
      if (best === 0 || value === undefined) return;
      const negative = this.thresholds.negated[head.name as Slot] === value;
      if ((p[best] ?? 0) < (negative ? Math.max(threshold, negativeAt) : threshold)) return;
      into.set(head.name as Slot, { value, p: p[best] ?? 0 });
    });
  }

  /** The slots a message states (same shape as the interview's answers), in slot order. */
  extract(text: string | Reading, mode: ReadMode = 'statement'): Answers {
    const read = this.read(text, mode);
    const answers: Answers = {};
    // Heads are in interview.yaml's slot order, so answers come out in that order.
    for (const head of this.model.heads) {
      const r = read.get(head.name);
      if (r) answers[head.name] = r.value;
    }
    return answers;
  }
}

function hasPieces(unit: readonly MarkedWord[]): boolean {
  return unit.some((w) => w.piece);
}

function piecesOf(unit: readonly MarkedWord[]): MarkedWord[][] {
  const out: MarkedWord[][] = [];
  let current: MarkedWord[] = [];
  for (const w of unit) {
    if (w.piece && current.length > 0) {
      out.push(current);
      current = [];
    }
    current.push(w);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Features of a whole text: its units' words together, scope marks kept. */
export function textFeatures(text: string, speller: Speller): FeatureVector {
  const words = unitsOf(normalise(text), 200).flat().slice(0, MAX_WORDS);
  return unitFeatures(words, speller, { left: Number.POSITIVE_INFINITY });
}

/** Features of one unit: marked stems, marked stem bigrams and character trigrams, L2-normalised. */
function unitFeatures(unit: readonly MarkedWord[], speller: Speller, budget: { left: number }): FeatureVector {
  const out: FeatureVector = new Map();
  emitUnit(unit, speller, budget, (key, value) => out.set(key, Math.max(out.get(key) ?? 0, value)));
  let norm = 0;
  for (const v of out.values()) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  for (const [k, v] of out) out.set(k, v / norm);
  return out;
}

/** unitFeatures as the model sees them (indexed.ts), with their norm: the same numbers without the Map. */
export function unitIndexed(
  unit: readonly MarkedWord[],
  speller: Speller,
  budget: { left: number },
  features: ReadonlyMap<string, number>,
  ids?: NameIds,
): { features: IndexedFeatures; norm: number } {
  const indexed = indexFeatures(features, (add, addId, table) => emitUnitIds(unit, speller, budget, add, addId, table), ids);
  return { features: indexed, norm: Math.sqrt(indexed.sumSquares) || 1 };
}

/** The word a unit's word is read as: cut to MAX_WORD_LENGTH, and spelling-corrected while `budget` lasts. */
function corrected(word: string, speller: Speller, budget: { left: number }): string {
  const w = word.slice(0, MAX_WORD_LENGTH);
  if (speller.knows(w) || budget.left <= 0) return w;
  const fixed = speller.correct(w);
  if (fixed === w) return w;
  budget.left--;
  return fixed;
}

/** emitUnit by ids (features.ts wordIdsOf): the same features in the same order, one lookup per word. */
function emitUnitIds(
  unit: readonly MarkedWord[],
  speller: Speller,
  budget: { left: number },
  add: (key: string, value: number) => void,
  addId: (id: number, weight: number) => void,
  ids: NameIds,
): void {
  const own: Array<WordIds | undefined> = [];
  const marked: string[] = [];
  for (const { word, scope } of unit) {
    const w = corrected(word, speller, budget);
    const r = wordIdsOf(ids, scope, w);
    own.push(r);
    if (r) {
      marked.push(r.stem);
      addId(r.word, GROUP_WEIGHT.word);
      for (const t of r.trigrams) addId(t, GROUP_WEIGHT.trigram);
      continue;
    }
    const s = scope + stemOf(w);
    marked.push(s);
    add(featureName('w:', s, ''), GROUP_WEIGHT.word);
    for (const key of trigramKeys(TRIGRAM_PREFIX[scope], w)) add(key, GROUP_WEIGHT.trigram);
  }
  emitBigrams(ids, add, addId, own, marked, GROUP_WEIGHT.bigram);
}

/** Names every feature of one unit, repeats included, in unitFeatures' order (spelling fixes spend `budget`). */
function emitUnit(unit: readonly MarkedWord[], speller: Speller, budget: { left: number }, add: (key: string, value: number) => void): void {
  const marked: string[] = [];
  for (const { word, scope } of unit) {
    const w = corrected(word, speller, budget);
    const s = scope + stemOf(w);
    marked.push(s);
    add(featureName('w:', s, ''), GROUP_WEIGHT.word);
    for (const key of trigramKeys(TRIGRAM_PREFIX[scope], w)) add(key, GROUP_WEIGHT.trigram);
  }
  // The bigrams of ['^', ...marked, '$'].
  let previous = '^';
  for (const m of marked) {
    add(featureName('b:', previous, m), GROUP_WEIGHT.bigram);
    previous = m;
  }
  add(featureName('b:', previous, '$'), GROUP_WEIGHT.bigram);
}
