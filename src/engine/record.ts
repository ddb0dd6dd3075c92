/** "Write it up": a recommendation as a decision record, delivered by the channel as a document. */
import type { Answers } from '../ids.js';
import { isSlotOf, valuesOf } from '../knowledge/ids.js';
import type { InterviewData } from '../knowledge/schema.js';
import type { Action } from '../reply.js';
import { advise } from './advice.js';
import { baseReply } from './compose.js';
import { renderDecisionRecord } from './decision-record.js';
import type { Session, Step } from './session.js';

type RecordAction = Extract<Action, { kind: 'record' }>;

const MAX_BY_CHARS = 200;

/** The record step: for the answers the button carries, else the last recommendation of the conversation. */
export function recordStep(s: Session, action: RecordAction, now: number): Step {
  const k = s.k;
  const answers = action.answers ?? s.state.last?.answers;
  if (!answers) return { reply: baseReply(null, [{ type: 'text', text: k.records.none }]), next: s.state };
  const advice = advise(k.interview, answers);
  const markdown = renderDecisionRecord(k, advice, { date: new Date(now).toISOString().slice(0, 10), ...(action.by ? { by: action.by } : {}) });
  const reply = baseReply(null, [{ type: 'text', text: k.records.sent }]);
  reply.document = { filename: k.records.filename, title: k.records.titles[advice.verdict], markdown };
  return { reply, next: s.state };
}

/** Validates the `record` action of a button; undefined when anything in it is not ours. */
export function parseRecordAction(interview: InterviewData, a: Record<string, unknown>): RecordAction | undefined {
  const out: RecordAction = { kind: 'record' };
  if (a.answers !== undefined) {
    if (typeof a.answers !== 'object' || a.answers === null || Array.isArray(a.answers)) return undefined;
    const answers: Answers = {};
    for (const [slot, value] of Object.entries(a.answers)) {
      if (!isSlotOf(interview, slot) || typeof value !== 'string' || !valuesOf(interview, slot).includes(value)) return undefined;
      answers[slot] = value;
    }
    out.answers = answers;
  }
  if (a.by !== undefined) {
    if (typeof a.by !== 'string') return undefined;
    if (a.by.trim() !== '') out.by = a.by.slice(0, MAX_BY_CHARS);
  }
  return out;
}
