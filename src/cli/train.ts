/** `runtime-advice train`: validates knowledge/, trains the intent model and writes the bundle for fast starts. */
import { loadModel } from '../app.js';
import { type Io, out } from './io.js';

export async function train(io: Io, args: { knowledgeDir: string; modelPath: string; quiet: boolean }): Promise<number> {
  const started = performance.now();
  const { classifier, cached } = await loadModel(args.knowledgeDir, args.modelPath);
  if (!args.quiet) {
    out(io, `${cached ? 'up to date' : `trained in ${Math.round(performance.now() - started)} ms`} (temperature ${classifier.temperature}): ${args.modelPath}`);
  }
  return 0;
}
