/**
 * Ids the code itself acts on. Slot ids, slot values and topic ids are not here: they come from the
 * knowledge base (interview.yaml, topics.yaml), are validated when it loads, and test/knowledge/ids.test.ts
 * checks that the shipped knowledge has exactly the contract's ones (docs/contract.md sections 1-3).
 */

/**
 * Conversation intents stay in code because each one has its own engine behaviour (start the interview,
 * cancel it, say hello): a new one needs a new handler, not only data. intents.yaml must train each of them.
 */
export const CONVERSATION_INTENTS = ['recommend', 'greeting', 'help', 'thanks', 'cancel', 'restart', 'out_of_scope'] as const;
export type ConversationIntent = (typeof CONVERSATION_INTENTS)[number];

/** A topic id: a key of knowledge/topics.yaml (checked at load). */
export type TopicIntent = string;
/** An intent id: a topic id or a conversation intent (checked at load against intents.yaml). */
export type Intent = TopicIntent | ConversationIntent;

/** A slot id: a key of knowledge/interview.yaml `slots` (checked at load). */
export type Slot = string;

/**
 * Verdicts stay in code: the scorer, the hardening rule ("containers with isolation not standard"), the
 * decision record and verdicts.yaml's fixed keys all act on these three, so a fourth would need code anyway.
 */
export const VERDICTS = ['containers', 'vms', 'hybrid'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Answers given so far: slot -> one of its values. */
export type Answers = Partial<Record<Slot, string>>;

export function isConversationIntent(value: string): value is ConversationIntent {
  return (CONVERSATION_INTENTS as readonly string[]).includes(value);
}
export function isVerdict(value: string): value is Verdict {
  return (VERDICTS as readonly string[]).includes(value);
}
