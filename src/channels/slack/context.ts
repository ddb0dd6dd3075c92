/** What every Slack listener needs, passed in (no module state). */
import type { Engine } from '../../engine/engine.js';
import type { InFlight } from '../../inflight.js';
import type { Logger } from '../../log.js';
import type { StateStore } from '../../state/store.js';

export interface SlackDeps {
  engine: Engine;
  store: StateStore;
  logger: Logger;
  /** How long a delivery id is remembered, to drop Slack's retries (default 1 h). */
  deliveryTtlMs?: number;
  /** Tracks listener work that continues after Bolt's ack, for graceful shutdown. */
  inflight?: InFlight;
}

export const DEFAULT_DELIVERY_TTL_MS = 60 * 60 * 1000;

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

export const APOLOGY = 'Sorry, something went wrong on my side. Your conversation is kept: please try again in a moment.';

/**
 * Resolves after the event loop has handled pending I/O: requests waiting to be verified and acked
 * go first, so under load Slack's acks are not queued behind other turns' work.
 */
export function afterPendingAcks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
