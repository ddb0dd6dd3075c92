/** The Adaptive Card 1.5 subset we emit, as a zod schema, with Teams' size limit. */
import { z } from 'zod';

/** Safe everywhere in Teams (platform-facts section 11). */
export const MAX_CARD_BYTES = 28 * 1024;

const TextBlock = z.strictObject({
  type: z.literal('TextBlock'),
  text: z.string().min(1),
  wrap: z.boolean().optional(),
  size: z.enum(['Small', 'Default', 'Medium', 'Large']).optional(),
  weight: z.enum(['Default', 'Bolder', 'Lighter']).optional(),
  isSubtle: z.boolean().optional(),
  spacing: z.enum(['None', 'Small', 'Default', 'Medium', 'Large']).optional(),
  separator: z.boolean().optional(),
});

const Column = z.strictObject({ type: z.literal('Column'), width: z.union([z.string(), z.number()]), items: z.array(TextBlock).min(1) });
const ColumnSet = z.strictObject({ type: z.literal('ColumnSet'), columns: z.array(Column).min(1), spacing: z.enum(['None', 'Small', 'Default']).optional() });

const Submit = z.strictObject({
  type: z.literal('Action.Submit'),
  title: z.string().min(1).max(80),
  data: z.record(z.string(), z.unknown()),
  /** `none` sends no input values (a "None of these" beside a choice set). */
  associatedInputs: z.enum(['auto', 'none']).optional(),
  style: z.enum(['default', 'positive', 'destructive']).optional(),
});

/** A multi-select choice set (a grouped interview question); submitted as comma-separated values under `id`. */
const ChoiceSet = z.strictObject({
  type: z.literal('Input.ChoiceSet'),
  id: z.string().min(1),
  isMultiSelect: z.literal(true),
  style: z.enum(['compact', 'expanded']).optional(),
  label: z.string().min(1).optional(),
  choices: z
    .array(z.strictObject({ title: z.string().min(1).max(200), value: z.string().min(1).max(100) }))
    .min(1)
    .max(20),
});

export const AdaptiveCard = z.strictObject({
  type: z.literal('AdaptiveCard'),
  $schema: z.literal('http://adaptivecards.io/schemas/adaptive-card.json'),
  version: z.literal('1.5'),
  body: z.array(z.union([TextBlock, ColumnSet, ChoiceSet])).min(1),
  actions: z.array(Submit).max(6).optional(),
});
export type AdaptiveCard = z.infer<typeof AdaptiveCard>;

/** Throws when a card breaks the schema or Teams' size limit. */
export function assertCard(card: unknown, knownBytes?: number): AdaptiveCard {
  const parsed = AdaptiveCard.parse(card);
  const bytes = knownBytes ?? Buffer.byteLength(JSON.stringify(parsed));
  if (bytes > MAX_CARD_BYTES) throw new Error(`card is ${bytes} bytes, over ${MAX_CARD_BYTES}`);
  return parsed;
}
