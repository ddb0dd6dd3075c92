/** Helpers for Slack integration tests: send signed requests to the real server, read what reached the fake Web API. */
import { expect } from 'vitest';
import type { Call, FakeSlack } from './fake-slack.js';
import { click, envelope, FORM, JSON_TYPE, post } from './slack-client.js';

export type Btn = { text: { text: string }; value: string; action_id: string };

/** Every button of a message or view payload. */
export function buttons(c: Call | { body: Record<string, unknown> }): Btn[] {
  const blocks = (c.body.blocks ?? (c.body.view as { blocks?: unknown[] } | undefined)?.blocks ?? []) as Array<{ type: string; elements?: Btn[] }>;
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
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
    click(value: string, options: Omit<Parameters<typeof click>[1], 'responseUrl'>, done?: (calls: Call[]) => boolean): Promise<Call[]> {
      return this.send(click(value, { ...options, responseUrl: this.respondUrl() }), FORM, done);
    },
  };
}

/** Whether the calls include one of `method`. */
export const has = (method: string) => (calls: Call[]) => calls.some((c) => c.method === method || c.method.startsWith(`${method}:`));
