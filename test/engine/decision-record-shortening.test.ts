/**
 * What a decision record drops when it would pass 4,000 characters, and in which order: first the other
 * options' extra arguments, then the tails of long lists, the answers (context) last; then a hard cut that
 * never splits an entity. The records here are rendered from a hand-built recommendation with long lists,
 * and the record's problem statement is padded to push it over the limit by a chosen amount.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Advice } from '../../src/engine/advice.js';
import { MAX_RECORD_CHARS, renderDecisionRecord } from '../../src/engine/decision-record.js';
import type { Knowledge } from '../../src/knowledge/load.js';
import { engine } from '../helpers.js';

let k: Knowledge;
beforeAll(async () => {
  k = (await engine()).knowledge;
});

const reason = (slot: string, value: string, text: string, supports = true) =>
  ({ slot, value, text, topic: 'container_basics', sections: ['Security Considerations'], supports }) as Advice['reasons'][number];

/** Hybrid, with seven drivers (five reasons, two caveats), six answers that would flip it, and two answers for the context. */
function longAdvice(): Advice {
  return {
    verdict: 'hybrid',
    confidence: 0.5,
    scores: { containers: 1, vms: 1, hybrid: 2 },
    reasons: [
      reason('isolation', 'high', 'The workload is sensitive and needs the strongest isolation there is'),
      reason('microservices', 'yes', 'The application is split into many small microservices'),
      reason('fast_scaling', 'yes', 'It must scale out within seconds when the traffic spikes'),
      reason('ci_cd', 'yes', 'Every build wants a disposable environment of its own'),
      reason('portability', 'yes', 'One image should run the same on every host we have'),
    ],
    caveats: [
      reason('legacy', 'yes', 'Parts of it depend on an old system library nobody maintains', false),
      reason('multi_os', 'yes', 'One component only runs on another operating system', false),
    ],
    open: [],
    flips: [
      { slot: 'isolation', value: 'standard', verdict: 'containers' },
      { slot: 'microservices', value: 'no', verdict: 'vms' },
      { slot: 'fast_scaling', value: 'no', verdict: 'vms' },
      { slot: 'ci_cd', value: 'no', verdict: 'vms' },
      { slot: 'portability', value: 'no', verdict: 'vms' },
      { slot: 'density', value: 'no', verdict: 'vms' },
    ],
    answers: {
      isolation: 'high',
      microservices: 'yes',
      fast_scaling: 'yes',
      ci_cd: 'yes',
      portability: 'yes',
      legacy: 'yes',
      multi_os: 'yes',
      density: 'yes',
      infra_sim: 'no',
    },
  };
}

const arg = (text: string) => ({ text, sections: ['When To Use Each Approach'] });
const steps = (what: string, n: number) => Array.from({ length: n }, (_, i) => `${what} step number ${i + 1} of the plan`);

/**
 * The knowledge base with 3 pros and 2 cons for containers, 2 and 3 for VMs, 2 and 2 for hybrid, three next steps for hybrid and four
 * hardening steps (so the counts below do not follow the shipped texts), and `pad` appended to the problem statement.
 */
function padded(pad = ''): Knowledge {
  const v = k.verdicts;
  const option = (name: string, pros: number, cons: number) => ({
    pros: Array.from({ length: pros }, (_, i) => arg(`${name} have strength number ${i + 1}, worth a line`)),
    cons: Array.from({ length: cons }, (_, i) => arg(`${name} have weakness number ${i + 1}, worth a line`)),
  });
  return {
    ...k,
    verdicts: {
      containers: { ...v.containers, ...option('containers', 3, 2) },
      vms: { ...v.vms, ...option('virtual machines', 2, 3) },
      hybrid: { ...v.hybrid, ...option('both together', 2, 2), advice: steps('Hybrid', 3) },
      hardening: { ...v.hardening, steps: steps('Hardening', 4) },
    },
    records: { ...k.records, problem: `${k.records.problem}${pad}` },
  };
}

/** The lines between a line equal to `from` and the next heading (or `until`). */
function section(md: string, from: string, until?: string): string[] {
  const lines = md.split('\n');
  const at = lines.indexOf(from);
  if (at === -1) return [];
  const rest = lines.slice(at + 1);
  const end = rest.findIndex((l) => l.startsWith('#') || l === until);
  return rest.slice(0, end === -1 ? undefined : end);
}

const count = (lines: string[], prefix: string) => lines.filter((l) => l.startsWith(`- ${prefix}`)).length;
const sides = (lines: string[]) => `${count(lines, 'Good, because')}/${count(lines, 'Bad, because')}`;

/** How many lines each shortenable list has in a record: other options (good/bad), changes, next steps, drivers, consequences, context. */
function state(md: string): string {
  const h = k.records.headings;
  const option = (v: 'containers' | 'vms') => sides(section(md, `### ${k.verdicts[v].title}`));
  const consequences = section(md, `## ${h.consequences}`, k.records.next);
  return [
    `c${option('containers')}`,
    `v${option('vms')}`,
    `ch${count(section(md, `## ${h.changes}`), '')}`,
    `nx${count(section(md, k.records.next), '')}`,
    `dr${count(section(md, `## ${h.drivers}`), '')}`,
    `cq${sides(consequences)}`,
    `cx${count(section(md, `## ${h.context}`), '')}`,
  ].join(' ');
}

describe('decision records over 4,000 characters', () => {
  it('a record of exactly 4,000 characters is kept whole', () => {
    const whole = renderDecisionRecord(padded(), longAdvice());
    expect(whole.length).toBeLessThan(MAX_RECORD_CHARS);
    const md = renderDecisionRecord(padded('x'.repeat(MAX_RECORD_CHARS - whole.length)), longAdvice());
    expect(md.length).toBe(MAX_RECORD_CHARS);
    expect(state(md)).toBe(state(whole));
    expect(md.endsWith('…\n')).toBe(false);
  });

  it('drops lines one at a time in the documented order, the answers last, until the record fits', () => {
    const whole = renderDecisionRecord(padded(), longAdvice());
    const seen: string[] = [state(whole)];
    // Every dropped line is longer than 10 characters, so 10 more characters of padding drop at most one line.
    for (let pad = MAX_RECORD_CHARS - whole.length; ; pad += 10) {
      const md = renderDecisionRecord(padded('x'.repeat(pad)), longAdvice());
      expect(md.length).toBeLessThanOrEqual(MAX_RECORD_CHARS);
      if (md.endsWith('…\n')) break;
      if (state(md) !== seen.at(-1)) seen.push(state(md));
    }
    expect(seen).toEqual([
      'c3/2 v2/3 ch6 nx7 dr7 cq2/2 cx2',
      // The other options down to one argument each way: the one with more lines first (the earlier on a tie),
      // its longer side first (good on a tie).
      'c2/2 v2/3 ch6 nx7 dr7 cq2/2 cx2',
      'c2/2 v2/2 ch6 nx7 dr7 cq2/2 cx2',
      'c1/2 v2/2 ch6 nx7 dr7 cq2/2 cx2',
      'c1/2 v1/2 ch6 nx7 dr7 cq2/2 cx2',
      'c1/1 v1/2 ch6 nx7 dr7 cq2/2 cx2',
      'c1/1 v1/1 ch6 nx7 dr7 cq2/2 cx2',
      // Then changes to 3, next steps to 3, drivers to 4.
      'c1/1 v1/1 ch5 nx7 dr7 cq2/2 cx2',
      'c1/1 v1/1 ch4 nx7 dr7 cq2/2 cx2',
      'c1/1 v1/1 ch3 nx7 dr7 cq2/2 cx2',
      'c1/1 v1/1 ch3 nx6 dr7 cq2/2 cx2',
      'c1/1 v1/1 ch3 nx5 dr7 cq2/2 cx2',
      'c1/1 v1/1 ch3 nx4 dr7 cq2/2 cx2',
      'c1/1 v1/1 ch3 nx3 dr7 cq2/2 cx2',
      'c1/1 v1/1 ch3 nx3 dr6 cq2/2 cx2',
      'c1/1 v1/1 ch3 nx3 dr5 cq2/2 cx2',
      'c1/1 v1/1 ch3 nx3 dr4 cq2/2 cx2',
      // The consequences to one each way, changes to 1, drivers to 2, next steps to 1.
      'c1/1 v1/1 ch3 nx3 dr4 cq1/2 cx2',
      'c1/1 v1/1 ch3 nx3 dr4 cq1/1 cx2',
      'c1/1 v1/1 ch2 nx3 dr4 cq1/1 cx2',
      'c1/1 v1/1 ch1 nx3 dr4 cq1/1 cx2',
      'c1/1 v1/1 ch1 nx3 dr3 cq1/1 cx2',
      'c1/1 v1/1 ch1 nx3 dr2 cq1/1 cx2',
      'c1/1 v1/1 ch1 nx2 dr2 cq1/1 cx2',
      'c1/1 v1/1 ch1 nx1 dr2 cq1/1 cx2',
      // The other options' last arguments, then drivers to 1, then the context to 1.
      'c0/1 v1/1 ch1 nx1 dr2 cq1/1 cx2',
      'c0/1 v0/1 ch1 nx1 dr2 cq1/1 cx2',
      'c0/0 v0/1 ch1 nx1 dr2 cq1/1 cx2',
      'c0/0 v0/0 ch1 nx1 dr2 cq1/1 cx2',
      'c0/0 v0/0 ch1 nx1 dr1 cq1/1 cx2',
      'c0/0 v0/0 ch1 nx1 dr1 cq1/1 cx1',
    ]);
  });

  it.each([0, 1, 2, 3, 4])('when nothing more can go, cuts at 4,000 characters without splitting an entity (offset %i)', (n) => {
    const md = renderDecisionRecord(padded(`${'x'.repeat(n)}${'&'.repeat(2000)}`), longAdvice());
    expect(md.length).toBeLessThanOrEqual(MAX_RECORD_CHARS);
    expect(md.length).toBeGreaterThan(MAX_RECORD_CHARS - 6);
    expect(md.endsWith('&amp;…\n')).toBe(true);
    expect(md).toContain(`${k.records.problem}${'x'.repeat(n)}&amp;&amp;`);
    expect(md.startsWith(`# ${k.records.titles.hybrid}\n`)).toBe(true);
  });
});
