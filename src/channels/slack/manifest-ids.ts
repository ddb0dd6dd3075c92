/** The names Slack's app manifest (manifest.json) and the serving code must share; `validate` checks the manifest against them. */

/** The slash command. */
export const SLACK_COMMAND = '/runtime-advice';
/** The bot events the listeners answer. */
export const SLACK_EVENTS = ['app_mention', 'message.im'] as const;
/** The request path of events, commands and clicks. */
export const SLACK_PATH = '/slack/events';
/** The bot scopes the code uses: files:write uploads decision records, im:write opens the user's direct message. */
export const SLACK_SCOPES = ['app_mentions:read', 'chat:write', 'commands', 'files:write', 'im:history', 'im:write'] as const;
/** The shortcuts' callback ids: on a message, and global. */
export const SLACK_SHORTCUTS = { message: 'runtime_advice_message', global: 'runtime_advice_start' } as const;
