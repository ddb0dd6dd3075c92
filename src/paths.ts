/** Where the package's own files live, whether running from src/ (tests) or dist/src/ (built). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/** The package root (holds package.json and knowledge/). */
export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
/** The bundled knowledge base. */
export const DEFAULT_KNOWLEDGE_DIR = join(PACKAGE_ROOT, 'knowledge');
/** The trained model, written by `npm run build` (`runtime-advice train`). */
export const DEFAULT_MODEL_PATH = join(PACKAGE_ROOT, 'dist', 'model.json');
