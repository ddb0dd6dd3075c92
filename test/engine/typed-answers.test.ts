/** Typed answers to an interview question: numbers, labels, yes/no words, free text, and the control words. */
import { describe, expect, it } from 'vitest';
import { bare, controlOf, readAnswer } from '../../src/engine/answers.js';
import type { SlotDef } from '../../src/knowledge/schema.js';
import type { SlotReader } from '../../src/nlu/slots.js';
import { engine } from '../helpers.js';

/** A reader that reads nothing, or what it is told, so these tests see the answer rules alone. */
const reads = (answers: Record<string, string> = {}): SlotReader => ({ extract: () => ({ ...answers }) });

async function slot(name: 'legacy' | 'isolation'): Promise<SlotDef> {
  const def = (await engine()).knowledge.interview.slots[name];
  if (!def) throw new Error(`no ${name}`);
  return def;
}

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

describe('controlOf', () => {
  it.each([
    ['back', 'back'],
    ['Go back please.', 'back'],
    ['previous question', 'back'],
    ['skip', 'skip'],
    ['skip this one', 'skip'],
    ['next', 'skip'],
    ['cancel', 'cancel'],
    ['never mind', 'cancel'],
    ['nevermind', 'cancel'],
    ['stop interview', 'cancel'],
    ['start over', 'restart'],
    ['from scratch', 'restart'],
    ['why?', 'why'],
    ['how come', 'why'],
  ])('%s -> %s', (text, control) => {
    expect(controlOf(text)).toBe(control);
  });

  it.each(['go back to the start of the article', 'skip the boring parts and tell me about density', 'why do containers start fast', 'backup', ''])(
    'not a control: %s',
    (text) => {
      expect(controlOf(text)).toBeUndefined();
    },
  );
});

describe('readAnswer', () => {
  it('a number picks that option, within the number of options', async () => {
    const def = await slot('legacy');
    expect(readAnswer('1', 'legacy', def, reads())).toEqual({ value: 'yes', also: {} });
    expect(readAnswer(' 3. ', 'legacy', def, reads())).toEqual({ value: 'unsure', also: {} });
    expect(readAnswer('0', 'legacy', def, reads())).toEqual({ also: {} });
    expect(readAnswer('4', 'legacy', def, reads())).toEqual({ also: {} });
    expect(readAnswer('2x', 'legacy', def, reads())).toEqual({ also: {} });
  });

  it('an option value, label or synonym picks that option', async () => {
    const def = await slot('isolation');
    expect(readAnswer('high', 'isolation', def, reads())).toEqual({ value: 'high', also: {} });
    expect(readAnswer('Yes, strongest isolation', 'isolation', def, reads())).toEqual({ value: 'high', also: {} });
    expect(readAnswer('regulated', 'isolation', def, reads())).toEqual({ value: 'high', also: {} });
    expect(readAnswer('not sensitive', 'isolation', def, reads())).toEqual({ value: 'standard', also: {} });
    expect(readAnswer('Not sure', 'isolation', def, reads())).toEqual({ value: 'unsure', also: {} });
  });

  it('yes and no words mean the positive and the negated option, whatever the values are called', async () => {
    const isolation = await slot('isolation');
    const legacy = await slot('legacy');
    expect(readAnswer('yep', 'isolation', isolation, reads())).toEqual({ value: 'high', also: {} });
    expect(readAnswer('absolutely', 'legacy', legacy, reads())).toEqual({ value: 'yes', also: {} });
    expect(readAnswer('nope', 'isolation', isolation, reads())).toEqual({ value: 'standard', also: {} });
    expect(readAnswer('not really', 'legacy', legacy, reads())).toEqual({ value: 'no', also: {} });
    expect(readAnswer('dunno', 'legacy', legacy, reads())).toEqual({ value: 'unsure', also: {} });
    expect(readAnswer('it depends', 'isolation', isolation, reads())).toEqual({ value: 'unsure', also: {} });
  });

  it('"not sure" words need an unsure option', async () => {
    const def = await slot('legacy');
    const twoOptions: SlotDef = { ...def, options: def.options.filter((o) => o.value !== 'unsure') };
    expect(readAnswer('maybe', 'legacy', twoOptions, reads())).toEqual({ also: {} });
    expect(readAnswer('maybe', 'legacy', def, reads())).toEqual({ value: 'unsure', also: {} });
  });

  it('free text answers with what the reader reads for this slot, and keeps the other slots it read', async () => {
    const def = await slot('legacy');
    const r = readAnswer('it is an old delphi tool that needs windows', 'legacy', def, reads({ legacy: 'yes', multi_os: 'yes' }));
    expect(r).toEqual({ value: 'yes', also: { multi_os: 'yes' } });
  });

  it('free text that starts with yes or no answers the question and may fill others', async () => {
    const def = await slot('isolation');
    expect(readAnswer('yes, and it runs on windows', 'isolation', def, reads({ multi_os: 'yes' }))).toEqual({ value: 'high', also: { multi_os: 'yes' } });
    expect(readAnswer('no. we do need windows though', 'isolation', def, reads({ multi_os: 'yes' }))).toEqual({ value: 'standard', also: { multi_os: 'yes' } });
    // What the reader read for the slot itself wins over the first word.
    expect(readAnswer('no wait, it holds card data', 'isolation', def, reads({ isolation: 'high' }))).toEqual({ value: 'high', also: {} });
  });

  it('free text it cannot read answers nothing, but keeps what it read for other slots', async () => {
    const def = await slot('legacy');
    expect(readAnswer('the weather is nice', 'legacy', def, reads())).toEqual({ also: {} });
    expect(readAnswer('hmm, we run windows', 'legacy', def, reads({ multi_os: 'yes' }))).toEqual({ also: { multi_os: 'yes' } });
  });
});
