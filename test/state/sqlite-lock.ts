/** Another process holding a SQLite file's write lock, as a second bot, a backup job or a person with sqlite3 would. */
import { spawn } from 'node:child_process';
import { ROOT } from '../helpers.js';

export interface LockHolder {
  /** Rolls back, closes the file and waits for the process to exit. */
  release(): Promise<void>;
}

// Runs in the child: opens the file, takes the write lock (BEGIN IMMEDIATE), says so, holds it until stdin ends.
const HOLDER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
process.stdin.resume();
process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
`;

/** Starts a process that holds the write lock of the SQLite file at `path`; resolves once it holds it. */
export async function holdWriteLock(path: string): Promise<LockHolder> {
  const child = spawn(process.execPath, ['-e', HOLDER, path], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const until = Date.now() + 10_000;
  while (!out.includes('locked')) {
    if (Date.now() > until || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the lock holder did not start (exit ${child.exitCode}): ${err}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    release: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}
