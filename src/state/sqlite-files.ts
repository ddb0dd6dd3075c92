/** The SQLite state file on disk: private to its owner, since it holds who talked to the bot and what they answered. */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Mode of the folders the store creates: only the owner may list or enter them. */
export const DIR_MODE = 0o700;
/** Mode of the database and of its -wal and -shm files. */
export const FILE_MODE = 0o600;

/**
 * Makes the database file private before SQLite opens it: missing folders are created 0700 (a folder that
 * already exists is left as it is: it may be shared, such as /tmp), a missing file is created empty with 0600
 * (SQLite takes an empty file as a new database), and an existing file, -wal and -shm are set to 0600. SQLite
 * creates -wal and -shm with the mode of the database file, so they follow. No process-wide umask is changed.
 * Returns the files it could not make private (owned by another user): the caller warns about them.
 */
export function preparePrivateFile(path: string): string[] {
  const notPrivate: string[] = [];
  mkdirSync(dirname(path), { recursive: true, mode: DIR_MODE });
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) throw new Error(`${path} is ${existing.isDirectory() ? 'a folder' : 'not a regular file'}, not a database file`);
  if (!existing) closeSync(openSync(path, 'a', FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, FILE_MODE);
    } catch (err) {
      // -wal and -shm exist only while some connection has the database open.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPERM') notPrivate.push(file);
      else if (code !== 'ENOENT') throw err;
    }
  }
  return notPrivate;
}
