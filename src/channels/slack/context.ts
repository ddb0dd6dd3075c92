/** Slack's state keys and the helpers its listeners share; what they need is the channel core's deps. */
import type { ChannelDeps } from '../turn.js';

/** What every Slack listener needs: the deps of every channel. */
export type SlackDeps = ChannelDeps;

/** The state key of one user in one Slack conversation. */
export function slackKey(team: string, conversation: string, user: string): string {
  return `slack:${team}:${conversation}:${user}`;
}

/** Where the user's last recommendation is kept, whichever conversation it was made in (the Home tab reads it). */
export function homeKey(team: string, user: string): string {
  return slackKey(team, 'home', user);
}

/** The options of every Slack turn: a new recommendation is also kept for the user's Home tab. */
export function turnOptions(team: string, user: string): { lastKey: string } {
  return { lastKey: homeKey(team, user) };
}

/**
 * Resolves after the event loop has handled pending I/O: requests waiting to be verified and acked
 * go first, so under load Slack's acks are not queued behind other turns' work.
 */
export function afterPendingAcks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
