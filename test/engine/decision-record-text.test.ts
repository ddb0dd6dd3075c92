/**
 * The texts of a decision record: untrusted names made one harmless line, the confidence words at their
 * boundaries, the fallback lines of empty sections, and the sources the drivers add.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { confidenceLevel, escapeMarkup, escapeUserText, renderDecisionRecord } from '../../src/engine/decision-record.js';
import type { Knowledge } from '../../src/knowledge/load.js';
import { adviceOf, engine } from '../helpers.js';

let k: Knowledge;
beforeAll(async () => {
  k = (await engine()).knowledge;
});

/** A containers recommendation with the given drivers, answers and flips, nothing open. */
const advice = adviceOf;

const microservices = { slot: 'microservices', value: 'yes', text: 'It is split into microservices', topic: 'container_basics', supports: true } as const;

/** The lines under a `## ` heading, up to the next one. */
function under(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const at = lines.indexOf(`## ${heading}`);
  const end = lines.findIndex((l, i) => i > at && l.startsWith('## '));
  return lines.slice(at + 1, end === -1 ? undefined : end).filter((l) => l !== '');
}

describe('escapeUserText: a display name as one harmless line', () => {
  it.each([
    ['Dev & <Ops>', 'Dev &amp; &lt;Ops&gt;'],
    ['  Dev\n\n# One  ', 'Dev \\# One'],
    ['Dev\u2028One\u0007Two', 'Dev One Two'],
    ['Dev \t  One', 'Dev One'],
    ['*bold* _it_ [x] `c` a|b ~s~ back\\slash', '\\*bold\\* \\_it\\_ \\[x\\] \\`c\\` a\\|b \\~s\\~ back\\\\slash'],
  ])('%j -> %j', (raw, safe) => {
    expect(escapeUserText(raw)).toBe(safe);
  });

  it('keeps 80 characters, and clips a longer name to 79 and an ellipsis', () => {
    expect(escapeUserText('x'.repeat(80))).toBe('x'.repeat(80));
    expect(escapeUserText('y'.repeat(81))).toBe(`${'y'.repeat(79)}…`);
  });

  it('escapeMarkup turns the three markup characters into entities', () => {
    expect(escapeMarkup('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
  });
});

describe('confidence words', () => {
  it('a confidence exactly at a level has that level; just under it, the next one down', () => {
    const levels = k.records.levels;
    levels.forEach((l, i) => {
      expect(confidenceLevel(k, l.at_least)).toBe(l.label);
      const lower = levels[i + 1];
      if (lower) expect(confidenceLevel(k, l.at_least - 0.001)).toBe(lower.label);
    });
  });
});

describe('record sections with nothing in them', () => {
  it('without a date or a name, the status is the status alone', () => {
    const md = renderDecisionRecord(k, advice());
    expect(md).toContain(`\n## ${k.records.headings.status}\n\n${k.records.status}\n\n## ${k.records.headings.context}\n`);
  });

  it('with nothing known, the context says so; no drivers and no flips say so too', () => {
    const md = renderDecisionRecord(k, advice());
    const h = k.records.headings;
    expect(under(md, h.context)).toEqual([k.records.problem, k.records.nothing_known]);
    expect(under(md, h.drivers)).toEqual([`- ${k.records.no_drivers}`]);
    expect(under(md, h.changes)).toEqual([`- ${k.records.settled}`]);
  });

  it('an answer that drives the decision is a driver, not context; the others are context facts', () => {
    const only = renderDecisionRecord(k, advice({ reasons: [{ ...microservices, sections: ['Security Considerations'] }], answers: { microservices: 'yes' } }));
    expect(under(only, k.records.headings.context)).toEqual([k.records.problem, k.records.all_driving]);
    const more = renderDecisionRecord(
      k,
      advice({ reasons: [{ ...microservices, sections: ['Security Considerations'] }], answers: { microservices: 'yes', legacy: 'no' } }),
    );
    expect(under(more, k.records.headings.context)).toEqual([k.records.problem, k.records.known, `- ${escapeMarkup(k.records.facts.legacy?.no ?? '?')}`]);
    expect(under(more, k.records.headings.drivers)).toEqual([`- ${microservices.text}`]);
  });

  it('the article sections a driver cites are among the sources, in the article order', () => {
    const plain = under(renderDecisionRecord(k, advice()), k.records.headings.sources).filter((l) => l.startsWith('- '));
    const unused = k.article.sections.filter((s) => !plain.includes(`- ${s}`));
    expect(unused.length).toBeGreaterThanOrEqual(2);
    const cited = [...unused].reverse();
    const md = renderDecisionRecord(k, advice({ caveats: [{ ...microservices, supports: false, sections: cited }], answers: { microservices: 'yes' } }));
    const sources = under(md, k.records.headings.sources).filter((l) => l.startsWith('- '));
    expect(sources).toEqual(k.article.sections.filter((s) => plain.includes(`- ${s}`) || unused.includes(s)).map((s) => `- ${s}`));
  });
});
