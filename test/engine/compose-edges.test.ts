/**
 * Reply composition at its edges: ids the knowledge base does not have (an old interview state, a stale
 * button), lists of one, a group of one, how many related topics show, and the blocks a recommendation
 * leaves out when it has nothing for them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Advice } from '../../src/engine/advice.js';
import {
  aboutQuestion,
  answerLabel,
  fill,
  groupLabel,
  orList,
  outOfScopeReply,
  questionView,
  recommendationReply,
  slotName,
  topicReply,
} from '../../src/engine/compose.js';
import type { Slot, TopicIntent } from '../../src/ids.js';
import type { Knowledge } from '../../src/knowledge/load.js';
import { adviceOf, engine } from '../helpers.js';

let k: Knowledge;
beforeAll(async () => {
  k = (await engine()).knowledge;
});

const GONE = 'retired_slot' as Slot;

const advice = (over: Partial<Advice> = {}): Advice => adviceOf({ confidence: 0.7, ...over });

describe('ids the knowledge base does not have', () => {
  it('a topic it does not know gets the fallback text', () => {
    expect(topicReply(k, 'retired_topic' as TopicIntent).blocks).toEqual([{ type: 'text', text: k.responses.fallback }]);
  });

  it('a slot it does not know is named by its id, asked by its id with no options, and explained by the fallback', () => {
    expect(slotName(k, GONE)).toBe(GONE);
    expect(groupLabel(k, GONE)).toBe('Retired_slot');
    expect(answerLabel(k, GONE, 'maybe')).toBe(fill(k.responses.answer_label, { slot: GONE, value: 'maybe' }));
    const q = questionView(k, 'i1', GONE, 1, 9);
    expect(q).toMatchObject({ slot: GONE, text: GONE, options: [] });
    const about = aboutQuestion(k, GONE, false, 'rationale');
    expect(about.blocks[0]).toEqual({ type: 'text', text: fill(k.responses.why_ask, { rationale: k.responses.fallback }) });
    expect(about.sources).toEqual([]);
  });

  it('a reason whose topic it does not know shows every figure', () => {
    const reason = { slot: 'legacy' as Slot, value: 'yes', text: 'Old', topic: 'retired_topic', sections: ['Security Considerations'], supports: true };
    const table = recommendationReply(k, advice({ reasons: [reason] })).blocks.find((b) => b.type === 'comparison');
    expect(table?.type === 'comparison' && table.rows.length).toBe(Object.keys(k.figures).length);
  });
});

describe('lists and groups', () => {
  it('"a, b or c": one item is itself, none is empty', () => {
    expect(orList(k, [])).toBe('');
    expect(orList(k, ['containers'])).toBe('containers');
    expect(orList(k, ['a', 'b', 'c'])).toBe(fill(k.responses.list_or, { items: 'a, b', last: 'c' }));
  });

  it('a group of one slot is asked as that slot alone', () => {
    const q = questionView(k, 'i1', 'legacy', 2, 9, ['legacy']);
    expect(q.multi).toBeUndefined();
    expect(q.text).toBe(k.interview.slots.legacy?.question);
    expect(q.options.map((o) => o.value)).toEqual(k.interview.slots.legacy?.options.map((o) => o.value));
  });

  it('a grouped question is keyed by its first slot, says where it is, and its hint names the position of "none"', () => {
    const group: Slot[] = ['fast_scaling', 'ci_cd', 'density'];
    const q = questionView(k, 'i1', 'microservices', 4, 8, group);
    expect(q.slot).toBe('fast_scaling');
    expect(q.progress).toBe(k.responses.question_progress.replace('{number}', '4').replace('{atMost}', '8'));
    expect(q.options.at(-1)).toEqual({ value: 'none', label: k.interview.grouped.none });
    expect(q.hint).toBe(k.responses.group_hint.replace('{none}', String(q.options.length)));
    expect(q.options.slice(0, 3).map((o) => o.label)).toEqual(group.map((s) => k.interview.slots[s]?.short));
  });
});

describe('topic answers and the out-of-scope reply', () => {
  it('shows at most `related_shown` related topics, and no "I think you mean" without a confidence', () => {
    const kk: Knowledge = { ...k, responses: { ...k.responses, related_shown: 1 } };
    const [id, topic] = Object.entries(k.topics).find(([, t]) => t.related.length > 1) ?? [];
    if (!id || !topic) throw new Error('no topic with two related topics');
    const reply = topicReply(kk, id as TopicIntent);
    expect(reply.choices).toEqual([{ label: k.topics[topic.related[0] as TopicIntent]?.title, action: { kind: 'ask', intent: topic.related[0] } }]);
    expect(reply.blocks[0]).toEqual({ type: 'heading', text: topic.title });
  });

  it('out of scope: each suggested topic is a button that asks it, then the interview', () => {
    const reply = outOfScopeReply(k);
    expect(reply.choices.map((c) => c.action)).toEqual([
      ...k.responses.out_of_scope_topics.map((t) => ({ kind: 'ask', intent: t })),
      { kind: 'ask', intent: 'recommend' },
    ]);
  });
});

describe('the recommendation card leaves out what it has nothing for', () => {
  it('no figures to compare: no comparison table', () => {
    const bare: Knowledge = { ...k, figures: {} };
    expect(recommendationReply(bare, advice()).blocks.some((b) => b.type === 'comparison')).toBe(false);
    expect(recommendationReply(k, advice()).blocks.some((b) => b.type === 'comparison')).toBe(true);
  });

  it('no flips: no "what would change it"; no hardening: no hardening sources', () => {
    const a = advice({ answers: { isolation: 'standard' } });
    const reply = recommendationReply(k, a);
    const texts = reply.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : []));
    expect(texts).not.toContain(k.responses.recommendation.changes);
    for (const s of reply.sources) expect(k.article.sections).toContain(s);
    const sources = reply.blocks.at(-1);
    expect(sources?.type === 'sources' && sources.sections).toEqual(reply.sources);
  });
});
