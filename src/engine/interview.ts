/** Which interview question to ask next: only those that can still change the verdict. */
import { type Answers, SLOTS, type Slot } from '../ids.js';
import type { InterviewData } from '../knowledge/schema.js';
import { flipsOf, verdictOf } from './advice.js';

const MAX_PLAN_CACHE = 20_000;
/** Question-tree depths per interview definition (a pure memo). */
const DEPTHS = new WeakMap<InterviewData, Map<string, number>>();

/**
 * Plans interviews over one knowledge base. A question is worth asking when
 * some answer to it, on its own, would change the current verdict; of those,
 * the one with the most verdict-changing answers goes first (ties in the
 * order of knowledge/interview.yaml). The interview ends when none is left.
 */
export class InterviewPlanner {
  private readonly depthCache: Map<string, number>;

  constructor(private readonly interview: InterviewData) {
    // The plan depends only on the interview data, so engines over the same knowledge share it.
    let cache = DEPTHS.get(interview);
    if (!cache) {
      cache = new Map();
      DEPTHS.set(interview, cache);
    }
    this.depthCache = cache;
  }

  /** Unanswered slots that can still change the verdict, most informative first. */
  candidates(answers: Answers): Slot[] {
    const open = SLOTS.filter((s) => answers[s] === undefined);
    const flips = flipsOf(this.interview, answers, open);
    const count = new Map<Slot, number>();
    for (const f of flips) count.set(f.slot, (count.get(f.slot) ?? 0) + 1);
    const order = this.interview.order;
    return [...count.keys()].sort((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0) || order.indexOf(a) - order.indexOf(b));
  }

  /** The next question, or undefined when the verdict can no longer change. */
  next(answers: Answers): Slot | undefined {
    return this.candidates(answers)[0];
  }

  /**
   * The most questions still to come under this planner, whatever the user
   * answers: the depth of the question tree from here. Shown as "of at most N".
   */
  remainingAtMost(answers: Answers): number {
    const key = SLOTS.map((s) => answers[s]?.[0] ?? '-').join('');
    const cached = this.depthCache.get(key);
    if (cached !== undefined) return cached;
    const slot = this.next(answers);
    let depth = 0;
    if (slot) {
      const values = this.interview.slots[slot]?.options.map((o) => o.value) ?? [];
      depth = 1 + Math.max(0, ...values.map((value) => this.remainingAtMost({ ...answers, [slot]: value })));
    }
    if (this.depthCache.size >= MAX_PLAN_CACHE) this.depthCache.clear();
    this.depthCache.set(key, depth);
    return depth;
  }

  /** The verdict as things stand. */
  verdict(answers: Answers) {
    return verdictOf(this.interview, answers);
  }
}
