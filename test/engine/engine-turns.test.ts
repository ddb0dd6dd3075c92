/**
 * The engine's own turn logic (src/engine/engine.ts) over in-memory state: "what if" after a
 * recommendation (stays, changes, reopens, unknown), typed "write it up", the length notice, grouped
 * clicks, "change an answer", what observers are told, compare-and-set retries, and the copy of the last
 * recommendation kept under a second key.
 */
import { describe, expect, it } from 'vitest';
import { advise } from '../../src/engine/advice.js';
import { answerLabel, fill, recommendationReply } from '../../src/engine/compose.js';
import { renderDecisionRecord } from '../../src/engine/decision-record.js';
import { Engine, type TurnObserved } from '../../src/engine/index.js';
import type { ConversationState } from '../../src/engine/state.js';
import type { Answers } from '../../src/ids.js';
import type { IntentClassifier } from '../../src/nlu/classifier.js';
import { MAX_NLU_CHARS } from '../../src/nlu/normalise.js';
import type { Reply } from '../../src/reply.js';
import { MemoryStore } from '../../src/state/store.js';
import { engine } from '../helpers.js';

const texts = (reply: Reply) => reply.blocks.flatMap((b) => (b.type === 'text' && b.text ? [b.text] : []));

/** Decided for containers: no VM-side fact, every container need. */
const CONTAINERS: Answers = {
  isolation: 'standard',
  multi_os: 'no',
  legacy: 'no',
  infra_sim: 'no',
  fast_scaling: 'yes',
  density: 'yes',
  ci_cd: 'yes',
  microservices: 'yes',
  portability: 'yes',
};

/** A store whose saves under `failing` lose the compare-and-set `times` times before they succeed. */
class LosingStore extends MemoryStore {
  constructor(
    private readonly failing: string,
    private times: number,
  ) {
    super();
  }
  override async save(key: string, state: ConversationState, expected: number): Promise<boolean> {
    if (key === this.failing && this.times > 0) {
      this.times -= 1;
      return false;
    }
    return super.save(key, state, expected);
  }
  /** How many more saves under `failing` will lose. */
  left(): number {
    return this.times;
  }
}

async function fresh(options: { store?: MemoryStore; now?: () => number; classifier?: IntentClassifier } = {}) {
  const shared = await engine();
  let n = 0;
  const store = options.store ?? new MemoryStore();
  const e = new Engine({
    knowledge: shared.knowledge,
    classifier: options.classifier ?? shared.classifier,
    reader: shared.extractor,
    controls: shared.controls,
    store,
    now: options.now ?? (() => 1_000_000),
    newId: () => `id${++n}`,
  });
  return { e, k: shared.knowledge, store };
}

/** The state after a recommendation for `answers`. */
function afterOf(e: Engine, answers: Answers): ConversationState {
  return { interview: null, last: { answers, verdict: advise(e.knowledge.interview, answers).verdict }, updatedAt: 0 };
}

describe('"what if" after a recommendation', () => {
  it('says the recommendation stays, with the changed answer and the verdict in lower case', async () => {
    const { e, k } = await fresh();
    const { reply, next } = e.turn(afterOf(e, CONTAINERS), { kind: 'text', text: 'what if it was windows' });
    const changed = { ...CONTAINERS, multi_os: 'yes' };
    expect(e.planner.next(changed)).toBeUndefined();
    expect(advise(k.interview, changed).verdict).toBe('containers');
    expect(texts(reply)[0]).toBe(
      fill(k.responses.what_if_stays, { what: answerLabel(k, 'multi_os', 'yes'), verdict: k.verdicts.containers.title.toLowerCase() }),
    );
    expect(reply.recommendation?.verdict).toBe('containers');
    // A what-if recomputes; it does not replace the recommendation the conversation keeps.
    expect(next.last?.answers).toEqual(CONTAINERS);
  });

  it('says what it changes to and what it was, listing several changed answers', async () => {
    const { e, k } = await fresh();
    const { reply } = e.turn(afterOf(e, CONTAINERS), { kind: 'text', text: 'what if it was windows and a legacy app' });
    const changed = { ...CONTAINERS, multi_os: 'yes', legacy: 'yes' };
    const verdict = advise(k.interview, changed).verdict;
    expect(verdict).not.toBe('containers');
    const what = `${answerLabel(k, 'multi_os', 'yes')}, ${answerLabel(k, 'legacy', 'yes')}`;
    expect(texts(reply)[0]).toBe(
      fill(k.responses.what_if_changes, { what, verdict: k.verdicts[verdict].title.toLowerCase(), was: k.verdicts.containers.title.toLowerCase() }),
    );
    expect(reply.recommendation?.verdict).toBe(verdict);
  });

  it('reopens the interview when the change makes an unasked question matter, keeping the supposed answers', async () => {
    const { e, k } = await fresh();
    const { reply, next } = e.turn(afterOf(e, {}), { kind: 'text', text: 'what if it was windows' });
    expect(e.planner.next({ multi_os: 'yes' })).toBeDefined();
    expect(texts(reply)[0]).toBe(fill(k.responses.what_if_reopened, { what: answerLabel(k, 'multi_os', 'yes') }));
    expect(next.interview?.answers).toEqual({ multi_os: 'yes' });
    expect(reply.question?.slot).toBe(e.planner.next({ multi_os: 'yes' }));
  });

  it('reads weaker statements as changes ("it was windows" states nothing on its own)', async () => {
    const { e } = await fresh();
    expect(e.read('it was windows')).toEqual({});
    const { reply } = e.turn(afterOf(e, CONTAINERS), { kind: 'text', text: 'what if it was windows' });
    expect(reply.recommendation).not.toBeNull();
  });

  it('a sure "what if" it cannot read says so; a weak "if" it cannot read is an ordinary message', async () => {
    const { e, k } = await fresh();
    const unknown = e.turn(afterOf(e, CONTAINERS), { kind: 'text', text: 'what if purple elephants' });
    expect(texts(unknown.reply)).toEqual([k.responses.what_if_unknown]);
    expect(unknown.reply.recommendation).toBeNull();
    const text = 'if I use docker, is it safe?';
    const weak = e.turn(afterOf(e, CONTAINERS), { kind: 'text', text });
    expect(texts(weak.reply)).not.toContain(k.responses.what_if_unknown);
    expect(weak.reply).toEqual(e.turn({ interview: null, last: null, updatedAt: 0 }, { kind: 'text', text }).reply);
  });
});

describe('typed turns', () => {
  it('"write it up" after a recommendation sends its decision record', async () => {
    const { e, k } = await fresh();
    const { reply } = e.turn(afterOf(e, CONTAINERS), { kind: 'text', text: 'write it up' });
    expect(texts(reply)).toEqual([k.records.sent]);
    expect(reply.document?.markdown).toBe(renderDecisionRecord(k, advise(k.interview, CONTAINERS), { date: new Date(1_000_000).toISOString().slice(0, 10) }));
  });

  it('"write it up" mid-interview sends the record of the last recommendation and leaves the interview as it is', async () => {
    const { e, k } = await fresh();
    const state: ConversationState = { ...afterOf(e, CONTAINERS), interview: { id: 'iv', answers: {}, asked: [], current: 'isolation', misses: 0 } };
    const { reply, next } = e.turn(state, { kind: 'text', text: 'write it up' });
    expect(texts(reply)).toEqual([k.records.sent]);
    expect(reply.document?.title).toBe(k.records.titles.containers);
    expect(next.interview).toEqual({ id: 'iv', answers: {}, asked: [], current: 'isolation', misses: 0 });
  });

  it('a message longer than the reader takes is answered with the notice that only its first part was read', async () => {
    const { e, k } = await fresh();
    const { reply } = e.turn({ interview: null, last: null, updatedAt: 0 }, { kind: 'text', text: `help me choose ${'please '.repeat(MAX_NLU_CHARS / 4)}` });
    expect(texts(reply)[0]).toBe(k.responses.too_long);
  });

  it('the ask command reads no answers from a topic question, though its words name one', async () => {
    const { e } = await fresh();
    const text = 'how fast do containers start?';
    expect(Object.keys(e.read(text)).length).toBeGreaterThan(0);
    expect(e.answer(text).slots).toEqual({});
  });

  it('an intent the knowledge base does not have (a classifier from another knowledge base) gets the fallback', async () => {
    const classifier = {
      classify: () => ({ intent: 'retired_topic', confidence: 0.99, ranked: [{ intent: 'retired_topic', p: 0.99 }] }),
    } as unknown as IntentClassifier;
    const { e, k } = await fresh({ classifier });
    const { reply } = e.turn({ interview: null, last: null, updatedAt: 0 }, { kind: 'text', text: 'tell me about the retired topic' });
    expect(texts(reply)).toEqual([k.responses.fallback]);
  });
});

describe('clicks', () => {
  const grouped = (): ConversationState => ({
    interview: { id: 'iv', answers: { isolation: 'standard' }, asked: ['isolation'], current: 'ci_cd', group: ['ci_cd', 'density'], misses: 0 },
    last: null,
    updatedAt: 0,
  });

  it('a grouped click from another interview has expired; one for another group of the same size was already answered', async () => {
    const { e, k } = await fresh();
    const stale = e.turn(grouped(), { kind: 'action', action: { kind: 'multi', interview: 'old', group: ['ci_cd', 'density'], chosen: [] } });
    expect(texts(stale.reply)).toEqual([k.responses.interview_expired]);
    const other = e.turn(grouped(), { kind: 'action', action: { kind: 'multi', interview: 'iv', group: ['ci_cd', 'portability'], chosen: [] } });
    expect(texts(other.reply)).toEqual([k.responses.already_answered]);
    expect(other.next.interview?.answers).toEqual({ isolation: 'standard' });
    const wider = e.turn(grouped(), { kind: 'action', action: { kind: 'multi', interview: 'iv', group: ['ci_cd', 'density', 'portability'], chosen: [] } });
    expect(texts(wider.reply)).toEqual([k.responses.already_answered]);
    const same = e.turn(grouped(), { kind: 'action', action: { kind: 'multi', interview: 'iv', group: ['density', 'ci_cd'], chosen: ['density'] } });
    expect(same.next.interview?.answers).toMatchObject({ ci_cd: 'no', density: 'yes' });
  });

  it('"change an answer" offers only the answers of slots the knowledge base still has', async () => {
    const { e, k } = await fresh();
    const state: ConversationState = { interview: null, last: { answers: { legacy: 'yes', retired_slot: 'yes' } as Answers, verdict: 'vms' }, updatedAt: 0 };
    const { reply } = e.turn(state, { kind: 'action', action: { kind: 'change' } });
    expect(reply.choices).toEqual([{ label: answerLabel(k, 'legacy', 'yes'), action: { kind: 'revise', slot: 'legacy' } }]);
  });
});

describe('handle', () => {
  it('tells observers each turn: the reply, whether it began an interview, and its wall time; until they stop', async () => {
    const { e } = await fresh();
    const seen: TurnObserved[] = [];
    const stop = e.observe((turn) => seen.push(turn));
    const start = await e.handle('c', { kind: 'text', text: 'help me choose' });
    const answered = await e.handle('c', { kind: 'text', text: '2' });
    const restarted = await e.handle('c', { kind: 'action', action: { kind: 'restart' } });
    await e.handle('c', { kind: 'action', action: { kind: 'cancel' } });
    expect(seen.map((t) => t.startedInterview)).toEqual([true, false, true, false]);
    expect(seen.map((t) => t.reply)).toEqual([start, answered, restarted, expect.anything()]);
    expect(seen[0]?.key).toBe('c');
    for (const t of seen) {
      expect(t.seconds).toBeGreaterThanOrEqual(0);
      expect(t.seconds).toBeLessThan(30);
    }
    stop();
    await e.handle('c', { kind: 'text', text: 'help me choose' });
    expect(seen).toHaveLength(4);
  });

  it('after three lost compare-and-sets the turn gets the fallback and starts nothing', async () => {
    const store = new LosingStore('c', 3);
    const { e, k } = await fresh({ store });
    const seen: TurnObserved[] = [];
    e.observe((turn) => seen.push(turn));
    const reply = await e.handle('c', { kind: 'text', text: 'help me choose' });
    expect(texts(reply)).toEqual([k.responses.fallback]);
    expect(seen.map((t) => t.startedInterview)).toEqual([false]);
    expect((await store.load('c'))?.state.interview ?? null).toBeNull();
  });

  it('keeps a recommendation under lastKey too, retrying a lost write up to three times, and nothing when none was made', async () => {
    const store = new LosingStore('home', 2);
    const { e } = await fresh({ store });
    await e.handle('c', { kind: 'text', text: 'hello' }, { lastKey: 'home' });
    expect(await e.lastOf('home')).toBeUndefined();
    const start = await e.handle('c', { kind: 'text', text: 'help me choose' }, { lastKey: 'home' });
    let current = start;
    for (let i = 0; current.question && i < 10; i++) {
      const q = current.question;
      const action = q.multi
        ? { kind: 'multi', interview: q.interview, group: q.slots ?? [], chosen: [] }
        : { kind: 'answer', interview: q.interview, slot: q.slot, value: q.options[q.options.length - 1]?.value };
      current = await e.handle('c', { kind: 'action', action }, { lastKey: 'home' });
    }
    expect(current.recommendation).not.toBeNull();
    expect(await e.lastOf('home')).toEqual(await e.lastOf('c'));
  });

  it('gives up keeping the copy after three lost writes; the conversation keeps its own', async () => {
    const store = new LosingStore('home', 5);
    const { e } = await fresh({ store });
    // A conversation after a recommendation revises one answer and so makes a new one.
    const state = { ...afterOf(e, CONTAINERS), updatedAt: 1_000_000 };
    await store.save('c3', state, 0);
    const revised = await e.handle('c3', { kind: 'action', action: { kind: 'revise', slot: 'portability' } }, { lastKey: 'home' });
    const done = await e.handle(
      'c3',
      { kind: 'action', action: { kind: 'answer', interview: revised.question?.interview, slot: 'portability', value: 'yes' } },
      { lastKey: 'home' },
    );
    expect(done.recommendation?.verdict).toBe('containers');
    expect((await e.lastOf('c3'))?.verdict).toBe('containers');
    expect(await e.lastOf('home')).toBeUndefined();
    expect(store.left()).toBe(2);
  });

  it('under lastKey, a newer recommendation stays; one made at the same time or later replaces it', async () => {
    let now = 5_000;
    const { e } = await fresh({ now: () => now });
    const decide = async (key: string, answers: Answers) => {
      // Answer every question as `answers` says, by clicks.
      let reply = await e.handle(key, { kind: 'action', action: { kind: 'restart' } }, { lastKey: 'home' });
      for (let i = 0; reply.question && i < 10; i++) {
        const q = reply.question;
        const action = q.multi
          ? { kind: 'multi', interview: q.interview, group: q.slots ?? [], chosen: (q.slots ?? []).filter((s) => answers[s] === 'yes') }
          : { kind: 'answer', interview: q.interview, slot: q.slot, value: answers[q.slot] };
        reply = await e.handle(key, { kind: 'action', action }, { lastKey: 'home' });
      }
      return reply;
    };
    await decide('a', CONTAINERS);
    expect((await e.lastOf('home'))?.verdict).toBe('containers');
    const VMS: Answers = { ...CONTAINERS, isolation: 'high', multi_os: 'yes', legacy: 'yes', infra_sim: 'yes' };
    // Same time: the later write wins.
    await decide('b', VMS);
    expect((await e.lastOf('home'))?.verdict).toBe(advise(e.knowledge.interview, VMS).verdict);
    // An older clock (another replica behind): the newer one under home stays.
    now = 4_000;
    await decide('c', CONTAINERS);
    expect((await e.lastOf('home'))?.verdict).toBe(advise(e.knowledge.interview, VMS).verdict);
    expect((await e.lastOf('c'))?.verdict).toBe('containers');
  });
});

describe('the rest of the API', () => {
  it('recommend gives the reply, the advice and, on demand, the decision record', async () => {
    const { e, k } = await fresh();
    const advice = advise(k.interview, CONTAINERS);
    const r = e.recommend(CONTAINERS);
    expect(r.advice).toEqual(advice);
    expect(r.reply).toEqual(recommendationReply(k, advice));
    expect(r.record()).toBe(renderDecisionRecord(k, advice));
  });

  it("evaluate scores labelled lines with the engine's own models and knowledge", async () => {
    const { e } = await fresh();
    const set = {
      intents: [],
      controls: [],
      verdicts: [
        { line: { n: 1 }, answers: CONTAINERS, verdict: 'containers' as const },
        { line: { n: 2 }, answers: CONTAINERS, verdict: 'vms' as const },
      ],
      situations: [],
    };
    expect(await e.evaluate(set, { baseline: false, tune: false })).toEqual({
      verdicts: { total: 2, agreement: 0.5, misses: [{ n: 2, got: 'containers', answers: CONTAINERS }] },
    });
  });

  it('explain puts each answer in words', async () => {
    const { e, k } = await fresh();
    expect(e.explain({ legacy: 'yes', isolation: 'high' })).toEqual([answerLabel(k, 'legacy', 'yes'), answerLabel(k, 'isolation', 'high')]);
  });

  it('interview ids are 8 hex digits unless the caller gives its own', async () => {
    const shared = await engine();
    const e = new Engine({
      knowledge: shared.knowledge,
      classifier: shared.classifier,
      reader: shared.extractor,
      controls: shared.controls,
      store: new MemoryStore(),
    });
    const reply = await e.handle('c', { kind: 'text', text: 'help me choose' });
    expect(reply.question?.interview).toMatch(/^[0-9a-f]{8}$/);
  });
});
