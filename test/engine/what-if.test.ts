/**
 * "What if" in ordinary words (CONTRACT section 6): every follow-up of an independently written set
 * changes the answers it states, and the verdict follows the scorer. Bases are chosen so that the
 * change flips the verdict and nothing is left to ask.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../src/engine/advice.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Answers } from '../../src/ids.js';
import { replyText } from '../../src/reply.js';
import type { ConversationState } from '../../src/state/store.js';
import { engine, jsonl } from '../helpers.js';

interface WhatIf {
  text: string;
  set: Record<string, string>;
}

/** Profiles to apply a change to: the first one whose verdict the change flips with nothing open is used. */
const BASES: Answers[] = [
  {
    isolation: 'standard',
    multi_os: 'no',
    legacy: 'no',
    infra_sim: 'no',
    microservices: 'yes',
    fast_scaling: 'yes',
    density: 'yes',
    ci_cd: 'yes',
    portability: 'yes',
  },
  {
    isolation: 'standard',
    multi_os: 'yes',
    legacy: 'no',
    infra_sim: 'no',
    microservices: 'no',
    fast_scaling: 'no',
    density: 'no',
    ci_cd: 'no',
    portability: 'no',
  },
  { isolation: 'high', multi_os: 'no', legacy: 'no', infra_sim: 'no', microservices: 'yes', fast_scaling: 'no', density: 'no', ci_cd: 'no', portability: 'no' },
  { isolation: 'high', multi_os: 'no', legacy: 'no', infra_sim: 'no', microservices: 'no', fast_scaling: 'no', density: 'no', ci_cd: 'no', portability: 'no' },
  {
    isolation: 'standard',
    multi_os: 'no',
    legacy: 'yes',
    infra_sim: 'no',
    microservices: 'no',
    fast_scaling: 'no',
    density: 'no',
    ci_cd: 'no',
    portability: 'no',
  },
  {
    isolation: 'standard',
    multi_os: 'no',
    legacy: 'no',
    infra_sim: 'yes',
    microservices: 'no',
    fast_scaling: 'no',
    density: 'no',
    ci_cd: 'no',
    portability: 'no',
  },
  {
    isolation: 'standard',
    multi_os: 'no',
    legacy: 'no',
    infra_sim: 'no',
    microservices: 'no',
    fast_scaling: 'no',
    density: 'no',
    ci_cd: 'no',
    portability: 'yes',
  },
];

function baseFor(e: Engine, set: Answers): Answers | undefined {
  const k = e.knowledge.interview;
  return BASES.find((b) => {
    const changed = { ...b, ...set };
    return Object.entries(set).every(([s, v]) => b[s as keyof Answers] !== v) && verdictOf(k, changed) !== verdictOf(k, b) && !e.planner.next(changed);
  });
}

function followUp(e: Engine, answers: Answers, text: string) {
  const state: ConversationState = { interview: null, last: { answers, verdict: verdictOf(e.knowledge.interview, answers) }, updatedAt: Date.now() };
  return e.turn(state, { kind: 'text', text }).reply;
}

describe('what if, in ordinary words', () => {
  const lines = jsonl<WhatIf>('whatif-dev.jsonl').filter((l) => !Object.values(l.set).includes('unsure'));

  it('the set is varied: at least 30 follow-ups, adding and removing every slot kind', () => {
    expect(lines.length).toBeGreaterThanOrEqual(30);
    const kinds = new Set(lines.flatMap((l) => Object.entries(l.set).map(([s, v]) => `${s}=${v}`)));
    for (const s of ['multi_os', 'legacy', 'infra_sim', 'fast_scaling', 'density', 'ci_cd', 'microservices', 'portability']) {
      expect(kinds.has(`${s}=yes`), `${s}=yes`).toBe(true);
      expect(kinds.has(`${s}=no`), `${s}=no`).toBe(true);
    }
    expect(kinds.has('isolation=high') && kinds.has('isolation=standard')).toBe(true);
  });

  it('each follow-up flips the verdict as the scorer says', async () => {
    const e = await engine();
    const wrong: string[] = [];
    let tried = 0;
    for (const line of lines) {
      const base = baseFor(e, line.set as Answers);
      if (!base) continue;
      tried++;
      const reply = followUp(e, base, line.text);
      const want = verdictOf(e.knowledge.interview, { ...base, ...line.set });
      if (reply.recommendation?.verdict !== want) wrong.push(`${line.text} -> ${reply.recommendation?.verdict ?? 'no verdict'} (want ${want})`);
    }
    expect(tried).toBeGreaterThanOrEqual(30);
    // A few points of slack for a learned reader on text it never saw; the misses are listed on failure.
    expect(wrong.length / tried, wrong.join('\n')).toBeLessThanOrEqual(0.1);
  });

  it('the issue examples change the right answer', async () => {
    const e = await engine();
    const containers: Answers = { isolation: 'standard', microservices: 'yes', multi_os: 'no', legacy: 'no', infra_sim: 'no' };
    const cases: Array<[string, Answers, string]> = [
      ['suppose compliance asked for hardware-level separation', containers, 'hybrid'],
      ['and if it took payments?', containers, 'hybrid'],
      ['hypothetically, with untrusted plugins', containers, 'hybrid'],
      ['what if the HIPAA part was dropped', { ...containers, isolation: 'high' }, 'containers'],
      ['would it change if the data were public', { ...containers, isolation: 'high' }, 'containers'],
    ];
    for (const [text, base, want] of cases) expect(followUp(e, base, text).recommendation?.verdict, text).toBe(want);
  });

  it('"what if we need fast scaling" after a VM recommendation changes the answer (the issue\'s example)', async () => {
    const e = await engine();
    const vms: Answers = {
      isolation: 'high',
      multi_os: 'no',
      legacy: 'no',
      infra_sim: 'no',
      microservices: 'no',
      density: 'no',
      ci_cd: 'no',
      portability: 'no',
    };
    const reply = followUp(e, vms, 'what if we need fast scaling');
    expect(reply.recommendation?.verdict).toBe('hybrid');
    expect(replyText(reply)).toContain('fast start or autoscaling: yes');
  });

  it('a change that makes a never-asked question decisive asks it before the new recommendation', async () => {
    const e = await engine();
    // Containers reached without any container question: standard isolation and no VM need settle it.
    const base: Answers = { isolation: 'standard', multi_os: 'no', legacy: 'no', infra_sim: 'no' };
    expect(e.planner.next(base)).toBeUndefined();
    const reply = followUp(e, base, 'what if it kept tax filings');
    expect(reply.recommendation).toBeNull();
    expect(reply.question?.slot).toBeDefined();
  });
});
