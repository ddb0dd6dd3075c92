/** zod schemas for every file in knowledge/; one schema per file. */
import { z } from 'zod';

const text = z.string().trim().min(1, 'must not be empty');
const sections = z.array(text).min(1, 'must name at least one article section');
/** Slot, topic and intent ids: snake_case. Which ids exist is up to the files; cross-check.ts checks references. */
const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are snake_case (a-z, 0-9, _)');
const topicId = id;
/** A count of items shown (reasons, related topics, ...). */
const count = z.number().int().min(0);
const share = z.number().min(0).max(1);

/** knowledge/intents.yaml: intent id -> training utterances (every topic and conversation intent: cross-check.ts). */
export const IntentsFile = z.record(id, z.array(text).min(1));

const figureSide = z.strictObject({
  text,
  min: z.number().optional(),
  max: z.number().optional(),
  unit: text.optional(),
  quote: text,
});

/** knowledge/figures.yaml: the article's figures, VMs beside containers. */
export const FiguresFile = z.record(
  z.string().regex(/^[a-z_]+$/, 'figure ids are snake_case'),
  z.strictObject({ label: text, sections, vms: figureSide, containers: figureSide }),
);

/** knowledge/topics.yaml: one answer per topic intent. */
export const TopicsFile = z.record(
  topicId,
  z.strictObject({
    title: text,
    sections,
    summary: text,
    points: z.array(text).min(1),
    figures: z.array(z.string()).default([]),
    related: z.array(topicId).default([]),
  }),
);

const weightRow = z.strictObject({
  containers: z.number().optional(),
  vms: z.number().optional(),
  hybrid: z.number().optional(),
});

const option = z.strictObject({
  value: text,
  label: text,
  synonyms: z.array(text).default([]),
});

const slotDef = z.strictObject({
  name: text,
  kind: z.enum(['vm', 'container', 'isolation']),
  question: text,
  /** The option label of this slot in the grouped question (container needs). */
  short: text.optional(),
  /** Why the question is asked ("why do you ask?"), in our own words. */
  rationale: text,
  /** What the question means ("what does that mean?"), in plain words. */
  explanation: text,
  topic: topicId,
  sections,
  options: z.array(option).min(2),
  weights: z.record(z.string(), weightRow),
  reasons: z.record(z.string(), text),
  negated: text,
  extract: z.record(z.string(), z.array(text)).default({}),
});

/** knowledge/interview.yaml: one question per slot, with weights per verdict; the slots defined here are the interview's. */
export const InterviewFile = z.strictObject({
  baseline: weightRow,
  /** The confidence of a recommendation (README "How the advice is scored"). */
  confidence: z.strictObject({
    /** Nothing open could change the verdict: at least this. */
    decided_at_least: share,
    /** No answer supports the verdict (nothing known, or only "not sure"): at most this. */
    unsupported_at_most: share,
    /** base + lead * (1 - exp(-margin / margin_scale)) - per_open * open - per_caveat * caveats, within [floor, cap]. */
    base: share,
    lead: share,
    margin_scale: z.number().positive(),
    per_open: share,
    per_caveat: share,
    floor: share,
    cap: share,
  }),
  /** An answer is a reason when it favours the verdict by more than this over the others' average; a caveat when it favours them by more. */
  reason_push_above: z.number().min(0),
  /** How many items a recommendation shows. */
  shown: z.strictObject({ reasons: count, changes: count, changes_detailed: count }),
  /** Unreadable answers in a row before the skip / cancel offer. */
  skip_offer_after_misses: z.number().int().min(1),
  /** The grouped question that asks several container needs at once (CONTRACT section 6). */
  grouped: z.strictObject({ question: text, none: text, sections, rationale: text, explanation: text }),
  /** Tie-break order of equally informative questions: every slot exactly once (cross-check.ts). */
  order: z.array(id),
  slots: z.record(id, slotDef),
});

/** One argument for or against an option, in our own words, with the sections it rests on. */
const argument = z.strictObject({ text, sections });

const verdictDef = z.strictObject({
  title: text,
  summary: text,
  sections,
  advice: z.array(text).min(1),
  topic: topicId,
  /** The option's pros and cons in a decision record. */
  pros: z.array(argument).min(1),
  cons: z.array(argument).min(1),
});

/** knowledge/verdicts.yaml: what each verdict means, and hardening advice. */
export const VerdictsFile = z.strictObject({
  containers: verdictDef,
  vms: verdictDef,
  hybrid: verdictDef,
  hardening: z.strictObject({ title: text, sections, topic: topicId, steps: z.array(text).min(1) }),
});

export const RESPONSE_KEYS = [
  'greeting',
  'help',
  'thanks',
  'fallback',
  'out_of_scope',
  'clarification',
  'empty',
  'too_long',
  'cancelled',
  'nothing_to_cancel',
  'restarted',
  'interview_intro',
  'interview_prefilled',
  'reask',
  'skip_offer',
  'skipped',
  'back_none',
  'why_none',
  'what_if_unknown',
  'what_if_reopened',
  'question_progress',
  'interview_expired',
  'already_interviewing',
  'already_answered',
  'describe_intro',
  'describe_nothing',
  'describe_leaning',
  'why_ask',
  'explain',
  'repeat',
  'noted',
  'nothing_to_skip',
  'nothing_to_go_back',
  'nothing_to_repeat',
  // Channel texts: the channel core and the renderers show these around replies.
  'apology',
  'not_yours',
  'not_yours_slack',
  'share',
  'nothing_to_share',
  'shortened',
  'sources_line',
  'compare_vms',
  'compare_containers',
  'group_continue',
  'group_hint',
  'quit_hint',
  'home_title',
  'home_about',
  'home_how',
  'home_last',
  'home_answers',
  'home_start',
  'home_start_new',
  'home_source',
] as const;

/** The keys of responses.yaml that are one fixed reply each. */
export type ResponseKey = (typeof RESPONSE_KEYS)[number];

/** A template that must use each of `names` as a `{name}` placeholder. */
const template = (...names: string[]) =>
  text.refine((s) => names.every((n) => s.includes(`{${n}}`)), { message: `must contain ${names.map((n) => `{${n}}`).join(', ')}` });

/** knowledge/responses.yaml: fixed replies, button labels and the words of a recommendation card. */
export const ResponsesFile = z.strictObject({
  ...(Object.fromEntries(RESPONSE_KEYS.map((k) => [k, text])) as Record<ResponseKey, typeof text>),
  /** Button labels. */
  buttons: z.strictObject({
    why: text,
    change: text,
    start_over: text,
    help_me_choose: text,
    skip_question: text,
    cancel_interview: text,
  }),
  /** "Did you mean": conversation intents in a few words (topics use their title). */
  intent_names: z.record(id, text),
  /** Joins the last item of a list of choices ("a, b or c"). */
  list_or: template('items', 'last'),
  /** Said above a topic answer the classifier is not sure of. */
  topic_guess: template('topic'),
  /** Related topics offered as buttons under a topic answer. */
  related_shown: count,
  /** Topics offered when a message is out of scope (topic ids). */
  out_of_scope_topics: z.array(topicId).min(1),
  /** An answer in words: the slot's name and the option's label. */
  answer_label: template('slot', 'value'),
  change_which: text,
  what_if_stays: template('what', 'verdict'),
  what_if_changes: template('what', 'verdict', 'was'),
  /** The recommendation card. */
  recommendation: z.strictObject({
    heading: template('verdict', 'percent'),
    reason: template('text', 'sections'),
    why: text,
    no_reasons: text,
    against: text,
    hardening: template('title'),
    what_to_do: text,
    changes: text,
    change: template('answer', 'verdict'),
    open: template('slots'),
  }),
});

/** knowledge/records.yaml: the words of a decision record (MADR layout) and each answer in plain words. */
export const RecordsFile = z.strictObject({
  button: text,
  filename: z.string().regex(/^[a-z0-9-]+\.md$/, 'a kebab-case name ending in .md'),
  sent: text,
  as_text: text,
  sent_privately: text,
  none: text,
  titles: z.strictObject({ containers: text, vms: text, hybrid: text }),
  headings: z.strictObject({
    status: text,
    context: text,
    drivers: text,
    options: text,
    outcome: text,
    consequences: text,
    changes: text,
    sources: text,
  }),
  status: text,
  date: template('date'),
  by: template('name'),
  problem: text,
  known: text,
  nothing_known: text,
  all_driving: text,
  no_drivers: text,
  against: template('text'),
  good: template('text'),
  bad: template('text'),
  chosen: template('option'),
  chosen_option: text,
  confidence: template('percent', 'level'),
  levels: z
    .array(z.strictObject({ at_least: z.number().min(0).max(1), label: text }))
    .min(1)
    .refine((levels) => levels.every((l, i) => i === 0 || (levels[i - 1]?.at_least ?? 1) > l.at_least) && levels.at(-1)?.at_least === 0, {
      message: 'levels go from the highest at_least down to 0',
    }),
  open: template('slots'),
  next: text,
  flip: template('answer', 'option'),
  settled: text,
  sources: template('article'),
  /** slot -> value -> the answer in plain words; every slot value needs one (checked in cross-check.ts). */
  facts: z.record(z.string(), z.record(z.string(), text)),
});

/** Snippets of situations.yaml: `none` (no fact), and per slot id, value -> one-fact snippets. */
export type Snippets = { none: string[]; [slot: string]: Record<string, string[]> | string[] };

/** knowledge/situations.yaml: training data of the situation reader; its slots and values are checked against interview.yaml (cross-check.ts). */
const slotValues = z.record(z.string(), z.array(text).min(1));
export const SituationsFile = z.strictObject({
  snippets: z.object({ none: z.array(text).min(1) }).catchall(slotValues) as unknown as z.ZodType<Snippets>,
  descriptions: z.array(z.strictObject({ text, slots: z.record(z.string(), z.string()) })).min(1),
});

/** knowledge/classifier.yaml: decision thresholds, tuned on the dev set. */
export const ClassifierFile = z.strictObject({
  out_of_scope_below: z.number().min(0).max(1),
  clarify_margin: z.number().min(0).max(1),
  clarify_below: z.number().min(0).max(1),
  situation_threshold: z.number().min(0).max(1),
  situation_piece_threshold: z.number().min(0).max(1),
  situation_negative_threshold: z.number().min(0).max(1),
  situation_change_threshold: z.number().min(0).max(1),
  /** A message is read as a control (cancel, skip, back, ...) only when the control model is at least this sure. */
  control_at_least: z.number().min(0).max(1),
  /** A topic answer below this confidence says which topic it took the question for. */
  topic_guess_below: z.number().min(0).max(1),
  /** Mid-interview, cancel / restart / recommend / small talk count only at this confidence or more (else the answer is re-asked). */
  interview_intent_above: z.number().min(0).max(1),
});

/** The labels of knowledge/controls.yaml: the controls, plus `answer` and `other`. */
export const CONTROL_LABELS = ['cancel', 'skip', 'back', 'restart', 'repeat', 'why_ask', 'explain', 'record', 'answer', 'other'] as const;
export type ControlLabel = (typeof CONTROL_LABELS)[number];

/** knowledge/controls.yaml: training phrases of the control model, label -> phrases. */
export const ControlsFile = z.strictObject(
  Object.fromEntries(CONTROL_LABELS.map((label) => [label, z.array(text).min(20, 'needs at least 20 training phrases')])) as Record<
    ControlLabel,
    z.ZodArray<typeof text>
  >,
);

export type ClassifierData = z.infer<typeof ClassifierFile>;
export type SituationsData = z.infer<typeof SituationsFile>;
export type ControlsData = z.infer<typeof ControlsFile>;
export type IntentsData = z.infer<typeof IntentsFile>;
export type FiguresData = z.infer<typeof FiguresFile>;
export type Figure = FiguresData[string];
export type TopicsData = z.infer<typeof TopicsFile>;
export type Topic = TopicsData[string];
export type InterviewData = z.infer<typeof InterviewFile>;
export type SlotDef = InterviewData['slots'][string];
export type WeightRow = z.infer<typeof weightRow>;
export type VerdictsData = z.infer<typeof VerdictsFile>;
export type ResponsesData = z.infer<typeof ResponsesFile>;
export type RecordsData = z.infer<typeof RecordsFile>;
