/**
 * Edge rules of typed-answer reading (src/engine/answers.ts) that the shipped questions do not show on
 * their own: slots whose options come in another order (the negative or "not sure" first), one-letter
 * synonyms, fillers before a lead, label matching (longest first, punctuation without spaces, labels that
 * are only punctuation, "just" inside the text), numbers out of range, and question marks inside a text.
 */
import { describe, expect, it } from 'vitest';
import { BAD_NUMBER, exactAnswer, exactGroup, freeGroup, leading, looksLikeQuestion, mentions, valueFor } from '../../src/engine/answers.js';
import type { Slot } from '../../src/ids.js';
import type { SlotDef } from '../../src/knowledge/schema.js';

/** A yes/no slot as a knowledge base could define it: options in the order given, `no` the negated one. */
function def(values: string[], synonyms: Record<string, string[]> = {}, negated = 'no'): SlotDef {
  return {
    name: 'gpu passthrough',
    kind: 'vm',
    question: 'Does it need the GPU?',
    rationale: 'r',
    explanation: 'e',
    topic: 't',
    sections: [],
    options: values.map((value) => ({ value, label: value === 'unsure' ? 'Not sure' : value.toUpperCase(), synonyms: synonyms[value] ?? [] })),
    weights: {},
    reasons: {},
    negated,
    extract: {},
  } as SlotDef;
}

describe('yes and no whatever the option order', () => {
  it('"yes" is the option that is neither "not sure" nor the negated one, even listed last', () => {
    const unsureFirst = def(['unsure', 'no', 'yes']);
    expect(exactAnswer('yeah', unsureFirst)).toBe('yes');
    expect(exactAnswer('nope', unsureFirst)).toBe('no');
    expect(valueFor(unsureFirst, 'yes')).toBe('yes');
    const noFirst = def(['no', 'yes']);
    expect(exactAnswer('sure', noFirst)).toBe('yes');
    expect(valueFor(noFirst, 'yes')).toBe('yes');
    expect(valueFor(noFirst, 'unsure')).toBeUndefined();
  });

  it('trailing punctuation after a space still leaves an exact answer', () => {
    expect(exactAnswer('yes .', def(['yes', 'no']))).toBe('yes');
  });
});

describe('mentions and leads', () => {
  it('one-letter synonyms never count as naming the subject', () => {
    const d = def(['yes', 'no'], { yes: ['g', 'graphics card'] });
    expect(mentions('we do g things', d)).toBe(false);
    expect(mentions('we do need a graphics card', d)).toBe(true);
  });

  it('fillers before the lead are skipped ("well, no ...")', () => {
    expect(leading('well, no, one os is enough')).toEqual({ said: 'no', words: 1, rest: 'one os is enough' });
    expect(leading('hmm yes')).toEqual({ said: 'yes', words: 1, rest: '' });
    // Punctuation before the lead ("... no", ": yes we do") is no word.
    expect(leading('... no')).toEqual({ said: 'no', words: 1, rest: '' });
    expect(leading(': yes we do')).toEqual({ said: 'yes', words: 1, rest: 'we do' });
  });
});

describe('grouped labels', () => {
  const GROUP: Slot[] = ['ci_cd', 'density', 'portability'];
  const labels = new Map<Slot, string[]>([
    ['ci_cd', ['ci']],
    ['density', ['ci cd']],
    ['portability', ['...', 'portable']],
  ]);

  it('the longest label wins over a shorter one inside it', () => {
    expect(exactGroup('ci cd', GROUP, labels)).toEqual({ ci_cd: 'no', density: 'yes', portability: 'no' });
    expect(exactGroup('ci and ci cd', GROUP, labels)).toEqual({ ci_cd: 'yes', density: 'yes', portability: 'no' });
  });

  it('labels joined by punctuation without spaces are read; a label that is only punctuation never matches', () => {
    expect(exactGroup('ci,portable', GROUP, labels)).toEqual({ ci_cd: 'yes', density: 'no', portability: 'yes' });
    expect(exactGroup('ci', GROUP, labels)).toEqual({ ci_cd: 'yes', density: 'no', portability: 'no' });
  });

  it('joiners alone tick nothing, and a leading "just" is dropped only at the start', () => {
    expect(exactGroup('and', GROUP, labels)).toBeUndefined();
    expect(exactGroup('just portable', GROUP, labels)).toEqual({ ci_cd: 'no', density: 'no', portability: 'yes' });
    expect(exactGroup('ci and just portable', GROUP, labels)).toBeUndefined();
  });

  it('a number out of range is a bad number, even alongside one in range', () => {
    expect(exactGroup('1 9', GROUP, labels)).toBe(BAD_NUMBER);
    expect(exactGroup('9', GROUP, labels)).toBe(BAD_NUMBER);
    // The number of "None of these" counts only on its own.
    expect(exactGroup('4', GROUP, labels)).toEqual({ ci_cd: 'no', density: 'no', portability: 'no' });
    expect(exactGroup('4 1', GROUP, labels)).toBe(BAD_NUMBER);
  });

  it('free text keeps each listed need as read, yes or not', () => {
    expect(freeGroup('x', GROUP, { ci_cd: 'yes', density: 'unsure' })).toEqual({ ci_cd: 'yes', density: 'unsure', portability: 'no' });
  });
});

describe('looksLikeQuestion: only a final question mark counts', () => {
  it.each([
    ['no? we run one os', false],
    ['it is fine?no', false],
    ['it is fine ?', true],
  ])('%s: %s', (text, expected) => {
    expect(looksLikeQuestion(text)).toBe(expected);
  });
});

describe('option names are made bare once per question, not on every answer', () => {
  /** `def` whose options count how often their names are read. */
  function counted(): { slot: SlotDef; reads: () => number } {
    const slot = def(['yes', 'no', 'unsure'], { yes: ['we do'], no: ['we do not'] });
    let reads = 0;
    slot.options = slot.options.map((o) => {
      const { synonyms, ...rest } = o;
      return Object.defineProperty({ ...rest }, 'synonyms', {
        enumerable: true,
        get: () => {
          reads++;
          return synonyms;
        },
      }) as typeof o;
    });
    return { slot, reads: () => reads };
  }

  it('exactAnswer and mentions read the names the first time only, and still match every name', () => {
    const { slot, reads } = counted();
    expect(exactAnswer('we do', slot)).toBe('yes');
    const first = reads();
    expect(first).toBeGreaterThan(0);
    expect(exactAnswer('We do not!', slot)).toBe('no');
    expect(exactAnswer('YES', slot)).toBe('yes');
    expect(exactAnswer('maybe later', slot)).toBeUndefined();
    expect(mentions('so gpu passthrough matters', slot)).toBe(true);
    expect(mentions('nothing here', slot)).toBe(false);
    expect(reads()).toBe(first);
  });

  it('a question defined anew is read anew (the memo is per question object)', () => {
    const a = counted();
    const b = counted();
    b.slot.options[0] = { ...b.slot.options[0], synonyms: ['affirm'] } as SlotDef['options'][number];
    expect(exactAnswer('affirm', b.slot)).toBe('yes');
    expect(exactAnswer('affirm', a.slot)).toBeUndefined();
  });

  it('grouped labels are made bare once per labels map and still match', () => {
    const labels = new Map<Slot, string[]>([
      ['ci_cd' as Slot, ['CI/CD pipelines']],
      ['microservices' as Slot, ['Micro-services']],
    ]);
    const group = ['ci_cd', 'microservices'] as Slot[];
    expect(exactGroup('ci cd pipelines and micro-services', group, labels)).toEqual({ ci_cd: 'yes', microservices: 'yes' });
    let reads = 0;
    const spied = new Map([...labels].map(([slot, names]) => [slot, names]));
    // Every way to read the map is counted: a lookup per label, or a pass over all of them.
    const get = spied.get.bind(spied);
    spied.get = (slot: Slot) => {
      reads++;
      return get(slot);
    };
    const entries = spied[Symbol.iterator].bind(spied);
    spied[Symbol.iterator] = () => {
      reads++;
      return entries();
    };
    expect(exactGroup('micro-services', group, spied)).toEqual({ ci_cd: 'no', microservices: 'yes' });
    const after = reads;
    expect(after).toBeGreaterThan(0);
    expect(exactGroup('ci cd pipelines', group, spied)).toEqual({ ci_cd: 'yes', microservices: 'no' });
    expect(reads).toBe(after);
  });
});
