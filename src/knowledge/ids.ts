/**
 * The ids a knowledge base defines: slots and their values (interview.yaml), topics (topics.yaml) and
 * intents (intents.yaml). The engine, the readers and the command line ask these, never a list in code.
 */
import type { Intent, Slot, TopicIntent } from '../ids.js';
import type { IntentsData, InterviewData, TopicsData } from './schema.js';

const SLOT_LISTS = new WeakMap<InterviewData, readonly Slot[]>();
const VALUE_LISTS = new WeakMap<object, readonly string[]>();
const EMPTY: readonly string[] = [];

/** The slot ids, in the order interview.yaml defines them (the canonical order of answers and reasons). */
export function slotsOf(interview: InterviewData): readonly Slot[] {
  let slots = SLOT_LISTS.get(interview);
  if (!slots) {
    slots = Object.keys(interview.slots);
    SLOT_LISTS.set(interview, slots);
  }
  return slots;
}

/** True when `value` is a slot of this interview. */
export function isSlotOf(interview: InterviewData, value: string): value is Slot {
  return Object.hasOwn(interview.slots, value);
}

/** A slot's values, in the order of its options; empty for an unknown slot. */
export function valuesOf(interview: InterviewData, slot: Slot): readonly string[] {
  const def = Object.hasOwn(interview.slots, slot) ? interview.slots[slot] : undefined;
  if (!def) return EMPTY;
  let values = VALUE_LISTS.get(def);
  if (!values) {
    values = def.options.map((o) => o.value);
    VALUE_LISTS.set(def, values);
  }
  return values;
}

/** slot -> its values, for every slot in definition order (what the situation reader's heads are built from). */
export function slotValuesOf(interview: InterviewData): Record<Slot, readonly string[]> {
  return Object.fromEntries(slotsOf(interview).map((slot) => [slot, valuesOf(interview, slot)]));
}

/** The topic ids, in the order of topics.yaml. */
export function topicsOf(topics: TopicsData): TopicIntent[] {
  return Object.keys(topics);
}

/** True when `value` is a topic of this knowledge base. */
export function isTopicOf(topics: TopicsData, value: string): value is TopicIntent {
  return Object.hasOwn(topics, value);
}

/** The intent ids the classifier is trained on (topics and conversation intents), in the order of intents.yaml. */
export function intentsOf(intents: IntentsData): Intent[] {
  return Object.keys(intents);
}

/** True when `value` is an intent of this knowledge base. */
export function isIntentOf(intents: IntentsData, value: string): value is Intent {
  return Object.hasOwn(intents, value);
}
