/**
 * The ids of the real knowledge base (slots, their values, intents, topics), for tests that derive
 * lists, counts and positions from knowledge/ instead of hard-coding them.
 */
import { intentsOf, slotsOf, slotValuesOf, topicsOf } from '../src/knowledge/ids.js';
import { engine } from './helpers.js';

const k = (await engine()).knowledge;

/** Slot ids, in interview.yaml order. */
export const SLOTS = slotsOf(k.interview);
/** slot -> its values, in option order. */
export const SLOT_VALUES = slotValuesOf(k.interview);
/** Every intent the classifier is trained on. */
export const INTENTS = intentsOf(k.intents);
/** Topic ids, in topics.yaml order. */
export const TOPICS = topicsOf(k.topics);

/** The values of one slot (empty for a slot the knowledge base does not have). */
export function valuesOf(slot: string): readonly string[] {
  return SLOT_VALUES[slot] ?? [];
}
