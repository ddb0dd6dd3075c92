/**
 * "Write up as a decision record" in Slack, end to end: signed clicks on the real server, the fake Web
 * API taking files.getUploadURLExternal, the upload POST and files.completeUploadExternal.
 */
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/ids.js';
import type { Call } from './fake-slack.js';
import { FORM, mention, slash } from './slack-client.js';
import { button, buttons, has, textOf } from './slack-session.js';
import { slackSuite } from './slack-suite.js';

const { suite, s } = slackSuite({ checkMessages: true });

const RECORD = 'Write up as a decision record';
const HYBRID_TITLE = '# Run the workload in containers on VM-backed infrastructure';
/** Strongest isolation, and only microservices ticked in the grouped container question: hybrid. */
const HYBRID: Answers = { isolation: 'high', microservices: 'yes' };

/** A click on the bot's reply in a channel thread, as Slack sends it. */
const inThread = (messageTs: string, thread: string) => ({ channel: 'C1', messageTs, threadTs: thread });

/** Runs a mention interview to the hybrid recommendation; returns the card and the thread. */
async function hybridInThread(): Promise<{ card: Call; thread: string; messageTs: string }> {
  // "start over" starts an empty interview whatever the situation reader reads into the text.
  const ev = mention('start over');
  const thread = String(ev.ts);
  const messageTs = '1700001111.000100';
  const card = await s.answerUntilDone(await s.event(ev), HYBRID, inThread(messageTs, thread));
  expect(textOf(card)).toMatch(/Recommendation: Both together/);
  return { card, thread, messageTs };
}

describe('Slack decision records', () => {
  it('every recommendation carries the "Write up as a decision record" button', async () => {
    const { card } = await hybridInThread();
    expect(buttons(card).map((b) => b.text.text)).toEqual(['Why?', 'Change an answer', 'Start over', RECORD]);
  });

  it('the button uploads the record as decision-record.md in the thread (getUploadURLExternal, upload, completeUploadExternal)', async () => {
    const { card, thread, messageTs } = await hybridInThread();
    const calls = await s.click(button(card, RECORD), inThread(messageTs, thread), has('files.completeUploadExternal'));
    expect(calls.map((c) => c.method.replace(/:F\d+$/, ''))).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    const [url, upload, complete] = calls as [Call, Call, Call];
    expect(url.body.filename).toBe('decision-record.md');
    const content = String(upload.body.body);
    expect(content.startsWith(HYBRID_TITLE)).toBe(true);
    for (const h of [
      '## Status',
      '## Context and Problem Statement',
      '## Decision Drivers',
      '## Considered Options',
      '## Decision Outcome',
      '## Consequences',
    ]) {
      expect(content).toContain(`\n${h}\n`);
    }
    expect(content).toContain('- Proposed by: dev\n');
    expect(Number(url.body.length)).toBe(Buffer.byteLength(content));
    expect(complete.body.channel_id).toBe('C1');
    expect(complete.body.thread_ts).toBe(thread);
    expect(complete.body.files).toEqual([{ id: upload.method.slice('upload:'.length), title: 'Run the workload in containers on VM-backed infrastructure' }]);
  });

  it.each([
    ['the scope is missing (missing_scope)', { method: 'files.getUploadURLExternal', error: 'missing_scope' }],
    ['the token type is not allowed', { method: 'files.getUploadURLExternal', error: 'not_allowed_token_type' }],
    ['the upload POST fails', { method: 'upload', status: 500, count: 3 }],
  ])('when %s, the record is posted in the thread as a message in code blocks', async (_, fault) => {
    const { card, thread, messageTs } = await hybridInThread();
    suite.fake.inject(fault);
    const calls = await s.click(button(card, RECORD), inThread(messageTs, thread), has('chat.postMessage'));
    expect(calls.filter((c) => c.method === 'files.completeUploadExternal')).toHaveLength(0);
    const message = calls.find((c) => c.method === 'chat.postMessage') as Call;
    expect(message.body.channel).toBe('C1');
    expect(message.body.thread_ts).toBe(thread);
    const sections = (message.body.blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text ?? '');
    expect(sections[0]).toMatch(/could not attach the file/);
    expect(sections.slice(1).every((t) => t.startsWith('```\n') && t.endsWith('\n```') && t.length <= 3000)).toBe(true);
    const record = sections
      .slice(1)
      .map((t) => t.slice(4, -4))
      .join('\n');
    expect(record.startsWith(HYBRID_TITLE)).toBe(true);
    expect(record).toContain('## Sources');
  });

  it('"write it up" typed in the thread after a recommendation uploads the record there', async () => {
    const { thread } = await hybridInThread();
    const n = suite.fake.replies().length;
    await s.event(mention('write it up', { thread_ts: thread }));
    await suite.fake.waitFor(() => has('files.completeUploadExternal')(s.since(n)));
    const complete = s.since(n).find((c) => c.method === 'files.completeUploadExternal') as Call;
    expect(complete.body.thread_ts).toBe(thread);
  });

  it('from a private interview (/runtime-advice) the record goes to the direct message, with a private note', async () => {
    const card = await s.answerUntilDone((await s.send(slash('', s.respondUrl()), FORM))[0] as Call, HYBRID, { ephemeral: true });
    const calls = await s.click(button(card, RECORD), { ephemeral: true }, (c) => has('files.completeUploadExternal')(c) && has('respond')(c));
    expect(calls.find((c) => c.method === 'conversations.open')?.body.users).toBe('U1');
    const complete = calls.find((c) => c.method === 'files.completeUploadExternal') as Call;
    expect(complete.body.channel_id).toBe('DU1');
    expect(complete.body.thread_ts).toBeUndefined();
    expect(calls.some((c) => c.method === 'chat.postMessage' && c.body.channel === 'C1')).toBe(false);
    const note = calls.find((c) => c.method.startsWith('respond:')) as Call;
    expect(note.body.response_type).toBe('ephemeral');
    expect(textOf(note)).toMatch(/direct messages/);
  });

  it('a forged record button with answers that are not ours is an ended interview, and nothing is uploaded', async () => {
    const value = JSON.stringify({ o: 'U1', k: 'C1:1.0', a: { kind: 'record', answers: { isolation: '<!channel>' } } });
    const calls = await s.click(value, {});
    expect(calls.some((c) => c.method.startsWith('files.'))).toBe(false);
    expect(textOf(calls[0])).toMatch(/That interview has ended/);
  });
});
