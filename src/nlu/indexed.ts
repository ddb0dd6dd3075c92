/**
 * A message's features as one trained linear model sees them, without a Map per message. Building the feature Map
 * (grown entry by entry, then every value rewritten to normalise it) and looking each name up again in the model
 * was the largest allocation of a turn, and garbage is what a loaded server pays for most. Here each name is looked
 * up once in the model's index and repeats are found by that index: the same features with the same values in the
 * same order as the Map, so the model gives the same numbers bit for bit.
 */

/** Names features one by one (with repeats, in the order a feature Map would first see them) to `add`. */
export type EmitFeatures = (add: (key: string, weight: number) => void) => void;

/** The features a model knows, in first-seen order, with their weights before normalisation. */
export interface IndexedFeatures {
  /** The model's index of each distinct known feature. */
  index: number[];
  /** Its weight (the largest given, as the Map keeps it). */
  weight: number[];
  /** Sum of the squared weights of every distinct feature, known or not, in first-seen order (the L2 norm squared). */
  sumSquares: number;
}

interface Marks {
  /** stamp[f] === pass: feature f was seen in this pass, at index position pos[f]. */
  stamp: Uint32Array;
  pos: Int32Array;
  pass: number;
}

const MARKS = new WeakMap<ReadonlyMap<string, number>, Marks>();

function marksOf(features: ReadonlyMap<string, number>): Marks {
  let marks = MARKS.get(features);
  if (!marks) {
    marks = { stamp: new Uint32Array(features.size), pos: new Int32Array(features.size), pass: 0 };
    MARKS.set(features, marks);
  }
  marks.pass = (marks.pass + 1) >>> 0;
  if (marks.pass === 0) {
    marks.stamp.fill(0);
    marks.pass = 1;
  }
  return marks;
}

/** The features `emit` names, looked up in `features` (a model's name -> index); synchronous, so passes never overlap. */
export function indexFeatures(features: ReadonlyMap<string, number>, emit: EmitFeatures): IndexedFeatures {
  const marks = marksOf(features);
  const { stamp, pos, pass } = marks;
  const index: number[] = [];
  const weight: number[] = [];
  // Every distinct feature's weight in first-seen order, and where each known one sits in it: the norm's terms.
  const all: number[] = [];
  const allAt: number[] = [];
  let unknown: Map<string, number> | undefined;
  emit((key, w) => {
    const f = features.get(key);
    if (f === undefined) {
      unknown ??= new Map();
      const at = unknown.get(key);
      if (at === undefined) {
        unknown.set(key, all.length);
        all.push(Math.max(0, w));
      } else all[at] = Math.max(all[at] ?? 0, w);
      return;
    }
    if (stamp[f] !== pass) {
      stamp[f] = pass;
      pos[f] = index.length;
      index.push(f);
      weight.push(Math.max(0, w));
      allAt.push(all.length);
      all.push(Math.max(0, w));
      return;
    }
    const i = pos[f] ?? 0;
    const kept = Math.max(weight[i] ?? 0, w);
    weight[i] = kept;
    all[allAt[i] ?? 0] = kept;
  });
  let sumSquares = 0;
  for (const w of all) sumSquares += w * w;
  return { index, weight, sumSquares };
}
