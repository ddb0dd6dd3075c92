/** The terminal renderer's document and grouped-question output: the decision record as text and in the JSON line. */
import { describe, expect, it } from 'vitest';
import { chatJson, renderText } from '../../src/channels/terminal/render.js';
import { grouped } from './grouped-question.js';
import { reply } from './reply-fixtures.js';

const DOC = { filename: 'decision.md', title: 'Decision', markdown: '# Decision\n\nUse containers.\u001b[2J\n\n\n' };

describe('renderText with a document', () => {
  it('prints the record after the blocks, without control characters or trailing blank lines', () => {
    expect(renderText(reply([{ type: 'text', text: 'Here it is.' }], { document: DOC }))).toBe('Here it is.\n\n# Decision\n\nUse containers.[2J');
  });
});

describe('chatJson', () => {
  it('adds the record markdown, as written, when the turn made one, and no record field otherwise', () => {
    expect(chatJson(reply([], { document: DOC }), 't').record).toBe(DOC.markdown);
    expect(chatJson(reply([]), 't')).not.toHaveProperty('record');
  });

  it('marks a grouped question and lists the slots it asks at once', () => {
    expect(chatJson(reply([], { question: grouped() }), 't').question).toEqual({
      slot: 'legacy',
      options: ['Legacy app', 'Several OSes', 'None of these'],
      number: 3,
      at_most: 6,
      multi: true,
      slots: ['legacy', 'multi_os'],
    });
    expect(chatJson(reply([], { question: grouped(['Legacy app'], { slots: undefined }) }), 't').question).toMatchObject({ multi: true, slots: [] });
  });
});
