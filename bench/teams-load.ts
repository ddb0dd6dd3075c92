/**
 * Teams load: 1,000 real-shaped personal-chat message activities, 20 at a time, to /api/messages of
 * `runtime-advice serve` (unauthenticated: no MICROSOFT_APP_ID) and of a bare botbuilder echo bot, both real child
 * processes replying to one local fake Bot Framework connector. Replies are counted per replyToId. A third
 * subject, bench/ours-replayed.ts, splits ours' difference from the bare bot into the engine's turn and the rest.
 * Run compiled (dist/bench/teams-load.js).
 */
import { fileURLToPath } from 'node:url';
import { type Built, compareWithBare, cpuNote, LOAD_QUESTIONS, type LoadBenchOptions, openConnP99Ratio, replayedNote, warmupRuns } from './load-harness.js';
import { type Figure, round } from './types.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const BOT = { id: '28:bot-app-id', name: 'runtime-advice' };
const USERS = 200;

/** A personal-chat message activity shaped like Teams sends it; users (and so conversations) rotate over USERS. */
function teamsMessage(serviceUrl: string, run: number, n: number): Built {
  const id = String(1_700_000_000_000 + run * 10_000_000 + n);
  const u = n % USERS;
  const now = new Date().toISOString();
  const activity = {
    type: 'message',
    id,
    timestamp: now,
    localTimestamp: now,
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:1bench-user-${u}`, name: `Dev ${u}`, aadObjectId: `00000000-0000-4000-8000-${String(u).padStart(12, '0')}` },
    conversation: { conversationType: 'personal', tenantId: TENANT, id: `a:1bench-personal-conversation-${u}` },
    recipient: BOT,
    textFormat: 'plain',
    locale: 'en-US',
    text: LOAD_QUESTIONS[n % LOAD_QUESTIONS.length],
    attachments: [],
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/London' }],
    channelData: { tenant: { id: TENANT } },
  };
  return { id, body: JSON.stringify(activity), headers: { 'content-type': 'application/json' } };
}

/** The Teams load figure: ours vs a bare botbuilder echo bot, twice each, alternating. */
export async function benchTeamsLoad(options: LoadBenchOptions = {}): Promise<Figure> {
  const amount = options.amount ?? 1000;
  const connections = options.connections ?? 20;
  const c = await compareWithBare({
    bench: { replayed: true, ...options },
    amount,
    connections,
    oursEnv: () => ({}),
    bare: { name: 'bare botbuilder echo bot', script: fileURLToPath(new URL('./bare-teams.js', import.meta.url)), env: () => ({}) },
    path: '/api/messages',
    replies: (fake) => fake.teamsReplies,
    build: (fake, run, n) => teamsMessage(fake.url, run, n),
  });
  const missed = [...(c.exactlyOnce ? [] : ['every activity answered once']), ...(c.throughputRatio >= 0.85 ? [] : ['throughput >= 85% of the bare bot'])];
  return {
    name: `Teams message load: turn latency (${amount} personal-chat activities, ${connections} concurrent, 2 runs each)`,
    target: 'every activity answered once; throughput >= 85% of the bare bot',
    ours: c.ours,
    baselines: [c.bare],
    ratios: [round(c.ours.p99 / c.bare.p99, 2)],
    met: missed.length === 0,
    notes:
      `throughput ratio ${round(c.throughputRatio, 2)} (ours ${c.oursRps} / bare ${c.bareRps} req/s); ratio = ours.p99 / bare.p99; ` +
      `latency = HTTP response time of /api/messages, which both answer after the turn (reply sent); median/p99 = median over 2 runs; ` +
      `p99 without each connection's first request: ratio ${round(openConnP99Ratio(c.runs.ours, c.runs.bare), 2)}${cpuNote(c.runs.ours, c.runs.bare)}${replayedNote(c)}; ` +
      `lost, duplicated, non2xx summed over runs; all subjects are child processes replying to one fake connector on loopback, each warmed first with ${warmupRuns(options, amount)} unmeasured runs of the same size, and each measured run right after one more of its own subject; ` +
      `bare bot answered once: ${c.bare.extra?.answered_once}` +
      (missed.length > 0 ? `; missed: ${missed.join(', ')}` : ''),
  };
}
