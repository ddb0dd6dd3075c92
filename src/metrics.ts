/**
 * Prometheus metrics (prom-client) over a Registry passed in. Every label value comes from a fixed set (the
 * knowledge base's intents, the verdicts, three channels, `other`), never from what a user wrote, so a scrape
 * can neither leak message text nor grow without bound.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, collectDefaultMetrics, Histogram, type LabelValues, type Registry } from 'prom-client';
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

/** Observations kept per series before they go to prom-client in one batch. */
const BATCH = 256;

/**
 * One histogram series' observations, kept in a typed array and given to prom-client in a batch: at a scrape
 * (the histogram's collect hook) or when the batch is full. prom-client's observe converts, validates and hashes
 * the labels on every call; under load its three calls per event cost more than a batch of them in a warm loop.
 */
class Batched {
  private readonly values = new Float64Array(BATCH);
  private n = 0;

  constructor(private readonly put: (seconds: number) => void) {}

  /** Keeps one observation; a non-finite one (never from a clock) is dropped, as prom-client would refuse it. */
  add(seconds: number): void {
    if (!Number.isFinite(seconds)) return;
    this.values[this.n++] = seconds;
    if (this.n === BATCH) this.flush();
  }

  /** Gives every kept observation to prom-client. */
  flush(): void {
    const n = this.n;
    this.n = 0;
    for (let i = 0; i < n; i++) this.put(this.values[i] ?? 0);
  }
}

/** One Batched per channel, observing with one constant labels object each. */
function perChannel(histogram: Histogram<'channel'>): Record<Channel, Batched> {
  const of = (channel: Channel) => {
    const labels = { channel };
    return new Batched((seconds) => histogram.observe(labels, seconds));
  };
  return { slack: of('slack'), teams: of('teams'), terminal: of('terminal') };
}

/** A counter's counts per channel and one more label's value, added up here and given to prom-client at a scrape. */
class Tallied<N extends string> {
  private readonly counts: Record<Channel, Map<string, number>> = { slack: new Map(), teams: new Map(), terminal: new Map() };

  constructor(
    private readonly counter: Counter<'channel' | N>,
    private readonly label: N | undefined,
  ) {}

  /** Counts one; `value` is the other label's value (from a fixed set), ignored for a counter by channel only. */
  add(channel: Channel, value = ''): void {
    const m = this.counts[channel];
    m.set(value, (m.get(value) ?? 0) + 1);
  }

  /** Gives every count kept to prom-client. */
  flush(): void {
    for (const channel of CHANNELS) {
      for (const [value, n] of this.counts[channel]) {
        if (n === 0) continue;
        const labels = (this.label === undefined ? { channel } : { channel, [this.label]: value }) as LabelValues<'channel' | N>;
        this.counter.inc(labels, n);
        this.counts[channel].set(value, 0);
      }
    }
  }
}

/** The runtime-advice metrics, registered on `registry` (with Node's default process metrics unless told not to). */
export class Metrics {
  readonly registry: Registry;
  private readonly messages: Counter<'channel' | 'intent'>;
  private readonly interviews: Counter<'channel'>;
  private readonly recommendations: Counter<'channel' | 'verdict'>;
  private readonly duplicates: Counter<'channel'>;
  private readonly storeErrors: Counter;
  private readonly acks: Record<Channel, Batched>;
  private readonly turns: Batched;
  private readonly replies: Record<Channel, Batched>;
  /** Every batch and tally, flushed before any of their metrics is read. */
  private readonly batches: Array<Batched | Tallied<string>>;
  private readonly turnCounts: { messages: Tallied<'intent'>; interviews: Tallied<never>; recommendations: Tallied<'verdict'> };
  /** The intent label values; empty until `useIntents` (every intent counts as `other` till then). */
  private intents: ReadonlySet<string> = new Set();

  constructor(registry: Registry, options: { defaultMetrics?: boolean } = {}) {
    this.registry = registry;
    const registers = [registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
    const collect = () => this.flush();
    this.messages = new Counter({
      name: 'runtime_advice_messages_total',
      help: 'Turns the engine answered (messages and clicks), by channel and the intent of the reply (other for clicks)',
      labelNames: ['channel', 'intent'],
      registers,
      collect,
    });
    this.interviews = new Counter({
      name: 'runtime_advice_interviews_started_total',
      help: 'Interviews started (a new interview id), by channel',
      labelNames: ['channel'],
      registers,
      collect,
    });
    this.recommendations = new Counter({
      name: 'runtime_advice_recommendations_total',
      help: 'Replies that carried a recommendation, by channel and verdict',
      labelNames: ['channel', 'verdict'],
      registers,
      collect,
    });
    this.duplicates = new Counter({
      name: 'runtime_advice_duplicates_dropped_total',
      help: 'Deliveries dropped as repeats (Slack retries and replayed clicks, Teams re-deliveries), by channel',
      labelNames: ['channel'],
      registers,
    });
    this.storeErrors = new Counter({ name: 'runtime_advice_store_errors_total', help: 'State store operations that failed', registers });
    this.acks = perChannel(
      new Histogram({
        name: 'runtime_advice_ack_seconds',
        help: 'From a request to /slack/events or /api/messages coming in to its response sent, by channel',
        labelNames: ['channel'],
        buckets: ACK_BUCKETS,
        registers,
        collect,
      }),
    );
    const turns = new Histogram({
      name: 'runtime_advice_turn_seconds',
      help: 'One engine turn: load state, classify, reply, save state',
      buckets: TURN_BUCKETS,
      registers,
      collect,
    });
    this.turns = new Batched((seconds) => turns.observe(seconds));
    this.replies = perChannel(
      new Histogram({
        name: 'runtime_advice_reply_seconds',
        help: 'One call posting a reply: the Slack Web API or response_url, the Bot Framework connector; by channel',
        labelNames: ['channel'],
        buckets: REPLY_BUCKETS,
        registers,
        collect,
      }),
    );
    this.turnCounts = {
      messages: new Tallied(this.messages, 'intent'),
      interviews: new Tallied<never>(this.interviews, undefined),
      recommendations: new Tallied(this.recommendations, 'verdict'),
    };
    this.batches = [...Object.values(this.acks), this.turns, ...Object.values(this.replies), ...Object.values(this.turnCounts)];
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
    const counts = this.turnCounts;
    counts.messages.add(channel, intentLabel(t.reply.intent, this.intents));
    if (t.startedInterview) counts.interviews.add(channel);
    if (t.reply.recommendation) counts.recommendations.add(channel, verdictLabel(t.reply.recommendation.verdict));
    this.turns.add(t.seconds);
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
    this.acks[channel].add(seconds);
  }

  /** Records one reply call (Web API, response_url, connector). */
  reply(channel: Channel, seconds: number): void {
    this.replies[channel].add(seconds);
  }

  /** Gives every kept observation to its histogram (each histogram's collect hook, so before any read). */
  private flush(): void {
    for (const b of this.batches) b.flush();
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
