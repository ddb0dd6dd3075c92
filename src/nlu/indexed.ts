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
 */

/** Names features one by one (with repeats, in the order a feature Map would first see them) to `add`. */
export type EmitFeatures = (add: (key: string, weight: number) => void) => void;

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

/** One model's view of the shared ids. */
interface Marks {
  /** The ids' epoch these arrays belong to; older arrays are reset before use. */
  epoch: number;
  /** The model's index of each id's name, UNKNOWN, or UNSEEN. */
  indexOf: Int32Array;
  /** stamp[id] === pass: the name was seen in this pass, at `all` position at[id] (and, if known, `index` position slot[id]). */
  stamp: Uint32Array;
  at: Int32Array;
  slot: Int32Array;
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

/** Dense ids for feature names, shared by every model, with each model's lookups per id. */
export class NameIds {
  private readonly ids = new Map<string, number>();
  private epoch = 0;
  private readonly marks = new WeakMap<ReadonlyMap<string, number>, Marks>();

  /** `limit`: names remembered; past it the table starts afresh at the next pass (a flood of new words gets no more memory). */
  constructor(readonly limit: number) {}

  /** The id of `name`, or -1 when the table is full (the caller then looks the name up directly). */
  idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      if (this.ids.size >= this.limit) return -1;
      id = this.ids.size;
      this.ids.set(name, id);
    }
    return id;
  }

  /** Starts a pass for the model with this index: its arrays, current and with a fresh pass number. */
  begin(features: ReadonlyMap<string, number>): Marks {
    if (this.ids.size >= this.limit) {
      this.ids.clear();
      this.epoch++;
    }
    let m = this.marks.get(features);
    if (!m) {
      const n = this.limit;
      m = {
        epoch: this.epoch,
        indexOf: new Int32Array(n).fill(UNSEEN),
        stamp: new Uint32Array(n),
        at: new Int32Array(n),
        slot: new Int32Array(n),
        pass: 0,
        index: new Int32Array(SCRATCH),
        weight: new Float64Array(SCRATCH),
        allAt: new Int32Array(SCRATCH),
        all: new Float64Array(SCRATCH),
      };
      this.marks.set(features, m);
    } else if (m.epoch !== this.epoch) {
      m.epoch = this.epoch;
      m.indexOf.fill(UNSEEN);
    }
    m.pass = (m.pass + 1) >>> 0;
    if (m.pass === 0) {
      m.stamp.fill(0);
      m.pass = 1;
    }
    return m;
  }
}

/** About as many names as the word and trigram memos of features.ts keep for chat: 64 KB per model and array. */
const SHARED = new NameIds(16_384);

/**
 * The features `emit` names, looked up in `features` (a model's name -> index); synchronous, so passes never overlap.
 * `ids` is the shared table unless a test gives its own.
 */
export function indexFeatures(features: ReadonlyMap<string, number>, emit: EmitFeatures, ids: NameIds = SHARED): IndexedFeatures {
  const marks = ids.begin(features);
  const { indexOf, stamp, at, slot, pass } = marks;
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
  emit((key, w) => {
    const id = ids.idOf(key);
    if (id < 0) {
      direct ??= new Map();
      const seen = direct.get(key);
      if (seen !== undefined) {
        if (seen >= 0) repeat(seen, w);
        else raise(-seen - 1, w);
        return;
      }
      const f = features.get(key);
      direct.set(key, f === undefined ? -push(w) - 1 : known(f, w));
      return;
    }
    let f = indexOf[id] ?? UNSEEN;
    if (f === UNSEEN) {
      f = features.get(key) ?? UNKNOWN;
      indexOf[id] = f;
    }
    if (stamp[id] !== pass) {
      stamp[id] = pass;
      if (f === UNKNOWN) at[id] = push(w);
      else slot[id] = known(f, w);
      return;
    }
    if (f === UNKNOWN) raise(at[id] ?? 0, w);
    else repeat(slot[id] ?? 0, w);
  });
  let sumSquares = 0;
  const { all } = marks;
  for (let i = 0; i < nAll; i++) {
    const w = all[i] ?? 0;
    sumSquares += w * w;
  }
  return { index: marks.index.subarray(0, nKnown), weight: marks.weight.subarray(0, nKnown), sumSquares };
}
