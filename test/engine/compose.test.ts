/** Reply composition from the knowledge base: topic answers, fixed responses, "did you mean", questions and the recommendation card. */
import { describe, expect, it } from 'vitest';
import { advise } from '../../src/engine/advice.js';
import {
  answerLabel,
  capitalise,
  clarificationReply,
  comparison,
  fill,
  intentLabel,
  outOfScopeReply,
  questionView,
  recommendationReply,
  responseReply,
  slotName,
  topicReply,
} from '../../src/engine/compose.js';
import type { Answers } from '../../src/ids.js';
import type { Knowledge } from '../../src/knowledge/load.js';
import type { Reply } from '../../src/reply.js';
import { engine } from '../helpers.js';

const k = async (): Promise<Knowledge> => (await engine()).knowledge;
const texts = (r: Reply) => r.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : []));
const bullets = (r: Reply, after: string) => {
  const i = r.blocks.findIndex((b) => b.type === 'text' && b.text === after);
  const next = r.blocks[i + 1];
  return i >= 0 && next?.type === 'bullets' ? next.items : undefined;
};

describe('fill and capitalise', () => {
  it('fills known placeholders and leaves unknown ones as they are', () => {
    expect(fill('{a} and {b} but {c}', { a: 'x', b: 'y' })).toBe('x and y but {c}');
    expect(fill('{a}{a}', { a: '1' })).toBe('11');
    expect(capitalise('hello')).toBe('Hello');
    expect(capitalise('')).toBe('');
  });
});

describe('topicReply', () => {
  it('heading, summary, points, the comparison of its figures, sources, and up to three related topics', async () => {
    const kb = await k();
    const t = kb.topics.overview;
    if (!t) throw new Error('no overview');
    const r = topicReply(kb, 'overview', 0.9);
    expect(r.intent).toBe('overview');
    expect(r.blocks[0]).toEqual({ type: 'heading', text: t.title });
    expect(r.blocks[1]).toEqual({ type: 'text', text: t.summary });
    expect(r.blocks[2]).toEqual({ type: 'bullets', items: t.points });
    const table = comparison(kb, t.figures);
    expect(r.blocks[3]).toEqual({
      type: 'comparison',
      rows: table.rows,
      heads: { vms: kb.responses.compare_vms, containers: kb.responses.compare_containers },
    });
    expect(table.rows).toHaveLength(t.figures.length);
    expect(r.sources).toEqual([...new Set([...t.sections, ...table.sections])]);
    expect(r.blocks.at(-1)).toEqual({ type: 'sources', sections: r.sources, text: fill(kb.responses.sources_line, { sections: r.sources.join('; ') }) });
    expect(r.choices).toEqual(t.related.slice(0, 3).map((i) => ({ label: kb.topics[i]?.title, action: { kind: 'ask', intent: i } })));
  });

  it('has no comparison when the topic has no figures', async () => {
    const kb = await k();
    expect(kb.topics.vm_basics?.figures).toEqual([]);
    expect(topicReply(kb, 'vm_basics').blocks.map((b) => b.type)).toEqual(['heading', 'text', 'bullets', 'sources']);
  });

  it('says what it thinks the question is about when unsure (below 0.5), and not otherwise', async () => {
    const kb = await k();
    const title = kb.topics.startup_time?.title.toLowerCase();
    expect(topicReply(kb, 'startup_time', 0.49).blocks[0]).toEqual({ type: 'text', text: `I think you are asking about ${title}.` });
    expect(topicReply(kb, 'startup_time', 0.5).blocks[0]?.type).toBe('heading');
    expect(topicReply(kb, 'startup_time').blocks[0]?.type).toBe('heading');
  });

  it('skips figure ids the knowledge does not have', async () => {
    const kb = await k();
    expect(comparison(kb, ['no_such_figure', 'startup_time']).rows.map((r) => r.label)).toEqual([kb.figures.startup_time?.label]);
  });
});

describe('fixed replies', () => {
  it('responseReply fills the template', async () => {
    const kb = await k();
    expect(responseReply(kb, 'greeting', 'greeting')).toEqual({
      intent: 'greeting',
      blocks: [{ type: 'text', text: kb.responses.greeting }],
      question: null,
      recommendation: null,
      choices: [],
      sources: [],
    });
  });

  it('out of scope offers three topics, in words and as buttons, and the interview', async () => {
    const kb = await k();
    const r = outOfScopeReply(kb);
    const titles = ['overview', 'isolation_security', 'startup_time'].map((t) => kb.topics[t as 'overview']?.title ?? '');
    expect(texts(r)).toEqual([
      fill(kb.responses.out_of_scope, { topics: `${titles[0]?.toLowerCase()}, ${titles[1]?.toLowerCase()} or ${titles[2]?.toLowerCase()}` }),
    ]);
    expect(r.choices.map((c) => c.label)).toEqual([...titles, 'Help me choose']);
    expect(r.choices.at(-1)?.action).toEqual({ kind: 'ask', intent: 'recommend' });
    expect(r.intent).toBe('out_of_scope');
  });

  it('names intents for "did you mean": topics by title, the others in words', async () => {
    const kb = await k();
    expect(intentLabel(kb, 'density')).toBe(kb.topics.density?.title.toLowerCase());
    expect(intentLabel(kb, 'recommend')).toBe('a recommendation for your workload');
    expect(intentLabel(kb, 'restart')).toBe('starting the interview over');
    expect(intentLabel(kb, 'out_of_scope')).toBe('out_of_scope');
    const r = clarificationReply(kb, ['recommend', 'help']);
    expect(texts(r)).toEqual([fill(kb.responses.clarification, { choices: 'a recommendation for your workload or what I can do' })]);
    expect(r.choices).toEqual([
      { label: 'A recommendation for your workload', action: { kind: 'ask', intent: 'recommend' } },
      { label: 'What I can do', action: { kind: 'ask', intent: 'help' } },
    ]);
  });
});

describe('questions and answer labels', () => {
  it('a question shows its text, its options and where it is in the interview', async () => {
    const kb = await k();
    const def = kb.interview.slots.legacy;
    expect(questionView(kb, 'iv', 'legacy', 2, 4)).toEqual({
      slot: 'legacy',
      interview: 'iv',
      text: def?.question,
      options: def?.options.map((o) => ({ value: o.value, label: o.label })),
      number: 2,
      atMost: 4,
      progress: fill(kb.responses.question_progress, { number: '2', atMost: '4' }),
    });
  });

  it('labels an answer with the slot name and the option label in lower case', async () => {
    const kb = await k();
    expect(answerLabel(kb, 'isolation', 'high')).toBe(`${slotName(kb, 'isolation')}: yes, strongest isolation`);
    expect(answerLabel(kb, 'legacy', 'odd')).toBe(`${slotName(kb, 'legacy')}: odd`);
    expect(slotName(kb, 'legacy')).toBe(kb.interview.slots.legacy?.name);
  });
});

describe('recommendationReply', () => {
  const many: Answers = { microservices: 'yes', fast_scaling: 'yes', density: 'yes', ci_cd: 'yes', portability: 'yes', isolation: 'standard' };

  it('heading with the confidence in per cent, the summary, the reasons with their sections, and three buttons', async () => {
    const kb = await k();
    const advice = advise(kb.interview, many);
    const r = recommendationReply(kb, advice);
    const v = kb.verdicts[advice.verdict];
    const headline = `Recommendation: ${v.title} (confidence ${Math.round(advice.confidence * 100)}%)`;
    expect(r.blocks[0]).toEqual({ type: 'heading', text: headline });
    expect(r.blocks[1]).toEqual({ type: 'text', text: v.summary });
    const lines = advice.reasons.map((x) => `${x.text} (${x.sections.join('; ')})`);
    const shown = kb.interview.shown.reasons;
    expect(advice.reasons.length).toBeGreaterThan(shown);
    expect(bullets(r, 'Why:')).toEqual(lines.slice(0, shown));
    expect(r.recommendation).toEqual({ verdict: advice.verdict, title: v.title, headline, confidence: advice.confidence, reasons: lines });
    expect(r.choices.map((c) => c.action)).toEqual([{ kind: 'why' }, { kind: 'change' }, { kind: 'restart' }, { kind: 'record', answers: many }]);
    expect(r.choices.at(-1)?.label).toBe(kb.records.button);
    expect(r.sources).toEqual(expect.arrayContaining([...v.sections, ...advice.reasons.flatMap((x) => x.sections)]));
    expect(r.blocks.at(-1)).toEqual({ type: 'sources', sections: r.sources, text: fill(kb.responses.sources_line, { sections: r.sources.join('; ') }) });
    expect(r.intent).toBeNull();
  });

  it('detailed ("why?"): every reason, what to do, and up to `changes_detailed` changes instead of `changes`', async () => {
    const kb = await k();
    const { changes, changes_detailed } = kb.interview.shown;
    const advice = advise(kb.interview, { microservices: 'yes' });
    expect(advice.flips.length).toBeGreaterThan(changes);
    expect(changes_detailed).toBeGreaterThan(changes);
    const short = recommendationReply(kb, advice);
    const long = recommendationReply(kb, advice, { detailed: true });
    expect(bullets(short, 'What would change it:')).toHaveLength(changes);
    expect(bullets(long, 'What would change it:')).toHaveLength(Math.min(changes_detailed, advice.flips.length));
    const f = advice.flips[0];
    if (!f) throw new Error('no flip');
    expect(bullets(short, 'What would change it:')?.[0]).toBe(
      `${capitalise(answerLabel(kb, f.slot, f.value))} would make it ${kb.verdicts[f.verdict].title.toLowerCase()}`,
    );
    expect(bullets(long, 'What to do:')).toEqual(kb.verdicts[advice.verdict].advice);
    expect(bullets(short, 'What to do:')).toBeUndefined();
    const all = recommendationReply(kb, advise(kb.interview, many), { detailed: true });
    expect(bullets(all, 'Why:')).toHaveLength(advise(kb.interview, many).reasons.length);
  });

  it('says plainly when nothing supports the verdict, and which questions are still open', async () => {
    const kb = await k();
    const advice = advise(kb.interview, {});
    const r = recommendationReply(kb, advice);
    expect(texts(r)).toContain('Nothing you told me points strongly either way, so this leans on the lighter default.');
    expect(texts(r)).not.toContain('Why:');
    expect(advice.open.length).toBeGreaterThan(0);
    expect(texts(r)).toContain(`Still open, which lowers the confidence: ${advice.open.map((s) => slotName(kb, s)).join(', ')}.`);
    expect(texts(recommendationReply(kb, advise(kb.interview, { ...many, multi_os: 'no', legacy: 'no', infra_sim: 'no' })))).not.toContainEqual(
      expect.stringMatching(/^Still open/),
    );
  });

  it('lists the answers that point the other way', async () => {
    const kb = await k();
    const advice = advise(kb.interview, { ...many, legacy: 'yes' });
    expect(advice.caveats.length).toBeGreaterThan(0);
    expect(bullets(recommendationReply(kb, advice), 'Pointing the other way:')).toEqual(advice.caveats.map((c) => `${c.text} (${c.sections.join('; ')})`));
    expect(bullets(recommendationReply(kb, advise(kb.interview, many)), 'Pointing the other way:')).toBeUndefined();
  });

  it('adds the hardening steps for hybrid, and for containers unless isolation is standard', async () => {
    const kb = await k();
    const heading = `${kb.verdicts.hardening.title}:`;
    const hybrid = advise(kb.interview, { microservices: 'yes', isolation: 'high' });
    expect(hybrid.verdict).toBe('hybrid');
    expect(bullets(recommendationReply(kb, hybrid), heading)).toEqual(kb.verdicts.hardening.steps);
    expect(recommendationReply(kb, hybrid).sources).toEqual(expect.arrayContaining(kb.verdicts.hardening.sections));
    const unsure = advise(kb.interview, { microservices: 'yes', isolation: 'unsure' });
    expect(unsure.verdict).toBe('containers');
    expect(bullets(recommendationReply(kb, unsure), heading)).toEqual(kb.verdicts.hardening.steps);
    expect(bullets(recommendationReply(kb, advise(kb.interview, many)), heading)).toBeUndefined();
    const vms = advise(kb.interview, { multi_os: 'yes', legacy: 'yes' });
    expect(vms.verdict).toBe('vms');
    expect(bullets(recommendationReply(kb, vms), heading)).toBeUndefined();
  });

  it('shows the figures of the topics behind its reasons, or every figure when there are none', async () => {
    const kb = await k();
    const none = recommendationReply(kb, advise(kb.interview, {}));
    const table = none.blocks.find((b) => b.type === 'comparison');
    expect(table?.type === 'comparison' && table.rows.length).toBe(Object.keys(kb.figures).length);
    const some = advise(kb.interview, many);
    const ids = [...new Set(some.reasons.flatMap((r) => kb.topics[r.topic as 'os_support']?.figures ?? []))];
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(Object.keys(kb.figures).length);
    const rows = recommendationReply(kb, some).blocks.find((b) => b.type === 'comparison');
    expect(rows?.type === 'comparison' && rows.rows.map((r) => r.label)).toEqual(ids.map((id) => kb.figures[id]?.label));
  });

  it('puts an intro first when given', async () => {
    const kb = await k();
    expect(recommendationReply(kb, advise(kb.interview, many), { intro: 'With that change...' }).blocks[0]).toEqual({
      type: 'text',
      text: 'With that change...',
    });
  });
});
