/** Decision records in Teams: sent as a Markdown text message in the conversation. */
import { type Activity, ActivityTypes } from 'botbuilder';
import type { DocumentView } from '../../reply.js';

/**
 * The record as a message. Its Markdown holds no raw <, > or & (the renderer escapes them), so Teams
 * shows the entities as characters and no tag or mention forms; at under 4,000 characters it is far
 * below Teams' message size limit.
 */
export function recordActivity(doc: DocumentView): Partial<Activity> {
  return { type: ActivityTypes.Message, text: doc.markdown, textFormat: 'markdown' };
}
