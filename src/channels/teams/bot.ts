/** The Teams bot: personal chat, channel and group mentions, card submits, and a welcome when added. */
import { type Activity, ActivityTypes, CardFactory, TeamsActivityHandler, TurnContext } from 'botbuilder';
import type { Input } from '../../engine/index.js';
import { decodePayload } from '../payload.js';
import { type ChannelDeps, repliesInPlace, runTurn, type Transport, type Turn } from '../turn.js';
import { recordActivity } from './record.js';
import { GROUP_INPUT, renderCard, summaryOf } from './render.js';

/** What the Teams bot needs: the deps of every channel, and its store namespace. */
export interface TeamsDeps extends ChannelDeps {
  /**
   * Prefix of every store key (default `teams`). Unauthenticated (local emulator) traffic uses its own, so
   * activities whose sender nobody checked can never read or claim what authenticated traffic stored.
   */
  namespace?: string;
}

/** What the Teams command menu sends; the first starts the interview. */
const START_COMMANDS = new Set(['runtime-advice', '/runtime-advice']);

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

/** Turns Teams activities into engine turns and cards, through the channel core. */
export class RuntimeAdviceBot extends TeamsActivityHandler {
  private readonly namespace: string;

  constructor(private readonly deps: TeamsDeps) {
    super();
    this.namespace = deps.namespace ?? 'teams';
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.welcome(context);
      await next();
    });
  }

  /** Cards to the conversation of `context`: in place of the clicked card where asked and possible, else new. */
  private transport(context: TurnContext): Transport<Partial<Activity>> {
    const log = this.deps.logger.child({ channel: 'teams' });
    return {
      render: (reply) => {
        const card = renderCard(reply, { owner: userOf(context.activity), conversation: context.activity.conversation.id });
        // `summary` and `text` are what notifications and chat lists show for a card ("Send a card" without them).
        const summary = summaryOf(reply);
        return { type: ActivityTypes.Message, summary, text: summary, textFormat: 'plain', attachments: [CardFactory.adaptiveCard(card)] };
      },
      send: async (message, inPlace) => {
        const replyTo = context.activity.replyToId;
        if (inPlace && replyTo) {
          try {
            await context.updateActivity({ ...message, id: replyTo });
            return undefined;
          } catch (err) {
            // Some clients cannot update a card (or it was deleted): answer with a new one instead.
            log.warn('card update failed, sending a new card', { err });
          }
        }
        await context.sendActivity(message);
        return undefined;
      },
      document: async (doc) => void (await context.sendActivity(recordActivity(doc))),
      notice: (text) => context.sendActivity(text),
    };
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const log = this.deps.logger.child({ channel: 'teams' });
    const user = userOf(activity);
    const key = teamsKey(activity, user, this.namespace);
    const base: Pick<Turn, 'repeat' | 'failure' | 'ids'> = {
      repeat: 'activity',
      failure: 'turn failed',
      ...(activity.id ? { ids: `${this.namespace}-activity:${activity.conversation.id}:${activity.id}` } : {}),
    };
    const value = activity.value as Record<string, unknown> | undefined;
    if (value && typeof value === 'object' && ('a' in value || 'ra' in value)) {
      // A card submit: the payload, with the grouped question's ticks beside it (Adaptive Cards add inputs to `data`).
      const { [GROUP_INPUT]: ticked, ...data } = value;
      const payload = decodePayload(data);
      if (!payload) return runTurn(this.deps, log, { ...base, ask: { reply: () => this.deps.engine.say('interview_expired') } }, this.transport(context));
      const kind = payload.a.kind;
      // The record names who asked for it: the name comes from the activity, never from the card.
      const action = kind === 'record' ? { ...payload.a, by: activity.from?.name ?? '' } : withTicks(payload.a, ticked);
      const owner = { of: payload.o, by: user, notYours: 'not_yours' } as const;
      const turn: Turn = { ...base, owner, ask: { key, input: { kind: 'action', action } }, inPlace: repliesInPlace(kind), fields: { action: kind } };
      return runTurn(this.deps, log, turn, this.transport(context));
    }
    // In channels and group chats the text starts with the bot's mention, whatever its display name.
    const text = (activity.conversation.isGroup ? TurnContext.removeRecipientMention(activity) : activity.text) ?? '';
    const input: Input = START_COMMANDS.has(text.trim().toLowerCase())
      ? { kind: 'action', action: { kind: 'ask', intent: 'recommend' } }
      : { kind: 'text', text };
    await runTurn(this.deps, log, { ...base, ask: { key, input } }, this.transport(context));
  }

  /** One welcome card when the bot itself joins a conversation; none when others join. */
  private async welcome(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const botAdded = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient.id);
    if (!botAdded) return;
    // Like every delivery id, this lives DELIVERY_TTL_MINUTES: enough to drop re-deliveries of the same join.
    const turn: Turn = {
      repeat: 'welcome',
      failure: 'welcome failed',
      ids: `${this.namespace}-welcome:${activity.conversation.id}`,
      ask: { reply: () => this.deps.engine.welcome() },
    };
    await runTurn(this.deps, this.deps.logger.child({ channel: 'teams' }), turn, this.transport(context));
  }
}
