/** Reply models built by hand for the renderer tests: every field a renderer reads, with text we choose. */
import type { Block, Choice, QuestionView, Reply } from '../../src/reply.js';

/** Text that would ping, link or break markup if a renderer passed it through unescaped. */
export const HOSTILE = 'ping <!channel> and <@U123>, R&D <https://x|y> <#C42> <at>Bob</at> <b>bold</b>';

/** The column heads a comparison block carries (as the engine sets them from knowledge). */
export const HEADS = { vms: 'VMs', containers: 'Containers' };

/** A sources block, with its complete line as the engine writes it. */
export function sources(sections: string[]): Block {
  return { type: 'sources', sections, text: `Source: ${sections.join('; ')}` };
}

/** The texts Slack shows around a reply, as knowledge/responses.yaml has them. */
export const SLACK_TEXTS = { share: 'Share to channel', shortened: 'The answer was too long for one message, so it was shortened.' };

/** A reply with the given blocks and nothing else. */
export function reply(blocks: Block[], extra: Partial<Reply> = {}): Reply {
  return { intent: null, blocks, question: null, recommendation: null, choices: [], sources: [], ...extra };
}

/** An interview question with the given text and option labels. */
export function question(text: string, labels: string[] = ['Yes', 'No', 'Not sure']): QuestionView {
  return {
    slot: 'isolation',
    interview: 'iv1',
    text,
    options: labels.map((label, i) => ({ value: ['high', 'standard', 'unsure'][i] ?? 'unsure', label })),
    number: 2,
    atMost: 5,
    progress: 'Question 2 of at most 5',
  };
}

/** `n` choices that each ask a topic. */
export function choices(n: number, label = (i: number) => `Choice ${i}`): Choice[] {
  return Array.from({ length: n }, (_, i) => ({ label: label(i), action: { kind: 'ask', intent: 'overview' } }));
}

/** Every block kind, each carrying `text` where a renderer shows user-visible text. */
export function everyBlock(text: string): Block[] {
  return [
    { type: 'heading', text },
    { type: 'text', text },
    { type: 'bullets', items: [text, `second ${text}`] },
    { type: 'comparison', heads: HEADS, rows: [{ label: text, vms: text, containers: text }] },
    sources([text]),
  ];
}
