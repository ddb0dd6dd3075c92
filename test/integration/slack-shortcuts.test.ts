/**
 * Slack shortcuts end to end: "Get runtime advice" on a message (answered privately, by ephemeral or
 * in the DM), and the global shortcut (the interview in the DM). Signed requests, fake Web API.
 */
import { describe, expect, it } from 'vitest';
import { decodePayload as decodeValue } from '../../src/channels/payload.js';
import type { Answers } from '../../src/ids.js';
import { firstQuestion } from '../helpers.js';
import type { Call } from './fake-slack.js';
import { dm, FORM, globalShortcut, messageShortcut } from './slack-client.js';
import { buttons, has, textOf } from './slack-session.js';
import { slackSuite } from './slack-suite.js';

const { suite, s } = slackSuite({ checkMessages: true });

const LEGACY = '<!channel> The billing service is a legacy Windows app on Linux hosts, and the auditors want strong isolation.';

/** No to everything the message leaves open: with a legacy Windows workload and strict isolation, VMs. */
const NO_MORE: Answers = { legacy: 'no', infra_sim: 'no', microservices: 'no', fast_scaling: 'no', ci_cd: 'no', density: 'no', portability: 'no' };

/** The conversation part of the state key that a message's buttons lead back to. */
const conversationOf = (c: Call) => decodeValue(buttons(c)[0]?.value)?.k;

describe('Slack message shortcut "Get runtime advice"', () => {
  it('on a message stating a legacy Windows workload with strict isolation: VMs, privately, and the interview continues there', async () => {
    const calls = await s.send(messageShortcut(LEGACY, { responseUrl: s.respondUrl() }), FORM, has('chat.postEphemeral'));
    const reply = calls.find((c) => c.method === 'chat.postEphemeral') as Call;
    expect(reply.body.channel).toBe('C1');
    expect(reply.body.user).toBe('U1');
    expect(calls.some((c) => c.method === 'chat.postMessage')).toBe(false);
    const text = textOf(reply);
    // What it understood, and the verdict as it stands.
    expect(text).toMatch(/legacy app: yes/);
    expect(text).toMatch(/other or several OSes: yes/);
    expect(text).toMatch(/strongest isolation: yes/);
    expect(text).toMatch(/virtual machines/i);
    // Never the message itself: nothing in it can ping the channel.
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('billing service');
    // The private interview continues from those answers: the buttons lead to the channel's private conversation.
    expect(text).toMatch(/Question 1 of at most/);
    expect(conversationOf(reply)).toBe('cmd:C1');
    // Answering it there (a single question, or the grouped one with nothing ticked) replaces the private message.
    const next = (await s.answer(reply, NO_MORE, { ephemeral: true }))[0] as Call;
    expect(next.method).toMatch(/^respond:/);
    expect(next.body.replace_original).toBe(true);
    expect(textOf(await s.answerUntilDone(next, NO_MORE, { ephemeral: true }))).toMatch(/Recommendation: Virtual machines/);
  });

  it('in a channel the bot is not in (postEphemeral: not_in_channel), it answers in the direct message, where the interview continues', async () => {
    suite.fake.inject({ method: 'chat.postEphemeral', error: 'not_in_channel' });
    const calls = await s.send(messageShortcut(LEGACY, { responseUrl: s.respondUrl(), channel: 'C9' }), FORM, has('chat.postMessage'));
    expect(calls.find((c) => c.method === 'conversations.open')?.body.users).toBe('U1');
    const reply = calls.find((c) => c.method === 'chat.postMessage') as Call;
    expect(reply.body.channel).toBe('DU1');
    expect(textOf(reply)).toMatch(/virtual machines/i);
    expect(conversationOf(reply)).toBe('dm:U1');
    // A typed answer in the DM answers the same interview: "no" (to the grouped container question, none
    // of these) leaves the facts read from the message standing, so the verdict is VMs.
    const typed = await s.event(dm('no', { channel: 'DU1' }));
    expect(textOf(typed)).toMatch(/Recommendation: Virtual machines/);
  });

  it.each([['channel_not_found'], ['restricted_action']])('any refusal of the ephemeral (%s) falls back to the DM', async (error) => {
    suite.fake.inject({ method: 'chat.postEphemeral', error });
    const calls = await s.send(messageShortcut(LEGACY, { responseUrl: s.respondUrl(), channel: 'D0OTHER' }), FORM, has('chat.postMessage'));
    expect(calls.find((c) => c.method === 'chat.postMessage')?.body.channel).toBe('DU1');
  });

  it('on a message with no readable facts, it says so and starts the interview at the first question', async () => {
    const calls = await s.send(messageShortcut('Lunch at noon? The pizza place on 5th.', { responseUrl: s.respondUrl() }), FORM, has('chat.postEphemeral'));
    const reply = calls.find((c) => c.method === 'chat.postEphemeral') as Call;
    expect(textOf(reply)).toMatch(/could not find anything about the workload/);
    expect(textOf(reply)).toContain(`Question 1 of at most ${(await firstQuestion()).atMost}`);
    expect(buttons(reply).map((b) => b.text.text)).toEqual(['Yes, strongest isolation', 'No, standard is fine', 'Not sure']);
  });

  it('in a thread, the private answer appears in that thread', async () => {
    const calls = await s.send(messageShortcut(LEGACY, { responseUrl: s.respondUrl(), threadTs: '1699999999.000100' }), FORM, has('chat.postEphemeral'));
    expect(calls.find((c) => c.method === 'chat.postEphemeral')?.body.thread_ts).toBe('1699999999.000100');
  });
});

describe('Slack global shortcut', () => {
  it('starts the interview in the direct message of the person who ran it', async () => {
    const calls = await s.send(globalShortcut('U7'), FORM, has('chat.postMessage'));
    expect(calls.find((c) => c.method === 'conversations.open')?.body.users).toBe('U7');
    const reply = calls.find((c) => c.method === 'chat.postMessage') as Call;
    expect(reply.body.channel).toBe('DU7');
    expect(textOf(reply)).toContain(`Question 1 of at most ${(await firstQuestion()).atMost}`);
    expect(conversationOf(reply)).toBe('dm:U7');
    expect(decodeValue(buttons(reply)[0]?.value)?.o).toBe('U7');
  });
});
