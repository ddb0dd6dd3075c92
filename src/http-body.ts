/** Reads request bodies once, with a size limit and a shared memory budget, before any SDK sees them. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest body accepted on any route. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Default budget of body bytes held at once by all requests together (32 bodies of the largest size). */
export const DEFAULT_BODY_BUDGET_BYTES = 32 * MAX_BODY_BYTES;

/** A request whose raw body has been read (Bolt uses `rawBody` when present instead of reading again). */
export type BufferedRequest = IncomingMessage & { rawBody: Buffer };

/**
 * Body bytes buffered by all requests in flight. Each request holds what it has received until its response
 * is over, so stalled or slow clients cannot together pin more memory than `limit`.
 */
export class BodyBudget {
  private held = 0;

  constructor(readonly limit: number = DEFAULT_BODY_BUDGET_BYTES) {}

  /** Bytes that can still be taken. */
  get available(): number {
    return this.limit - this.held;
  }

  /** Takes `bytes`; false, taking nothing, when that would go over the limit. */
  take(bytes: number): boolean {
    if (this.held + bytes > this.limit) return false;
    this.held += bytes;
    return true;
  }

  /** Gives back bytes taken earlier. */
  give(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }
}

/** Answers with a small JSON error and closes the connection (the rest of a refused body is not read). */
export function refuse(res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.destroy();
  const text = JSON.stringify({ error });
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), connection: 'close' });
  res.end(text, () => res.socket?.destroy());
}

/** How long a client refused for lack of memory should wait before trying again, in seconds. */
const BUSY_RETRY_AFTER_S = '1';

const busy = (res: ServerResponse) => refuse(res, 503, 'server busy', { 'retry-after': BUSY_RETRY_AFTER_S });

export interface ReadOptions {
  /** Largest body of this request (default MAX_BODY_BYTES). */
  limit?: number;
  /** The shared budget; without one only `limit` applies. */
  budget?: BodyBudget;
}

/**
 * Reads the body up to `limit` bytes. Returns undefined after answering itself: 413 when the body is larger
 * (at once when Content-Length says so), 503 with Retry-After when the shared budget is spent, or nothing when
 * the client gave up mid-body. Bytes taken from the budget are given back when the response is over.
 */
export async function readBody(req: IncomingMessage, res: ServerResponse, options: ReadOptions = {}): Promise<BufferedRequest | undefined> {
  const limit = options.limit ?? MAX_BODY_BYTES;
  const budget = options.budget;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return void refuse(res, 413, 'body too large');
  if (budget && declared > budget.available) return void busy(res);
  let taken = 0;
  if (budget) res.once('close', () => budget.give(taken));
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const bytes = (chunk as Buffer).length;
      size += bytes;
      if (size > limit) return void refuse(res, 413, 'body too large');
      if (budget) {
        if (!budget.take(bytes)) return void busy(res);
        taken += bytes;
      }
      chunks.push(chunk as Buffer);
    }
  } catch {
    // The client went away (aborted or reset): nobody is left to answer.
    return undefined;
  }
  const buffered = req as BufferedRequest;
  buffered.rawBody = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  return buffered;
}
