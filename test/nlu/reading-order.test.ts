/**
 * How the situation reader combines what it reads (`read`): a later statement of a slot wins, comma
 * pieces only add slots their clause did not state, negative values need more certainty, a change
 * message reads at the lower change threshold, and at most 300 words are read. Readers with moved
 * thresholds are restored from the shipped model, so the rules are seen apart from the model.
 */
import { describe, expect, it } from 'vitest';
import type { Slot } from '../../src/ids.js';
import type { Knowledge } from '../../src/knowledge/load.js';
import { type ReaderThresholds, SituationReader } from '../../src/nlu/situation.js';
import { engine, jsonl } from '../helpers.js';

/** The thresholds the app reads with (src/app.ts). */
function shipped(k: Knowledge): ReaderThresholds {
  return {
    unit: k.classifier.situation_threshold,
    piece: k.classifier.situation_piece_threshold,
    negative: k.classifier.situation_negative_threshold,
    change: k.classifier.situation_change_threshold,
    negated: Object.fromEntries(Object.entries(k.interview.slots).map(([slot, def]) => [slot, def.negated])),
  };
}

async function readers(change: Partial<ReaderThresholds> = {}) {
  const e = await engine();
  const base = e.extractor as SituationReader;
  const t = shipped(e.knowledge);
  const moved = SituationReader.fromJson(base.toJson(), undefined, { ...t, ...change });
  if (!moved) throw new Error('the shipped reader did not restore');
  return { base, moved, t, k: e.knowledge };
}

const texts = () => jsonl<{ text: string }>('situations-dev.jsonl').map((l) => l.text);
const keys = (m: Map<Slot, unknown>) => [...m.keys()].sort();

describe('reading order', () => {
  it('a later statement of a slot replaces an earlier one, with its own probability', async () => {
    const { base } = await readers();
    const yes = 'we run windows servers';
    const no = 'no windows at all';
    expect(base.read(yes).get('multi_os')?.value).toBe('yes');
    expect(base.read(no).get('multi_os')?.value).toBe('no');
    expect(base.read(`${yes}. ${no}`).get('multi_os')).toEqual(base.read(no).get('multi_os'));
    expect(base.read(`${no}. ${yes}`).get('multi_os')).toEqual(base.read(yes).get('multi_os'));
  });

  it('extract lists the slots in CONTRACT order, whatever order they were stated in', async () => {
    const { base } = await readers();
    const text = 'auditors want strong isolation. it is a legacy app. we need windows';
    const read = base.read(text);
    expect(new Set(read.keys())).toEqual(new Set(['isolation', 'legacy', 'multi_os']));
    expect(Object.keys(base.extract(text))).toEqual(['multi_os', 'isolation', 'legacy']);
  });

  it('reads at most 300 words', async () => {
    const { base } = await readers();
    const filler = (n: number) => Array.from({ length: n }, () => 'hello').join(' ');
    expect(base.extract(`${filler(290)}. we need windows`)).toEqual({ multi_os: 'yes' });
    expect(base.extract(`${filler(300)}. we need windows`)).toEqual({});
    expect(base.extract(`${filler(299)}. we need windows`)).toEqual({});
  });
});

describe('thresholds', () => {
  it('states a slot only at the clause threshold or above, and reads nothing when no head can be that sure', async () => {
    const { base, t } = await readers();
    for (const text of texts()) for (const r of base.read(text).values()) expect(r.p, text).toBeGreaterThanOrEqual(Math.min(t.unit, t.piece));
    const { moved } = await readers({ unit: 1.01, piece: 1.01 });
    for (const text of texts().slice(0, 40)) expect(moved.extract(text), text).toEqual({});
  });

  it('a negative value ("no", "standard") needs the negative threshold; raising it drops only negative values', async () => {
    const { base, moved, t } = await readers({ negative: 1.01 });
    let dropped = 0;
    for (const text of texts()) {
      const all = base.extract(text);
      const strict = moved.extract(text);
      for (const [slot, value] of Object.entries(strict)) expect(value, text).not.toBe(t.negated[slot as Slot]);
      for (const [slot, value] of Object.entries(all)) {
        if (value !== t.negated[slot as Slot]) continue;
        dropped++;
        expect(strict[slot as Slot], text).not.toBe(value);
      }
    }
    expect(dropped).toBeGreaterThan(10);
    expect(moved.extract('no windows at all')).toEqual({});
    expect(moved.extract('we need windows')).toEqual({ multi_os: 'yes' });
  });

  it('a change message reads at the lower change threshold: everything a statement states and more', async () => {
    const { base } = await readers();
    const changes = jsonl<{ text: string }>('whatif-dev.jsonl').map((l) => l.text);
    let more = 0;
    for (const text of [...changes, ...texts()]) {
      const statement = keys(base.read(text));
      const change = keys(base.read(text, 'change'));
      for (const k of statement) expect(change, text).toContain(k);
      if (change.length > statement.length) more++;
    }
    expect(more).toBeGreaterThan(0);
  });
});

describe('comma pieces', () => {
  it('add slots their clause did not state, and never overrule it', async () => {
    const { base, moved } = await readers({ piece: 1.01 });
    let added = 0;
    for (const text of texts()) {
      const whole = moved.read(text);
      const withPieces = base.read(text);
      for (const slot of whole.keys()) expect(withPieces.has(slot), text).toBe(true);
      if (withPieces.size > whole.size) added++;
    }
    expect(added).toBeGreaterThan(0);
    // The README's example: the clause is about two OSes, whatever its pieces say.
    expect(base.extract('windows app, host is ubuntu').multi_os).toBe('yes');
  });
});
