/**
 * Decision records (MADR layout): golden files for the three verdicts and a low-confidence mixed
 * case, the shape every record keeps, the length bound and the escaping of untrusted text.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { advise } from '../../src/engine/advice.js';
import { MAX_RECORD_CHARS, renderDecisionRecord } from '../../src/engine/decision-record.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Answers } from '../../src/ids.js';
import type { Knowledge } from '../../src/knowledge/load.js';
import { engine, FIXTURES } from '../helpers.js';
import { SLOTS, valuesOf } from '../knowledge-ids.js';

let e: Engine;
let k: Knowledge;
beforeAll(async () => {
  e = await engine();
  k = e.knowledge;
});

const CASES: Array<[string, Answers, string]> = [
  ['containers', { isolation: 'standard', multi_os: 'no', legacy: 'no', infra_sim: 'no', microservices: 'yes', fast_scaling: 'yes' }, 'containers'],
  ['vms', { legacy: 'yes', multi_os: 'yes', isolation: 'high', microservices: 'no', fast_scaling: 'no', ci_cd: 'no', density: 'no', portability: 'no' }, 'vms'],
  ['hybrid', { isolation: 'high', microservices: 'yes' }, 'hybrid'],
  // Container and VM signals together, strong isolation not needed, three questions open.
  ['mixed-low-confidence', { isolation: 'standard', legacy: 'yes', microservices: 'yes', portability: 'yes' }, 'hybrid'],
];

const record = (answers: Answers, options = {}) => renderDecisionRecord(k, advise(k.interview, answers), options);

/** The `## ` headings of a record, in order. */
const headings = (md: string) => md.split('\n').filter((l) => l.startsWith('## '));

/** The bullets under one `## ` heading. */
function bulletsUnder(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const at = lines.indexOf(`## ${heading}`);
  const end = lines.findIndex((l, i) => i > at && l.startsWith('## '));
  return lines
    .slice(at + 1, end === -1 ? undefined : end)
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2));
}

/** No raw <, > or & outside the three entities: nothing in the text can form Slack or HTML markup. */
function expectNoMarkup(md: string): void {
  expect(md).not.toMatch(/[<>]/);
  expect(md.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
}

describe('decision records', () => {
  it.each(CASES)('%s matches its golden file', async (name, answers, verdict) => {
    expect(advise(k.interview, answers).verdict).toBe(verdict);
    await expect(record(answers, { date: '2025-06-01', by: 'Dev One' })).toMatchFileSnapshot(join(FIXTURES, 'records', `${name}.md`));
  });

  it.each(CASES)('%s has every MADR section, article headings as sources, and fits in 4,000 characters', (_, answers) => {
    const md = record(answers);
    const h = k.records.headings;
    expect(md.startsWith(`# ${k.records.titles[advise(k.interview, answers).verdict]}\n`)).toBe(true);
    expect(headings(md)).toEqual([h.status, h.context, h.drivers, h.options, h.outcome, h.consequences, h.changes, h.sources].map((x) => `## ${x}`));
    expect(md).toContain(`## ${h.status}\n\nproposed\n`);
    for (const v of ['containers', 'vms', 'hybrid'] as const) expect(md).toContain(`### ${k.verdicts[v].title}\n`);
    const sources = bulletsUnder(md, h.sources);
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(k.article.sections).toContain(s);
    expect(md.length).toBeLessThanOrEqual(MAX_RECORD_CHARS);
    expectNoMarkup(md);
  });

  it('says the verdict and its confidence, and for a mixed case what lowers it', () => {
    const md = record(CASES[3]?.[1] ?? {});
    const a = advise(k.interview, CASES[3]?.[1] ?? {});
    expect(a.confidence).toBeLessThan(0.5);
    expect(md).toContain(`Chosen option: "${k.verdicts.hybrid.title}".`);
    expect(md).toContain(`Confidence: ${Math.round(a.confidence * 100)}% (low).`);
    expect(md).toMatch(/Still open, which lowers the confidence: /);
    // The answer that points the other way is said plainly among the drivers.
    expect(bulletsUnder(md, k.records.headings.drivers).some((d) => d.startsWith('Pointing the other way: '))).toBe(true);
  });

  it('has no date unless one is passed in, and the same input gives the same record', () => {
    const answers = CASES[1]?.[1] ?? {};
    expect(record(answers)).not.toMatch(/\d{4}-\d{2}-\d{2}|Date:/);
    expect(record(answers, { date: '2031-12-24' })).toContain('- Date: 2031-12-24\n');
    expect(record(answers)).toBe(record(answers));
  });

  it('<, > and & in untrusted text (a display name) cannot form Slack markup, links or headings', () => {
    const by = '<!channel> <@U123|boss> & <https://evil.example|click> [x](https://evil.example) `code`\n# Heading';
    const md = record(CASES[0]?.[1] ?? {}, { by, date: '<!here>' });
    expectNoMarkup(md);
    expect(md).toContain('&lt;!channel&gt;');
    expect(md).toContain('&lt;!here&gt;');
    expect(md).not.toMatch(/^# Heading/m);
    expect(md).not.toMatch(/(?<!\\)\[x(?<!\\)\]\(/);
    expect(md).not.toContain('`code`');
  });

  it('any answers and any name: every section present, within 4,000 characters, no markup', () => {
    const answers = fc.record(Object.fromEntries(SLOTS.map((s) => [s, fc.constantFrom(...valuesOf(s))])) as Record<string, fc.Arbitrary<string>>, {
      requiredKeys: [],
    });
    fc.assert(
      fc.property(answers, fc.string({ maxLength: 300 }), (a, by) => {
        const md = record(a as Answers, { by, date: '2025-06-01' });
        expect(md.length).toBeLessThanOrEqual(MAX_RECORD_CHARS);
        expect(headings(md)).toHaveLength(8);
        expectNoMarkup(md);
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps every section when all nine answers point somewhere (the longest records)', () => {
    const all: Answers = {
      multi_os: 'yes',
      isolation: 'high',
      legacy: 'yes',
      infra_sim: 'yes',
      fast_scaling: 'yes',
      density: 'yes',
      ci_cd: 'yes',
      microservices: 'yes',
      portability: 'yes',
    };
    const md = record(all, { by: 'x'.repeat(500), date: '2025-06-01' });
    expect(md.length).toBeLessThanOrEqual(MAX_RECORD_CHARS);
    expect(headings(md)).toHaveLength(8);
    expect(bulletsUnder(md, k.records.headings.drivers).length).toBeGreaterThanOrEqual(4);
  });
});
