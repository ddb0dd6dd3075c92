/** Raw HTTP/1.1 over a socket, for what fetch cannot do: hold a body back, or send a ready buffer at no cost. */
import { connect, type Socket } from 'node:net';

/** True once `data` holds a whole response (headers, and as many body bytes as Content-Length says). */
function complete(data: string): boolean {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(data.slice(0, end));
  return Buffer.byteLength(data.slice(end + 4)) >= Number(length?.[1] ?? 0);
}

/**
 * Sends `head` and `body` (if any) and resolves with what came back: once a whole response is in, once the
 * server closes, or after `waitMs`.
 */
export function rawRequest(port: number, head: string, body: Buffer | undefined, waitMs: number): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      if (body) socket.write(body);
    });
    socket.on('data', (d) => {
      data += d.toString();
      if (complete(data)) socket.destroy();
    });
    socket.on('error', () => {});
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

/** Opens a connection that sends `head` and `body` and then stalls; `answer` collects what the server says. */
export async function stalled(port: number, head: string, body: Buffer): Promise<{ socket: Socket; answer: () => string; closed: Promise<void> }> {
  let data = '';
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  socket.on('data', (d) => {
    data += d.toString();
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(head);
  socket.write(body);
  return { socket, answer: () => data, closed };
}

/** The head of a POST with a given Content-Length and extra headers. */
export function postHead(path: string, length: number, headers: Record<string, string> = {}): string {
  const lines = Object.entries({ 'Content-Type': 'application/json', ...headers, 'Content-Length': String(length) }).map(([k, v]) => `${k}: ${v}`);
  return `POST ${path} HTTP/1.1\r\nHost: x\r\n${lines.join('\r\n')}\r\n\r\n`;
}
