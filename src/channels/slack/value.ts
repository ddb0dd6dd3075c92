/** Button values: which action, whose interview, which conversation. Parsed defensively: they come back from the client. */
import { z } from 'zod';
import type { Action } from '../../reply.js';

/** What a button carries. `o` is the user who owns the conversation, `k` the conversation part of the state key. */
export interface ButtonValue {
  o: string;
  k: string;
  a: Action | { kind: 'share' };
}

const Value = z.strictObject({ o: z.string().min(1).max(64), k: z.string().min(1).max(400), a: z.looseObject({ kind: z.string() }) });

export function encodeValue(v: ButtonValue): string {
  return JSON.stringify(v);
}

/** The button value, or undefined when it is not one of ours (forged or corrupted). */
export function decodeValue(raw: unknown): { o: string; k: string; a: Record<string, unknown> & { kind: string } } | undefined {
  if (typeof raw !== 'string' || raw.length > 2000) return undefined;
  try {
    const parsed = Value.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
