/**
 * The Slack button, slash command and Home listeners called directly with Bolt-shaped arguments: where each
 * answer goes (in place, in the thread, ephemeral, the DM), whose interview a click may touch, and replays.
 */
import { describe, expect, it } from 'vitest';
import { decodePayload as decodeValue, encodePayload as encodeValue } from '../../src/channels/payload.js';
import { type SlackDeps, slackKey } from '../../src/channels/slack/context.js';
import { onButton } from '../../src/channels/slack/listeners/actions.js';
import { onCommand } from '../../src/channels/slack/listeners/command.js';
import { homeView, onHomeOpened } from '../../src/channels/slack/listeners/home.js';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/log.js';
import type { Action } from '../../src/reply.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine } from '../helpers.js';

/** The apology every channel says when a turn fails (knowledge/responses.yaml). */
const APOLOGY = (await engine()).knowledge.responses.apology;

type Call = [string, Record<string, unknown>];
type Blocks = Array<{ type: string; elements?: Array<{ value?: string; text?: { text: string } }>; text?: { text: string } }>;

async function setup() {
  const shared = await engine();
  const store = new MemoryStore();
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  const bot = new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store });
  const deps: SlackDeps = { engine: bot, store, logger };
  const calls: Call[] = [];
  let failing = 0;
  const record = (name: string) => async (args: Record<string, unknown>) => {
    if (failing > 0) {
      failing--;
      throw new Error(`${name} failed`);
    }
    calls.push([name, args]);
    return { ok: true };
  };
  const client = { chat: { postMessage: record('postMessage'), update: record('update') }, views: { publish: record('publish') } };
  const respond = record('respond');
  const failNext = (n: number) => {
    failing = n;
  };
  return { deps, store, bot, calls, lines, client, respond, failNext, knowledge: shared.knowledge };
}

type Setup = Awaited<ReturnType<typeof setup>>;
let clicks = 0;

/** A click on a button carrying `action` for owner `o`, from `user`, in the given container. */
function click(
  s: Setup,
  action: Action | { kind: 'share' } | string,
  options: { o?: string; user?: string; container?: Record<string, unknown>; k?: string; trigger?: string; ts?: string; team?: string } = {},
) {
  clicks++;
  const value = typeof action === 'string' ? action : encodeValue({ o: options.o ?? 'U1', k: options.k ?? 'C1:1.0', a: action as Action });
  let acked = false;
  const args = {
    ack: async () => {
      acked = true;
    },
    action: { type: 'button', action_id: 'ra_c_0', value, action_ts: options.ts ?? `${clicks}.5` },
    body: {
      type: 'block_actions',
      user: { id: options.user ?? 'U1', team_id: 'TU' },
      ...(options.team === undefined ? { team: { id: 'T1' } } : {}),
      trigger_id: options.trigger ?? `trig-${clicks}`,
      container: options.container ?? { type: 'message', channel_id: 'C1', message_ts: '5.5', is_ephemeral: false },
      message: { ts: '5.5' },
    },
    client: s.client,
    respond: s.respond,
  };
  return { run: () => onButton(s.deps)(args as never), acked: () => acked };
}

/** Starts an interview for U1 in C1:1.0 and returns its first question's answer action. */
async function interview(s: Setup): Promise<Action> {
  const reply = await s.bot.handle(slackKey('T1', 'C1:1.0', 'U1'), { kind: 'text', text: 'help me choose' });
  const q = reply.question;
  if (!q) throw new Error('no question');
  return { kind: 'answer', interview: q.interview, slot: q.slot, value: 'standard' };
}

describe('Slack buttons', () => {
  it('acks, and updates the question message in place for an answer', async () => {
    const s = await setup();
    const c = click(s, await interview(s));
    await c.run();
    expect(c.acked()).toBe(true);
    expect(s.calls.map(([n]) => n)).toEqual(['update']);
    const [, args] = s.calls[0] as Call;
    expect(args).toMatchObject({ channel: 'C1', ts: '5.5' });
    expect(JSON.stringify(args.blocks)).toContain('Question 2 of at most');
    expect(s.lines).toContainEqual(expect.objectContaining({ msg: 'replied', action: 'answer', kind: 'action', channel: 'slack' }));
  });

  it('answers other buttons below, in the thread of the message', async () => {
    const s = await setup();
    await click(s, { kind: 'ask', intent: 'startup_time' }).run();
    await click(s, { kind: 'ask', intent: 'startup_time' }, { container: { type: 'message', channel_id: 'C1', message_ts: '7.7' } }).run();
    expect(s.calls.map(([n, a]) => [n, a.channel, a.thread_ts])).toEqual([
      ['postMessage', 'C1', '5.5'],
      ['postMessage', 'C1', '7.7'],
    ]);
  });

  it('keeps the thread of a threaded message', async () => {
    const s = await setup();
    await onButton(s.deps)({
      ack: async () => {},
      action: {
        type: 'button',
        action_id: 'ra_c_0',
        value: encodeValue({ o: 'U1', k: 'C1:1.0', a: { kind: 'ask', intent: 'startup_time' } }),
        action_ts: '99.9',
      },
      body: {
        user: { id: 'U1' },
        team: { id: 'T1' },
        trigger_id: 't-thread',
        container: { type: 'message', channel_id: 'C1', message_ts: '8.8' },
        message: { ts: '8.8', thread_ts: '1.0' },
      },
      client: s.client,
      respond: s.respond,
    } as never);
    expect(s.calls.map(([n, a]) => [n, a.channel, a.thread_ts])).toEqual([['postMessage', 'C1', '1.0']]);
  });

  it('in an ephemeral message, answers through response_url: in place for an answer, below otherwise, with a share button', async () => {
    const s = await setup();
    const ephemeral = { type: 'message', is_ephemeral: true, channel_id: 'C1', message_ts: '5.5' };
    await click(s, await interview(s), { container: ephemeral }).run();
    await click(s, { kind: 'why' }, { container: ephemeral }).run();
    expect(s.calls.map(([n, a]) => [n, a.response_type, a.replace_original])).toEqual([
      ['respond', 'ephemeral', true],
      ['respond', 'ephemeral', false],
    ]);
  });

  it('offers "Share to channel" under a recommendation reached privately, and shares it in the channel without buttons', async () => {
    const s = await setup();
    const ephemeral = { type: 'message', is_ephemeral: true, channel_id: 'C1', message_ts: '5.5' };
    let action: Action | undefined = await interview(s);
    let last: Record<string, unknown> = {};
    while (action) {
      await click(s, action, { container: ephemeral }).run();
      last = (s.calls.at(-1) as Call)[1];
      const values = ((last.blocks ?? []) as Blocks).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).map((e) => decodeValue(e.value)?.a);
      const answer = values.find((a) => a?.kind === 'answer');
      action = answer ? ({ ...answer, value: answer.slot === 'isolation' ? 'standard' : 'no' } as Action) : undefined;
    }
    const labels = ((last.blocks ?? []) as Blocks).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).map((e) => e.text?.text) : []));
    expect(labels).toContain('Share to channel');
    await click(s, { kind: 'share' }).run();
    const [name, shared] = s.calls.at(-1) as Call;
    expect(name).toBe('respond');
    expect(shared).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(JSON.stringify(shared.blocks)).toContain('Recommendation:');
    expect(((shared.blocks ?? []) as Blocks).some((b) => b.type === 'actions')).toBe(false);
  });

  it('sharing before any recommendation says there is none', async () => {
    const s = await setup();
    await click(s, { kind: 'share' }).run();
    expect(s.calls).toEqual([['respond', { response_type: 'ephemeral', replace_original: false, text: 'There is no recommendation to share yet.' }]]);
  });

  it('from the Home tab, answers in the DM', async () => {
    const s = await setup();
    await click(s, { kind: 'ask', intent: 'recommend' }, { container: { type: 'view', view_id: 'V1' }, k: 'dm:U1' }).run();
    expect(s.calls.map(([n, a]) => [n, a.channel])).toEqual([['postMessage', 'U1']]);
    expect((await s.store.load(slackKey('T1', 'dm:U1', 'U1')))?.state.interview?.current).toBe('isolation');
  });

  it("refuses a click on someone else's interview, privately, and changes nothing", async () => {
    const s = await setup();
    const action = await interview(s);
    const before = await s.store.load(slackKey('T1', 'C1:1.0', 'U1'));
    await click(s, action, { user: 'U2' }).run();
    expect(s.calls).toEqual([
      [
        'respond',
        {
          response_type: 'ephemeral',
          replace_original: false,
          text: 'This interview belongs to someone else. Start your own with /runtime-advice or by mentioning me.',
        },
      ],
    ]);
    expect(await s.store.load(slackKey('T1', 'C1:1.0', 'U1'))).toEqual(before);
  });

  it('a value we did not make reads as an ended interview, privately', async () => {
    const s = await setup();
    await click(s, '{"o":"U1"}').run();
    const [name, args] = s.calls[0] as Call;
    expect(name).toBe('respond');
    expect(args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(args.blocks)).toContain('That interview has ended');
  });

  it('acts on a replayed click once (same trigger_id and action_ts), but on a new click of the same button', async () => {
    const s = await setup();
    await click(s, { kind: 'ask', intent: 'startup_time' }, { trigger: 'tr', ts: '1.1' }).run();
    await click(s, { kind: 'ask', intent: 'startup_time' }, { trigger: 'tr', ts: '1.1' }).run();
    expect(s.calls).toHaveLength(1);
    expect(s.lines).toContainEqual(expect.objectContaining({ msg: 'duplicate click dropped' }));
    await click(s, { kind: 'ask', intent: 'startup_time' }, { trigger: 'tr', ts: '1.2' }).run();
    await click(s, { kind: 'ask', intent: 'startup_time' }, { trigger: 'tr2', ts: '1.1' }).run();
    expect(s.calls).toHaveLength(3);
  });

  it("keys the state by the team of the click, falling back to the user's team", async () => {
    const s = await setup();
    await click(s, { kind: 'ask', intent: 'recommend' }, { team: 'none' }).run();
    expect((await s.store.load(slackKey('TU', 'C1:1.0', 'U1')))?.state.interview).not.toBeNull();
  });

  it('apologises privately when the answer cannot be sent', async () => {
    const s = await setup();
    s.failNext(1);
    await click(s, { kind: 'ask', intent: 'startup_time' }).run();
    expect(s.calls).toEqual([['respond', { response_type: 'ephemeral', replace_original: false, text: APOLOGY }]]);
    expect(s.lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'action failed' }));
  });
});

describe('the slash command', () => {
  const command = (s: Setup, text: string, trigger = `cmd-${++clicks}`) => {
    let acked = false;
    const run = onCommand(s.deps)({
      command: { text, team_id: 'T1', channel_id: 'C9', user_id: 'U1', trigger_id: trigger },
      ack: async () => {
        acked = true;
      },
      respond: s.respond,
    } as never);
    return run.then(() => acked);
  };

  it('alone starts a private interview; with text answers the text; both shareable', async () => {
    const s = await setup();
    expect(await command(s, '')).toBe(true);
    const [name, first] = s.calls[0] as Call;
    expect(name).toBe('respond');
    expect(first.response_type).toBe('ephemeral');
    expect(JSON.stringify(first.blocks)).toContain('Question 1 of at most');
    expect((await s.store.load(slackKey('T1', 'cmd:C9', 'U1')))?.state.interview?.current).toBe('isolation');
    await command(s, '  how fast do containers start?  ');
    expect(s.lines.filter((l) => l.msg === 'replied').map((l) => l.intent)).toEqual(['recommend', 'startup_time']);
  });

  it('answers a replayed command (same trigger) once', async () => {
    const s = await setup();
    await command(s, 'hi', 'same');
    await command(s, 'hi', 'same');
    expect(s.calls).toHaveLength(1);
    expect(s.lines).toContainEqual(expect.objectContaining({ msg: 'duplicate command dropped' }));
  });

  it('apologises when the answer cannot be sent', async () => {
    const s = await setup();
    s.failNext(1);
    await command(s, 'hi');
    expect(s.calls).toEqual([['respond', { response_type: 'ephemeral', text: APOLOGY }]]);
  });
});

describe('the Home tab', () => {
  it('shows what the bot does and a button that starts the interview in the DM', async () => {
    const s = await setup();
    const view = homeView(s.deps, 'U7');
    expect(view.type).toBe('home');
    const button = view.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((e) => e.type === 'button');
    expect(button?.action_id).toBe('ra_home_start');
    expect(decodeValue(button?.value)).toEqual({ o: 'U7', k: 'dm:U7', a: { kind: 'ask', intent: 'recommend' } });
    expect(JSON.stringify(view)).toContain(`Answers come from \\"${s.knowledge.article.title.replace(/&/g, '&amp;')}\\"`);
  });

  it('publishes on the home tab only, and logs a failed publish', async () => {
    const s = await setup();
    await onHomeOpened(s.deps)({ event: { tab: 'messages', user: 'U7' }, body: { team_id: 'T1' }, client: s.client } as never);
    expect(s.calls).toEqual([]);
    await onHomeOpened(s.deps)({ event: { tab: 'home', user: 'U7' }, body: { team_id: 'T1' }, client: s.client } as never);
    expect(s.calls.map(([n, a]) => [n, a.user_id])).toEqual([['publish', 'U7']]);
    s.failNext(1);
    await onHomeOpened(s.deps)({ event: { tab: 'home', user: 'U7' }, body: { team_id: 'T1' }, client: s.client } as never);
    expect(s.lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'home publish failed' }));
  });
});
