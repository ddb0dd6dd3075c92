/** The Teams bot: personal chat, channel and group mentions, card submits, and a welcome when added. */
import { type Activity, ActivityTypes, CardFactory, TeamsActivityHandler, TurnContext } from 'botbuilder';
import { responseReply } from '../../engine/compose.js';
import type { Engine, Input } from '../../engine/engine.js';
import type { InFlight } from '../../inflight.js';
import type { Logger } from '../../log.js';
import type { Reply } from '../../reply.js';
import type { StateStore } from '../../state/store.js';
import { recordActivity } from './record.js';
import { GROUP_INPUT, renderCard, summaryOf } from './render.js';

export interface TeamsDeps {
  engine: Engine;
  store: StateStore;
  logger: Logger;
  /** How long activity ids and welcomes are remembered, to drop re-deliveries (default 1 h). */
  deliveryTtlMs?: number;
  inflight?: InFlight;
  /**
   * Prefix of every store key (default `teams`). Unauthenticated (local emulator) traffic uses its own, so
   * activities whose sender nobody checked can never read or claim what authenticated traffic stored.
   */
  namespace?: string;
}

const DEFAULT_DELIVERY_TTL_MS = 60 * 60 * 1000;
const IN_PLACE = new Set(['answer', 'skip', 'multi']);
/** What the Teams command menu sends; the first starts the interview. */
const START_COMMANDS = new Set(['runtime-advice', '/runtime-advice']);
const NOT_YOURS = 'This interview belongs to someone else. Start your own by mentioning me.';

/** The state key of one user in one Teams conversation. */
export function teamsKey(activity: Partial<Activity>, user: string, namespace = 'teams'): string {
  const tenant = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? 'tenant';
  return `${namespace}:${tenant}:${activity.conversation?.id ?? 'conversation'}:${user}`;
}

/**
 * A grouped question's submit: the ticked choices arrive beside the action as one comma-separated
 * string (Adaptive Cards' multi-select); "None of these" sends none. The engine validates the slots.
 */
export function withTicks(action: unknown, ticked: unknown): unknown {
  if (typeof action !== 'object' || action === null || (action as { kind?: unknown }).kind !== 'multi') return action;
  const chosen = typeof ticked === 'string' && ticked !== '' ? ticked.split(',').map((v) => v.trim()) : [];
  return { ...action, chosen };
}

function userOf(activity: Partial<Activity>): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? 'user';
}

/** Turns Teams activities into engine turns and cards. */
export class RuntimeAdviceBot extends TeamsActivityHandler {
  private readonly namespace: string;
  private readonly deliveryTtlMs: number;

  constructor(private readonly deps: TeamsDeps) {
    super();
    this.namespace = deps.namespace ?? 'teams';
    this.deliveryTtlMs = deps.deliveryTtlMs ?? DEFAULT_DELIVERY_TTL_MS;
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.welcome(context);
      await next();
    });
  }

  private async send(context: TurnContext, reply: Reply, inPlace: boolean): Promise<void> {
    if (reply.document) return void (await context.sendActivity(recordActivity(reply.document)));
    const user = userOf(context.activity);
    const card = renderCard(reply, { owner: user, conversation: context.activity.conversation.id });
    // `summary` and `text` are what notifications and chat lists show for a card ("Send a card" without them).
    const summary = summaryOf(reply);
    const message: Partial<Activity> = {
      type: ActivityTypes.Message,
      summary,
      text: summary,
      textFormat: 'plain',
      attachments: [CardFactory.adaptiveCard(card)],
    };
    const replyTo = context.activity.replyToId;
    if (inPlace && replyTo) {
      try {
        await context.updateActivity({ ...message, id: replyTo });
        return;
      } catch (err) {
        // Some clients cannot update a card (or it was deleted): answer with a new one instead.
        this.deps.logger.warn('card update failed, sending a new card', { channel: 'teams', err });
      }
    }
    await context.sendActivity(message);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const log = this.deps.logger.child({ channel: 'teams' });
    if (activity.id && !(await this.deps.store.firstDelivery(`${this.namespace}-activity:${activity.conversation.id}:${activity.id}`, this.deliveryTtlMs))) {
      return void log.info('duplicate activity dropped');
    }
    const started = performance.now();
    const user = userOf(activity);
    const key = teamsKey(activity, user, this.namespace);
    const value = activity.value as { ra?: unknown; o?: unknown; [GROUP_INPUT]?: unknown } | undefined;
    if (value && typeof value === 'object' && 'ra' in value) {
      if (value.o !== user) return void (await context.sendActivity(NOT_YOURS));
      const kind = (value.ra as { kind?: unknown } | null)?.kind;
      // The record names who asked for it: the name comes from the activity, never from the card.
      const action = kind === 'record' ? { ...(value.ra as object), by: activity.from?.name ?? '' } : withTicks(value.ra, value[GROUP_INPUT]);
      const reply = await this.deps.engine.handle(key, { kind: 'action', action });
      await this.send(context, reply, typeof kind === 'string' && IN_PLACE.has(kind));
      return void log.info('replied', { intent: reply.intent, action: kind, latency_ms: Math.round(performance.now() - started) });
    }
    // In channels and group chats the text starts with the bot's mention, whatever its display name.
    const text = (activity.conversation.isGroup ? TurnContext.removeRecipientMention(activity) : activity.text) ?? '';
    const input: Input = START_COMMANDS.has(text.trim().toLowerCase())
      ? { kind: 'action', action: { kind: 'ask', intent: 'recommend' } }
      : { kind: 'text', text };
    const reply = await this.deps.engine.handle(key, input);
    await this.send(context, reply, false);
    log.info('replied', { intent: reply.intent, latency_ms: Math.round(performance.now() - started) });
  }

  /** One welcome card when the bot itself joins a conversation; none when others join. */
  private async welcome(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const botAdded = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient.id);
    if (!botAdded) return;
    // Like every delivery id, this lives DELIVERY_TTL_MINUTES: enough to drop re-deliveries of the same join.
    if (!(await this.deps.store.firstDelivery(`${this.namespace}-welcome:${activity.conversation.id}`, this.deliveryTtlMs))) return;
    const reply = responseReply(this.deps.engine.knowledge, null, 'greeting');
    reply.choices = [{ label: 'Help me choose', action: { kind: 'ask', intent: 'recommend' } }];
    await this.send(context, reply, false);
  }
}
