/** The situation reader: floors on an independently written set, the examples, and that data teaches it. */
import { describe, expect, it } from 'vitest';
import { advise } from '../../src/engine/advice.js';
import { slotsOf } from '../../src/knowledge/ids.js';
import type { SituationsData } from '../../src/knowledge/schema.js';
import { DEFAULT_MULTIHEAD } from '../../src/nlu/multihead.js';
import { SituationReader } from '../../src/nlu/situation.js';
import { type SituationLine, scoreSituations } from '../../src/nlu/situation-metrics.js';
import { engine, jsonl } from '../helpers.js';

describe('situation reader', () => {
  it('holds its floors on the separately written dev set', async () => {
    const e = await engine();
    const m = scoreSituations(
      jsonl<SituationLine>('situations-dev.jsonl'),
      slotsOf(e.knowledge.interview),
      (t) => e.extractor.extract(t),
      (a) => advise(e.knowledge.interview, a).verdict,
    );
    const misses = m.misses.map((x) => JSON.stringify(x)).join('\n');
    expect(m.total).toBeGreaterThanOrEqual(120);
    expect(m.verdictAgreement, misses).toBeGreaterThanOrEqual(0.92);
    expect(m.slots.recall, misses).toBeGreaterThanOrEqual(0.87);
    expect(m.slots.precision, misses).toBeGreaterThanOrEqual(0.92);
  });

  it.each([
    ['We need to run Windows 10, Ubuntu 18.04 and CentOS side by side on one physical server', { multi_os: 'yes' }, 'vms'],
    ['we want to run freebsd and windoes guests on one linux box', { multi_os: 'yes' }, 'vms'],
    ['kubernetes autoscaling in seconds for a service that holds health records', { fast_scaling: 'yes', isolation: 'high' }, 'hybrid'],
    ['we run code that our customers upload', { isolation: 'high' }, 'vms'],
    ['tenants must be separated at the hypervisor level', { isolation: 'high' }, 'vms'],
  ])('%s', async (text, slots, verdict) => {
    const e = await engine();
    const read = e.extractor.extract(text);
    expect(read).toMatchObject(slots);
    expect(advise(e.knowledge.interview, read).verdict).toBe(verdict);
  });

  it('reads negation, contrast and implication', async () => {
    const e = await engine();
    expect(e.extractor.extract('Linux from top to bottom, no customer data at all')).toMatchObject({ multi_os: 'no', isolation: 'standard' });
    expect(e.extractor.extract('not a legacy system, but it does hold card data')).toMatchObject({ legacy: 'no', isolation: 'high' });
    expect(e.extractor.extract('ephemeral review apps for every pull request')).toMatchObject({ ci_cd: 'yes' });
    expect(e.extractor.extract('load is spiky around ticket sales')).toMatchObject({ fast_scaling: 'yes' });
    expect(e.extractor.extract('a SOX-audited ledger')).toMatchObject({ isolation: 'high' });
    expect(e.extractor.extract('a Delphi 7 tool that needs an old Windows runtime')).toMatchObject({ legacy: 'yes' });
  });

  it('when a slot is stated twice the later statement wins', async () => {
    const e = await engine();
    expect(e.extractor.extract('it holds card data. scratch that, no customer data at all').isolation).toBe('standard');
    expect(e.extractor.extract('no customer data at all. wait, it does hold card data').isolation).toBe('high');
  });

  it('reads nothing from text that states nothing', async () => {
    const e = await engine();
    for (const t of ['the team is five people and we like go', 'hello there', 'what is a hypervisor?', '']) expect(e.extractor.extract(t)).toEqual({});
  });

  it('is taught by data: a new phrasing is learned by adding an example, not code', () => {
    const high = ['it holds card data', 'regulated health records', 'auditors demand strict separation'];
    const standard = ['nothing sensitive', 'public data only'];
    const base: SituationsData = {
      snippets: { isolation: { high, standard }, none: ['we use postgres', 'the team is small', 'we like go', 'deadline is friday'] },
      descriptions: [{ text: 'card data and a strict audit', slots: { isolation: 'high' } }],
    };
    const slots = { isolation: ['high', 'standard', 'unsure'] };
    const phrase = 'the zorblax ledger';
    const before = SituationReader.train(
      base,
      slots,
      { unit: 0.5, piece: 0.95, negative: 0.8, change: 0.5, negated: { isolation: 'standard' } },
      { ...DEFAULT_MULTIHEAD, minCount: 1, seed: 3 },
    );
    expect(before.extract(phrase).isolation).toBeUndefined();
    const taught: SituationsData = {
      ...base,
      snippets: { ...base.snippets, isolation: { high: [...high, 'a zorblax ledger'], standard } },
    };
    const after = SituationReader.train(
      taught,
      slots,
      { unit: 0.5, piece: 0.95, negative: 0.8, change: 0.5, negated: { isolation: 'standard' } },
      { ...DEFAULT_MULTIHEAD, minCount: 1, seed: 3 },
    );
    expect(after.extract(phrase).isolation).toBe('high');
  });

  it('survives a round trip through its JSON form', async () => {
    const e = await engine();
    const reader = e.extractor as SituationReader;
    const copy = SituationReader.fromJson(reader.toJson(), undefined, {
      unit: 0.5,
      piece: 0.95,
      negative: 0.8,
      change: 0.5,
      negated: { isolation: 'standard' },
    });
    const text = 'legacy windows app on linux hosts, auditors want strong isolation';
    expect(copy?.extract(text)).toEqual(reader.extract(text));
  });
});
