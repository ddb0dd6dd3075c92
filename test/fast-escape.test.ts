import querystring from 'node:querystring';
import { afterEach, describe, expect, it } from 'vitest';
import { fastEscape, installFastEscape } from '../src/fast-escape.js';

const original = querystring.escape;

/** Every string shape a reply can hold: Block Kit JSON, every ASCII character, accents, emoji, astral planes. */
const CORPUS = [
  '',
  'plain',
  JSON.stringify([{ type: 'section', text: { type: 'mrkdwn', text: '*Containers*\n• start in ~1 s & share a kernel <@U1>' } }]),
  Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join(''),
  'héllo wörld € ß 日本語 😀 👩‍💻 𝄞',
  String.fromCharCode(...Array.from({ length: 0xd800 - 0x80 }, (_, i) => i + 0x80)),
  String.fromCharCode(...Array.from({ length: 0x10000 - 0xe000 }, (_, i) => i + 0xe000)),
];

/** Malformed UTF-16: the original escape has its own answers (a pair made of whatever follows, or a throw). */
const MALFORMED = ['\ud800a', 'a\udc00b', 'x\ud83d'];

afterEach(() => {
  querystring.escape = original;
});

describe('fastEscape', () => {
  it('gives the same output as querystring.escape for every string in the corpus', () => {
    for (const s of CORPUS) expect(fastEscape(s)).toBe(original(s));
  });

  it('gives the original answers on malformed UTF-16, a throw included', () => {
    for (const s of MALFORMED) {
      let expected: string;
      try {
        expected = original(s);
      } catch (err) {
        expect(() => fastEscape(s)).toThrow((err as Error).message);
        continue;
      }
      expect(fastEscape(s)).toBe(expected);
    }
    expect(() => fastEscape('\ud800')).toThrow(URIError);
  });

  it('once installed, querystring.stringify (the Web API form body) is byte-identical and uses it', () => {
    const body = { channel: 'C1', thread_ts: '1700000000.000100', text: 'Hi <@U1> & 😀', blocks: CORPUS[2] as string, n: 3, ok: true };
    const before = querystring.stringify(body);
    installFastEscape();
    expect(querystring.escape).toBe(fastEscape);
    expect(querystring.stringify(body)).toBe(before);
  });
});
