/** `runtime-advice validate`: checks knowledge/ and manifest.json, naming the file and field at fault. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isAppError } from '../errors.js';
import { loadKnowledge } from '../knowledge/load.js';
import { type Io, out } from './io.js';
import { checkSlackManifest } from './manifest-check.js';

export function validate(io: Io, args: { knowledgeDir: string; manifestPath: string }): number {
  const problems: string[] = [];
  try {
    loadKnowledge(args.knowledgeDir);
  } catch (err) {
    if (!isAppError(err, 'KNOWLEDGE_INVALID')) throw err;
    problems.push(...err.problems);
  }
  if (existsSync(args.manifestPath)) problems.push(...checkSlackManifest(args.manifestPath));
  else problems.push(`manifest.json: not found at ${args.manifestPath}`);
  if (problems.length > 0) {
    for (const p of problems) io.stderr.write(`error: ${p}\n`);
    io.stderr.write(`${problems.length} problem(s) found\n`);
    return 1;
  }
  const files = readdirSync(args.knowledgeDir).filter((f) => f.endsWith('.yaml'));
  out(io, `ok: knowledge/ (${files.length} files: ${files.join(', ')}) and ${join('.', 'manifest.json')} are valid`);
  return 0;
}
