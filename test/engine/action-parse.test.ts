/**
 * Button actions come back from a client that may send anything (src/engine/action.ts): every field is
 * checked for its type and against the knowledge base, so that an id that only coerces to a slot or an
 * intent (an array, a number) is stale, not acted on.
 */
import { describe, expect, it } from 'vitest';
import { parseAction } from '../../src/engine/action.js';
import { slotsOf } from '../../src/knowledge/ids.js';
import { engine } from '../helpers.js';

const k = (await engine()).knowledge;
const parse = (raw: unknown) => parseAction(k, raw);

describe('parseAction', () => {
  it('anything that is not an object is stale', () => {
    for (const raw of [null, undefined, 'cancel', 3, true]) expect(parse(raw)).toBeUndefined();
  });

  it('an answer needs a string interview, a string slot of the knowledge base and one of its values', () => {
    expect(parse({ kind: 'answer', interview: 'iv', slot: 'legacy', value: 'yes' })).toEqual({ kind: 'answer', interview: 'iv', slot: 'legacy', value: 'yes' });
    expect(parse({ kind: 'answer', interview: 'iv', slot: ['legacy'], value: 'yes' })).toBeUndefined();
    expect(parse({ kind: 'answer', interview: 7, slot: 'legacy', value: 'yes' })).toBeUndefined();
    expect(parse({ kind: 'answer', interview: 'iv', slot: 'legacy', value: 'high' })).toBeUndefined();
  });

  it('ask and revise take only string ids of the knowledge base', () => {
    expect(parse({ kind: 'ask', intent: 'recommend' })).toEqual({ kind: 'ask', intent: 'recommend' });
    expect(parse({ kind: 'ask', intent: ['recommend'] })).toBeUndefined();
    expect(parse({ kind: 'revise', slot: 'legacy' })).toEqual({ kind: 'revise', slot: 'legacy' });
    expect(parse({ kind: 'revise', slot: ['legacy'] })).toBeUndefined();
    expect(parse({ kind: 'skip', interview: 1 })).toBeUndefined();
  });

  it('a grouped answer: a string interview, at least two distinct slots, and chosen slots that are slots', () => {
    const ok = { kind: 'multi', interview: 'iv', group: ['ci_cd', 'density'], chosen: ['density'] };
    expect(parse(ok)).toEqual(ok);
    expect(parse({ ...ok, interview: 5 })).toBeUndefined();
    expect(parse({ ...ok, group: ['ci_cd'] })).toBeUndefined();
    expect(parse({ ...ok, group: ['ci_cd', 'ci_cd'] })).toBeUndefined();
    expect(parse({ ...ok, group: ['ci_cd', 'retired'] })).toBeUndefined();
    expect(parse({ ...ok, group: ['ci_cd', ['density']] })).toBeUndefined();
    expect(parse({ ...ok, group: 'ci_cd,density' })).toBeUndefined();
    expect(parse({ ...ok, chosen: ['retired'] })).toBeUndefined();
    expect(parse({ ...ok, chosen: 'density' })).toBeUndefined();
  });

  it('a group may list every slot of the knowledge base, but no more entries than that', () => {
    const all = slotsOf(k.interview);
    expect(parse({ kind: 'multi', interview: 'iv', group: all, chosen: [] })).toEqual({ kind: 'multi', interview: 'iv', group: all, chosen: [] });
    expect(parse({ kind: 'multi', interview: 'iv', group: [...all, all[0]], chosen: [] })).toBeUndefined();
  });

  it('the kinds without fields, and nothing else', () => {
    for (const kind of ['why', 'change', 'restart', 'cancel'] as const) expect(parse({ kind, extra: 1 })).toEqual({ kind });
    expect(parse({ kind: 'explode' })).toBeUndefined();
  });
});
