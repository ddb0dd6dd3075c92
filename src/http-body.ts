/** Reads request bodies once, with a size limit, before any SDK sees them. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest body accepted on any route. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A request whose raw body has been read (Bolt uses `rawBody` when present instead of reading again). */
export type BufferedRequest = IncomingMessage & { rawBody: Buffer };

/** Answers with a small JSON error and closes the connection (the rest of a refused body is not read). */
export function refuse(res: ServerResponse, status: number, error: string): void {
  if (res.headersSent) return void res.destroy();
  const text = JSON.stringify({ error });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), connection: 'close' });
  res.end(text, () => res.socket?.destroy());
}

/**
 * Reads the body up to `limit` bytes. Returns undefined after answering 413 itself when it is larger
 * (at once when Content-Length says so), or when the client gave up mid-body.
 */
export async function readBody(req: IncomingMessage, res: ServerResponse, limit = MAX_BODY_BYTES): Promise<BufferedRequest | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return void refuse(res, 413, 'body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) return void refuse(res, 413, 'body too large');
      chunks.push(chunk as Buffer);
    }
  } catch {
    // The client went away (aborted or reset): nobody is left to answer.
    return undefined;
  }
  const buffered = req as BufferedRequest;
  buffered.rawBody = Buffer.concat(chunks);
  return buffered;
}

/**
 * True when Bolt can take the body: JSON whose top level is an object, or a form whose `payload` (if any)
 * is one. Bolt handles invalid JSON itself but throws on valid non-objects (`null`, `"x"`, `[]`), so only
 * the first character needs checking: no second parse on the hot path.
 */
export function slackBodyIsWellFormed(req: BufferedRequest): boolean {
  const type = req.headers['content-type'] ?? '';
  const text = req.rawBody.toString('utf8');
  const objectLike = (s: string) => s.trimStart().startsWith('{');
  // Bolt parses exactly this type as a form and anything else as JSON (platform-facts section 1).
  if (type === 'application/x-www-form-urlencoded') {
    if (!text.includes('payload=')) return true;
    const payload = new URLSearchParams(text).get('payload');
    return payload === null || objectLike(payload);
  }
  return objectLike(text);
}
