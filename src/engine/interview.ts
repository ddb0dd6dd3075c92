/** Which interview question to ask next: only those that can still change the verdict. */
import type { Answers, Slot } from '../ids.js';
import { slotsOf } from '../knowledge/ids.js';
import type { InterviewData } from '../knowledge/schema.js';
import { flipsOf, verdictOf } from './advice.js';

const MAX_PLAN_CACHE = 20_000;
/** Per interview definition (pure memos): question-tree depths, and the next question (null when none is left). */
const MEMOS = new WeakMap<InterviewData, { depths: Map<string, number>; asks: Map<string, Ask | null> }>();

/** One question to ask: a single slot, or several yes/no slots asked as one grouped question. */
export type Ask = readonly Slot[];

/**
 * Plans interviews over one knowledge base. A question is worth asking when
 * some answer to it, on its own, would change the current verdict; of those,
 * the one with the most verdict-changing answers goes first (ties in the
 * order of knowledge/interview.yaml). The VM-side facts (isolation and the VM
 * signals) are asked one at a time while any of them can still change the
 * verdict; after that, the container needs that still can are asked together
 * as one grouped question, or alone when only one is left. The interview ends
 * when no question is left.
 */
export class InterviewPlanner {
  private readonly depthCache: Map<string, number>;
  private readonly askCache: Map<string, Ask | null>;

  constructor(private readonly interview: InterviewData) {
    // The plan depends only on the interview data, so engines over the same knowledge share it.
    let memos = MEMOS.get(interview);
    if (!memos) {
      memos = { depths: new Map(), asks: new Map() };
      MEMOS.set(interview, memos);
    }
    this.depthCache = memos.depths;
    this.askCache = memos.asks;
  }

  /** The answers as a memo key: each slot's value in definition order, or "-"; values are keyed whole. */
  private keyOf(answers: Answers): string {
    let key = '';
    for (const s of slotsOf(this.interview)) key += `${answers[s] ?? '-'} `;
    return key;
  }

  /** Unanswered slots that can still change the verdict, most informative first. */
  candidates(answers: Answers): Slot[] {
    const open = slotsOf(this.interview).filter((s) => answers[s] === undefined);
    const flips = flipsOf(this.interview, answers, open);
    const count = new Map<Slot, number>();
    for (const f of flips) count.set(f.slot, (count.get(f.slot) ?? 0) + 1);
    const order = this.interview.order;
    return [...count.keys()].sort((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0) || order.indexOf(a) - order.indexOf(b));
  }

  /** True for the yes/no container needs that may be asked together. */
  groupable(slot: Slot): boolean {
    return this.interview.slots[slot]?.kind === 'container';
  }

  /**
   * The next question (one slot, or a group of slots), or undefined when the verdict can no longer change.
   * It depends on the answers alone (slot values, never message text), so it is memoised by them (bounded).
   */
  nextAsk(answers: Answers): Ask | undefined {
    return this.askFor(this.keyOf(answers), answers);
  }

  /** nextAsk for answers whose memo key is already made. */
  private askFor(key: string, answers: Answers): Ask | undefined {
    const cached = this.askCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const ask = this.plan(answers);
    if (this.askCache.size >= MAX_PLAN_CACHE) this.askCache.clear();
    this.askCache.set(key, ask ? Object.freeze(ask) : null);
    return ask;
  }

  private plan(answers: Answers): Slot[] | undefined {
    const candidates = this.candidates(answers);
    const vmSide = candidates.find((s) => !this.groupable(s));
    if (vmSide) return [vmSide];
    if (candidates.length === 0) return undefined;
    const order = this.interview.order;
    return [...candidates].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }

  /** The first slot of the next question, or undefined when the verdict can no longer change. */
  next(answers: Answers): Slot | undefined {
    return this.nextAsk(answers)?.[0];
  }

  /** Every way a question can be answered: each option of a single slot; for a group, each subset ticked (the rest `no`). */
  outcomes(ask: Ask): Answers[] {
    if (ask.length === 1) {
      const slot = ask[0] as Slot;
      return (this.interview.slots[slot]?.options ?? []).map((o) => ({ [slot]: o.value }));
    }
    const out: Answers[] = [];
    for (let mask = 0; mask < 1 << ask.length; mask++) {
      const a: Answers = {};
      ask.forEach((slot, i) => {
        a[slot] = mask & (1 << i) ? 'yes' : 'no';
      });
      out.push(a);
    }
    return out;
  }

  /**
   * The most questions still to come under this planner, whatever the user
   * answers: the depth of the question tree from here (a grouped question
   * counts as one). Shown as "of at most N".
   */
  remainingAtMost(answers: Answers): number {
    const key = this.keyOf(answers);
    const cached = this.depthCache.get(key);
    if (cached !== undefined) return cached;
    const ask = this.askFor(key, answers);
    let depth = 0;
    if (ask) depth = 1 + Math.max(0, ...this.outcomes(ask).map((o) => this.remainingAtMost({ ...answers, ...o })));
    if (this.depthCache.size >= MAX_PLAN_CACHE) this.depthCache.clear();
    this.depthCache.set(key, depth);
    return depth;
  }

  /** The verdict as things stand. */
  verdict(answers: Answers) {
    return verdictOf(this.interview, answers);
  }
}
