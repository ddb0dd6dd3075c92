/** natural's plain BayesClassifier on the same utterances: the baseline the eval reports beside ours. */
import { createRequire } from 'node:module';
import type { IntentsData } from '../knowledge/schema.js';

const require = createRequire(import.meta.url);

interface Bayes {
  addDocument(text: string, label: string): void;
  train(): void;
  classify(text: string): string;
}

/** Trains the baseline; returns its predict function. */
export function trainBayes(utterances: IntentsData): (text: string) => string {
  const BayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier.js') as new () => Bayes;
  const bayes = new BayesClassifier();
  for (const [intent, texts] of Object.entries(utterances)) for (const text of texts) bayes.addDocument(text, intent);
  bayes.train();
  return (text) => bayes.classify(text);
}
