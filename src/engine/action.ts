/** Button actions come back from the client: each is checked against the knowledge base before the engine acts on it. */
import type { Slot } from '../ids.js';
import { isIntentOf, isSlotOf, slotsOf, valuesOf } from '../knowledge/ids.js';
import type { Knowledge } from '../knowledge/load.js';
import type { InterviewData } from '../knowledge/schema.js';
import type { Action } from '../reply.js';
import { parseRecordAction } from './record.js';

/** Validates an action that came back from a button against the knowledge base: anything malformed is treated as stale. */
export function parseAction(k: Knowledge, raw: unknown): Action | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const a = raw as Record<string, unknown>;
  switch (a.kind) {
    case 'answer':
      if (
        typeof a.interview === 'string' &&
        typeof a.slot === 'string' &&
        isSlotOf(k.interview, a.slot) &&
        typeof a.value === 'string' &&
        valuesOf(k.interview, a.slot).includes(a.value)
      ) {
        return { kind: 'answer', interview: a.interview, slot: a.slot, value: a.value };
      }
      return undefined;
    case 'skip':
      return typeof a.interview === 'string' ? { kind: 'skip', interview: a.interview } : undefined;
    case 'multi': {
      const group = slotList(k.interview, a.group);
      const chosen = slotList(k.interview, a.chosen);
      return typeof a.interview === 'string' && group && group.length > 1 && chosen ? { kind: 'multi', interview: a.interview, group, chosen } : undefined;
    }
    case 'ask':
      return typeof a.intent === 'string' && isIntentOf(k.intents, a.intent) ? { kind: 'ask', intent: a.intent } : undefined;
    case 'revise':
      return typeof a.slot === 'string' && isSlotOf(k.interview, a.slot) ? { kind: 'revise', slot: a.slot } : undefined;
    case 'record':
      return parseRecordAction(k.interview, a);
    case 'why':
    case 'change':
    case 'restart':
    case 'cancel':
      return { kind: a.kind };
    default:
      return undefined;
  }
}

/** A list of distinct slots, or undefined when it is anything else. */
function slotList(interview: InterviewData, raw: unknown): Slot[] | undefined {
  if (!Array.isArray(raw) || raw.length > slotsOf(interview).length) return undefined;
  if (!raw.every((x): x is Slot => typeof x === 'string' && isSlotOf(interview, x))) return undefined;
  return new Set(raw).size === raw.length ? raw : undefined;
}
