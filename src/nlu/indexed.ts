/**
 * A message's features as one trained linear model sees them, without a Map per message. Building the feature Map
 * (grown entry by entry, then every value rewritten to normalise it) and looking each name up again in the model
 * was the largest allocation of a turn, and garbage is what a loaded server pays for most. Here each name is looked
 * up once in the model's index and repeats are found by that index: the same features with the same values in the
 * same order as the Map, so the model gives the same numbers bit for bit.
 *
 * Under load the lookups in the models' indexes (4.7k to 18.7k names each, about a megabyte of hash table and
 * strings per model) were mostly cache misses. So names get a small dense id in one table shared by the models,
 * bounded, holding only the names of recent messages, and each model keeps its answer per id in a typed array: a
 * name seen before costs one lookup in a small, warm table instead of one in each model's large, cold one. It
 * caches names, never texts: a new message of known words reuses its words' names; a new word is looked up once.
 *
 * A cold turn still paid a lookup per feature name (ten or so per word, in each model). So each word also keeps the
 * ids of its features (`WordIds`, made in features.ts): a known word costs one lookup, and its bigram with the next
 * word one more, in a small map. A model's marks of an id share one cache line. In a loop that evicts the caches
 * between turns (the state of a loaded server), a turn took 10% less time (362 to 324 us); warm, 16% less.
 */

/**
 * Names features one by one (with repeats, in the order a feature Map would first see them): by name to `add`, or
 * by a name's id in `ids` to `addId` (a word's ids kept in `ids.wordIds`, so a known word costs one lookup).
 */
export type EmitFeatures = (add: (key: string, weight: number) => void, addId: (id: number, weight: number) => void, ids: NameIds) => void;

/**
 * The features a model knows, in first-seen order, with their weights before normalisation. The arrays are views of
 * the model's scratch buffers (no garbage per message): read them before the next pass over the same model.
 */
export interface IndexedFeatures {
  /** The model's index of each distinct known feature. */
  index: Int32Array;
  /** Its weight (the largest given, as the Map keeps it). */
  weight: Float64Array;
  /** Sum of the squared weights of every distinct feature, known or not, in first-seen order (the L2 norm squared). */
  sumSquares: number;
}

/** Not yet looked up in this model (since the ids last started afresh). */
const UNSEEN = -2;
/** Looked up: not a feature of this model. */
const UNKNOWN = -1;

/**
 * One model's view of the shared ids, in one Int32Array of CELL numbers per id, so that a name's marks share a cache
 * line (under load a turn's time is mostly cache misses): the model's index of the name (or UNKNOWN, UNSEEN), the
 * pass that last saw it, and where that pass put it (in `all`, and if known in `index`).
 */
const CELL = 4;
const INDEX_OF = 0;
const STAMP = 1;
const AT = 2;
const SLOT = 3;
/** The last pass number before the stamps start again from 1. */
const LAST_PASS = 0x7fffffff;

interface Marks {
  /** The ids' epoch these marks belong to; older marks are reset before use. */
  epoch: number;
  cells: Int32Array;
  pass: number;
  /** Scratch for a pass: the known features' index and weight, and every distinct feature's weight (`all`). */
  index: Int32Array;
  weight: Float64Array;
  allAt: Int32Array;
  all: Float64Array;
}

/** Starting size of a pass's scratch arrays (doubled when a long message needs more). */
const SCRATCH = 256;

/** `array` if it has room for `n`, else a copy twice as large. */
function room<T extends Int32Array | Float64Array>(array: T, n: number): T {
  if (n < array.length) return array;
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

/**
 * The ids of one word's features, made once per word (features.ts): the word feature's, its trigrams', and its
 * bigrams' with each next word seen so far (by that word's stem).
 */
export interface WordIds {
  /** The word's stem as its features name it (the situation reader's carry the scope mark). */
  readonly stem: string;
  readonly word: number;
  readonly trigrams: Int32Array;
  readonly next: Map<string, number>;
}

/** Dense ids for feature names, shared by every model, with each model's lookups per id. */
export class NameIds {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private epoch = 0;
  private readonly marks = new WeakMap<ReadonlyMap<string, number>, Marks>();
  /** Word ids by family (features.ts) and word: valid while the ids are, so they start afresh together. */
  private readonly words = new Map<string, Map<string, WordIds>>();
  private wordsKept = 0;

  /**
   * `limit`: names remembered; past it the table starts afresh at the next pass (a flood of new words gets no more
   * memory). `lastPass`: the pass number after which a model's stamps are cleared and passes count from 1 again
   * (tests make it small).
   */
  constructor(
    readonly limit: number,
    private readonly lastPass = LAST_PASS,
  ) {}

  /** The id of `name`, or -1 when the table is full (the caller then looks the name up directly). */
  idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      if (this.ids.size >= this.limit) return -1;
      id = this.ids.size;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** The name of an id given by `idOf` in this epoch. */
  nameOf(id: number): string {
    return this.names[id] ?? '';
  }

  /** The ids of a word in `family` kept by `keepWordIds` (features.ts), while the ids are valid. */
  wordIds(family: string, word: string): WordIds | undefined {
    return this.words.get(family)?.get(word);
  }

  /** Keeps the ids of a word in `family`; at most `limit` words are kept, like names. */
  keepWordIds(family: string, word: string, made: WordIds): void {
    let byWord = this.words.get(family);
    if (!byWord) {
      byWord = new Map();
      this.words.set(family, byWord);
    }
    if (this.wordsKept >= this.limit) this.forgetWords();
    byWord.set(word, made);
    this.wordsKept++;
  }

  private forgetWords(): void {
    for (const byWord of this.words.values()) byWord.clear();
    this.wordsKept = 0;
  }

  /** Starts a pass for the model with this index: its marks, current and with a fresh pass number. */
  begin(features: ReadonlyMap<string, number>): Marks {
    if (this.ids.size >= this.limit) {
      this.ids.clear();
      this.names.length = 0;
      this.forgetWords();
      this.epoch++;
    }
    let m = this.marks.get(features);
    if (!m) {
      m = {
        epoch: this.epoch,
        cells: unseenCells(this.limit),
        pass: 0,
        index: new Int32Array(SCRATCH),
        weight: new Float64Array(SCRATCH),
        allAt: new Int32Array(SCRATCH),
        all: new Float64Array(SCRATCH),
      };
      this.marks.set(features, m);
    } else if (m.epoch !== this.epoch) {
      // UNSEEN in every cell: a stamp of UNSEEN never equals a pass number (they count from 1).
      m.epoch = this.epoch;
      m.cells.fill(UNSEEN);
    }
    if (m.pass >= this.lastPass) {
      for (let c = STAMP; c < m.cells.length; c += CELL) m.cells[c] = 0;
      m.pass = 0;
    }
    m.pass++;
    return m;
  }
}

/** Marks for `n` ids, none looked up yet and none seen by a pass (a stamp of UNSEEN is no pass number). */
function unseenCells(n: number): Int32Array {
  return new Int32Array(n * CELL).fill(UNSEEN);
}

/**
 * About as many names as the word and trigram memos of features.ts keep for chat: 256 KB of marks per model, and at
 * most as many words' ids (a few MB at the very worst, for a flood of distinct words).
 */
const SHARED = new NameIds(16_384);

/**
 * The features `emit` names, looked up in `features` (a model's name -> index); synchronous, so passes never overlap.
 * `ids` is the shared table unless a test gives its own.
 */
export function indexFeatures(features: ReadonlyMap<string, number>, emit: EmitFeatures, ids: NameIds = SHARED): IndexedFeatures {
  const marks = ids.begin(features);
  const { cells, pass } = marks;
  // Known features (index, weight, where each sits in `all`) and every distinct feature's weight in first-seen
  // order (the norm's terms), in the model's scratch arrays.
  let nKnown = 0;
  let nAll = 0;
  // Names without an id (the table filled during this pass): the direct way, by name.
  let direct: Map<string, number> | undefined;
  const push = (w: number): number => {
    marks.all = room(marks.all, nAll);
    marks.all[nAll] = Math.max(0, w);
    return nAll++;
  };
  const known = (f: number, w: number): number => {
    marks.index = room(marks.index, nKnown);
    marks.weight = room(marks.weight, nKnown);
    marks.allAt = room(marks.allAt, nKnown);
    marks.index[nKnown] = f;
    marks.weight[nKnown] = Math.max(0, w);
    marks.allAt[nKnown] = push(w);
    return nKnown++;
  };
  const repeat = (i: number, w: number): void => {
    const kept = Math.max(marks.weight[i] ?? 0, w);
    marks.weight[i] = kept;
    marks.all[marks.allAt[i] ?? 0] = kept;
  };
  const raise = (a: number, w: number): void => {
    marks.all[a] = Math.max(marks.all[a] ?? 0, w);
  };
  const addId = (id: number, w: number): void => {
    const cell = id * CELL;
    let f = cells[cell + INDEX_OF] ?? UNSEEN;
    if (f === UNSEEN) {
      f = features.get(ids.nameOf(id)) ?? UNKNOWN;
      cells[cell + INDEX_OF] = f;
    }
    if (cells[cell + STAMP] !== pass) {
      cells[cell + STAMP] = pass;
      if (f === UNKNOWN) cells[cell + AT] = push(w);
      else cells[cell + SLOT] = known(f, w);
      return;
    }
    if (f === UNKNOWN) raise(cells[cell + AT] ?? 0, w);
    else repeat(cells[cell + SLOT] ?? 0, w);
  };
  const add = (key: string, w: number): void => {
    const id = ids.idOf(key);
    if (id >= 0) {
      addId(id, w);
      return;
    }
    direct ??= new Map();
    const seen = direct.get(key);
    if (seen !== undefined) {
      if (seen >= 0) repeat(seen, w);
      else raise(-seen - 1, w);
      return;
    }
    const f = features.get(key);
    direct.set(key, f === undefined ? -push(w) - 1 : known(f, w));
  };
  emit(add, addId, ids);
  let sumSquares = 0;
  const { all } = marks;
  for (let i = 0; i < nAll; i++) {
    const w = all[i] ?? 0;
    sumSquares += w * w;
  }
  return { index: marks.index.subarray(0, nKnown), weight: marks.weight.subarray(0, nKnown), sumSquares };
}
