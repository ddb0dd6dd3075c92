/** Starting in ordinary words (CONTRACT section 6): a request for advice starts the interview, no "did you mean". */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine, jsonl } from '../helpers.js';

async function starts(text: string): Promise<boolean> {
  const shared = await engine();
  const bot = new Engine({ knowledge: shared.knowledge, classifier: shared.classifier, reader: shared.extractor, store: new MemoryStore() });
  const reply = await bot.handle('u', { kind: 'text', text });
  // An interview has started when the reply asks a question or, for a full description, recommends.
  return reply.question !== undefined || reply.recommendation !== undefined;
}

describe('ordinary openings start the interview', () => {
  it.each(['help me choose between containers and vms', 'docker or a VM for this?', 'which should we use for our service?', 'can you recommend one?'])(
    '%s',
    async (text) => {
      expect(await starts(text)).toBe(true);
    },
  );

  it('the requests for advice of the independently written dev set start it (at least 10, at most one miss in 20)', async () => {
    const lines = jsonl<{ text: string; intent: string }>('dev.jsonl').filter((l) => l.intent === 'recommend');
    expect(lines.length).toBeGreaterThanOrEqual(11);
    const missed: string[] = [];
    for (const l of lines) if (!(await starts(l.text))) missed.push(l.text);
    expect(missed.length / lines.length, missed.join('\n')).toBeLessThanOrEqual(0.05);
  });
});
