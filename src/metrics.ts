/**
 * Prometheus metrics (prom-client) over a Registry passed in. Every label value comes from a fixed set (the
 * knowledge base's intents, the verdicts, three channels, `other`), never from what a user wrote, so a scrape
 * can neither leak message text nor grow without bound.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, collectDefaultMetrics, Histogram, type Registry } from 'prom-client';
import type { TurnObserved } from './engine/index.js';
import { VERDICTS } from './ids.js';

export const CHANNELS = ['slack', 'teams', 'terminal'] as const;
/** The channel label: where a turn came from. */
export type Channel = (typeof CHANNELS)[number];

/** The label value for anything outside a fixed set. */
export const OTHER = 'other';

const VERDICT_SET: ReadonlySet<string> = new Set(VERDICTS);

/** One of `intents` (the knowledge base's intent ids), or `other` (clicks, unknown values). */
export function intentLabel(value: unknown, intents: ReadonlySet<string>): string {
  return typeof value === 'string' && intents.has(value) ? value : OTHER;
}

/** A contract verdict id, or `other`. */
export function verdictLabel(value: unknown): string {
  return typeof value === 'string' && VERDICT_SET.has(value) ? value : OTHER;
}

/**
 * The channel of a conversation key or delivery id, from its fixed prefix (`slack:` / `slack-event:`, `teams:` /
 * `teams-local-activity:`); anything else is the terminal. Only the prefix is looked at, never the rest.
 */
export function channelOf(keyOrId: string): Channel {
  if (keyOrId.startsWith('slack')) return 'slack';
  if (keyOrId.startsWith('teams')) return 'teams';
  return 'terminal';
}

// Buckets in seconds. Acks: Slack's limit is 3 s, so 2.5 and 3 are edges. Turns: the engine is sub-millisecond.
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 3, 5, 10];
const TURN_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const REPLY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The runtime-advice metrics, registered on `registry` (with Node's default process metrics unless told not to). */
export class Metrics {
  readonly registry: Registry;
  private readonly messages: Counter<'channel' | 'intent'>;
  private readonly interviews: Counter<'channel'>;
  private readonly recommendations: Counter<'channel' | 'verdict'>;
  private readonly duplicates: Counter<'channel'>;
  private readonly storeErrors: Counter;
  private readonly acks: Histogram<'channel'>;
  private readonly turns: Histogram;
  private readonly replies: Histogram<'channel'>;
  /** The intent label values; empty until `useIntents` (every intent counts as `other` till then). */
  private intents: ReadonlySet<string> = new Set();

  constructor(registry: Registry, options: { defaultMetrics?: boolean } = {}) {
    this.registry = registry;
    const registers = [registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
    this.messages = new Counter({
      name: 'runtime_advice_messages_total',
      help: 'Turns the engine answered (messages and clicks), by channel and the intent of the reply (other for clicks)',
      labelNames: ['channel', 'intent'],
      registers,
    });
    this.interviews = new Counter({
      name: 'runtime_advice_interviews_started_total',
      help: 'Interviews started (a new interview id), by channel',
      labelNames: ['channel'],
      registers,
    });
    this.recommendations = new Counter({
      name: 'runtime_advice_recommendations_total',
      help: 'Replies that carried a recommendation, by channel and verdict',
      labelNames: ['channel', 'verdict'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'runtime_advice_duplicates_dropped_total',
      help: 'Deliveries dropped as repeats (Slack retries and replayed clicks, Teams re-deliveries), by channel',
      labelNames: ['channel'],
      registers,
    });
    this.storeErrors = new Counter({ name: 'runtime_advice_store_errors_total', help: 'State store operations that failed', registers });
    this.acks = new Histogram({
      name: 'runtime_advice_ack_seconds',
      help: 'From a request to /slack/events or /api/messages coming in to its response sent, by channel',
      labelNames: ['channel'],
      buckets: ACK_BUCKETS,
      registers,
    });
    this.turns = new Histogram({
      name: 'runtime_advice_turn_seconds',
      help: 'One engine turn: load state, classify, reply, save state',
      buckets: TURN_BUCKETS,
      registers,
    });
    this.replies = new Histogram({
      name: 'runtime_advice_reply_seconds',
      help: 'One call posting a reply: the Slack Web API or response_url, the Bot Framework connector; by channel',
      labelNames: ['channel'],
      buckets: REPLY_BUCKETS,
      registers,
    });
    // Every series of the fixed label sets starts at 0, so rate() and absent() work from the first scrape.
    for (const channel of CHANNELS) {
      this.messages.inc({ channel, intent: OTHER }, 0);
      for (const verdict of [...VERDICTS, OTHER]) this.recommendations.inc({ channel, verdict }, 0);
      this.interviews.inc({ channel }, 0);
      this.duplicates.inc({ channel }, 0);
    }
  }

  /** Sets the intent label values (the knowledge base's intents) and starts each series at 0. */
  useIntents(intents: readonly string[]): void {
    this.intents = new Set(intents);
    for (const channel of CHANNELS) for (const intent of intents) this.messages.inc({ channel, intent }, 0);
  }

  /** Counts one engine turn. */
  turn(t: TurnObserved): void {
    const channel = channelOf(t.key);
    this.messages.inc({ channel, intent: intentLabel(t.reply.intent, this.intents) });
    if (t.startedInterview) this.interviews.inc({ channel });
    if (t.reply.recommendation) this.recommendations.inc({ channel, verdict: verdictLabel(t.reply.recommendation.verdict) });
    this.turns.observe(t.seconds);
  }

  /** Counts a delivery dropped as a repeat; `id` is the delivery id (only its prefix is read). */
  duplicate(id: string): void {
    this.duplicates.inc({ channel: channelOf(id) });
  }

  /** Counts a failed state store operation. */
  storeError(): void {
    this.storeErrors.inc();
  }

  /** Records the time from a request coming in to its response sent. */
  ack(channel: Channel, seconds: number): void {
    this.acks.observe({ channel }, seconds);
  }

  /** Records one reply call (Web API, response_url, connector). */
  reply(channel: Channel, seconds: number): void {
    this.replies.observe({ channel }, seconds);
  }

  /** GET /metrics: the registry in Prometheus text format. */
  readonly requestListener = (_req: IncomingMessage, res: ServerResponse): void => {
    this.registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': this.registry.contentType, 'content-length': Buffer.byteLength(text) });
        res.end(text);
      },
      () => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":"metrics unavailable"}');
      },
    );
  };
}
