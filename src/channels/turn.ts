/**
 * The one turn of every channel: drop repeats, refuse clicks on someone else's interview, ask the
 * engine, deliver the reply (in place or as a new message, a document where there is one), log, and
 * apologise when anything fails. Slack and Teams pass their own renderer and transport.
 */
import type { EngineApi, HandleOptions, Input, ResponseKey } from '../engine/index.js';
import type { InFlight } from '../inflight.js';
import type { Logger } from '../log.js';
import type { DocumentView, Reply } from '../reply.js';
import type { StateStore } from '../state/store.js';

/** What every channel needs, passed in (no module state). */
export interface ChannelDeps {
  engine: EngineApi;
  store: StateStore;
  logger: Logger;
  /** How long a delivery id is remembered, to drop the platform's re-deliveries (default 1 h). */
  deliveryTtlMs?: number;
  /** Tracks work that continues after the platform's ack, for graceful shutdown. */
  inflight?: InFlight;
}

export const DEFAULT_DELIVERY_TTL_MS = 60 * 60 * 1000;

/** Button actions whose reply replaces the clicked message: an interview question answered or skipped. */
const IN_PLACE: ReadonlySet<unknown> = new Set(['answer', 'skip', 'multi']);

/** True when the reply to a click with this action kind replaces the clicked message. */
export function repliesInPlace(kind: unknown): boolean {
  return IN_PLACE.has(kind);
}

/** Fields a transport adds to the turn's log line (where it went); never message text. */
export type LogFields = Record<string, unknown>;

/** How a channel shows and sends replies. */
export interface Transport<M> {
  render(reply: Reply): M;
  /** Sends a rendered reply; `inPlace` replaces the clicked message where the channel can. */
  send(message: M, inPlace: boolean): Promise<LogFields | undefined>;
  /** Delivers a document (a decision record); without it a reply with a document is rendered like any other. */
  document?(doc: DocumentView): Promise<LogFields | undefined>;
  /** Sends a short plain-text notice (not yours, the apology); absent where there is nowhere to say it. */
  notice?(text: string): Promise<unknown>;
  /**
   * Where to answer instead when `send` is refused (Slack: an ephemeral in a channel the bot is not in):
   * the turn is taken again there. Undefined lets the failure stand.
   */
  elsewhere?(err: unknown): Promise<{ key: string; transport: Transport<M>; fields: LogFields } | undefined>;
}

/** What the turn asks for: a turn of a conversation, or a reply that needs none (a welcome, a shared card). */
export type Ask = { key: string; input: Input; options?: HandleOptions } | { reply: () => Promise<Reply | undefined> | Reply | undefined; none?: ResponseKey };

/** One incoming message, command, click or shortcut. */
export interface Turn {
  /** What a repeat is called in the log ("duplicate click dropped"); what failed ("action failed"). */
  repeat: string;
  failure: string;
  /** The platform's delivery ids: the turn runs the first time any of them is seen. */
  ids?: string | readonly string[];
  /** A click carries its interview's owner: someone else's click gets `notYours` and changes nothing. */
  owner?: { of: string; by: string; notYours: ResponseKey };
  ask: Ask;
  /** Replace the clicked message (an interview answer). */
  inPlace?: boolean;
  /** Added to the log line (kind of action, ...). */
  fields?: LogFields;
}

/** Runs one turn through `transport`; never throws (failures are logged and apologised for where possible). */
export async function runTurn<M>(deps: ChannelDeps, log: Logger, turn: Turn, transport: Transport<M>): Promise<void> {
  const started = performance.now();
  const texts = deps.engine.knowledge.responses;
  try {
    if (turn.ids !== undefined && !(await deps.store.firstDelivery(turn.ids, deps.deliveryTtlMs ?? DEFAULT_DELIVERY_TTL_MS))) {
      return void log.info(`duplicate ${turn.repeat} dropped`, { ids: turn.ids });
    }
    if (turn.owner && turn.owner.of !== turn.owner.by) {
      log.info("click on another user's interview");
      return void (await transport.notice?.(texts[turn.owner.notYours]));
    }
    const ask = turn.ask;
    const reply = 'key' in ask ? await deps.engine.handle(ask.key, ask.input, ask.options) : await ask.reply();
    if (!reply) {
      if ('none' in ask && ask.none) await transport.notice?.(texts[ask.none]);
      return;
    }
    const fields = await deliver(deps, turn, transport, reply);
    log.info('replied', { intent: fields.intent ?? reply.intent, ...turn.fields, ...fields, latency_ms: Math.round(performance.now() - started) });
  } catch (err) {
    log.error(turn.failure, { err });
    await transport.notice?.(texts.apology).catch(() => {});
  }
}

async function deliver<M>(deps: ChannelDeps, turn: Turn, transport: Transport<M>, reply: Reply): Promise<LogFields> {
  if (reply.document && transport.document) return { record: true, ...(await transport.document(reply.document)) };
  try {
    return (await transport.send(transport.render(reply), turn.inPlace ?? false)) ?? {};
  } catch (err) {
    const other = 'key' in turn.ask ? await transport.elsewhere?.(err) : undefined;
    if (!other || !('key' in turn.ask)) throw err;
    const again = await deps.engine.handle(other.key, turn.ask.input, turn.ask.options);
    await other.transport.send(other.transport.render(again), false);
    return { intent: again.intent, ...other.fields };
  }
}
