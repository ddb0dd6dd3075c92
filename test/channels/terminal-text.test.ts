/** The terminal renderer and the `chat` loop: control characters removed, numbered options, the JSON line shape. */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stripControls as safe } from '../../src/channels/escape.js';
import { runChat } from '../../src/channels/terminal/chat.js';
import { ANSI, chatJson, PLAIN, renderText } from '../../src/channels/terminal/render.js';
import { Engine } from '../../src/engine/engine.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine } from '../helpers.js';
import { choices, HEADS, question, reply, sources } from './reply-fixtures.js';

const ESC = '\u001b';

describe('safe', () => {
  it('drops control characters, escape sequences included, and keeps newlines and tabs', () => {
    expect(safe(`a${ESC}[2Jb\u0007c\r\nd\te\u0000`)).toBe('a[2Jbc\nd\te');
    expect(safe('plain text, ünïcode ✓')).toBe('plain text, ünïcode ✓');
  });
});

describe('renderText', () => {
  it('renders every block kind, without control characters from the text', () => {
    const text = renderText(
      reply([
        { type: 'heading', text: `Title${ESC}[31m` },
        { type: 'text', text: `Body\u0007 text` },
        { type: 'bullets', items: ['one', `two${ESC}`] },
        sources(['Intro', 'Security']),
      ]),
    );
    expect(text).toBe('Title[31m\n\nBody text\n\n  - one\n  - two\n\nSource: Intro; Security');
  });

  it('lines a comparison up in columns under a header', () => {
    const text = renderText(
      reply([
        {
          type: 'comparison',
          heads: HEADS,
          rows: [
            { label: 'Start-up', vms: 'minutes', containers: 'seconds' },
            { label: 'Size', vms: 'GBs', containers: 'MBs' },
          ],
        },
      ]),
    );
    expect(text.split('\n')).toEqual(['            VMs      Containers', '  Start-up  minutes  seconds', '  Size      GBs      MBs']);
  });

  it('numbers the options of a question, and shows the choices only when no question is open', () => {
    expect(renderText(reply([{ type: 'text', text: 'Hi' }], { question: question('Sensitive?', ['Yes', 'No']), choices: choices(2) }))).toBe(
      'Hi\n\nQuestion 2 of at most 5: Sensitive?\n\n  1. Yes\n  2. No',
    );
    expect(renderText(reply([{ type: 'text', text: 'Hi' }], { choices: choices(3) }))).toBe('Hi\n\n1. Choice 0   2. Choice 1   3. Choice 2');
    expect(renderText(reply([{ type: 'text', text: 'Hi' }]))).toBe('Hi');
  });

  it('styles headings, the question line, sources, choices and the table header only when asked', () => {
    const r = reply(
      [{ type: 'heading', text: 'Title' }, sources(['S']), { type: 'comparison', heads: HEADS, rows: [{ label: 'L', vms: 'v', containers: 'c' }] }],
      { choices: choices(1) },
    );
    const styled = renderText(r, ANSI);
    expect(styled).toContain(`${ESC}[1mTitle${ESC}[22m`);
    expect(styled).toContain(`${ESC}[2mSource: S${ESC}[22m`);
    expect(styled).toContain(`${ESC}[1m     VMs  Containers${ESC}[22m`);
    expect(styled).toContain(`${ESC}[2m1. Choice 0${ESC}[22m`);
    expect(renderText(r, PLAIN)).not.toContain(ESC);
    expect(renderText(reply([], { question: question('Q?') }), ANSI)).toContain(`${ESC}[1mQuestion 2 of at most 5:${ESC}[22m Q?`);
  });
});

describe('chatJson', () => {
  it('has the CONTRACT section 4 shape, with the option labels, progress, choices and sources', () => {
    const q = chatJson(reply([], { intent: 'recommend', question: question('Q?', ['Yes', 'No']), sources: ['S'], choices: choices(1) }), 'the text');
    expect(q).toEqual({
      intent: 'recommend',
      text: 'the text',
      question: { slot: 'isolation', options: ['Yes', 'No'], number: 2, at_most: 5 },
      recommendation: null,
      choices: ['Choice 0'],
      sources: ['S'],
    });
    const r = chatJson(
      reply([], {
        recommendation: {
          verdict: 'vms',
          title: 'Virtual machines',
          headline: 'Recommendation: Virtual machines (confidence 80%)',
          confidence: 0.8,
          reasons: ['because'],
        },
      }),
      't',
    );
    expect(r.question).toBeNull();
    expect(r.recommendation).toEqual({ verdict: 'vms', confidence: 0.8, reasons: ['because'] });
  });
});

describe('runChat', () => {
  async function chat(lines: string[], options: { json: boolean; interactive: boolean; banner?: string }) {
    const shared = await engine();
    const bot = new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store: new MemoryStore() });
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await runChat(bot, { input: Readable.from([`${lines.join('\n')}\n`]), output, ...options });
    return { out, greeting: shared.knowledge.responses.greeting };
  }

  it('a number picks a numbered choice when no question is open, and answers the question when one is', async () => {
    const { out } = await chat(['what is the weather in paris', '4', '1'], { json: true, interactive: false });
    const turns = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { intent: string | null; question: { slot: string } | null; choices: string[] });
    expect(turns).toHaveLength(3);
    expect(turns[0]?.intent).toBe('out_of_scope');
    expect(turns[0]?.choices[3]).toBe('Help me choose');
    // "4" clicked "Help me choose": the interview starts.
    expect(turns[1]?.question?.slot).toBe('isolation');
    // "1" answers the open question ("Yes, strongest isolation"), it does not pick a choice.
    expect(turns[2]?.question?.slot).not.toBe('isolation');
    expect(turns[2]?.intent).toBeNull();
  });

  it('a number with no choice behind it is typed text', async () => {
    const { out } = await chat(['9', '0'], { json: true, interactive: false });
    const turns = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string });
    expect(turns).toHaveLength(2);
    for (const t of turns) expect(t.text).not.toBe('');
  });

  it('greets, prompts and styles only for a person at a terminal', async () => {
    const person = await chat(['hi'], { json: false, interactive: true, banner: 'No credentials: local chat.' });
    expect(person.out.startsWith(`${ESC}[2mNo credentials: local chat.${ESC}[22m\n${person.greeting}\n(Ctrl-D to quit)\n> `)).toBe(true);
    expect(person.out.endsWith('\n\n> ')).toBe(true);
    const piped = await chat(['hi'], { json: false, interactive: false, banner: 'No credentials: local chat.' });
    expect(piped.out).not.toContain(ESC);
    expect(piped.out).not.toContain('> ');
    expect(piped.out).not.toContain('(Ctrl-D to quit)');
    expect(piped.out.startsWith('No credentials: local chat.\n')).toBe(true);
    const json = await chat(['hi'], { json: true, interactive: true, banner: 'banner' });
    expect(json.out).not.toContain('banner');
    expect(json.out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(json.out)).toMatchObject({ intent: 'greeting' });
  });
});
