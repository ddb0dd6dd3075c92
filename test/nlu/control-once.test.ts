/** The control model reads a turn's message once: the engine asks it twice per turn (record, then other controls). */
import { describe, expect, it } from 'vitest';
import { read } from '../../src/nlu/normalise.js';
import { engine } from '../helpers.js';

describe('control model, once per turn', () => {
  it('gives the same reading for the same Reading of a turn, computed once', async () => {
    const { controls } = await engine();
    const said = read('ok skip this one please');
    const first = controls.read(said);
    expect(first.label).toBe('skip');
    // The very same object: the second ask of the turn did not classify again.
    expect(controls.read(said)).toBe(first);
  });

  it('reads every new message afresh, even with the same words (no cache by text)', async () => {
    const { controls } = await engine();
    const a = controls.read(read('go back'));
    const b = controls.read(read('go back'));
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
    expect(controls.read('go back')).not.toBe(controls.read('go back'));
  });
});
