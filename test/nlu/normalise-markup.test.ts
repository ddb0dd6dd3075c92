/** Each clean-up pass of normalisation on its own: markup, links, mentions, entities, emoji, quotes, contractions, shorthand. */
import { describe, expect, it } from 'vitest';
import { normalise, read, tokenise } from '../../src/nlu/normalise.js';

describe('normalise: chat markup', () => {
  it.each([
    ['see ```docker run -it ubuntu``` here', 'see here'],
    ['open ```code to the end', 'open'],
    ['<at>Runtime Advice</at> hi', 'hi'],
    ['<AT>Bot</AT> hi', 'hi'],
    ['<@U123ABC> hi <!channel> and <!here|here> <#C42|general>', 'hi and'],
    ['read <https://example.com/x|the post> now', 'read the post now'],
    ['read <HTTP://example.com/x|The Post> now', 'read the post now'],
    ['read <https://example.com/x> now', 'read now'],
    ['mail <mailto:a@b.c|me> or <mailto:a@b.c>', 'mail me or'],
    ['a <b>bold</b> <br/> <i class="x">it</i> b', 'a bold it b'],
    ['see https://example.com/a?b=c and HTTP://X.Y/z ok', 'see and ok'],
    ['fish &amp; chips &lt;3 &gt; &quot;q&quot; &nbsp; &#39;', 'fish chips 3 q'],
    [':whale: hi :+1: :thumbs-up: :Smile_2: 10:30 ok', 'hi 10:30 ok'],
    ['hi 🐳 👍🏽 ❤️ 👨‍👩‍👧 there', 'hi there'],
    ['a\u0007b\u200bc\td\u00ade', 'a b c d e'],
    ['  Many   SPACES\n\nand LINES  ', 'many spaces and lines'],
  ])('%s', (text, expected) => {
    expect(normalise(text)).toBe(expected);
  });

  it('leaves text without markup markers as it is, apart from case and spaces', () => {
    expect(normalise('x <y z')).toBe('x <y z');
    expect(normalise('&amp')).toBe('&amp');
    expect(normalise('time 10:30')).toBe('time 10:30');
  });
});

describe('normalise: quotes, contractions and shorthand', () => {
  it('makes typographic quotes plain, then expands contractions', () => {
    expect(normalise('‘quote’ “double”')).toBe('\'quote\' "double"');
    expect(normalise('I Can’t Won’t Don’t IT’S We’re I’m They’ve We’ll You’d')).toBe('i can not will not do not it is we are i am they have we will you would');
    expect(normalise("what's where's there's cant wont doesnt shouldn't")).toBe('what is where is there is can not will not does not should not');
  });

  it('expands chat shorthand as whole words, keeping the punctuation around them', () => {
    expect(normalise('u r w/ k8s w/o ci/cd pls thx idk')).toBe('you are with kubernetes without ci cd please thanks i do not know');
    expect(normalise('(u) ur "vs" diff')).toBe('(you) your "versus" difference');
    expect(normalise('btw docker')).toBe('docker');
    expect(normalise('u.u umbrella')).toBe('u.u umbrella');
  });
});

describe('read', () => {
  it('says whether it cut the text, and cuts at 2,000 characters', () => {
    expect(read('short')).toEqual({ text: 'short', cut: false });
    const long = read('a'.repeat(2001));
    expect(long.cut).toBe(true);
    expect(long.text).toHaveLength(2000);
    expect(read('a'.repeat(2000))).toEqual({ text: 'a'.repeat(2000), cut: false });
  });
});

describe('tokenise', () => {
  it('splits into words, keeping inner apostrophes and dots', () => {
    expect(tokenise("what's node.js vs 18.04, ok? -- yes")).toEqual(["what's", 'node.js', 'vs', '18.04', 'ok', 'yes']);
    expect(tokenise('')).toEqual([]);
    expect(tokenise('... !!')).toEqual([]);
  });
});
