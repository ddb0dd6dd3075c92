/**
 * Decision records in Slack: a Markdown file in the thread (files.uploadV2, scope files:write), or,
 * when the upload is refused for any reason (missing_scope, not_allowed_token_type, ...), the same
 * record as a message in code blocks.
 */
import type { AllMiddlewareArgs } from '@slack/bolt';
import type { Knowledge } from '../../knowledge/load.js';
import type { Logger } from '../../log.js';
import type { DocumentView } from '../../reply.js';
import { escapeMarkup } from '../escape.js';
import { assertMessage, type Block, type Message } from './blocks.js';
import { chunk } from './render.js';

type Client = AllMiddlewareArgs['client'];

/** Where a record goes: a conversation, and the thread in it. */
export interface RecordTarget {
  channel: string;
  threadTs?: string;
}

/** Room for the fences around each piece, inside a section's 3,000 characters. */
const PIECE_MAX = 2900;

/** The Slack error code of a failed Web API call, for logs (never message text). */
export function slackErrorCode(err: unknown): string {
  const e = err as { data?: { error?: unknown }; code?: unknown };
  return typeof e.data?.error === 'string' ? e.data.error : typeof e.code === 'string' ? e.code : 'error';
}

/**
 * The record as one message: an intro and the Markdown in code blocks, split at line breaks to
 * Slack's section limit. The Markdown has no raw <, > or & (the renderer's guarantee), so Slack shows
 * its entities as the characters and nothing in it becomes a mention or a link.
 */
export function recordAsMessage(doc: DocumentView, intro: string): Message {
  // A fence inside the text would end the code block early.
  const text = doc.markdown.trimEnd().replace(/```/g, "'''");
  const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: escapeMarkup(intro) } }];
  for (const piece of chunk(text, PIECE_MAX)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`\n${piece}\n\`\`\`` } });
  return assertMessage({ text: escapeMarkup(`${intro} ${doc.title}`).slice(0, 600), blocks: blocks.slice(0, 50) });
}

/** Posts the record as a file in `target`; as a message when the upload fails. Resolves to how it went. */
export async function postRecord(client: Client, k: Knowledge, logger: Logger, target: RecordTarget, doc: DocumentView): Promise<'file' | 'message'> {
  const thread = target.threadTs ? { thread_ts: target.threadTs } : {};
  try {
    await client.files.uploadV2({
      channel_id: target.channel,
      ...thread,
      filename: doc.filename,
      title: doc.title,
      content: doc.markdown,
      initial_comment: escapeMarkup(k.records.sent),
    } as Parameters<Client['files']['uploadV2']>[0]);
    return 'file';
  } catch (err) {
    logger.info('record upload failed, posting it as a message', { code: slackErrorCode(err) });
    await client.chat.postMessage({ channel: target.channel, ...thread, ...recordAsMessage(doc, k.records.as_text) });
    return 'message';
  }
}

/** The direct message between the bot and `user` (conversations.open, scope im:write). */
export async function openDm(client: Client, user: string): Promise<string> {
  const opened = await client.conversations.open({ users: user });
  const id = opened.channel?.id;
  if (!id) throw new Error('conversations.open returned no channel');
  return id;
}

/** Where a button was clicked, as much as a record needs to know. */
export interface ClickPlace {
  user: string;
  /** Set for a message the whole conversation sees; unset for ephemeral messages and views. */
  channel?: string;
  threadTs?: string;
  /** Tells the user privately where the record went. */
  notePrivately?: (text: string) => Promise<unknown>;
}

/**
 * Delivers a record from a click: in the thread of a shared message, else (a private reply, the Home
 * tab) in the user's direct message, so a private interview stays private.
 */
export async function deliverRecord(client: Client, k: Knowledge, logger: Logger, place: ClickPlace, doc: DocumentView): Promise<void> {
  if (place.channel) {
    await postRecord(client, k, logger, { channel: place.channel, ...(place.threadTs ? { threadTs: place.threadTs } : {}) }, doc);
    return;
  }
  await postRecord(client, k, logger, { channel: await openDm(client, place.user) }, doc);
  await place.notePrivately?.(k.records.sent_privately);
}

/** The place of a click from Slack's block_actions payload. */
export function recordPlace(
  container: { type?: string; is_ephemeral?: boolean; channel_id?: string; message_ts?: string },
  body: { user: { id: string }; message?: { [key: string]: unknown } },
  respond: (message: { response_type: 'ephemeral'; replace_original: false; text: string }) => Promise<unknown>,
): ClickPlace {
  const user = body.user.id;
  const channel = container.type === 'message' && !container.is_ephemeral ? container.channel_id : undefined;
  if (!channel) {
    if (container.type === 'view') return { user };
    return { user, notePrivately: (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text }) };
  }
  const parent = body.message?.thread_ts;
  const threadTs = typeof parent === 'string' ? parent : container.message_ts;
  return { user, channel, ...(threadTs ? { threadTs } : {}) };
}
