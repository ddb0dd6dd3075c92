/** zod schemas for every file in knowledge/; one schema per file. */
import { z } from 'zod';
import { INTENTS, SLOT_VALUES, SLOTS, TOPIC_INTENTS } from '../ids.js';

const text = z.string().trim().min(1, 'must not be empty');
const sections = z.array(text).min(1, 'must name at least one article section');
const topicId = z.enum(TOPIC_INTENTS);

/** knowledge/intents.yaml: intent id -> training utterances. */
export const IntentsFile = z.partialRecord(z.enum(INTENTS), z.array(text).min(1)).superRefine((value, ctx) => {
  for (const intent of INTENTS) {
    if (!value[intent]) ctx.addIssue({ code: 'custom', path: [intent], message: 'missing: every intent needs training utterances' });
  }
});

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
export const TopicsFile = z.partialRecord(
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

/** knowledge/interview.yaml: one question per slot, with weights per verdict. */
export const InterviewFile = z.strictObject({
  baseline: weightRow,
  /** Confidence floors and caps of a recommendation (README "How the advice is scored"). */
  confidence: z.strictObject({
    /** Nothing open could change the verdict: at least this. */
    decided_at_least: z.number().min(0).max(1),
    /** No answer supports the verdict (nothing known, or only "not sure"): at most this. */
    unsupported_at_most: z.number().min(0).max(1),
  }),
  /** The grouped question that asks several container needs at once (CONTRACT section 6). */
  grouped: z.strictObject({ question: text, none: text, sections, rationale: text, explanation: text }),
  order: z.array(z.enum(SLOTS)),
  slots: z.record(z.string(), slotDef),
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

/** knowledge/responses.yaml: fixed replies. */
export const ResponsesFile = z.strictObject(Object.fromEntries(RESPONSE_KEYS.map((k) => [k, text])) as Record<(typeof RESPONSE_KEYS)[number], typeof text>);

/** A template that must use each of `names` as a `{name}` placeholder. */
const template = (...names: string[]) =>
  text.refine((s) => names.every((n) => s.includes(`{${n}}`)), { message: `must contain ${names.map((n) => `{${n}}`).join(', ')}` });

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

/** knowledge/situations.yaml: training data of the situation reader (CONTRACT section 2 slots and values). */
const slotValues = z.record(z.string(), z.array(text).min(1));
export const SituationsFile = z
  .strictObject({
    snippets: z.strictObject({
      ...Object.fromEntries(SLOTS.map((slot) => [slot, slotValues.optional()])),
      none: z.array(text).min(1),
    }) as z.ZodType<Partial<Record<(typeof SLOTS)[number], Record<string, string[]>>> & { none: string[] }>,
    descriptions: z.array(z.strictObject({ text, slots: z.record(z.string(), z.string()) })).min(1),
  })
  .superRefine((value, ctx) => {
    const check = (slot: string, v: string, path: PropertyKey[]) => {
      if (!(SLOTS as readonly string[]).includes(slot)) ctx.addIssue({ code: 'custom', path, message: `unknown slot "${slot}"` });
      else if (!SLOT_VALUES[slot as (typeof SLOTS)[number]].includes(v)) ctx.addIssue({ code: 'custom', path, message: `"${v}" is not a value of ${slot}` });
    };
    for (const slot of SLOTS) for (const v of Object.keys(value.snippets[slot] ?? {})) check(slot, v, ['snippets', slot, v]);
    value.descriptions.forEach((d, i) => {
      for (const [slot, v] of Object.entries(d.slots)) check(slot, v, ['descriptions', i, 'slots', slot]);
    });
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
export type Topic = NonNullable<TopicsData[keyof TopicsData]>;
export type InterviewData = z.infer<typeof InterviewFile>;
export type SlotDef = InterviewData['slots'][string];
export type WeightRow = z.infer<typeof weightRow>;
export type VerdictsData = z.infer<typeof VerdictsFile>;
export type ResponsesData = z.infer<typeof ResponsesFile>;
export type RecordsData = z.infer<typeof RecordsFile>;
