/**
 * A guard on every outgoing TCP connection of this (test) process: connections to anything but loopback
 * are recorded and refused before a packet leaves, so a test about SSRF can prove the server never
 * tried, even against code that would have tried.
 */
import { Socket } from 'node:net';
import { vi } from 'vitest';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/i;

export interface EgressGuard {
  /** `host:port` of every refused connection, in order. */
  blocked: string[];
}

/** Installs the guard for the current test (test/setup.ts restores every spy after each test). */
export function guardEgress(): EgressGuard {
  const blocked: string[] = [];
  const original = Socket.prototype.connect;
  vi.spyOn(Socket.prototype, 'connect').mockImplementation(function (this: Socket, ...args: unknown[]) {
    // net.connect passes its normalised arguments as one array; direct callers pass (options) or (port, host).
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    const options = typeof first === 'object' && first !== null ? (first as { host?: string; port?: number; path?: string }) : undefined;
    const host = options ? options.host : typeof args[1] === 'string' ? args[1] : undefined;
    const port = options ? options.port : first;
    if (options?.path === undefined && host !== undefined && !LOOPBACK.test(host)) {
      blocked.push(`${host}:${String(port)}`);
      const err = Object.assign(new Error(`egress to ${host} blocked by the test`), { code: 'ECONNREFUSED' });
      process.nextTick(() => this.destroy(err));
      return this;
    }
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  });
  return { blocked };
}
