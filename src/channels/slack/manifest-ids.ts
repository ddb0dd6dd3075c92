/** The names Slack's app manifest (manifest.json) and the serving code must share; `validate` checks the manifest against them. */

/** The slash command. */
export const SLACK_COMMAND = '/runtime-advice';
/**
 * The bot events the listeners answer. `app_uninstalled` and `tokens_revoked` delete a workspace's installation
 * when the app is installed by OAuth; Slack ignores them for a single-workspace token.
 */
export const SLACK_EVENTS = ['app_home_opened', 'app_mention', 'app_uninstalled', 'message.im', 'tokens_revoked'] as const;
/** Where Slack sends the browser back after an OAuth install: the manifest's `oauth_config.redirect_urls` must name it. */
export const SLACK_REDIRECT_PATH = '/slack/oauth_redirect';
/** The request path of events, commands and clicks. */
export const SLACK_PATH = '/slack/events';
/** The bot scopes the code uses: files:write uploads decision records, im:write opens the user's direct message. */
export const SLACK_SCOPES = ['app_mentions:read', 'chat:write', 'commands', 'files:write', 'im:history', 'im:write'] as const;
/** The shortcuts' callback ids: on a message, and global. */
export const SLACK_SHORTCUTS = { message: 'runtime_advice_message', global: 'runtime_advice_start' } as const;
