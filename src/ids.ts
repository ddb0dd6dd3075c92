/** Ids fixed by CONTRACT.md: intents (section 1), slots (section 2), verdicts (section 3). */

export const TOPIC_INTENTS = [
  'overview',
  'vm_basics',
  'container_basics',
  'os_support',
  'startup_time',
  'density',
  'disk_footprint',
  'isolation_security',
  'container_hardening',
  'portability',
  'vm_use_cases',
  'container_use_cases',
  'hybrid',
] as const;

export const CONVERSATION_INTENTS = ['recommend', 'greeting', 'help', 'thanks', 'cancel', 'restart', 'out_of_scope'] as const;

export const INTENTS = [...TOPIC_INTENTS, ...CONVERSATION_INTENTS] as const;

export type TopicIntent = (typeof TOPIC_INTENTS)[number];
export type Intent = (typeof INTENTS)[number];

export const SLOTS = ['multi_os', 'isolation', 'legacy', 'infra_sim', 'fast_scaling', 'density', 'ci_cd', 'microservices', 'portability'] as const;
export type Slot = (typeof SLOTS)[number];

/** Allowed values per slot; `isolation` is the only slot that is not yes/no/unsure. */
export const SLOT_VALUES: Readonly<Record<Slot, readonly string[]>> = {
  multi_os: ['yes', 'no', 'unsure'],
  isolation: ['high', 'standard', 'unsure'],
  legacy: ['yes', 'no', 'unsure'],
  infra_sim: ['yes', 'no', 'unsure'],
  fast_scaling: ['yes', 'no', 'unsure'],
  density: ['yes', 'no', 'unsure'],
  ci_cd: ['yes', 'no', 'unsure'],
  microservices: ['yes', 'no', 'unsure'],
  portability: ['yes', 'no', 'unsure'],
};

export const VERDICTS = ['containers', 'vms', 'hybrid'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Answers given so far: slot -> one of its values. */
export type Answers = Partial<Record<Slot, string>>;

export function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}
export function isTopicIntent(value: string): value is TopicIntent {
  return (TOPIC_INTENTS as readonly string[]).includes(value);
}
export function isSlot(value: string): value is Slot {
  return (SLOTS as readonly string[]).includes(value);
}
export function isVerdict(value: string): value is Verdict {
  return (VERDICTS as readonly string[]).includes(value);
}
