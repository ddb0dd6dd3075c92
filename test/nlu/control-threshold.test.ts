/** The control model's decision on top of its reading: a control only at or above the threshold, never "other". */
import { describe, expect, it } from 'vitest';
import { engine } from '../helpers.js';

describe('control threshold', () => {
  it('gives the control when the model is at least that sure, and nothing above its confidence', async () => {
    const { controls } = await engine();
    for (const text of ['go back', 'skip this one', 'ok lets drop this for now', 'start over please']) {
      const r = controls.read(text);
      expect(r.label, text).not.toBe('other');
      expect(controls.control(text, r.confidence), text).toBe(r.label);
      expect(controls.control(text, r.confidence + 1e-9), text).toBeUndefined();
    }
  });

  it('never gives a label that is not a control (an answer, a question), however low the threshold', async () => {
    const { controls } = await engine();
    for (const text of ['we run windows servers', 'how fast do containers start', 'zqxj vbnmw']) {
      const r = controls.read(text);
      expect(['cancel', 'skip', 'back', 'restart', 'repeat', 'why_ask', 'explain'], text).not.toContain(r.label);
      expect(controls.control(text, 0), text).toBeUndefined();
    }
    expect(controls.read('zqxj vbnmw')).toEqual({ label: 'other', confidence: 1 });
  });
});
