/** Helpers for Slack integration tests: send signed requests to the real server, read what reached the fake Web API. */
import { expect } from 'vitest';
import { decodePayload as decodeValue } from '../../src/channels/payload.js';
import { GROUP_CONTINUE, GROUP_PICK } from '../../src/channels/slack/render.js';
import type { Answers, Slot } from '../../src/ids.js';
import type { Call, FakeSlack } from './fake-slack.js';
import { type ClickOptions, click, envelope, FORM, JSON_TYPE, post } from './slack-client.js';

export type Btn = { type: 'button'; text: { text: string }; value: string; action_id: string };

type Checkboxes = { type: 'checkboxes'; action_id: string; options: Array<{ text: { text: string }; value: string }> };
type ActionsBlock = { type: string; block_id?: string; elements?: Array<Btn | Checkboxes> };

function actionBlocks(c: Call | { body: Record<string, unknown> }): ActionsBlock[] {
  const blocks = (c.body.blocks ?? (c.body.view as { blocks?: unknown[] } | undefined)?.blocks ?? []) as ActionsBlock[];
  return blocks.filter((b) => b.type === 'actions');
}

/** Every button of a message or view payload (not the checkboxes of a grouped question). */
export function buttons(c: Call | { body: Record<string, unknown> }): Btn[] {
  return actionBlocks(c)
    .flatMap((b) => b.elements ?? [])
    .filter((e): e is Btn => e.type === 'button');
}

/** The value of the button labelled `label`; throws naming the buttons there are. */
export function button(c: Call | { body: Record<string, unknown> }, label: string): string {
  const b = buttons(c).find((x) => x.text.text === label);
  if (!b)
    throw new Error(
      `no button "${label}" in ${buttons(c)
        .map((x) => x.text.text)
        .join(', ')}`,
    );
  return b.value;
}

export const textOf = (c: Call | undefined) => JSON.stringify(c?.body ?? {});
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The click that answers the question on `card` as `plan` says, as a person would: the button of a
 * single question with the planned value, or, for a grouped question, the boxes of the slots planned
 * `yes` ticked (in `state.values`) and "Continue". Throws when the card has no question or the plan no answer.
 */
export function answerClick(card: Call, plan: Answers): { value: string } & Pick<ClickOptions, 'actionId' | 'blockId' | 'state'> {
  for (const block of actionBlocks(card)) {
    const elements = block.elements ?? [];
    const boxes = elements.find((e): e is Checkboxes => e.type === 'checkboxes' && e.action_id === GROUP_PICK);
    if (boxes) {
      const odd = boxes.options.filter((o) => ![undefined, 'yes', 'no'].includes(plan[o.value as Slot]));
      if (odd.length > 0) throw new Error(`grouped question: cannot answer ${odd.map((o) => o.value).join(', ')} with yes or no`);
      const go = elements.find((e): e is Btn => e.type === 'button' && e.action_id === GROUP_CONTINUE);
      if (!go) throw new Error('grouped question without "Continue"');
      const ticked = boxes.options.filter((o) => plan[o.value as Slot] === 'yes');
      const blockId = String(block.block_id);
      return { value: go.value, actionId: go.action_id, blockId, state: { [blockId]: { [GROUP_PICK]: { type: 'checkboxes', selected_options: ticked } } } };
    }
    for (const b of elements) {
      if (b.type !== 'button') continue;
      const a = decodeValue(b.value)?.a;
      if (a?.kind === 'answer' && a.value === plan[a.slot as Slot]) return { value: b.value, actionId: b.action_id, blockId: String(block.block_id) };
    }
  }
  throw new Error(`no question on the card with an answer in the plan: ${textOf(card).slice(0, 300)}`);
}

/** Whether the message asks an interview question (single or grouped). */
export function asksQuestion(c: Call): boolean {
  return actionBlocks(c).some((b) => b.block_id === 'q' || (b.elements ?? []).some((e) => e.type === 'checkboxes'));
}

/** A session against one server and one fake Slack. */
export function slackSession(base: () => string, fake: () => FakeSlack) {
  let responses = 0;
  const since = (n: number) => fake().replies().slice(n);
  return {
    since,
    respondUrl: () => `${fake().url}/respond/${++responses}`,
    /** Sends a body and waits until `done` holds for the calls it caused; returns those calls. */
    async send(body: string, type: string, done: (calls: Call[]) => boolean = (c) => c.length > 0): Promise<Call[]> {
      const n = fake().replies().length;
      const res = await post(base(), body, type);
      expect(res.status).toBe(200);
      await fake().waitFor(() => done(since(n)));
      return since(n);
    },
    /** An Events API event; returns the first call it caused. */
    async event(ev: Record<string, unknown>): Promise<Call> {
      const calls = await this.send(envelope(ev), JSON_TYPE);
      return calls[0] as Call;
    },
    /** A click on a button value; returns the calls it caused once `done` holds. */
    click(value: string, options: Omit<ClickOptions, 'responseUrl'>, done?: (calls: Call[]) => boolean): Promise<Call[]> {
      return this.send(click(value, { ...options, responseUrl: this.respondUrl() }), FORM, done);
    },
    /** Answers the question on `card` as `plan` says (see answerClick); returns the calls it caused. */
    answer(card: Call, plan: Answers, options: Omit<ClickOptions, 'responseUrl'> = {}): Promise<Call[]> {
      const { value, ...element } = answerClick(card, plan);
      return this.click(value, { ...options, ...element });
    },
    /** Answers each question from `card` on as `plan` says, until a message asks none (at most 10); returns that message. */
    async answerUntilDone(card: Call, plan: Answers, options: Omit<ClickOptions, 'responseUrl'> = {}): Promise<Call> {
      let current = card;
      for (let asked = 0; asksQuestion(current); asked++) {
        if (asked === 10) throw new Error('still asking after 10 questions');
        current = (await this.answer(current, plan, options))[0] as Call;
      }
      return current;
    },
  };
}

/** Whether the calls include one of `method`. */
export const has = (method: string) => (calls: Call[]) => calls.some((c) => c.method === method || c.method.startsWith(`${method}:`));
