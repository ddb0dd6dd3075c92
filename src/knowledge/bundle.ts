/**
 * The compiled knowledge bundle: validated knowledge plus the trained models (intents, controls), written at build time.
 * Starting from it skips YAML parsing, schema checks and training (and their imports), which is
 * most of a cold start. It is used only while its fingerprint matches the knowledge/ files.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClassifierJson } from '../nlu/classifier.js';
import type { ControlJson } from '../nlu/control.js';
import type { ReaderJson } from '../nlu/situation.js';
import type { Knowledge } from './load.js';

/** Bump when the bundle's shape changes. */
const BUNDLE_VERSION = 4;

export interface Bundle {
  fingerprint: string;
  knowledge: Omit<Knowledge, 'dir' | 'situations'>;
  classifier: ClassifierJson;
  reader: ReaderJson;
  /** The control model, trained on knowledge/controls.yaml. */
  controls: ControlJson;
}

/**
 * Hash of every YAML file in the knowledge folder (names and contents); `variant` names non-default
 * training settings, so a bundle trained another way is never taken for the default one.
 */
export function fingerprint(dir: string, variant = ''): string {
  const hash = createHash('sha256').update(`bundle-v${BUNDLE_VERSION}\n`);
  if (variant !== '') hash.update(`variant ${variant}\n`);
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    hash.update(`${file}\n`).update(readFileSync(join(dir, file)));
  }
  return hash.digest('hex');
}

/** The bundle at `path` if it was built from exactly these knowledge files. */
export function readBundle(path: string, dir: string, variant = ''): Bundle | undefined {
  try {
    const bundle = JSON.parse(readFileSync(path, 'utf8')) as Bundle;
    return bundle.fingerprint === fingerprint(dir, variant) ? bundle : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the bundle atomically; returns false when the place is not writable. */
export function writeBundle(path: string, bundle: Bundle): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(bundle));
    renameSync(tmp, path);
    return true;
  } catch {
    return false;
  }
}
