/** What a STATE_STORE value means: one rule, used by the config schema and by createStore. */

/** A usable store setting, or what is wrong with it (a phrase that follows the variable's name). */
export type StoreSpec = { kind: 'memory' } | { kind: 'redis'; url: string } | { kind: 'sqlite'; path: string } | { kind: 'invalid'; problem: string };

const SQLITE_EXTENSION = /\.(db|sqlite|sqlite3)$/i;
const SEPARATOR = /[\\/]/;
const WINDOWS_DRIVE = /^[a-z]:[\\/]/i;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const USE = 'use memory, a redis:// or rediss:// URL, or a SQLite file path';

/** Edit distance (insert, delete, substitute, swap neighbours) between two short words. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The keyword a bare word was probably meant to be ("Memory", "memory;", "memroy", "redis"), if any. */
function meantKeyword(value: string): 'memory' | 'redis' | undefined {
  const letters = value.toLowerCase().replace(/[^a-z]/g, '');
  if (letters.length > 12) return undefined; // only short words are compared, so this stays cheap
  if (distance(letters, 'memory') <= 2) return 'memory';
  if (distance(letters, 'redis') <= 1 || letters === 'rediss') return 'redis';
  return undefined;
}

/**
 * Reads a STATE_STORE value. `memory` exactly; a `redis://` or `rediss://` URL with a host; anything else is a
 * SQLite file path, which must end in .db, .sqlite or .sqlite3 or contain a path separator, so that a misspelt
 * keyword (`Memory`, `memory;`, `redis:/host`) or a URL of another scheme never quietly becomes a SQLite file.
 * Messages never repeat a URL, which may hold a password.
 */
export function parseStoreSpec(raw: string): StoreSpec {
  const value = raw.trim();
  const invalid = (problem: string): StoreSpec => ({ kind: 'invalid', problem });
  if (value === '') return invalid(`is empty: ${USE}`);
  if (value === 'memory') return { kind: 'memory' };
  if (value.includes('\0')) return invalid('contains a NUL character');
  const scheme = WINDOWS_DRIVE.test(value) ? undefined : SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'redis' || scheme === 'rediss') {
    if (!/^rediss?:\/\//i.test(value)) return invalid(`is not a Redis URL: one starts with ${scheme}://`);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return invalid('is not a valid Redis URL');
    }
    if (url.hostname === '') return invalid('is a Redis URL without a host');
    return { kind: 'redis', url: value };
  }
  if (scheme !== undefined) return invalid(`uses "${scheme}:", which is not a store this bot knows: ${USE} (a plain path, without "${scheme}:")`);
  if (/^rediss?\/\//i.test(value)) return invalid('is not a Redis URL: one starts with redis://');
  if (/[\\/]$/.test(value)) return invalid('names a folder: give a file in it, such as ./data/state.db');
  if (!SEPARATOR.test(value) && !SQLITE_EXTENSION.test(value)) {
    const meant = meantKeyword(value);
    if (meant === 'memory') return invalid(`"${value}" is not a store: did you mean "memory"?`);
    if (meant === 'redis') return invalid(`"${value}" is not a store: did you mean a redis:// URL?`);
    return invalid(`"${value}" is not memory or a URL, and a SQLite file path must end in .db, .sqlite or .sqlite3 or contain a / (such as ./${value})`);
  }
  return { kind: 'sqlite', path: value };
}
