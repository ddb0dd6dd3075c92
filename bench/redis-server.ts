/** Starts a private, throwaway redis-server (no persistence) for tests and benchmarks. No test-framework imports. */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface RedisServer {
  url: string;
  port: number;
  /** Kills the server (resolves once it has exited). */
  stop(): Promise<void>;
  /** Starts it again on the same port (resolves once it answers PING). */
  restart(): Promise<void>;
}

/** The redis-server binary: /usr/bin/redis-server, else the first on PATH, else undefined. */
export function findRedisServer(): string | undefined {
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== '')];
  for (const dir of dirs) {
    const path = join(dir, 'redis-server');
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** True when something on `port` answers PING with PONG within `timeoutMs`. */
export function pingRedis(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d: Buffer) => {
      answer += d.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Servers still running, killed when this process exits so none outlives it. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function spawnServer(binary: string, port: number): ChildProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()], {
    stdio: 'ignore',
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.on('error', () => {}); // reported through waitUntilUp
  return child;
}

async function waitUntilUp(child: ChildProcess, port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server on port ${port} exited (${child.exitCode ?? child.signalCode})`);
    if (await pingRedis(port)) return;
    await sleep(50);
  }
  throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`);
}

function kill(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Starts redis-server on a free local port; throws when no binary is installed or it does not come up. */
export async function startRedis(binary = findRedisServer()): Promise<RedisServer> {
  if (!binary) throw new Error('redis-server is not installed');
  let child: ChildProcess | undefined;
  let port = 0;
  // A port found free can be taken before redis binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    child = spawnServer(binary, port);
    try {
      await waitUntilUp(child, port);
      break;
    } catch (err) {
      await kill(child);
      if (attempt >= 3) throw err;
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await kill(child);
    },
    async restart() {
      await kill(child);
      child = spawnServer(binary, port);
      try {
        await waitUntilUp(child, port);
      } catch (err) {
        await kill(child);
        throw err;
      }
    },
  };
}
