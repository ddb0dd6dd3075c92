/**
 * The channel core on its own: one turn through a recording transport. Repeats are dropped, someone
 * else's click gets the knowledge base's note, replies go in place or as new messages (documents apart),
 * a refused send is taken again elsewhere, and any failure is logged and apologised for.
 */
import { describe, expect, it } from 'vitest';
import { runTurn, type Transport, type Turn } from '../../src/channels/turn.js';
import { Engine } from '../../src/engine/index.js';
import { createLogger } from '../../src/log.js';
import type { Reply } from '../../src/reply.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine } from '../helpers.js';

type Sent = ['send', string, boolean] | ['document', string] | ['notice', string];

async function setup(options: { failSend?: boolean } = {}) {
  const shared = await engine();
  const store = new MemoryStore();
  const bot = new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store });
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  const sent: Sent[] = [];
  const transport: Transport<Reply> = {
    render: (reply) => reply,
    send: async (reply, inPlace) => {
      if (options.failSend) throw new Error('refused');
      sent.push(['send', reply.question?.slot ?? reply.intent ?? 'none', inPlace]);
      return { where: 'here' };
    },
    document: async (doc) => void sent.push(['document', doc.filename]),
    notice: async (text) => void sent.push(['notice', text]),
  };
  const deps = { engine: bot, store, logger };
  const run = (turn: Partial<Turn> & Pick<Turn, 'ask'>, via: Transport<Reply> = transport) =>
    runTurn(deps, logger, { repeat: 'delivery', failure: 'turn failed', ...turn }, via);
  return { bot, store, lines, sent, run, transport, texts: shared.knowledge.responses };
}

const start = { kind: 'action', action: { kind: 'ask', intent: 'recommend' } } as const;

describe('runTurn', () => {
  it('answers a delivery once: a repeat of any of its ids is dropped and logged', async () => {
    const s = await setup();
    await s.run({ ids: ['ev:1', 'msg:1'], ask: { key: 'k', input: { kind: 'text', text: 'how fast do containers start?' } } });
    await s.run({ ids: ['ev:2', 'msg:1'], ask: { key: 'k', input: { kind: 'text', text: 'how fast do containers start?' } } });
    expect(s.sent).toEqual([['send', 'startup_time', false]]);
    expect(s.lines).toContainEqual(expect.objectContaining({ msg: 'duplicate delivery dropped', ids: ['ev:2', 'msg:1'] }));
    expect(s.lines.filter((l) => l.msg === 'replied')).toEqual([expect.objectContaining({ intent: 'startup_time', where: 'here' })]);
  });

  it("refuses a click on someone else's interview with the knowledge base's note, and leaves the state alone", async () => {
    const s = await setup();
    await s.run({ ask: { key: 'k', input: start } });
    const before = await s.store.load('k');
    await s.run({ owner: { of: 'U1', by: 'U2', notYours: 'not_yours' }, ask: { key: 'k', input: { kind: 'action', action: { kind: 'restart' } } } });
    expect(s.sent.at(-1)).toEqual(['notice', s.texts.not_yours]);
    expect(await s.store.load('k')).toEqual(before);
  });

  it('passes "in place" to the transport, and hands a document to it apart from messages', async () => {
    const s = await setup();
    await s.run({ ask: { key: 'k', input: start }, inPlace: true });
    await s.run({ ask: { key: 'k', input: { kind: 'action', action: { kind: 'record', answers: { legacy: 'yes' } } } } });
    expect(s.sent).toEqual([
      ['send', 'isolation', true],
      ['document', s.bot.knowledge.records.filename],
    ]);
  });

  it('says the "none" response when a stateless reply has nothing to show', async () => {
    const s = await setup();
    await s.run({ ask: { reply: async () => undefined, none: 'nothing_to_share' } });
    expect(s.sent).toEqual([['notice', s.texts.nothing_to_share]]);
  });

  it('logs a failure at error and apologises with the text of knowledge/responses.yaml; it never throws', async () => {
    const s = await setup({ failSend: true });
    await expect(s.run({ failure: 'reply failed', ask: { key: 'k', input: start } })).resolves.toBeUndefined();
    expect(s.sent).toEqual([['notice', s.texts.apology]]);
    expect(s.lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'reply failed' }));
  });

  it('takes the turn again elsewhere when the transport refuses the send and names another place', async () => {
    const s = await setup();
    const refused: Transport<Reply> = {
      ...s.transport,
      send: async () => {
        throw new Error('not_in_channel');
      },
      elsewhere: async () => ({ key: 'other', transport: s.transport, fields: { where: 'dm' } }),
    };
    await s.run({ ask: { key: 'k', input: start } }, refused);
    expect(s.sent).toEqual([['send', 'isolation', false]]);
    expect((await s.store.load('other'))?.state.interview?.current).toBe('isolation');
    expect(s.lines).toContainEqual(expect.objectContaining({ msg: 'replied', where: 'dm' }));
  });
});
