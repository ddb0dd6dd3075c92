/**
 * The channel turn at its edges: transports that have nowhere to say a notice, a stateless turn with nothing to
 * show, what a failure and a reply log (the error itself, a record delivery, the latency), and a refused send
 * with no other place to go.
 */
import { describe, expect, it } from 'vitest';
import { repliesInPlace, runTurn, type Transport, type Turn } from '../../src/channels/turn.js';
import { Engine } from '../../src/engine/index.js';
import { createLogger } from '../../src/log.js';
import type { Reply } from '../../src/reply.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine } from '../helpers.js';
import { reply } from './reply-fixtures.js';

async function setup() {
  const shared = await engine();
  const store = new MemoryStore();
  const bot = new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store });
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  const notices: string[] = [];
  const sent: Reply[] = [];
  /** A transport that sends, or refuses with `refused`; it says notices only when `withNotice`. */
  const transport = (options: { refuse?: boolean; withNotice?: boolean } = {}): Transport<Reply> => ({
    render: (r) => r,
    send: async (r) => {
      if (options.refuse) throw new Error('refused');
      sent.push(r);
      return undefined;
    },
    ...(options.withNotice === false ? {} : { notice: async (text: string) => void notices.push(text) }),
  });
  const run = (turn: Partial<Turn> & Pick<Turn, 'ask'>, via: Transport<Reply>) =>
    runTurn({ engine: bot, store, logger }, logger, { repeat: 'delivery', failure: 'turn failed', ...turn }, via);
  return { lines, notices, sent, transport, run, texts: shared.knowledge.responses };
}

const start = { kind: 'action', action: { kind: 'ask', intent: 'recommend' } } as const;
const errors = (lines: Array<Record<string, unknown>>) => lines.filter((l) => l.level === 'error');

describe('runTurn with a transport that has nowhere to say a notice', () => {
  it("drops someone else's click quietly: logged at info, no error", async () => {
    const s = await setup();
    await expect(
      s.run({ owner: { of: 'U1', by: 'U2', notYours: 'not_yours' }, ask: { key: 'k', input: start } }, s.transport({ withNotice: false })),
    ).resolves.toBeUndefined();
    expect(s.lines).toEqual([expect.objectContaining({ level: 'info', msg: "click on another user's interview" })]);
    expect(s.sent).toEqual([]);
  });

  it('says nothing for a stateless reply with nothing to show, and logs no error', async () => {
    const s = await setup();
    await s.run({ ask: { reply: () => undefined, none: 'nothing_to_share' } }, s.transport({ withNotice: false }));
    expect(errors(s.lines)).toEqual([]);
  });

  it('logs a failure and still never throws', async () => {
    const s = await setup();
    await expect(s.run({ ask: { key: 'k', input: start } }, s.transport({ refuse: true, withNotice: false }))).resolves.toBeUndefined();
    expect(errors(s.lines)).toEqual([expect.objectContaining({ msg: 'turn failed', err: expect.objectContaining({ message: 'refused' }) })]);
  });
});

describe('runTurn: what it says and logs', () => {
  it('sends no notice when a stateless reply has nothing to show and names no response', async () => {
    const s = await setup();
    await s.run({ ask: { reply: async () => undefined } }, s.transport());
    await s.run({ ask: { reply: async () => undefined, none: undefined } }, s.transport());
    expect(s.notices).toEqual([]);
    expect(s.lines).toEqual([]);
  });

  it('logs the error of a refused send when there is no other place to answer, and apologises', async () => {
    const s = await setup();
    for (const elsewhere of [undefined, async () => undefined]) {
      s.lines.length = 0;
      await s.run({ ask: { key: 'k', input: start } }, { ...s.transport({ refuse: true }), ...(elsewhere ? { elsewhere } : {}) });
      expect(errors(s.lines)).toEqual([expect.objectContaining({ msg: 'turn failed', err: expect.objectContaining({ name: 'Error', message: 'refused' }) })]);
    }
    expect(s.notices).toEqual([s.texts.apology, s.texts.apology]);
  });

  it('takes a stateless reply nowhere else: a refused send of it is the failure', async () => {
    const s = await setup();
    let asked = false;
    const elsewhere = async () => {
      asked = true;
      return { key: 'other', transport: s.transport(), fields: {} };
    };
    await s.run({ ask: { reply: () => reply([{ type: 'text', text: 'shared' }]) } }, { ...s.transport({ refuse: true }), elsewhere });
    expect(asked).toBe(false);
    expect(s.sent).toEqual([]);
    expect(errors(s.lines)).toEqual([expect.objectContaining({ err: expect.objectContaining({ message: 'refused' }) })]);
  });

  it('marks a delivered document as a record in the log line', async () => {
    const s = await setup();
    const withDocument: Transport<Reply> = { ...s.transport(), document: async () => ({ file: 'F1' }) };
    const doc = { filename: 'decision.md', title: 'Decision', markdown: '# Decision' };
    await s.run({ ask: { reply: () => reply([], { document: doc }) } }, withDocument);
    expect(s.lines).toEqual([expect.objectContaining({ msg: 'replied', record: true, file: 'F1' })]);
    expect(s.sent).toEqual([]);
  });

  it('logs the latency of the turn: what it took, no more', async () => {
    const s = await setup();
    const before = performance.now();
    await s.run(
      {
        ask: {
          reply: async () => {
            await new Promise((resolve) => setTimeout(resolve, 20));
            return reply([{ type: 'text', text: 'late' }]);
          },
        },
      },
      s.transport(),
    );
    const took = performance.now() - before;
    const latency = s.lines.find((l) => l.msg === 'replied')?.latency_ms as number;
    expect(latency).toBeGreaterThanOrEqual(15);
    expect(latency).toBeLessThanOrEqual(Math.ceil(took));
  });
});

describe('repliesInPlace', () => {
  it('replaces the clicked message for an interview answer, a skip or a grouped answer, and for nothing else', () => {
    expect(['answer', 'skip', 'multi'].map(repliesInPlace)).toEqual([true, true, true]);
    expect(['ask', 'why', 'change', 'revise', 'restart', 'cancel', 'record', 'share', undefined, null, 7].map(repliesInPlace)).toEqual(Array(11).fill(false));
  });
});
