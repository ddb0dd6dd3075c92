/**
 * Several softmax classifiers ("heads") over one shared sparse feature index, trained together with
 * AdaGrad. The situation reader has one head per interview slot, each choosing between "not stated"
 * and the slot's values; sharing the index keeps the model small and scoring one pass per text.
 */
import type { FeatureVector } from './features.js';
import type { IndexedFeatures } from './indexed.js';
import { mulberry32 } from './softmax.js';

/** One head: its name and its class labels (the first is the "nothing" class). */
export interface Head {
  name: string;
  labels: string[];
}

/** A trained model: heads, feature index, weights[feature * columns + column] plus one bias row. */
export interface MultiHeadModel {
  heads: Head[];
  features: Map<string, number>;
  weights: Float32Array;
}

export interface MultiHeadOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Per head, weight of class k = (N / (K * n_k)) ** power: lifts the rare "stated" classes. */
  classWeightPower: number;
  /** Features seen in fewer examples than this are dropped (noise, and a smaller model). */
  minCount: number;
  /** Weight of an unlabelled head's implied first label ("none"): 1 = trust it fully, 0 = skip the head. */
  unknownWeight: number;
  /** The returned weights are the average of the end-of-epoch weights over this last fraction of epochs (0: the last only). */
  average: number;
  seed: number;
}

export const DEFAULT_MULTIHEAD: MultiHeadOptions = {
  epochs: 30,
  learningRate: 0.4,
  l2: 1e-5,
  classWeightPower: 0.5,
  minCount: 2,
  average: 0.5,
  unknownWeight: 0.6,
  seed: 11,
};

/** A training example: features and, per head, the index of its label. */
export interface MultiHeadExample {
  x: FeatureVector;
  /** Per head, the index of its label; -1 when the example does not label that head (it counts as the first label, weighted by `unknownWeight`). */
  y: readonly number[];
}

function offsets(heads: readonly Head[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const h of heads) {
    out.push(at);
    at += h.labels.length;
  }
  out.push(at);
  return out;
}

/** Trains every head on the same examples. */
export function trainMultiHead(heads: Head[], examples: readonly MultiHeadExample[], options: MultiHeadOptions = DEFAULT_MULTIHEAD): MultiHeadModel {
  const seen = new Map<string, number>();
  for (const e of examples) for (const k of e.x.keys()) seen.set(k, (seen.get(k) ?? 0) + 1);
  const features = new Map<string, number>();
  for (const [k, n] of seen) if (n >= options.minCount) features.set(k, features.size);
  const off = offsets(heads);
  const nC = off[heads.length] ?? 0;
  const nF = features.size + 1;
  const weights = new Float32Array(nF * nC);
  const grad2 = new Float32Array(nF * nC).fill(1e-8);
  const classWeight = heads.map((h, hi) => {
    const counts = new Array<number>(h.labels.length).fill(0);
    for (const e of examples) {
      const y = e.y[hi] ?? 0;
      if (y >= 0) counts[y] = (counts[y] ?? 0) + 1;
    }
    return counts.map((n) => (examples.length / (h.labels.length * Math.max(n, 1))) ** options.classWeightPower);
  });
  const data = examples.map((e) => ({
    idx: [...e.x.entries()].flatMap(([k, v]) => {
      const f = features.get(k);
      return f === undefined ? [] : [[f, v] as const];
    }),
    y: e.y,
  }));
  const random = mulberry32(options.seed);
  const order = data.map((_, i) => i);
  const logits = new Float64Array(nC);
  const bias = (nF - 1) * nC;
  // Averaging the weights of the last epochs smooths out the order the examples came in (a cheap ensemble).
  const averageFrom = Math.floor(options.epochs * (1 - options.average));
  const sum = options.average > 0 ? new Float64Array(weights.length) : undefined;
  let summed = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const n of order) {
      const ex = data[n];
      if (!ex) continue;
      scoreInto(weights, bias, nC, ex.idx, logits);
      heads.forEach((h, hi) => {
        const start = off[hi] ?? 0;
        softmaxRange(logits, start, h.labels.length);
        const given = ex.y[hi] ?? 0;
        if (given < 0 && options.unknownWeight === 0) return;
        const y = Math.max(0, given);
        const uw = given < 0 ? options.unknownWeight : 1;
        const cw = (classWeight[hi]?.[y] ?? 1) * uw;
        for (let l = 0; l < h.labels.length; l++) {
          const c = start + l;
          const g = ((logits[c] ?? 0) - (l === y ? 1 : 0)) * cw;
          if (Math.abs(g) < 1e-6) continue;
          for (const [f, v] of ex.idx) {
            const at = f * nC + c;
            const gv = g * v + options.l2 * (weights[at] ?? 0);
            grad2[at] = (grad2[at] ?? 0) + gv * gv;
            weights[at] = (weights[at] ?? 0) - (options.learningRate * gv) / Math.sqrt(grad2[at] ?? 1);
          }
          grad2[bias + c] = (grad2[bias + c] ?? 0) + g * g;
          weights[bias + c] = (weights[bias + c] ?? 0) - (options.learningRate * g) / Math.sqrt(grad2[bias + c] ?? 1);
        }
      });
    }
    if (sum && epoch >= averageFrom) {
      for (let i = 0; i < weights.length; i++) sum[i] = (sum[i] ?? 0) + (weights[i] ?? 0);
      summed++;
    }
  }
  if (sum && summed > 0) for (let i = 0; i < weights.length; i++) weights[i] = (sum[i] ?? 0) / summed;
  return { heads, features, weights };
}

function scoreInto(weights: Float32Array, bias: number, nC: number, idx: ReadonlyArray<readonly [number, number]>, out: Float64Array): void {
  for (let c = 0; c < nC; c++) out[c] = weights[bias + c] ?? 0;
  for (const [f, v] of idx) {
    const row = f * nC;
    for (let c = 0; c < nC; c++) out[c] = (out[c] ?? 0) + (weights[row + c] ?? 0) * v;
  }
}

function softmaxRange(values: Float64Array, start: number, length: number): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = start; i < start + length; i++) max = Math.max(max, values[i] ?? 0);
  let sum = 0;
  for (let i = start; i < start + length; i++) {
    const e = Math.exp((values[i] ?? 0) - max);
    values[i] = e;
    sum += e;
  }
  for (let i = start; i < start + length; i++) values[i] = (values[i] ?? 0) / sum;
}

/**
 * One model whose logits are the mean of the given models' logits (same heads): for linear models that is
 * their weights averaged over the union of their features. An ensemble at the cost of one model.
 */
export function averageModels(models: readonly MultiHeadModel[]): MultiHeadModel {
  const first = models[0];
  if (!first) throw new Error('averageModels needs at least one model');
  const nC = offsets(first.heads)[first.heads.length] ?? 0;
  const features = new Map<string, number>();
  for (const m of models) for (const k of m.features.keys()) if (!features.has(k)) features.set(k, features.size);
  const weights = new Float32Array((features.size + 1) * nC);
  for (const m of models) {
    for (const [k, f] of m.features) {
      const to = (features.get(k) ?? 0) * nC;
      for (let c = 0; c < nC; c++) weights[to + c] = (weights[to + c] ?? 0) + (m.weights[f * nC + c] ?? 0) / models.length;
    }
    const from = m.features.size * nC;
    const to = features.size * nC;
    for (let c = 0; c < nC; c++) weights[to + c] = (weights[to + c] ?? 0) + (m.weights[from + c] ?? 0) / models.length;
  }
  return { heads: first.heads, features, weights };
}

/** Per head, the probability of each of its labels. Features unseen in training are ignored. */
export function predictMultiHead(model: MultiHeadModel, x: FeatureVector): Float64Array[] {
  const off = offsets(model.heads);
  const nC = off[model.heads.length] ?? 0;
  const logits = new Float64Array(nC);
  const bias = model.features.size * nC;
  const w = model.weights;
  for (let c = 0; c < nC; c++) logits[c] = w[bias + c] ?? 0;
  for (const [k, v] of x) {
    const f = model.features.get(k);
    if (f === undefined) continue;
    const row = f * nC;
    for (let c = 0; c < nC; c++) logits[c] = (logits[c] ?? 0) + (w[row + c] ?? 0) * v;
  }
  return perHead(model, off, logits);
}

/** predictMultiHead for features already looked up in the model's index (indexed.ts): the same numbers. */
export function predictMultiHeadIndexed(model: MultiHeadModel, x: IndexedFeatures, norm: number): Float64Array[] {
  const off = offsets(model.heads);
  const nC = off[model.heads.length] ?? 0;
  const logits = new Float64Array(nC);
  const bias = model.features.size * nC;
  const w = model.weights;
  for (let c = 0; c < nC; c++) logits[c] = w[bias + c] ?? 0;
  const { index, weight } = x;
  for (let j = 0; j < index.length; j++) {
    const row = (index[j] ?? 0) * nC;
    const v = (weight[j] ?? 0) / norm;
    for (let c = 0; c < nC; c++) logits[c] = (logits[c] ?? 0) + (w[row + c] ?? 0) * v;
  }
  return perHead(model, off, logits);
}

/** Softmax of each head's range of the logits. */
function perHead(model: MultiHeadModel, off: readonly number[], logits: Float64Array): Float64Array[] {
  return model.heads.map((h, hi) => {
    const start = off[hi] ?? 0;
    softmaxRange(logits, start, h.labels.length);
    return logits.slice(start, start + h.labels.length);
  });
}

/**
 * Serialisable form: heads, feature names in index order, and the weights quantised to int8 with one
 * scale per column (a quarter of float32's size, so the bundle loads fast; scores move by well under 1%).
 */
export interface MultiHeadJson {
  heads: Head[];
  features: string[];
  scales: number[];
  weights: string;
}

export function multiHeadToJson(model: MultiHeadModel): MultiHeadJson {
  const nC = offsets(model.heads)[model.heads.length] ?? 0;
  const w = model.weights;
  const scales = new Array<number>(nC).fill(0);
  for (let i = 0; i < w.length; i++) scales[i % nC] = Math.max(scales[i % nC] ?? 0, Math.abs(w[i] ?? 0) / 127);
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.round((w[i] ?? 0) / (scales[i % nC] || 1));
  return { heads: model.heads, features: [...model.features.keys()], scales, weights: Buffer.from(q.buffer).toString('base64') };
}

export function multiHeadFromJson(json: MultiHeadJson): MultiHeadModel {
  const q = new Int8Array(Buffer.from(json.weights, 'base64'));
  const nC = json.scales.length;
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = (q[i] ?? 0) * (json.scales[i % nC] ?? 0);
  return { heads: json.heads, features: new Map(json.features.map((f, i) => [f, i])), weights };
}
