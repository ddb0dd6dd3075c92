/**
 * The one button payload of every channel: which action, whose interview, which conversation. Slack
 * carries it as a button's `value` (a JSON string), Teams as an Action.Submit's `data` (the object).
 * Parsed defensively: it comes back from the client.
 */
import { z } from 'zod';
import type { Action } from '../reply.js';

/** What a button carries. `o` is the user who owns the conversation, `k` the conversation part of the state key. */
export type ButtonPayload = {
  o: string;
  k: string;
  a: Action | { kind: 'share' };
};

/** A payload as it comes back: the action is checked again by the engine. */
export interface Decoded {
  o: string;
  k: string;
  a: Record<string, unknown> & { kind: string };
}

const Payload = z.strictObject({ o: z.string().min(1).max(64), k: z.string().min(1).max(400), a: z.looseObject({ kind: z.string() }) });

/** The payload as an object (Teams' Action.Submit data). */
export function payloadData(p: ButtonPayload): ButtonPayload {
  return { o: p.o, k: p.k, a: p.a };
}

/** The payload as a string (Slack's button value, at most 2,000 characters). */
export function encodePayload(p: ButtonPayload): string {
  return JSON.stringify(payloadData(p));
}

/**
 * Teams cards sent before Slack and Teams shared this payload carry the action as `ra`; those cards stay
 * in chats, so their buttons must keep working. Slack's button values always used `a`.
 */
function legacy(value: unknown): unknown {
  // Without `a` and without `ra` the result lacks `a` either way, and the schema refuses it.
  if (!value || typeof value !== 'object' || 'a' in value) return value;
  const { ra, ...rest } = value as Record<string, unknown>;
  return { ...rest, a: ra };
}

/** The payload from a string or an object, or undefined when it is not one of ours (forged or corrupted). */
export function decodePayload(raw: unknown): Decoded | undefined {
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.length > 2000) return undefined;
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  const parsed = Payload.safeParse(legacy(value));
  return parsed.success ? parsed.data : undefined;
}
