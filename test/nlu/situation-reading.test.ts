/** How the situation reader decides: thresholds per unit, per comma piece and for negative values, and in change mode. */
import { describe, expect, it } from 'vitest';
import { type ReaderThresholds, SituationReader } from '../../src/nlu/situation.js';
import { engine } from '../helpers.js';

const NEGATED = { isolation: 'standard', multi_os: 'no', legacy: 'no' } as const;

/** The real reader of the bundle, with other thresholds. */
async function readerWith(thresholds: Omit<ReaderThresholds, 'negated'>): Promise<SituationReader> {
  const e = await engine();
  const copy = SituationReader.fromJson((e.extractor as SituationReader).toJson(), undefined, { ...thresholds, negated: NEGATED });
  if (!copy) throw new Error('the bundle reader did not restore');
  return copy;
}

describe('situation reader decisions', () => {
  it('states a slot when its head is at least as sure as the threshold, not below', async () => {
    const e = await engine();
    const text = 'regulted helth records';
    const p = (e.extractor as SituationReader).read(text).get('isolation')?.p ?? 0;
    expect(p).toBeGreaterThan(0.9);
    expect((await readerWith({ unit: p, piece: 1, negative: 1, change: 1 })).extract(text)).toEqual({ isolation: 'high' });
    expect((await readerWith({ unit: p + 1e-9, piece: 1, negative: 1, change: 1 })).extract(text)).toEqual({});
  });

  it('asks more of a negative value: "the hipaa piece went away" is a standard isolation only at the negative threshold', async () => {
    const text = 'the hipaa piece went away';
    expect((await readerWith({ unit: 0.5, piece: 1, negative: 0.5, change: 1 })).extract(text)).toEqual({ isolation: 'standard' });
    expect((await readerWith({ unit: 0.5, piece: 1, negative: 0.99, change: 1 })).extract(text)).toEqual({});
  });

  it('in change mode, reads both positive and negative values at the change threshold', async () => {
    const strict = await readerWith({ unit: 1, piece: 1, negative: 1, change: 0.5 });
    for (const [text, slots] of [
      ['the hipaa piece went away', { isolation: 'standard' }],
      ['regulted helth records', { isolation: 'high' }],
    ] as const) {
      expect(strict.extract(text), text).toEqual({});
      expect(strict.extract(text, 'change'), text).toEqual(slots);
    }
  });

  it('reads each comma piece on its own: the last piece counts, a later piece wins, a text without pieces has none', async () => {
    // Whole units can never state a slot here: what is read comes from the pieces.
    const pieces = await readerWith({ unit: 1, piece: 0.5, negative: 0.5, change: 1 });
    expect(pieces.extract('small team, customer uploads code')).toEqual({ isolation: 'high' });
    expect(pieces.extract('no customer data, well, card data')).toEqual({ isolation: 'high' });
    expect(pieces.extract('regulted helth records')).toEqual({});
  });

  it('never lets a piece overrule what the whole unit states', async () => {
    const text = 'windows app, host is ubuntu';
    // Read alone, the pieces say one OS (ubuntu); the whole unit says two (a windows app on an ubuntu host).
    expect((await readerWith({ unit: 1, piece: 0.5, negative: 0.5, change: 1 })).extract(text)).toEqual({ multi_os: 'no' });
    expect((await readerWith({ unit: 0.8, piece: 0.5, negative: 0.5, change: 1 })).extract(text)).toEqual({ multi_os: 'yes' });
  });

  it('reads a typo exactly as the word it stands for', async () => {
    const e = await engine();
    const reader = e.extractor as SituationReader;
    for (const [typed, meant] of [
      ['we hold custmer paymnt data', 'we hold customer payment data'],
      ['regulted helth records', 'regulated health records'],
      ['our tennants upload thier own code', 'our tenants upload their own code'],
    ] as const) {
      expect(reader.read(typed), typed).toEqual(reader.read(meant));
      expect(reader.read(typed).size, typed).toBeGreaterThan(0);
    }
  });
});
