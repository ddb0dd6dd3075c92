/** A grouped interview question (CONTRACT section 4) built by hand for the renderer tests. */
import type { QuestionView } from '../../src/reply.js';

/** A grouped question: one option per listed slot plus a last "none of these", both button labels set. */
export function grouped(labels: string[] = ['Legacy app', 'Several OSes'], extra: Partial<QuestionView> = {}): QuestionView {
  const slots = (['legacy', 'multi_os', 'gui', 'kernel'] as const).slice(0, labels.length);
  return {
    slot: slots[0] ?? 'legacy',
    interview: 'iv7',
    text: 'Which of these apply?',
    options: [...labels.map((label, i) => ({ value: slots[i] ?? 'legacy', label })), { value: 'none', label: 'None of these' }],
    number: 3,
    atMost: 6,
    progress: 'Question 3 of at most 6',
    multi: true,
    slots: [...slots],
    submit: 'Continue',
    hint: 'Type the numbers that apply, e.g. "1 3", or 3 for none.',
    ...extra,
  };
}
