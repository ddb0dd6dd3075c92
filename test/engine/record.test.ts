/** "Write it up" in the engine: the record action, typed requests, and validation of what buttons carry. */
import { describe, expect, it } from 'vitest';
import { parseAction } from '../../src/engine/action.js';
import { Engine } from '../../src/engine/engine.js';
import type { Answers } from '../../src/ids.js';
import type { Reply } from '../../src/reply.js';
import { MemoryStore } from '../../src/state/store.js';
import { answerUntilDone, engine } from '../helpers.js';

/** The shipped knowledge base, which button actions are checked against. */
const K = (await engine()).knowledge;

async function fresh(now = Date.UTC(2025, 5, 1, 12)): Promise<Engine> {
  const shared = await engine();
  return new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store: new MemoryStore(), now: () => now });
}

/** Clicks through an empty interview, answering each question (single or grouped) as `plan` says. */
async function interview(e: Engine, key: string, plan: Answers): Promise<Reply> {
  const first = await e.handle(key, { kind: 'action', action: { kind: 'ask', intent: 'recommend' } });
  return answerUntilDone(e, key, first, plan);
}

/** Strongest isolation and microservices: the container needs are asked as one grouped question, only microservices ticked. */
const HYBRID: Answers = { isolation: 'high', microservices: 'yes' };

describe('decision records in the engine', () => {
  it('the recommendation offers the record, whose button carries that recommendation’s answers', async () => {
    const e = await fresh();
    const card = await interview(e, 'k', HYBRID);
    const choice = card.choices.find((c) => c.label === 'Write up as a decision record');
    // The container needs left unticked in the grouped question are answered `no`, and the record carries them.
    expect(choice?.action).toEqual({
      kind: 'record',
      answers: { isolation: 'high', microservices: 'yes', fast_scaling: 'no', ci_cd: 'no', density: 'no', portability: 'no' },
    });
  });

  it.each(['write it up', 'Please write it up.', 'ADR', 'decision record'])(
    '"%s" after a recommendation gives the record of the last one, dated',
    async (text) => {
      const e = await fresh();
      await interview(e, 'k', HYBRID);
      const reply = await e.handle('k', { kind: 'text', text });
      expect(reply.document?.filename).toBe('decision-record.md');
      expect(reply.document?.markdown.startsWith('# Run the workload in containers on VM-backed infrastructure\n')).toBe(true);
      expect(reply.document?.markdown).toContain('- Date: 2025-06-01\n');
      expect(reply.blocks.map((b) => (b.type === 'text' ? b.text : '')).join()).toMatch(/decision record/);
    },
  );

  it('"write it up" before any recommendation says there is none, and starts nothing', async () => {
    const e = await fresh();
    const reply = await e.handle('k', { kind: 'text', text: 'write it up' });
    expect(reply.document).toBeUndefined();
    expect(reply.question).toBeNull();
    expect(reply.blocks).toEqual([{ type: 'text', text: K.records.none }]);
    expect(K.records.none).toMatch(/no recommendation to write up yet/);
  });

  it('a record button writes up the answers it carries, with the name the channel adds', async () => {
    const e = await fresh();
    const reply = await e.handle('k', { kind: 'action', action: { kind: 'record', answers: { legacy: 'yes', multi_os: 'yes' }, by: 'Dev One' } });
    expect(reply.document?.markdown.startsWith('# Run the workload in virtual machines\n')).toBe(true);
    expect(reply.document?.markdown).toContain('- Proposed by: Dev One\n');
  });

  it('a record click in the middle of an interview leaves the interview where it was', async () => {
    const e = await fresh();
    await interview(e, 'k', HYBRID);
    const q = (await e.handle('k', { kind: 'action', action: { kind: 'restart' } })).question;
    expect((await e.handle('k', { kind: 'action', action: { kind: 'record' } })).document).toBeDefined();
    if (!q) throw new Error('no question');
    const next = await e.handle('k', { kind: 'action', action: { kind: 'answer', interview: q.interview, slot: q.slot, value: 'high' } });
    expect(next.question?.number).toBe(2);
  });

  it.each([
    [{ kind: 'record', answers: { isolation: 'extreme' } }],
    [{ kind: 'record', answers: { nonsense: 'yes' } }],
    [{ kind: 'record', answers: ['isolation'] }],
    [{ kind: 'record', answers: 'isolation=high' }],
    [{ kind: 'record', by: 42 }],
    [{ kind: 'record', answers: null }],
    [{ kind: 'record', answers: [] }],
    [{ kind: 'record', answers: '' }],
    [{ kind: 'record', answers: 5 }],
  ])('parseAction refuses a record action that is not ours: %j', (raw) => {
    expect(parseAction(K, raw)).toBeUndefined();
  });

  it('parseAction keeps a valid record action and clips a long name', () => {
    expect(parseAction(K, { kind: 'record' })).toEqual({ kind: 'record' });
    const parsed = parseAction(K, { kind: 'record', answers: { density: 'no' }, by: 'x'.repeat(1000) });
    expect(parsed).toMatchObject({ kind: 'record', answers: { density: 'no' } });
    expect((parsed as { by: string }).by.length).toBe(200);
  });

  it('parseAction drops a name that is only spaces, and keeps a real one', () => {
    expect(parseAction(K, { kind: 'record', by: '   ' })).toEqual({ kind: 'record' });
    expect(parseAction(K, { kind: 'record', by: '' })).toEqual({ kind: 'record' });
    expect(parseAction(K, { kind: 'record', by: 'Dev One' })).toEqual({ kind: 'record', by: 'Dev One' });
  });
});
