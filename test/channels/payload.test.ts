/** The button payload as it comes back from a client: anything that is not one of ours reads as undefined, never a throw. */
import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload } from '../../src/channels/payload.js';

describe('decodePayload on what a client may send back', () => {
  it('refuses values that are not objects, as such or as JSON, without throwing', () => {
    for (const raw of [null, undefined, 42, true, '', 'null', '42', '"text"', 'true', '[]']) expect(decodePayload(raw)).toBeUndefined();
  });

  it("reads a value of up to 2,000 characters (a Slack button value's limit) and refuses a longer one", () => {
    // A decision-record click carries the answers: pad one until the encoded value has the wanted length.
    const sized = (length: number) => {
      const pad = length - encodePayload({ o: 'U1', k: 'C1:1', a: { kind: 'record', answers: { legacy: '' } } }).length;
      const payload = { o: 'U1', k: 'C1:1', a: { kind: 'record' as const, answers: { legacy: 'y'.repeat(pad) } } };
      return { payload, raw: encodePayload(payload) };
    };
    const longest = sized(2000);
    expect(longest.raw).toHaveLength(2000);
    expect(decodePayload(longest.raw)).toEqual(longest.payload);
    expect(decodePayload(sized(2001).raw)).toBeUndefined();
  });
});
