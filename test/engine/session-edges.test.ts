/** Interview steps at their edges (src/engine/session.ts): no question open, no interview, a known answer left undefined. */
import { describe, expect, it } from 'vitest';
import { answerLabel, baseReply, fill } from '../../src/engine/compose.js';
import { InterviewPlanner } from '../../src/engine/interview.js';
import { currentSlots, replan, type Session, startInterview } from '../../src/engine/session.js';
import type { Answers } from '../../src/ids.js';
import { engine } from '../helpers.js';

async function session(): Promise<Session> {
  const e = await engine();
  return {
    k: e.knowledge,
    planner: new InterviewPlanner(e.knowledge.interview),
    extractor: e.extractor,
    state: { interview: null, last: null, updatedAt: 0 },
    newId: () => 'id',
  };
}

describe('session edges', () => {
  it('a closed question asks no slots', () => {
    expect(currentSlots({ id: 'iv', answers: {}, asked: [], current: null, misses: 0 })).toEqual([]);
  });

  it('replan without an interview changes nothing and returns the reply as it was', async () => {
    const s = await session();
    const reply = baseReply(null, [{ type: 'text', text: 'Noted.' }]);
    const step = replan(s, { legacy: 'yes' }, reply);
    expect(step.reply).toBe(reply);
    expect(step.next).toEqual({ interview: null, last: null, updatedAt: 0 });
  });

  it('a known answer left undefined is not listed as known', async () => {
    const s = await session();
    const known = { legacy: undefined, multi_os: 'yes' } as unknown as Answers;
    const { reply } = startInterview(s, known);
    const text = reply.blocks.flatMap((b) => (b.type === 'text' && b.text ? [b.text] : []));
    expect(text).toEqual([fill(s.k.responses.interview_prefilled, { known: answerLabel(s.k, 'multi_os', 'yes') })]);
  });
});
