/** Advice on a message as it stands (a Slack message shortcut): the interview starts from what the text states. */
import type { Knowledge } from '../knowledge/load.js';
import { MAX_NLU_CHARS } from '../nlu/normalise.js';
import { advise } from './advice.js';
import { baseReply, fill } from './compose.js';
import { type Session, type Step, startInterview } from './session.js';

/**
 * Reads the text with the situation reader, whatever else it says, and starts the interview from
 * those answers: the recommendation when nothing is left to ask, else the next question with the
 * verdict as it stands. With nothing readable, the interview starts from scratch and says so.
 */
export function describeStep(s: Session, text: string): Step {
  const k: Knowledge = s.k;
  const known = s.extractor.extract(text);
  const found = Object.keys(known).length > 0;
  const intro = baseReply('recommend', [{ type: 'text', text: found ? k.responses.describe_intro : k.responses.describe_nothing }]);
  if (text.length > MAX_NLU_CHARS) intro.blocks.unshift({ type: 'text', text: k.responses.too_long });
  const step = startInterview(s, known, intro);
  if (found && step.reply.question) {
    const a = advise(k.interview, known);
    const leaning = fill(k.responses.describe_leaning, {
      verdict: k.verdicts[a.verdict].title.toLowerCase(),
      confidence: String(Math.round(a.confidence * 100)),
    });
    step.reply.blocks.push({ type: 'text', text: leaning });
  }
  return step;
}
