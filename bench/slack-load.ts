/**
 * Slack load: 2,000 correctly signed app_mention events, 50 at a time, against `runtime-advice serve` and a bare
 * Bolt app, both real child processes replying to one local fake Slack Web API. Ack latency and throughput come
 * from autocannon; replies are counted per thread at the fake once the load settles. A third subject,
 * bench/ours-replayed.ts, splits ours' difference from the bare app into the engine's turn and everything else.
 * Run compiled (dist/bench/slack-load.js).
 */
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Built, compareWithBare, cpuNote, LOAD_QUESTIONS, type LoadBenchOptions, openConnP99Ratio, replayedNote, warmupRuns } from './load-harness.js';
import { type Figure, round } from './types.js';

const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';

/** A correctly signed Events API envelope around one app_mention, unique by event_id and ts. */
function slackEvent(run: number, n: number): Built {
  const ts = `${1_700_000_000 + n}.${String(run).padStart(6, '0')}`;
  const now = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev0BENCH${run}R${n}`,
    event_time: now,
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-bench-${run}-${n}`,
    event: {
      type: 'app_mention',
      user: `U0BENCH${n % 50}`,
      text: `<@UBOT> ${LOAD_QUESTIONS[n % LOAD_QUESTIONS.length]}`,
      ts,
      channel: `C0BENCH${n % 5}`,
      event_ts: ts,
      team: 'T1',
      client_msg_id: `00000000-0000-4000-8000-${String(run).padStart(4, '0')}${String(n).padStart(8, '0')}`,
    },
  });
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${now}:${body}`).digest('hex')}`;
  return {
    id: ts,
    body,
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now), 'x-slack-signature': signature },
  };
}

/** The Slack load figure: ours vs a bare Bolt app, twice each, alternating. */
export async function benchSlackLoad(options: LoadBenchOptions = {}): Promise<Figure> {
  const amount = options.amount ?? 2000;
  const connections = options.connections ?? 50;
  const c = await compareWithBare({
    bench: { replayed: true, ...options },
    amount,
    connections,
    oursEnv: (fake) => ({ SLACK_BOT_TOKEN: 'xoxb-bench-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.slackApiUrl }),
    bare: {
      name: 'bare Bolt app',
      script: fileURLToPath(new URL('./bare-bolt.js', import.meta.url)),
      env: (fake) => ({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.slackApiUrl }),
    },
    path: '/slack/events',
    replies: (fake) => fake.slackPosts,
    build: (_fake, run, n) => slackEvent(run, n),
    after: (fake, figures) => {
      figures.apologies = fake.slackApologies();
    },
  });
  const p99Ratio = c.ours.p99 / c.bare.p99;
  const P99_CEILING_MS = 1000;
  const checks = {
    'every event answered exactly once': c.exactlyOnce,
    'throughput >= 85% of bare Bolt': c.throughputRatio >= 0.85,
    'p99 ack <= 1.3x bare Bolt': p99Ratio <= 1.3,
    [`p99 ack far below 3 s (<= ${P99_CEILING_MS} ms)`]: c.ours.p99 <= P99_CEILING_MS,
  };
  const missed = Object.entries(checks)
    .filter(([, ok]) => !ok)
    .map(([what]) => what);
  return {
    name: `Slack app_mention load: ack latency (${amount} signed events, ${connections} concurrent, 2 runs each)`,
    target: 'every event answered exactly once; throughput >= 85% and p99 ack <= 1.3x of the bare Bolt app; p99 ack far below 3 s',
    ours: c.ours,
    baselines: [c.bare],
    ratios: [round(p99Ratio, 2)],
    met: missed.length === 0,
    notes:
      `throughput ratio ${round(c.throughputRatio, 2)} (ours ${c.oursRps} / bare ${c.bareRps} req/s); ratio = ours.p99 / bare.p99; ` +
      `median/p99 = median over 2 runs of each run's ack latency (autocannon per-response timing, every response); lost, duplicated, non2xx summed over runs; ` +
      `p99 includes the ${connections} first requests (one per connection), which also wait for a busy server to accept their connection: ` +
      `without them the p99 ratio is ${round(openConnP99Ratio(c.runs.ours, c.runs.bare), 2)}${cpuNote(c.runs.ours, c.runs.bare)}${replayedNote(c)}; ` +
      `all subjects are child processes posting to one fake Slack Web API on loopback, each warmed first with ${warmupRuns(options, amount)} unmeasured runs of the same size, and each measured run right after one more of its own subject; ` +
      `bare Bolt answered once: ${c.bare.extra?.answered_once}` +
      (missed.length > 0 ? `; missed: ${missed.join(', ')}` : ''),
  };
}
