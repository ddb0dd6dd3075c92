/** The escapes every channel uses on text it shows, in one place. */

/**
 * Escapes `&`, `<` and `>`, so nothing in the text becomes markup: in Slack mrkdwn no mention, link or
 * broadcast (`<!channel>`, `<@U1>`), in Teams no tag or `<at>` mention.
 */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Removes control characters (escape sequences included) from text for a terminal; newlines and tabs stay. */
export function stripControls(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => (c === '\n' || c === '\t' ? c : ''));
}
