/**
 * Teams load: 1,000 real-shaped personal-chat message activities, 20 at a time, to /api/messages of
 * `runtime-advice serve` (unauthenticated: no MICROSOFT_APP_ID) and of a bare botbuilder echo bot, both real child
 * processes replying to one local fake Bot Framework connector. Replies are counted per replyToId.
 * Run compiled (dist/bench/teams-load.js).
 */
import { fileURLToPath } from 'node:url';
import { startFakePlatforms } from './fake-platforms.js';
import { freePort } from './redis-server.js';
import {
  allAnsweredOnce,
  type Built,
  type Child,
  CLI,
  cpuNote,
  type LoadBenchOptions,
  measureRun,
  median,
  openConnP99Ratio,
  type RunFigures,
  startChild,
  summariseRuns,
} from './slack-load.js';
import { type Figure, round } from './types.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const BOT = { id: '28:bot-app-id', name: 'runtime-advice' };
const USERS = 200;
const QUESTIONS = [
  'how fast do containers start?',
  'should I run our legacy Windows app in a VM or a container?',
  'do containers isolate tenants as well as virtual machines?',
  'is it cheaper to run 200 small services in containers or VMs?',
  'can a container run a different kernel than the host?',
  'help me choose between docker and a vm',
];

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
    text: QUESTIONS[n % QUESTIONS.length],
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
  const fake = await startFakePlatforms();
  const children: Child[] = [];
  try {
    const oursPort = await freePort();
    const ours = await startChild({
      name: 'runtime-advice serve',
      script: CLI,
      args: ['serve'],
      nodeArgs: options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [],
      env: { PORT: String(oursPort), STATE_STORE: 'memory', LOG_LEVEL: 'error' },
      ready: /serving on port \d+/,
      port: oursPort,
    });
    children.push(ours);
    const barePort = await freePort();
    const bare = await startChild({
      name: 'bare botbuilder echo bot',
      script: fileURLToPath(new URL('./bare-teams.js', import.meta.url)),
      env: { PORT: String(barePort) },
      ready: /listening on port \d+/,
      port: barePort,
    });
    children.push(bare);

    let n = 0;
    const subjects = [
      { child: ours, key: 'ours' },
      { child: bare, key: 'bare' },
    ] as const;
    const measure = (child: Child, run: number, count: number, conns: number) =>
      measureRun({
        subject: child.name,
        run,
        fake,
        cpuMs: child.cpuMs,
        replies: () => fake.teamsReplies,
        url: `${child.base}/api/messages`,
        amount: count,
        connections: conns,
        build: () => teamsMessage(fake.url, run, ++n),
      });
    // Warm-up (not measured), as for Slack.
    for (const { child } of subjects) await measure(child, 9, amount, connections);
    const runs: Record<'ours' | 'bare', RunFigures[]> = { ours: [], bare: [] };
    for (const run of [1, 2]) {
      for (const { child, key } of subjects) runs[key].push(await measure(child, run, amount, connections));
    }
    const oursM = summariseRuns('runtime-advice serve', runs.ours);
    const bareM = summariseRuns('bare botbuilder echo bot', runs.bare);
    const oursRps = median(runs.ours.map((r) => r.reqPerSec));
    const bareRps = median(runs.bare.map((r) => r.reqPerSec));
    const throughputRatio = oursRps / bareRps;
    const exactlyOnce = allAnsweredOnce(runs.ours);
    const missed = [...(exactlyOnce ? [] : ['every activity answered once']), ...(throughputRatio >= 0.8 ? [] : ['throughput >= 80% of the bare bot'])];
    return {
      name: `Teams message load: turn latency (${amount} personal-chat activities, ${connections} concurrent, 2 runs each)`,
      target: 'every activity answered once; throughput >= 80% of the bare bot',
      ours: oursM,
      baselines: [bareM],
      ratios: [round(oursM.p99 / bareM.p99, 2)],
      met: missed.length === 0,
      notes:
        `throughput ratio ${round(throughputRatio, 2)} (ours ${oursRps} / bare ${bareRps} req/s); ratio = ours.p99 / bare.p99; ` +
        `latency = HTTP response time of /api/messages, which both answer after the turn (reply sent); median/p99 = median over 2 runs; ` +
        `p99 without each connection's first request: ratio ${round(openConnP99Ratio(runs.ours, runs.bare), 2)}${cpuNote(runs.ours, runs.bare)}; ` +
        `lost, duplicated, non2xx summed over runs; both are child processes replying to one fake connector on loopback, each warmed first with one unmeasured run of the same size; ` +
        `bare bot answered once: ${bareM.extra?.answered_once}` +
        (missed.length > 0 ? `; missed: ${missed.join(', ')}` : ''),
    };
  } finally {
    for (const child of children.reverse()) await child.stop().catch(() => {});
    await fake.close();
  }
}
