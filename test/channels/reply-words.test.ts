/**
 * The renderers write no words of their own: the sources line, the comparison heads, the grouped
 * question's labels and hint, the recommendation's one-line summary and Slack's share and "shortened"
 * texts all come from the reply (or the knowledge base's texts), so a reply in other words renders in them.
 */
import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload, payloadData } from '../../src/channels/payload.js';
import { renderSlack } from '../../src/channels/slack/render.js';
import { renderCard, summaryOf } from '../../src/channels/teams/render.js';
import { renderText } from '../../src/channels/terminal/render.js';
import type { QuestionView, Reply } from '../../src/reply.js';
import { engine } from '../helpers.js';
import { reply } from './reply-fixtures.js';

const GROUPED: QuestionView = {
  slot: 'legacy',
  interview: 'iv1',
  text: 'Welche treffen zu?',
  options: [
    { value: 'legacy', label: 'Altlast' },
    { value: 'multi_os', label: 'Mehrere OS' },
    { value: 'none', label: 'Keine davon' },
  ],
  number: 3,
  atMost: 4,
  progress: 'Frage 3 von höchstens 4',
  multi: true,
  slots: ['legacy', 'multi_os'],
  submit: 'Weiter',
  hint: 'Tippe die Nummern, etwa "1 2", oder 3 für keine.',
};

/** A reply in German: nothing English may appear when it is rendered. */
const GERMAN: Reply = reply(
  [
    { type: 'heading', text: 'Empfehlung' },
    { type: 'comparison', heads: { vms: 'VM-Seite', containers: 'Behälter-Seite' }, rows: [{ label: 'Start', vms: 'Minuten', containers: 'Sekunden' }] },
    { type: 'sources', sections: ['Einleitung'], text: 'Quelle: Einleitung' },
  ],
  { question: GROUPED },
);
const RECOMMENDED: Reply = reply([{ type: 'text', text: 'Vorwort' }], {
  recommendation: { verdict: 'vms', title: 'VMs', headline: 'Empfehlung: VMs (Sicherheit 80 %)', confidence: 0.8, reasons: [] },
});
const TEXTS = { share: 'Im Kanal teilen', shortened: 'Gekürzt.' };
const ENGLISH = /\b(Source|VMs|Containers|Continue|None of these|Share to channel|Type the numbers|Recommendation|shortened)\b/;

describe('renderers take every word from the reply', () => {
  it('Slack: sources line, comparison heads, Continue, share and the cut note', () => {
    const message = JSON.stringify(renderSlack(GERMAN, { owner: 'U1', conversation: 'C', texts: TEXTS }));
    for (const words of ['Quelle: Einleitung', '*VM-Seite*', '*Behälter-Seite*', 'Weiter', 'Keine davon']) expect(message).toContain(words);
    expect(message).not.toMatch(ENGLISH);
    expect(JSON.stringify(renderSlack(RECOMMENDED, { owner: 'U1', conversation: 'C', shareable: true, texts: TEXTS }))).toContain('Im Kanal teilen');
    const long = reply(Array.from({ length: 60 }, (_, i) => ({ type: 'text' as const, text: `Absatz ${i}` })));
    expect(JSON.stringify(renderSlack(long, { owner: 'U1', conversation: 'C', texts: TEXTS }))).toContain('Gekürzt.');
  });

  it('Teams: sources line, comparison heads, Continue, and the recommendation headline as the summary', () => {
    const card = JSON.stringify(renderCard(GERMAN, { owner: 'U1', conversation: 'c' }));
    for (const words of ['Quelle: Einleitung', 'VM-Seite', 'Behälter-Seite', 'Weiter', 'Keine davon']) expect(card).toContain(words);
    expect(card).not.toMatch(ENGLISH);
    expect(summaryOf(RECOMMENDED)).toBe('Empfehlung: VMs (Sicherheit 80 %)');
  });

  it('terminal: sources line, comparison heads and the grouped question hint', () => {
    const text = renderText(GERMAN);
    for (const words of ['Quelle: Einleitung', 'VM-Seite', 'Behälter-Seite', GROUPED.hint ?? '']) expect(text).toContain(words);
    expect(text).not.toMatch(ENGLISH);
  });

  it('the engine fills those words from knowledge/responses.yaml', async () => {
    const e = await engine();
    const r = e.knowledge.responses;
    const topic = e.answer('how fast do containers start?').reply;
    expect(topic.blocks.find((b) => b.type === 'sources')).toMatchObject({ text: r.sources_line.replace('{sections}', topic.sources.join('; ')) });
    expect(topic.blocks.find((b) => b.type === 'comparison')).toMatchObject({ heads: { vms: r.compare_vms, containers: r.compare_containers } });
  });
});

describe('one button payload for Slack and Teams', () => {
  const payload = { o: 'U1', k: 'C1:1.0', a: { kind: 'answer', interview: 'iv1', slot: 'isolation', value: 'high' } } as const;

  it("decodes the same from Slack's value string and from Teams' submit data", () => {
    expect(decodePayload(encodePayload(payload))).toEqual(payload);
    expect(decodePayload(payloadData(payload))).toEqual(payload);
  });

  it('reads the Teams cards sent before it (action under `ra`), and only those', () => {
    expect(decodePayload({ o: payload.o, k: payload.k, ra: payload.a })).toEqual(payload);
    expect(decodePayload({ o: payload.o, k: payload.k, ra: payload.a, a: payload.a })).toBeUndefined();
    expect(decodePayload(JSON.stringify({ o: payload.o, k: payload.k, ra: payload.a }))).toEqual(payload);
  });

  it('refuses anything that is not one: extra or missing fields, bad JSON, an over-long value', () => {
    expect(decodePayload({ ...payload, extra: 1 })).toBeUndefined();
    expect(decodePayload({ o: 'U1', a: payload.a })).toBeUndefined();
    expect(decodePayload('{not json')).toBeUndefined();
    expect(decodePayload(JSON.stringify({ ...payload, k: 'x'.repeat(2000) }))).toBeUndefined();
    expect(decodePayload({ ...payload, a: 'garbage' })).toBeUndefined();
  });
});
