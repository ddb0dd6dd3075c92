/** Multinomial logistic regression (softmax) over sparse features, trained with AdaGrad. */
import type { FeatureVector } from './features.js';
import type { IndexedFeatures } from './indexed.js';

/** Training settings; defaults were chosen by cross-validation on knowledge/intents.yaml. */
export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Raise to weigh small classes up: weight = (N / (K * n_k)) ** classWeightPower. */
  classWeightPower: number;
  seed: number;
}

export const DEFAULT_TRAIN: TrainOptions = { epochs: 40, learningRate: 0.5, l2: 1e-5, classWeightPower: 0.5, seed: 7 };

/** A trained model: labels, feature index and a row of weights per label. */
export interface SoftmaxModel {
  labels: string[];
  features: Map<string, number>;
  /**
   * Feature-major: weights[featureIndex * nLabels + labelIndex], then one bias row at
   * featureIndex = nFeatures, so scoring a feature reads nLabels contiguous numbers.
   */
  weights: Float32Array;
}

/** A tiny deterministic PRNG (mulberry32), so training and benchmarks are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Trains on (features, label) pairs. */
export function train(examples: ReadonlyArray<{ x: FeatureVector; y: string }>, options: TrainOptions = DEFAULT_TRAIN): SoftmaxModel {
  const labels = [...new Set(examples.map((e) => e.y))].sort();
  const features = new Map<string, number>();
  for (const e of examples) for (const k of e.x.keys()) if (!features.has(k)) features.set(k, features.size);
  const nF = features.size + 1;
  const nL = labels.length;
  const weights = new Float32Array(nL * nF);
  const grad2 = new Float32Array(nL * nF).fill(1e-8);
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.y, (counts.get(e.y) ?? 0) + 1);
  const classWeight = labels.map((l) => (examples.length / (nL * (counts.get(l) ?? 1))) ** options.classWeightPower);
  const data = examples.map((e) => ({
    idx: [...e.x.entries()].map(([k, v]) => [features.get(k) ?? 0, v] as const),
    y: labels.indexOf(e.y),
  }));
  const random = mulberry32(options.seed);
  const order = data.map((_, i) => i);
  const logits = new Float64Array(nL);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const n of order) {
      const ex = data[n];
      if (!ex) continue;
      scoreInto(weights, nF, nL, ex.idx, logits);
      softmaxInPlace(logits);
      const cw = classWeight[ex.y] ?? 1;
      for (let l = 0; l < nL; l++) {
        const g = ((logits[l] ?? 0) - (l === ex.y ? 1 : 0)) * cw;
        if (g === 0) continue;
        for (const [f, v] of ex.idx) {
          const at = f * nL + l;
          const gv = g * v + options.l2 * (weights[at] ?? 0);
          grad2[at] = (grad2[at] ?? 0) + gv * gv;
          weights[at] = (weights[at] ?? 0) - (options.learningRate * gv) / Math.sqrt(grad2[at] ?? 1);
        }
        const bias = (nF - 1) * nL + l;
        grad2[bias] = (grad2[bias] ?? 0) + g * g;
        weights[bias] = (weights[bias] ?? 0) - (options.learningRate * g) / Math.sqrt(grad2[bias] ?? 1);
      }
    }
  }
  return { labels, features, weights };
}

function scoreInto(weights: Float32Array, nF: number, nL: number, idx: ReadonlyArray<readonly [number, number]>, out: Float64Array): void {
  const bias = (nF - 1) * nL;
  for (let l = 0; l < nL; l++) out[l] = weights[bias + l] ?? 0;
  for (const [f, v] of idx) {
    const row = f * nL;
    for (let l = 0; l < nL; l++) out[l] = (out[l] ?? 0) + (weights[row + l] ?? 0) * v;
  }
}

/** Replaces logits with their softmax, stably. */
export function softmaxInPlace(values: Float64Array, temperature = 1): void {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const e = Math.exp(((values[i] ?? 0) - max) / temperature);
    values[i] = e;
    sum += e;
  }
  for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) / sum;
}

/** Raw logits of one feature vector; features unseen in training are ignored. */
export function logitsOf(model: SoftmaxModel, x: FeatureVector): Float64Array {
  const nL = model.labels.length;
  const w = model.weights;
  const out = new Float64Array(nL);
  const bias = model.features.size * nL;
  for (let l = 0; l < nL; l++) out[l] = w[bias + l] ?? 0;
  for (const [k, v] of x) {
    const f = model.features.get(k);
    if (f === undefined) continue;
    const row = f * nL;
    for (let l = 0; l < nL; l++) out[l] = (out[l] ?? 0) + (w[row + l] ?? 0) * v;
  }
  return out;
}

/** logitsOf for features already looked up in the model's index (features.ts analyseFor): the same numbers. */
export function logitsOfIndexed(model: SoftmaxModel, x: IndexedFeatures, norm: number): Float64Array {
  const nL = model.labels.length;
  const w = model.weights;
  const out = new Float64Array(nL);
  const bias = model.features.size * nL;
  for (let l = 0; l < nL; l++) out[l] = w[bias + l] ?? 0;
  const { index, weight } = x;
  for (let j = 0; j < index.length; j++) {
    const row = (index[j] ?? 0) * nL;
    const v = (weight[j] ?? 0) / norm;
    for (let l = 0; l < nL; l++) out[l] = (out[l] ?? 0) + (w[row + l] ?? 0) * v;
  }
  return out;
}

/** Serialisable form: feature names in index order, weights as base64 little-endian float32. */
export interface SoftmaxJson {
  labels: string[];
  features: string[];
  weights: string;
}

export function toJson(model: SoftmaxModel): SoftmaxJson {
  const features = [...model.features.keys()];
  return { labels: model.labels, features, weights: Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength).toString('base64') };
}

export function fromJson(json: SoftmaxJson): SoftmaxModel {
  const buf = Buffer.from(json.weights, 'base64');
  const weights = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  return { labels: json.labels, features: new Map(json.features.map((f, i) => [f, i])), weights };
}
