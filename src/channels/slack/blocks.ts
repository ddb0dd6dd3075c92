/** The Block Kit we emit, as a zod schema holding Slack's limits (platform-facts section 5). */
import { z } from 'zod';

const plain = (max: number) => z.strictObject({ type: z.literal('plain_text'), text: z.string().min(1).max(max), emoji: z.boolean().optional() });
const mrkdwn = (max: number) => z.strictObject({ type: z.literal('mrkdwn'), text: z.string().min(1).max(max) });

const button = z.strictObject({
  type: z.literal('button'),
  text: plain(75),
  action_id: z.string().min(1).max(255),
  value: z.string().max(2000).optional(),
  style: z.enum(['primary', 'danger']).optional(),
});

const option = z.strictObject({ text: plain(75), value: z.string().min(1).max(150), description: plain(75).optional() });

/** A checkbox group: at most 10 options (a grouped interview question). */
const checkboxes = z.strictObject({
  type: z.literal('checkboxes'),
  action_id: z.string().min(1).max(255),
  options: z.array(option).min(1).max(10),
  initial_options: z.array(option).min(1).max(10).optional(),
});

export const Block = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('header'), block_id: z.string().max(255).optional(), text: plain(150) }),
  z.strictObject({
    type: z.literal('section'),
    block_id: z.string().max(255).optional(),
    text: mrkdwn(3000).optional(),
    fields: z.array(mrkdwn(2000)).min(1).max(10).optional(),
  }),
  z.strictObject({ type: z.literal('context'), block_id: z.string().max(255).optional(), elements: z.array(mrkdwn(3000)).min(1).max(10) }),
  z.strictObject({
    type: z.literal('actions'),
    block_id: z.string().max(255).optional(),
    elements: z
      .array(z.union([button, checkboxes]))
      .min(1)
      .max(25),
  }),
  z.strictObject({ type: z.literal('divider'), block_id: z.string().max(255).optional() }),
]);
export type Block = z.infer<typeof Block>;

/** A message payload: at most 50 blocks and always a plain `text` fallback. */
export const Message = z.object({
  text: z.string().min(1).max(40_000),
  blocks: z.array(Block).max(50).optional(),
});
export type Message = z.infer<typeof Message>;

/** A Home tab view: at most 100 blocks. */
export const HomeView = z.strictObject({ type: z.literal('home'), blocks: z.array(Block).min(1).max(100) });

/** Throws when a payload breaks a Block Kit limit; used on every payload we send. */
export function assertMessage(message: unknown): Message {
  return Message.parse(message);
}
