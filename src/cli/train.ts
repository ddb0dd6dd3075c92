/** `runtime-advice train`: validates knowledge/, trains the intent and control models and writes the bundle for fast starts. */
import { loadModel } from '../app.js';
import { type Io, out } from './io.js';

export async function train(io: Io, args: { knowledgeDir: string; modelPath: string; quiet: boolean }): Promise<number> {
  const started = performance.now();
  const { classifier, controls, cached } = await loadModel(args.knowledgeDir, args.modelPath);
  if (!args.quiet) {
    const how = cached ? 'up to date' : `trained in ${Math.round(performance.now() - started)} ms`;
    out(io, `${how} (temperature ${classifier.temperature}, control model ${controls.temperature}): ${args.modelPath}`);
  }
  return 0;
}
