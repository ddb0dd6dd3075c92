/** Typed answers to an interview question: numbers, labels, yes/no words, free text, grouped questions. */
import { describe, expect, it } from 'vitest';
import { BAD_NUMBER, bare, exactAnswer, exactGroup, freeAnswer, freeGroup, leading, looksLikeQuestion, mentions, valueFor } from '../../src/engine/answers.js';
import { groupLabelsOf } from '../../src/engine/interview-turn.js';
import type { Slot } from '../../src/ids.js';
import type { SlotDef } from '../../src/knowledge/schema.js';
import { engine } from '../helpers.js';

async function slot(name: Slot): Promise<SlotDef> {
  const def = (await engine()).knowledge.interview.slots[name];
  if (!def) throw new Error(`no ${name}`);
  return def;
}

const GROUP: Slot[] = ['microservices', 'fast_scaling', 'ci_cd'];

describe('bare', () => {
  it('drops trailing punctuation and one polite word at either end', () => {
    expect(bare('Yes.')).toBe('yes');
    expect(bare('no!!,;')).toBe('no');
    expect(bare('please go back')).toBe('go back');
    expect(bare('pls skip')).toBe('skip');
    expect(bare('go back please')).toBe('go back');
    expect(bare('skip thanks.')).toBe('skip');
    expect(bare('restart thank you')).toBe('restart');
    expect(bare('...')).toBe('');
    expect(bare('what? really')).toBe('what? really');
  });
});

describe('exactAnswer', () => {
  it('a number picks that option; a number with no option behind it is a bad number', async () => {
    const def = await slot('legacy');
    expect(exactAnswer('1', def)).toBe('yes');
    expect(exactAnswer(' 3. ', def)).toBe('unsure');
    expect(exactAnswer('0', def)).toBe(BAD_NUMBER);
    expect(exactAnswer('4', def)).toBe(BAD_NUMBER);
    expect(exactAnswer('1 2', def)).toBe(BAD_NUMBER);
    expect(exactAnswer('2x', def)).toBeUndefined();
  });

  it('an option value, label or synonym picks that option', async () => {
    const def = await slot('isolation');
    expect(exactAnswer('high', def)).toBe('high');
    expect(exactAnswer('Yes, strongest isolation', def)).toBe('high');
    expect(exactAnswer('regulated', def)).toBe('high');
    expect(exactAnswer('not sensitive', def)).toBe('standard');
    expect(exactAnswer('Not sure', def)).toBe('unsure');
  });

  it('yes and no words mean the positive and the negated option, whatever the values are called', async () => {
    const isolation = await slot('isolation');
    const legacy = await slot('legacy');
    expect(exactAnswer('yep', isolation)).toBe('high');
    expect(exactAnswer('absolutely', legacy)).toBe('yes');
    expect(exactAnswer('nope', isolation)).toBe('standard');
    expect(exactAnswer('not really', legacy)).toBe('no');
    expect(exactAnswer('dunno', legacy)).toBe('unsure');
    expect(exactAnswer('it depends', isolation)).toBe('unsure');
    expect(exactAnswer('the weather is nice', legacy)).toBeUndefined();
  });

  it('"not sure" words need an unsure option', async () => {
    const def = await slot('legacy');
    const twoOptions: SlotDef = { ...def, options: def.options.filter((o) => o.value !== 'unsure') };
    expect(exactAnswer('maybe', twoOptions)).toBeUndefined();
    expect(exactAnswer('maybe', def)).toBe('unsure');
  });
});

describe('leading yes, no or not sure', () => {
  it('takes the longest leading phrase, after fillers, and returns the rest', () => {
    expect(leading('no, we run linux')).toEqual({ said: 'no', words: 1, rest: 'we run linux' });
    expect(leading('we do not run windows')).toEqual({ said: 'no', words: 3, rest: 'run windows' });
    expect(leading('we do run windows')).toEqual({ said: 'yes', words: 2, rest: 'run windows' });
    expect(leading('i do not know about that')).toEqual({ said: 'unsure', words: 4, rest: 'about that' });
    expect(leading('well, no')).toEqual({ said: 'no', words: 1, rest: '' });
    expect(leading('hmm actually yes it does')).toEqual({ said: 'yes', words: 1, rest: 'it does' });
  });

  it('is nothing for text that does not start with one, and "maybe" alone is not a lead', () => {
    expect(leading('hello there')).toBeUndefined();
    expect(leading('maybe')).toBeUndefined();
    expect(leading('')).toBeUndefined();
  });

  it('valueFor: yes is the positive option, no the negated one, not sure only where there is such an option', async () => {
    const isolation = await slot('isolation');
    expect(valueFor(isolation, 'yes')).toBe('high');
    expect(valueFor(isolation, 'no')).toBe('standard');
    expect(valueFor(isolation, 'unsure')).toBe('unsure');
    expect(valueFor({ ...isolation, options: isolation.options.filter((o) => o.value !== 'unsure') }, 'unsure')).toBeUndefined();
  });
});

describe('freeAnswer', () => {
  it('takes what the reader filled for the slot first', async () => {
    const def = await slot('isolation');
    expect(freeAnswer('no wait, it holds card data', 'isolation', def, { isolation: 'high' })).toBe('high');
  });

  it('a one-word lead answers the question, whatever follows', async () => {
    const def = await slot('isolation');
    expect(freeAnswer('yes, and it runs on windows', 'isolation', def, { multi_os: 'yes' })).toBe('high');
    expect(freeAnswer('no. we do need windows though', 'isolation', def, {})).toBe('standard');
  });

  it("a longer lead answers only when the rest names the question's subject", async () => {
    const multiOs = await slot('multi_os');
    const isolation = await slot('isolation');
    expect(freeAnswer('we do run windows', 'multi_os', multiOs, {})).toBe('yes');
    expect(freeAnswer('we do run windows', 'isolation', isolation, {})).toBeUndefined();
    expect(freeAnswer('the weather is nice', 'isolation', isolation, {})).toBeUndefined();
  });

  it('mentions: the slot name or an option synonym, as whole words', async () => {
    const multiOs = await slot('multi_os');
    expect(mentions('run windows servers', multiOs)).toBe(true);
    expect(mentions(`need ${multiOs.name} here`, multiOs)).toBe(true);
    expect(mentions('run windowsy servers', multiOs)).toBe(false);
    expect(mentions('', multiOs)).toBe(false);
  });
});

describe('grouped questions', () => {
  const labels = async () => groupLabelsOf((await engine()).knowledge);

  it('numbers tick those needs, the rest become no; the number after the last is "None of these"', async () => {
    const l = await labels();
    expect(exactGroup('1 3', GROUP, l)).toEqual({ microservices: 'yes', fast_scaling: 'no', ci_cd: 'yes' });
    expect(exactGroup('1, 3', GROUP, l)).toEqual({ microservices: 'yes', fast_scaling: 'no', ci_cd: 'yes' });
    expect(exactGroup('2 and 3', GROUP, l)).toEqual({ microservices: 'no', fast_scaling: 'yes', ci_cd: 'yes' });
    expect(exactGroup('4', GROUP, l)).toEqual({ microservices: 'no', fast_scaling: 'no', ci_cd: 'no' });
    expect(exactGroup('5', GROUP, l)).toBe(BAD_NUMBER);
    expect(exactGroup('0', GROUP, l)).toBe(BAD_NUMBER);
    expect(exactGroup('1 4', GROUP, l)).toBe(BAD_NUMBER);
  });

  it('none, all and not sure answer every listed need', async () => {
    const l = await labels();
    expect(exactGroup('none of these', GROUP, l)).toEqual({ microservices: 'no', fast_scaling: 'no', ci_cd: 'no' });
    expect(exactGroup('All of them', GROUP, l)).toEqual({ microservices: 'yes', fast_scaling: 'yes', ci_cd: 'yes' });
    expect(exactGroup('not sure', GROUP, l)).toEqual({ microservices: 'unsure', fast_scaling: 'unsure', ci_cd: 'unsure' });
  });

  it('labels with joiners tick those needs; any other word makes it free text', async () => {
    const l = await labels();
    expect(exactGroup('ci cd and microservices', GROUP, l)).toEqual({ microservices: 'yes', fast_scaling: 'no', ci_cd: 'yes' });
    expect(exactGroup('we need fast scaling', GROUP, l)).toEqual({ microservices: 'no', fast_scaling: 'yes', ci_cd: 'no' });
    expect(exactGroup('microservices, mostly', GROUP, l)).toBeUndefined();
    expect(exactGroup('the weather', GROUP, l)).toBeUndefined();
  });

  it('free text: what the reader read for listed needs, the others no; a plain no ticks none', () => {
    expect(freeGroup('we autoscale a lot', GROUP, { fast_scaling: 'yes', isolation: 'high' })).toEqual({
      microservices: 'no',
      fast_scaling: 'yes',
      ci_cd: 'no',
    });
    expect(freeGroup('one monolith, not sure about ci', GROUP, { microservices: 'no', ci_cd: 'unsure' })).toEqual({
      microservices: 'no',
      fast_scaling: 'no',
      ci_cd: 'unsure',
    });
    expect(freeGroup('no, none of that', GROUP, {})).toEqual({ microservices: 'no', fast_scaling: 'no', ci_cd: 'no' });
    expect(freeGroup('hmm, let me think', GROUP, {})).toBeUndefined();
    expect(freeGroup('it runs windows', GROUP, { multi_os: 'yes' })).toBeUndefined();
  });
});

describe('looksLikeQuestion', () => {
  it.each([
    ['is docker safe for regulated data?', true],
    ['what is a hypervisor', true],
    ['docker would be fine?', true],
    ['we run windows', false],
    ['yes', false],
  ])('%s: %s', (text, expected) => {
    expect(looksLikeQuestion(text)).toBe(expected);
  });
});
